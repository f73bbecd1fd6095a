"""The log head and tree frontier, read once per transaction and kept on the connection.

A transaction's first log append takes the log lock and reads the head (next ``seq``, the chain
hash it links to) and the tree frontier (the complete subtrees on the right edge of the tree, one
per set bit of the size) in ONE round trip: on PostgreSQL the lock and the read are two
statements of one message, so the read gets a snapshot taken after the lock was granted (a single
``SELECT pg_advisory_xact_lock(...), (head)`` would read with a snapshot taken before it waited
and could miss an entry committed meanwhile). Every append then inserts its entry and its tree
nodes in ONE statement (PostgreSQL) guarded by the head it expects: the insert writes nothing
unless the entry it links to is the last one and the tree has exactly ``seq`` leaves, so a stale
head can never fork the chain; it is re-read instead.

The cached state is valid only inside the transaction (and savepoint) that read it: each state
update registers an ``on_commit`` marker at the current savepoint depth; Django drops markers on
rollback (of the transaction, or of a savepoint they were registered in) and runs them on commit,
so a state whose marker is gone is discarded and read again, lock included.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from eppid.integrity import merkle
from eppid.integrity.models import LogEntry, TreeNode
from eppid.integrity.models.log import REPEATED_COLUMNS
from eppid.integrity.tree import TreeError

GENESIS = bytes(32)
# pg_advisory_xact_lock key: "eppidlog" read as a number, so no other lock in the cluster takes it.
ADVISORY_LOCK_KEY = 0x657070_69646C6F67 & 0x7FFFFFFFFFFFFFFF
_ATTR = "_eppid_log_head"
_MAX_LEVEL = 62

_ENTRY_COLUMNS = (*REPEATED_COLUMNS, "canonical", "leaf_hash", "chain_hash")
_PG_CASTS = {"seq": "::bigint", "recorded_at": "::timestamptz", "file_hashes": "::jsonb"}


class HeadMoved(RuntimeError):
    """The log or the tree is not where the appending transaction expects it."""


class _Marker:
    """Registered with ``on_commit``; present in ``run_on_commit`` while nothing was rolled back."""

    __slots__ = ("connection",)

    def __init__(self, connection):
        self.connection = connection

    def __call__(self):
        state = getattr(self.connection, _ATTR, None)
        if state is not None and state.marker is self:
            setattr(self.connection, _ATTR, None)


@dataclass
class HeadState:
    seq: int  # the next entry's seq = the tree's size
    prev: bytes  # the chain hash the next entry links to
    frontier: dict[int, bytes]  # level -> hash of the right-edge subtree at that level
    marker: _Marker | None = None
    marker_sids: frozenset = frozenset()
    # (object_type, object_id) -> (content hash, file hashes) of its latest entry in this transaction
    recorded: dict[tuple[str, str], tuple[str, list]] = field(default_factory=dict)


def frontier_keys(size: int) -> list[tuple[int, int]]:
    """(level, index) of the complete subtrees on the right edge of a tree of ``size`` leaves."""
    return [(level, (size >> level) - 1) for level in range(_MAX_LEVEL + 1) if (size >> level) & 1]


def frontier_extend(frontier: dict[int, bytes], index: int, leaf: bytes) -> tuple[list, dict[int, bytes]]:
    """The (level, index, hash) rows leaf ``index`` adds and the frontier of size ``index + 1``."""
    rows = [(0, index, leaf)]
    level, position, current = 0, index, leaf
    merged = dict(frontier)
    while position & 1:
        current = merkle.node_hash(merged.pop(level), current)
        level, position = level + 1, position >> 1
        rows.append((level, position, current))
    merged[level] = current
    return rows, merged


def head_state(connection) -> HeadState | None:
    """This transaction's state, or None when there is none or a rollback made it stale."""
    state = getattr(connection, _ATTR, None)
    if state is None:
        return None
    marker = state.marker
    if marker is None or not any(item[1] is marker for item in reversed(connection.run_on_commit)):
        setattr(connection, _ATTR, None)
        return None
    return state


def head_forget(connection) -> None:
    setattr(connection, _ATTR, None)


def _mark(connection, state: HeadState) -> None:
    """Tie ``state`` to the current savepoint depth (a new marker only when it got deeper)."""
    sids = frozenset(connection.savepoint_ids)
    if state.marker is None or not sids <= state.marker_sids:
        marker = _Marker(connection)
        transaction.on_commit(marker, using=connection.alias)
        state.marker, state.marker_sids = marker, sids


def head_read(connection) -> HeadState:
    """Lock the log for this transaction and read its head and tree frontier (one round trip on
    PostgreSQL; SQLite transactions start IMMEDIATE and already hold the write lock)."""
    log, tree = LogEntry._meta.db_table, TreeNode._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT pg_advisory_xact_lock(%s);
                WITH h AS (SELECT seq, chain_hash FROM {log} ORDER BY seq DESC LIMIT 1)
                SELECT -1, h.seq, h.chain_hash FROM h
                UNION ALL
                SELECT t.level, t."index", t.hash
                FROM h, generate_series(0, {_MAX_LEVEL}) AS l(level), {tree} t
                WHERE ((h.seq + 1) >> l.level) & 1 = 1
                  AND t.level = l.level AND t."index" = ((h.seq + 1) >> l.level) - 1""",  # noqa: S608  # nosec B608 - table names and a constant
                [ADVISORY_LOCK_KEY],
            )
            cursor.nextset()
            rows = cursor.fetchall()
        head = next(((seq, chain) for level, seq, chain in rows if level == -1), None)
        nodes = {(level, index): bytes.fromhex(value) for level, index, value in rows if level != -1}
    else:
        head = LogEntry.objects.order_by("-seq").values_list("seq", "chain_hash").first()
        size = 0 if head is None else head[0] + 1
        keys = frontier_keys(size)
        nodes = {}
        if keys:
            query = Q(pk__in=[])
            for level, index in keys:
                query |= Q(level=level, index=index)
            found = TreeNode.objects.filter(query).values_list("level", "index", "hash")
            nodes = {(level, index): bytes.fromhex(value) for level, index, value in found}
    seq, prev = (0, GENESIS) if head is None else (head[0] + 1, bytes.fromhex(head[1]))
    missing = [key for key in frontier_keys(seq) if key not in nodes]
    if missing:
        raise TreeError(f"tree cache lacks {len(missing)} node(s), e.g. {missing[0]}")
    state = HeadState(seq=seq, prev=prev, frontier={level: nodes[(level, index)] for level, index in nodes})
    _mark(connection, state)
    setattr(connection, _ATTR, state)
    return state


def _entry_values(connection, fields: dict) -> list:
    values = []
    for name in _ENTRY_COLUMNS:
        value = fields[name]
        if name == "file_hashes":
            value = json.dumps(value)
        elif name == "recorded_at":
            value = LogEntry._meta.get_field(name).get_db_prep_save(value, connection)
        values.append(value)
    return values


def _guard(state: HeadState) -> tuple[str, list]:
    """SQL true exactly when the log ends with the entry ``state`` links to and the tree has
    ``state.seq`` leaves. Only table names are formatted in; every value is a parameter."""
    log, tree = LogEntry._meta.db_table, TreeNode._meta.db_table
    sql = (
        f"NOT EXISTS (SELECT 1 FROM {log} WHERE seq >= %s)"  # noqa: S608  # nosec B608
        f' AND NOT EXISTS (SELECT 1 FROM {tree} WHERE level = 0 AND "index" >= %s)'
    )
    params = [state.seq, state.seq]
    if state.seq:
        sql += (
            f" AND EXISTS (SELECT 1 FROM {log} WHERE seq = %s AND chain_hash = %s)"  # noqa: S608  # nosec B608
            f' AND EXISTS (SELECT 1 FROM {tree} WHERE level = 0 AND "index" = %s)'
        )
        params += [state.seq - 1, state.prev.hex(), state.seq - 1]
    return sql, params


def head_insert(connection, state: HeadState, fields: dict, nodes: list) -> bool:
    """Insert the entry ``fields`` and its tree ``nodes`` if the head is still ``state``.

    One statement on PostgreSQL; False (nothing written) when the guard does not hold.
    """
    log, tree = LogEntry._meta.db_table, TreeNode._meta.db_table
    qn = connection.ops.quote_name
    columns = ", ".join(qn(name) for name in _ENTRY_COLUMNS)
    guard, guard_params = _guard(state)
    values = _entry_values(connection, fields)
    node_params = [item for level, index, value in nodes for item in (level, index, value.hex())]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            casts = ", ".join(f"%s{_PG_CASTS.get(name, '')}" for name in _ENTRY_COLUMNS)
            rows = ", ".join(["(%s::smallint, %s::bigint, %s)"] * len(nodes))
            cursor.execute(
                f"""WITH ok AS (SELECT 1 WHERE {guard}),
                e AS (INSERT INTO {log} ({columns}) SELECT {casts} FROM ok RETURNING seq),
                n AS (INSERT INTO {tree} (level, "index", hash)
                      SELECT v.level, v.idx, v.hash FROM e, (VALUES {rows}) AS v(level, idx, hash)
                      RETURNING 1)
                SELECT (SELECT count(*) FROM e), (SELECT count(*) FROM n)""",  # noqa: S608  # nosec B608 - names and %s only
                [*guard_params, *values, *node_params],
            )
            written, node_count = cursor.fetchone()
            if written and node_count != len(nodes):
                raise HeadMoved("the tree nodes of a log entry were not all written")
            return bool(written)
        placeholders = ", ".join(["%s"] * len(_ENTRY_COLUMNS))
        cursor.execute(
            f"INSERT INTO {log} ({columns}) SELECT {placeholders} WHERE {guard}",
            [*values, *guard_params],
        )
        if cursor.rowcount != 1:
            return False
        rows = ", ".join(["(%s, %s, %s)"] * len(nodes))
        cursor.execute(f'INSERT INTO {tree} (level, "index", hash) VALUES {rows}', node_params)  # noqa: S608  # nosec B608
        return True


def head_advance(connection, state: HeadState, fields: dict, frontier: dict[int, bytes]) -> None:
    state.seq += 1
    state.prev = bytes.fromhex(fields["chain_hash"])
    state.frontier = frontier
    key = (fields["object_type"], fields["object_id"])
    state.recorded[key] = (fields["content_hash"] or "", list(fields["file_hashes"]))
    _mark(connection, state)


def recorded_in_transaction(connection, object_type: str, object_id) -> tuple[str, list] | None:
    """(content hash, file hashes) of the object's latest entry if this transaction appended it.

    The transaction holds the log lock from its first append, so an entry it appended for the
    object is the object's latest; None means "not known here" (ask the database).
    """
    state = head_state(connection)
    if state is None:
        return None
    return state.recorded.get((object_type, str(object_id)))


def head_insert_many(connection, state: HeadState, entries: list[tuple[dict, list]]) -> bool:
    """Insert several consecutive entries ``(fields, nodes)`` after the head ``state``, in ONE
    statement on PostgreSQL, under the same guard as ``head_insert``; False: nothing written."""
    log, tree = LogEntry._meta.db_table, TreeNode._meta.db_table
    qn = connection.ops.quote_name
    columns = ", ".join(qn(name) for name in _ENTRY_COLUMNS)
    guard, guard_params = _guard(state)
    casts = ", ".join(f"%s{_PG_CASTS.get(name, '')}" for name in _ENTRY_COLUMNS)
    names = ", ".join(f"c{i}" for i in range(len(_ENTRY_COLUMNS)))
    entry_rows = ", ".join([f"({casts})"] * len(entries))
    entry_params = [value for fields, _ in entries for value in _entry_values(connection, fields)]
    nodes = [node for _, entry_nodes in entries for node in entry_nodes]
    node_rows = ", ".join(["(%s::smallint, %s::bigint, %s)"] * len(nodes))
    node_params = [item for level, index, value in nodes for item in (level, index, value.hex())]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH ok AS (SELECT 1 WHERE {guard}),
            e AS (INSERT INTO {log} ({columns}) SELECT {names} FROM ok, (VALUES {entry_rows}) AS v({names})
                  RETURNING seq),
            n AS (INSERT INTO {tree} (level, "index", hash)
                  SELECT v.level, v.idx, v.hash FROM ok, (VALUES {node_rows}) AS v(level, idx, hash)
                  RETURNING 1)
            SELECT (SELECT count(*) FROM e), (SELECT count(*) FROM n)""",  # noqa: S608  # nosec B608 - names and %s only
            [*guard_params, *entry_params, *node_params],
        )
        written, node_count = cursor.fetchone()
    if written and (written != len(entries) or node_count != len(nodes)):
        raise HeadMoved("a batch of log entries was not written whole")
    return bool(written)
