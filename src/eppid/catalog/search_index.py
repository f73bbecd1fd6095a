"""Keeping search in step with the list: one ``SearchDocument`` row per published entry.

The catalog's services call ``search_index_update`` inside their own transaction whenever what the
public sees changes (a first publication, a new version, a withdrawal), so search never shows an
entry the list does not, nor misses one it does. The row holds the current version's title,
summary and the text of its documents (never for exempt information, nor of a document retracted
from public view: what is not public must not be found by its words either). A withdrawn or
unpublished entry has no row.

Each database engine reads the row its own way (``search_query.py``):

* PostgreSQL: ``vector``, a tsvector in the ``eppid_search`` configuration (``simple`` with
  ``unaccent``: Indonesian has no stemmer in PostgreSQL, and the simple one keeps every word),
  title weighted A, summary B, documents C, under a GIN index; and every word, once, in
  ``SearchWord`` (trigram index) for the correction of misspelt words.
* SQLite: an FTS5 table (``catalog_search_fts``, external content) that triggers keep in step with
  this table (migration 0003).
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection, transaction

from eppid.catalog.choices import Category, EntryStatus
from eppid.catalog.models import EntryDocument, InformationEntry, SearchDocument, SearchWord

logger = logging.getLogger("eppid.catalog")

CONFIG = "eppid_search"  # the text search configuration of migration 0003
# The documents' words beyond this are not searchable (a tsvector holds at most 1 MB).
BODY_MAX = 500_000
BODY_RETRY = 100_000

_VECTOR_SQL = """
UPDATE catalog_searchdocument SET vector =
    setweight(to_tsvector('eppid_search', title), 'A')
    || setweight(to_tsvector('eppid_search', summary), 'B')
    || setweight(to_tsvector('eppid_search', body), 'C')
WHERE entry_id = ANY(%s)
"""
# Words only (numbers need no spelling help), sorted so that two publications never deadlock.
_WORDS_SQL = """
INSERT INTO catalog_searchword (word)
SELECT DISTINCT lexeme FROM catalog_searchdocument, unnest(tsvector_to_array(vector)) AS lexeme
WHERE entry_id = ANY(%s) AND char_length(lexeme) BETWEEN 3 AND 60 AND lexeme ~ '^[[:alpha:]]+$'
ORDER BY lexeme
ON CONFLICT (word) DO NOTHING
"""


def _body(entry) -> str:
    version = entry.current
    if version.category == Category.EXEMPT:
        return ""
    texts = (
        EntryDocument.objects.filter(links__version=version, retracted_at__isnull=True)
        .order_by("links__position", "links__pk")
        .values_list("text", flat=True)
    )
    body, length = [], 0
    for text in texts:
        body.append(text[: BODY_MAX - length])
        length += len(body[-1]) + 1
        if length >= BODY_MAX:
            break
    return "\n".join(body)


def unit_region(code: str) -> str:
    """The first part of a unit's code: its province ("35" for 35 and 35.04; codes nest, so a
    province and every unit below it share it, as ``unit_descendants`` reads the tree)."""
    return code.split(".", 1)[0]


def _row(entry) -> dict:
    """The search row's columns of a published ``entry`` (its ``current`` version loaded)."""
    version = entry.current
    return {
        "region": unit_region(entry.unit.code),
        "title": version.title,
        "summary": version.summary,
        "body": _body(entry),
        "unit_id": entry.unit_id,
        "published_at": entry.published_at,
        "category": version.category,
        "year": version.year,
    }


def _vectors(ids: list[int]) -> None:
    """PostgreSQL: the rows' tsvectors and their words (a huge text is cut and tried again)."""
    if connection.vendor != "postgresql" or not ids:
        return
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute(_VECTOR_SQL, [ids])
        except DatabaseError:  # "string is too long for tsvector": index the start of the text
            logger.warning("search: documents of entries %s cut to %d characters", ids, BODY_RETRY)
            cursor.execute(
                "UPDATE catalog_searchdocument SET body = left(body, %s) WHERE entry_id = ANY(%s)",
                [BODY_RETRY, ids],
            )
            cursor.execute(_VECTOR_SQL, [ids])
        cursor.execute(_WORDS_SQL, [ids])


def search_index_update(entry) -> None:
    """Make search show what the public list shows of ``entry`` (call inside the service's
    transaction, after the entry was saved)."""
    if entry.status != EntryStatus.PUBLISHED or entry.current_id is None:
        SearchDocument.objects.filter(entry_id=entry.pk).delete()
        return
    SearchDocument.objects.update_or_create(entry_id=entry.pk, defaults=_row(entry))
    _vectors([entry.pk])


def search_index_rebuild(*, batch: int = 500, progress=None) -> int:
    """Every published entry indexed anew (after a restore, or to check); returns the count."""
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchWord.objects.all().delete()
    done = 0
    published = InformationEntry.objects.filter(status=EntryStatus.PUBLISHED).exclude(current=None)
    ids = list(published.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            entries = published.filter(pk__in=ids[start : start + batch]).select_related("current", "unit")
            SearchDocument.objects.bulk_create(
                [SearchDocument(entry_id=entry.pk, **_row(entry)) for entry in entries]
            )
            _vectors(ids[start : start + batch])
        done += len(ids[start : start + batch])
        if progress:
            progress(done, len(ids))
    return done
