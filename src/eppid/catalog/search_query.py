"""The words of a search, matched and ranked by the database's own engine, and their highlights.

``information_search`` (selectors.py) calls ``text_filter`` and ``highlights``; which engine
answers depends on the database only:

* PostgreSQL: full-text search over ``SearchDocument.vector`` (``eppid_search``: ``simple`` with
  ``unaccent``), ranked by ``ts_rank`` (title before summary before documents); a word that
  search does not know is also matched to the known words most like it (``pg_trgm``), so
  ``angaran`` still finds ``anggaran``.
* SQLite: FTS5 (``unicode61``, diacritics removed), ranked by ``bm25`` with the same weights. FTS5
  has no fuzzy matching, so a misspelt word finds nothing there.
* Anything else (or SQLite without FTS5): each word must be part of the title, the summary or a
  document's text, newest first (what the list did before search).

Every word of a query is required. The user's text never reaches a query language: each word
goes to PostgreSQL as a bound ``plainto_tsquery`` argument and to FTS5 as a quoted string.
Highlights come back from the database between two private-use characters, and are then escaped
whole, except for the ``<mark>`` put in their place: nothing of an entry can become markup.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from operator import and_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchQueryField, SearchRank
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Left
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from eppid.catalog import search_plan
from eppid.catalog.models import SearchDocument, VersionDocument
from eppid.catalog.search_index import CONFIG

# Private-use characters: never in extracted text (documents.py keeps printable text) nor typed.
MARK_START, MARK_END = "\ue000", "\ue001"
# A word at least this long that search does not know is matched to the most similar known words.
TYPO_MIN_LENGTH = 4
TYPO_ALTERNATIVES = 3
TYPO_SIMILARITY = 0.4
WORD_MAX = 60  # the longest word the word list keeps (search_index._WORDS_SQL)
# Highlights read at most this much of the documents' text (the match may lie further on).
HIGHLIGHT_TEXT_MAX = 100_000
SNIPPET_WORDS = 30
FTS_TABLE = "catalog_search_fts"
# bm25 is lower for a better match; the columns weigh 10 (title), 4 (summary), 1 (documents).
_FTS_FOUND = "SELECT rowid FROM catalog_search_fts WHERE catalog_search_fts MATCH %s"
_FTS_RANK_ROW = (
    "(SELECT -bm25(catalog_search_fts, 10.0, 4.0, 1.0) FROM catalog_search_fts "
    "WHERE catalog_search_fts MATCH %s AND rowid = catalog_searchdocument.entry_id)"
)
# The title marked whole; a passage of the summary and one of the documents (shown: the one marked).
_FTS_HIGHLIGHTS = (
    "SELECT rowid, highlight(catalog_search_fts, 0, %s, %s), "
    "snippet(catalog_search_fts, 1, %s, %s, ' … ', 15), "
    "snippet(catalog_search_fts, 2, %s, %s, ' … ', 15) "
    "FROM catalog_search_fts WHERE catalog_search_fts MATCH %s "
    "AND rowid IN (SELECT value FROM json_each(%s))"
)


@dataclass(frozen=True)
class Highlight:
    title: SafeString
    snippet: SafeString


def engine() -> str:
    """``postgresql``, ``fts5`` or ``like``."""
    if connection.vendor == "postgresql":
        return "postgresql"
    if connection.vendor == "sqlite" and _fts5_ready(connection.settings_dict["NAME"]):
        return "fts5"
    return "like"


_FTS5_FOUND: set[str] = set()


def _fts5_ready(database: str) -> bool:
    """Whether the FTS5 table exists (remembered once found; looked for again until then)."""
    if database not in _FTS5_FOUND:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE])
            if cursor.fetchone() is not None:
                _FTS5_FOUND.add(database)
    return database in _FTS5_FOUND


def marked(text: str) -> SafeString:
    """Escaped text with ``<mark>`` where the database marked a match, and nowhere else."""
    out, inside = [], False
    for part in str(text or "").replace(MARK_END, MARK_START).split(MARK_START):
        if inside and part:
            out.append(f"<mark>{escape(part)}</mark>")
        else:
            out.append(escape(part))
        inside = not inside
    # Every part was escaped above: only our own <mark> is markup.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703


# --- PostgreSQL ---------------------------------------------------------------------------------


def _alternatives(words: list[str]) -> dict[str, list[str]]:
    """For each word that search does not know, the known words most like it (one query)."""
    asked = [
        word
        for word in words
        if len(word) >= TYPO_MIN_LENGTH and word.isalpha() and not search_plan.is_common(word)
    ]
    if not asked:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT t.raw, w.word
            FROM unnest(%s::text[]) AS t(raw)
            CROSS JOIN LATERAL (SELECT lower(unaccent(t.raw)) AS q) n
            CROSS JOIN LATERAL (
                SELECT s.word FROM catalog_searchword s
                WHERE s.word %% n.q AND similarity(s.word, n.q) >= %s
                  AND NOT EXISTS (SELECT 1 FROM catalog_searchword k WHERE k.word = n.q)
                ORDER BY similarity(s.word, n.q) DESC, s.word LIMIT %s
            ) w""",
            [asked, TYPO_SIMILARITY, TYPO_ALTERNATIVES],
        )
        found: dict[str, list[str]] = {}
        for raw, word in cursor.fetchall():
            found.setdefault(raw, []).append(word)
        return found


def _pg_query(words: list[str], alternatives: dict[str, list[str]] | None = None):
    """The tsquery of the words (each one or its known alternatives), and those alternatives."""
    if alternatives is None:
        alternatives = _alternatives(words)
    terms = []
    for word in words:
        term = SearchQuery(word, config=CONFIG)
        for other in alternatives.get(word, ()):
            term = term | SearchQuery(other, config=CONFIG)
        terms.append(term)
    return functools.reduce(and_, terms), alternatives


# --- SQLite FTS5 --------------------------------------------------------------------------------


def _fts_query(words: list[str]) -> str:
    """Each word as an FTS5 string (quotes doubled): no operator, column filter or NEAR( survives."""
    return " AND ".join('"{}"'.format(word.replace('"', '""')) for word in words)


# --- The filter and the highlights --------------------------------------------------------------


def text_filter(entries: QuerySet, words: list[str]) -> QuerySet:
    """``entries`` that hold every word, annotated with ``rank`` 0 (a list newest first: the API,
    CSV and Atom list every match and rank none)."""
    kind = engine()
    if kind == "postgresql":
        matching = entries.filter(search__vector=_pg_query(words)[0])
    elif kind == "fts5":
        # Constant SQL, the words a bound parameter.
        matching = entries.filter(pk__in=RawSQL(_FTS_FOUND, [_fts_query(words)]))  # noqa: S611  # nosec B611
    else:
        matching = _like_filter(entries, words)
    return matching.annotate(rank=Value(0.0, output_field=FloatField()))


def _like_filter(entries: QuerySet, words: list[str]) -> QuerySet:
    for word in words:
        in_documents = VersionDocument.objects.filter(
            version_id=OuterRef("current_id"), document__text__icontains=word
        )
        entries = entries.filter(
            Q(current__title__icontains=word) | Q(current__summary__icontains=word) | Exists(in_documents)
        )
    return entries


def ranked_window(entries: QuerySet, words: list[str], *, window: int, narrow: Q | None = None) -> Ranked:
    """The newest ``window`` of ``entries`` that hold every word, best match first (then newest):
    their ids and ranks (higher is better), read in one or two short queries; the entries
    themselves are read a page at a time (``RankedEntries``). A word found in half a million
    entries then costs ``window`` rank computations, not half a million.

    ``narrow``: the same filters as ``entries`` said over the search row's own columns
    (``SearchDocument.unit``, ``region``, ``category``, ``year``). On PostgreSQL the newest
    matches are then found and ranked in the search table alone, in one query (decisions 1441,
    1530): the planner either walks an index newest first testing each row's words, or reads
    the words' GIN index and sorts what it finds, with no join to weigh.
    """
    kind = engine()
    if kind == "postgresql":
        # The words as typed first. When they find anything every one of them is a known word,
        # and only an unknown word is given alternatives: the lookup is then skipped (decision
        # 1600). A word longer than any in the word list is looked up first, as before.
        typed = {} if all(len(word) <= WORD_MAX for word in words) else _alternatives(words)
        ranked = _pg_window(entries, words, typed, window, narrow)
        if not ranked.rows and not typed:
            alternatives = _alternatives(words)
            if alternatives:
                ranked = _pg_window(entries, words, alternatives, window, narrow)
        return ranked
    if kind == "fts5":
        match = _fts_query(words)
        # Constant SQL, the words a bound parameter.
        matching = entries.filter(pk__in=RawSQL(_FTS_FOUND, [match]))  # noqa: S611  # nosec B611
        rank = RawSQL(_FTS_RANK_ROW, [match], output_field=FloatField())  # noqa: S611  # nosec B611
    else:
        matching = _like_filter(entries, words)
        rank = Value(0.0, output_field=FloatField())
    return Ranked(_rank_ids(matching, rank, window), {}, tuple(words))


def _rank_ids(matching: QuerySet, rank, window: int) -> list[tuple[int, float]]:
    """The window's ids first (one short query): the rows are then found by primary key."""
    newest = list(matching.order_by("-published_at", "-pk").values_list("pk", flat=True)[:window])
    rows = (
        SearchDocument.objects.filter(entry_id__in=newest)
        .annotate(rank=rank)
        .order_by("-rank", "-published_at", "-entry_id")
        .values_list("entry_id", "rank")
    )
    return list(rows)


def _pg_window(
    entries: QuerySet, words: list[str], alternatives: dict, window: int, narrow: Q | None
) -> Ranked:
    """PostgreSQL: the ranked window of the words, each one or its ``alternatives``."""
    query, _alternatives = _pg_query(words, alternatives)
    if narrow is None:  # a filter the search row does not hold: the joined query
        rows = _rank_ids(entries.filter(search__vector=query), SearchRank(F("vector"), query), window)
        return Ranked(rows, alternatives, tuple(words), query)
    if search_plan.walk_is_cheaper(words, alternatives, narrow, window):
        # The function behind @@, which no index serves: the planner walks a date index.
        tested = Func(F("vector"), query, function="ts_match_vq", output_field=BooleanField())
        found = SearchDocument.objects.filter(narrow, tested)
    else:
        found = SearchDocument.objects.filter(narrow, vector=query)
    return Ranked(_rank_newest(found, query, window), alternatives, tuple(words), query)


def _rank_newest(found: QuerySet, query, window: int) -> list[tuple[int, float]]:
    """PostgreSQL: the newest ``window`` rows of ``found`` ranked, best first (then newest), in
    one pass over the search table: each row's tsvector is carried out of the window (never
    ranked beyond it) and ranked there, not read again by its key (decision 1600)."""
    newest = (
        # Typed: the words of several words are a combination Django cannot type itself.
        found.annotate(words_query=ExpressionWrapper(query, output_field=SearchQueryField()))
        .order_by("-published_at", "-entry_id")
        .values_list("entry_id", "published_at", "vector", "words_query")[:window]
    )
    inner, params = newest.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            # Constant SQL around Django's own query; the words are its bound parameters.
            "SELECT w.entry_id, ts_rank(w.vector, w.words_query) AS rank "  # noqa: S608  # nosec B608
            f"FROM ({inner}) w ORDER BY rank DESC, w.published_at DESC, w.entry_id DESC",
            params,
        )
        return [(pk, rank) for pk, rank in cursor.fetchall()]


@dataclass(frozen=True)
class Ranked:
    rows: list[tuple[int, float]]  # (entry id, rank), best first
    alternatives: dict[str, list[str]]  # the known words each misspelt word was matched to
    words: tuple[str, ...] = ()  # the words searched
    query: object = None  # PostgreSQL: their tsquery, to mark them on the page as it is read


class RankedEntries:
    """The ranked window of a search as the results page reads it: its size is known without a
    query (``count``), and a slice reads only its own entries (from ``base``, one query plus its
    prefetches), in rank order, each with ``rank`` and the words searched (``search_alternatives``,
    for its highlights)."""

    def __init__(self, ranked: Ranked, base: QuerySet):
        self.ranked = ranked
        self.base = base

    def count(self) -> int:
        return len(self.ranked.rows)

    def __len__(self) -> int:
        return len(self.ranked.rows)

    def __iter__(self):
        return iter(self._read(self.ranked.rows))

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self._read(self.ranked.rows[key], with_marks=True)
        return self._read([self.ranked.rows[key]])[0]

    def _read(self, rows: list[tuple[int, float]], *, with_marks: bool = False) -> list:
        base = self.base
        if with_marks and self.ranked.query is not None:  # a page: its highlights in the same query
            base = base.annotate(**_headlines("search__", self.ranked.query))
        found = base.in_bulk([pk for pk, _rank in rows]) if rows else {}
        entries = []
        for pk, rank in rows:
            entry = found.get(pk)
            if entry is not None:  # withdrawn since the window was read
                entry.rank = rank
                entry.search_alternatives = self.ranked.alternatives
                if getattr(entry, "marked_title", None) is not None:
                    mark = Highlight(title=marked(entry.marked_title), snippet=marked(entry.marked_text))
                    entry.search_highlight = (self.ranked.words, mark)
                entries.append(entry)
        return entries


def _headlines(prefix: str, query) -> dict:
    """PostgreSQL: the marked title and passage of a search row (``prefix``: the path to it)."""
    text = Concat(f"{prefix}summary", Value("\n"), Left(f"{prefix}body", HIGHLIGHT_TEXT_MAX))
    options = {"config": CONFIG, "start_sel": MARK_START, "stop_sel": MARK_END}
    return {
        "marked_title": SearchHeadline(f"{prefix}title", query, highlight_all=True, **options),
        "marked_text": SearchHeadline(
            text,
            query,
            max_words=SNIPPET_WORDS,
            min_words=SNIPPET_WORDS // 2,
            max_fragments=2,
            fragment_delimiter=" … ",
            **options,
        ),
    }


def highlights(
    entry_ids: list[int], words: list[str], alternatives: dict[str, list[str]] | None = None
) -> dict[int, Highlight]:
    """The title and a passage of each entry with the words marked (one query, for one page;
    ``alternatives``: those the results were found with, so as not to look them up again)."""
    ids = [int(pk) for pk in entry_ids]
    if not ids or not words:
        return {}
    kind = engine()
    if kind == "postgresql":
        query, _alternatives_used = _pg_query(words, alternatives)
        rows = (
            SearchDocument.objects.filter(entry_id__in=ids)
            .annotate(**_headlines("", query))
            .values_list("entry_id", "marked_title", "marked_text")
        )
    elif kind == "fts5":
        with connection.cursor() as cursor:
            cursor.execute(
                _FTS_HIGHLIGHTS,
                [*(MARK_START, MARK_END) * 3, _fts_query(words), json.dumps(ids)],
            )
            rows = [
                (pk, title, documents if MARK_START in (documents or "") else summary)
                for pk, title, summary, documents in cursor.fetchall()
            ]
    else:
        return {}
    return {pk: Highlight(title=marked(title), snippet=marked(snippet)) for pk, title, snippet in rows}
