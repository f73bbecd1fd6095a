"""Pages of big querysets, cut in the database in two steps.

``ORDER BY ... LIMIT`` over wide rows (encrypted personal fields are long texts) sorts every
matching row in full before it keeps a page, so a page costs more the more rows there are. Here
the page's primary keys come first (a narrow sort that an index on the ordering answers), then
those rows alone, with everything the queryset fetches with them (``select_related``,
``prefetch_related``), in the page's order.
"""

from __future__ import annotations

from django.db.models import QuerySet


def rows_by_keys(queryset: QuerySet, keys: list) -> list:
    """The rows of ``queryset`` with these primary keys, in the order of ``keys``."""
    found = queryset.in_bulk(keys)
    return [found[key] for key in keys if key in found]


def page_rows(queryset: QuerySet, window: slice) -> list:
    """The rows of ``queryset[window]``: keys first, then those rows."""
    keys = list(queryset.prefetch_related(None).values_list("pk", flat=True)[window])
    return rows_by_keys(queryset, keys)
