"""One consistent view of the database for a long read while others keep writing.

A check that compares tables (the log with the records, the log with its tree) must not see a
write that committed between two of its reads: the row would be there without its log entry.
On PostgreSQL the read runs in one REPEATABLE READ, READ ONLY transaction; on SQLite (WAL) in a
deferred transaction, whose snapshot begins at its first read and which takes no write lock, so
writers carry on. Inside a transaction already open, the caller's view is kept (tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction


@contextmanager
def read_snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    with _begin_deferred(connection), transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


@contextmanager
def _begin_deferred(connection) -> Iterator[None]:
    """SQLite: BEGIN DEFERRED for this block (the project's BEGIN IMMEDIATE would hold the write
    lock for the whole read); nested blocks use savepoints, so only the first BEGIN reads it."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
    try:
        yield
    finally:
        connection.transaction_mode = mode
