"""Appending to the transparency log: one entry per change, in the caller's transaction.

The entry bytes are the RFC 8785 JSON of ``seq, time, actor, role, action, object_type, object_id,
content_sha256, file_sha256, prev_chain``. ``leaf_hash = SHA-256(0x00 || entry bytes)`` (RFC 9162
leaf) and ``chain_hash = SHA-256(previous chain hash || leaf hash)``, the first one chained to 32
zero bytes. Entries hold no personal data: record contents are reduced to their SHA-256.
"""

from __future__ import annotations

import contextvars
import hashlib
import re
from collections.abc import Iterable
from datetime import UTC, datetime

import rfc8785
from django.db import connection
from django.utils import timezone

from eppid.integrity.head import (  # GENESIS also for migration 0002, which imports it from here
    GENESIS,  # noqa: F401
    frontier_extend,
    head_advance,
    head_forget,
    head_insert,
    head_insert_many,
    head_read,
    head_state,
)
from eppid.integrity.models import LogEntry
from eppid.integrity.tree import TreeError, tree_size

_HEX64 = re.compile(r"^[0-9a-f]{64}$")

_current_request: contextvars.ContextVar = contextvars.ContextVar("eppid_integrity_request", default=None)


class LogOutsideTransaction(RuntimeError):
    """log_append was called in autocommit mode, where the entry could outlive a rolled-back change."""


def canonical_json(value) -> bytes:
    return rfc8785.dumps(value)


def content_sha256(content: dict) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def leaf_hash_of(entry_bytes: bytes) -> str:
    return hashlib.sha256(b"\x00" + entry_bytes).hexdigest()


def chain_hash_of(prev_chain: bytes, leaf_hash: bytes) -> str:
    return hashlib.sha256(prev_chain + leaf_hash).hexdigest()


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def file_digest(item) -> str:
    """A file's SHA-256: ``bytes`` are hashed, a ``str`` must already be a hex digest."""
    if isinstance(item, bytes | bytearray | memoryview):
        return hashlib.sha256(item).hexdigest()
    digest = str(item).lower()
    if not _HEX64.match(digest):
        raise ValueError("a file is given as its bytes or as a 64-digit hex SHA-256")
    return digest


def set_current_request(request):
    """Bind the request whose user is the actor of what this context logs; returns a reset token."""
    return _current_request.set(request)


def reset_current_request(token) -> None:
    _current_request.reset(token)


def actor_label(actor=None) -> str:
    """``user:<id>``, ``public`` or ``system`` - never a name: the log is public."""
    if isinstance(actor, str):
        if actor not in ("public", "system") and not actor.startswith("user:"):
            raise ValueError("actor is a user, 'public' or 'system'")
        return actor
    if actor is None:
        request = _current_request.get()
        if request is None:
            return "system"
        actor = getattr(request, "user", None)
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "public"
    return f"user:{actor.pk}"


def current_actor():
    """The user (or None) that the current request acts as; None outside requests too."""
    request = _current_request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def build_entry(*, seq, recorded_at, actor, role, action, object_type, object_id, content_hash, files, prev):
    body = {
        "seq": seq,
        "time": utc_text(recorded_at),
        "actor": actor,
        "role": role,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "content_sha256": content_hash or None,
        "file_sha256": list(files),
        "prev_chain": prev.hex(),
    }
    entry_bytes = canonical_json(body)
    leaf = leaf_hash_of(entry_bytes)
    return {
        "seq": seq,
        "recorded_at": recorded_at,
        "actor": actor,
        "role": role,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "content_hash": content_hash or "",
        "file_hashes": list(files),
        "canonical": entry_bytes.decode("utf-8"),
        "leaf_hash": leaf,
        "chain_hash": chain_hash_of(prev, bytes.fromhex(leaf)),
    }


def log_append(
    *,
    action: str,
    object_type: str,
    object_id,
    content: dict | None = None,
    files: Iterable = (),
    actor=None,
    role: str = "",
) -> LogEntry:
    """Append one entry. Call it inside the transaction that makes the change it records.

    The first append of a transaction locks the log and reads its head and tree frontier; later
    ones reuse them (``eppid.integrity.head``) and cost one INSERT statement each.
    """
    if not connection.in_atomic_block:
        raise LogOutsideTransaction("log_append must run inside the transaction of the change it records")
    recorded_at = timezone.now()
    actor = actor_label(actor)
    content_hash = content_sha256(content) if content is not None else ""
    files = [file_digest(item) for item in files]
    state = head_state(connection)
    for attempt in range(2):
        if state is None:
            state = head_read(connection)
        fields = build_entry(
            seq=state.seq,
            recorded_at=recorded_at,
            actor=actor,
            role=role,
            action=action,
            object_type=object_type,
            object_id=object_id,
            content_hash=content_hash,
            files=files,
            prev=state.prev,
        )
        # The Merkle node cache grows in the same statement: a rolled-back change leaves neither.
        nodes, frontier = frontier_extend(state.frontier, state.seq, bytes.fromhex(fields["leaf_hash"]))
        if head_insert(connection, state, fields, nodes):
            head_advance(connection, state, fields, frontier)
            entry = LogEntry(**fields)
            entry._state.adding = False
            entry._state.db = connection.alias
            return entry
        # The head moved behind the cache's back (only a direct write to the tables can do that
        # while this transaction holds the lock): forget it, read it again, try once more.
        head_forget(connection)
        if attempt:
            raise TreeError(f"leaf {state.seq} does not extend a tree of size {tree_size()}")
        state = None
    raise AssertionError("unreachable")


def log_append_many(items: list[dict]) -> list[LogEntry]:
    """Append consecutive entries, each given as ``log_append``'s keyword arguments, in the
    caller's transaction: on PostgreSQL the lock and head are read once (if this transaction has
    not yet) and every entry with its tree nodes is written by ONE statement. The entries are
    exactly those ``log_append`` would write one by one at this moment (same fields, hashes and
    chain); only the number of round trips under the log lock differs."""
    if not connection.in_atomic_block:
        raise LogOutsideTransaction("log_append_many must run inside the transaction of its changes")
    if connection.vendor != "postgresql" or len(items) < 2:
        return [log_append(**item) for item in items]
    recorded_at = timezone.now()
    prepared = [
        {
            "actor": actor_label(item.get("actor")),
            "role": item.get("role", ""),
            "action": item["action"],
            "object_type": item["object_type"],
            "object_id": item["object_id"],
            "content_hash": content_sha256(item["content"]) if item.get("content") is not None else "",
            "files": [file_digest(f) for f in item.get("files", ())],
        }
        for item in items
    ]
    state = head_state(connection)
    for attempt in range(2):
        if state is None:
            state = head_read(connection)
        seq, prev, frontier = state.seq, state.prev, state.frontier
        built = []
        for item in prepared:
            fields = build_entry(seq=seq, recorded_at=recorded_at, prev=prev, **item)
            nodes, frontier = frontier_extend(frontier, seq, bytes.fromhex(fields["leaf_hash"]))
            built.append((fields, nodes, frontier))
            seq, prev = seq + 1, bytes.fromhex(fields["chain_hash"])
        if head_insert_many(connection, state, [(fields, nodes) for fields, nodes, _ in built]):
            entries = []
            for fields, _, after in built:
                head_advance(connection, state, fields, after)
                entry = LogEntry(**fields)
                entry._state.adding = False
                entry._state.db = connection.alias
                entries.append(entry)
            return entries
        head_forget(connection)
        if attempt:
            raise TreeError(f"leaf {state.seq} does not extend a tree of size {tree_size()}")
        state = None
    raise AssertionError("unreachable")
