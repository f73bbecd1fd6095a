"""Page-number pagination for every API list (contract section 2).

Use it as ``@paginate(Pagination)`` (``from ninja.pagination import paginate``) under a route
whose response is ``list[ItemSchema]``; the view returns a queryset or list, or ``Rows(queryset,
item)`` when each row needs work to become an item (decrypting personal data, building links):
the page is then cut in the database and only its rows are read and turned into items. The answer is
``{"count", "next", "previous", "results"}`` with absolute ``next``/``previous`` URLs or null.
``?page`` is 1 to 1,000,000 and ``?page_size`` 1 to 1000 (default 100); anything else is a 422.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase, paginate

from eppid.core.pages import page_rows

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
# Far beyond any real list, and small enough that page x page_size fits every database's integer.
MAX_PAGE = 1_000_000

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "Pagination", "Rows", "page_url", "paginate"]


class Rows:
    """A queryset whose rows become answer items only once the page is cut (in the database)."""

    def __init__(self, queryset: QuerySet, item: Callable[[Any], Any]):
        self.queryset = queryset
        self.item = item

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list:
        return [self.item(row) for row in page_rows(self.queryset, window)]


def page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


class Pagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        count: int
        next: str | None
        previous: str | None
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: Input, request: HttpRequest, **params: Any) -> Any:
        count = queryset.count() if isinstance(queryset, Rows) else self._items_count(queryset)
        page, size = pagination.page, pagination.page_size
        offset = (page - 1) * size
        last_page = max(1, -(-count // size))
        return {
            "count": count,
            "next": page_url(request, page + 1) if offset + size < count else None,
            "previous": page_url(request, min(page - 1, last_page)) if page > 1 else None,
            "results": list(queryset[offset : offset + size]) if offset < count else [],
        }
