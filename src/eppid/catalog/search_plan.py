"""PostgreSQL: whether the newest matches of a search are found by walking an index newest first
or through the words' GIN index (decision 1530).

The planner estimates well how many rows hold a word (its statistics of the tsvector column), but
costs a GIN bitmap far too low when the word is common: reading the postings of a word found in
200,000 rows took 50-90 ms at 1,000,000 entries, where walking a unit's 1,800 rows newest first
and testing each one's words takes a few. So the choice is made here, from the same statistics
(``pg_stats``, read at most every ``STATS_TTL`` seconds per process) and measured costs per row:

* walk: about ``min(window / share, rows in the filters)`` rows read, ``WALK_ROW`` each;
* GIN: every posting of the words (``POSTING``) plus the matches in the filters read from the
  table (``MATCH_ROW``), then sorted.

When walking is cheaper the words are tested with ``ts_match_vq(vector, query)``, the function
behind ``@@``, which no index serves: the planner then walks the filter's date index (decision
1441). Otherwise ``@@`` is left to the planner (a rare word: the GIN index). Without statistics
(a small or new table) nothing is forced.
"""

from __future__ import annotations

import time

from django.db import connection
from django.db.models import Q

STATS_TTL = 600.0
# Relative costs per row, measured at 1,000,000 entries (docs/benchmarks.md).
WALK_ROW = 5.0
POSTING = 0.4
MATCH_ROW = 5.0
RARE_SHARE = 0.005  # PostgreSQL's DEFAULT_TS_MATCH_SEL
_COLUMNS = {"unit": "unit_id", "unit_id": "unit_id", "region": "region", "category": "category"}
_COLUMNS["year"] = "year"

_stats: dict[str, tuple[float, dict]] = {}


def _table_stats() -> dict:
    """Rows, the share of rows holding each common word, and distinct values per filter column."""
    key = connection.settings_dict["NAME"]
    cached = _stats.get(key)
    if cached and time.monotonic() - cached[0] < STATS_TTL:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, n_distinct, most_common_elems::text::text[], most_common_elem_freqs "
            "FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'catalog_searchdocument'"
        )
        columns = cursor.fetchall()
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'catalog_searchdocument'::regclass")
        rows = max(float(cursor.fetchone()[0]), 0.0)
    stats: dict = {"rows": rows, "distinct": {}, "words": {}, "rare": 0.0}
    for name, distinct, elems, freqs in columns:
        if distinct is not None:
            stats["distinct"][name] = -distinct * rows if distinct < 0 else distinct
        if name == "vector" and elems and freqs:
            stats["words"] = dict(zip(elems, freqs, strict=False))
            # A word not listed: as the planner guesses (half the least common word's, at most 0.5 %).
            stats["rare"] = min(RARE_SHARE, freqs[len(elems)] / 2)
    _stats[key] = (time.monotonic(), stats)
    return stats


def is_common(word: str) -> bool:
    """Whether the statistics list ``word`` among the commonest words of the rows: it is then
    known to search (in ``SearchWord``, which keeps every word ever indexed), so it needs no
    spelling help and no query to look it up (decision 1600)."""
    return word.lower() in _table_stats()["words"]


def _filter_share(narrow: Q, stats: dict) -> float:
    """The share of rows the filters keep (independent columns; a negated filter keeps the rest)."""
    share = 1.0
    for child in narrow.children:
        if isinstance(child, Q):
            share *= _filter_share(child, stats)
            continue
        lookup, value = child
        field, _sep, op = lookup.partition("__")
        distinct = stats["distinct"].get(_COLUMNS.get(field, ""), 0)
        if distinct >= 1:
            share *= min(1.0, (len(value) if op == "in" else 1) / distinct)
    return 1.0 - share if narrow.negated else share


def walk_is_cheaper(words: list[str], alternatives: dict[str, list[str]], narrow: Q, window: int) -> bool:
    """Whether walking the filter's date index beats the GIN index for these words."""
    stats = _table_stats()
    if not stats["rows"] or not stats["words"]:
        return False
    share, postings = 1.0, 0.0  # rows holding every word; postings read (each word's own)
    for word in words:
        lexemes = (word, *alternatives.get(word, ()))
        found = sum(stats["words"].get(lexeme.lower(), stats["rare"]) for lexeme in lexemes)
        share *= min(1.0, found)
        postings += found
    if share <= 0:
        return False
    kept = _filter_share(narrow, stats)
    rows = stats["rows"]
    walk = min(window / share, rows * kept) * WALK_ROW
    gin = rows * (postings * POSTING + share * kept * MATCH_ROW)
    return walk < gin
