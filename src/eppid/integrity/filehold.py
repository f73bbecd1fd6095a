"""Stored files are not deleted while a backup runs (decision 1693).

A backup dumps the database, then reads the stored files. A file a dumped row names must still be
there when the file pass reaches it, so ``backup_hold()`` is taken before the dump and kept until
the last file is read, and every deletion of a file a committed row named goes through
``stored_file_delete``: while a backup holds it, the file stays and the orphan sweep removes it
later (it is unreferenced and old), otherwise it goes at once.

Why a check just before deleting is enough: the caller deletes only after the commit that stopped
naming the file; a backup that takes the hold later dumps a snapshot taken later still, which does
not name it, and a backup holding it at the check is left alone.

The hold is a PostgreSQL advisory lock (seen by every app server and worker on the database) or,
on SQLite (one machine), a file lock beside the data. Both end with the backup's process.
"""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import DatabaseError, connection

logger = logging.getLogger("eppid.integrity")

# pg advisory lock key: "ePPIDbak" as a signed 64-bit integer
ADVISORY_KEY = int.from_bytes(b"ePPIDbak", "big", signed=True)
LOCK_FILE_NAME = "backup.lock"


def _lock_file() -> Path:
    return Path(settings.DATA_DIR) / LOCK_FILE_NAME


@contextmanager
def backup_hold() -> Iterator[None]:
    """Keep stored files from being deleted for the duration of the block (waits for a running
    deletion to finish: a moment)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
        return
    path = _lock_file()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def backup_running() -> bool:
    """Whether a backup holds the files now. When that cannot be told, the answer is yes: a file
    kept too long is swept later, a file deleted too early breaks an archive."""
    if connection.vendor == "postgresql":
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock_shared(%s)", [ADVISORY_KEY])
                (free,) = cursor.fetchone()
                if free:
                    cursor.execute("SELECT pg_advisory_unlock_shared(%s)", [ADVISORY_KEY])
        except DatabaseError:
            return True
        return not free
    try:
        handle = _lock_file().open("r")
    except FileNotFoundError:
        return False  # no backup has ever run here
    except OSError:
        return True
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def _archived(storage: Storage) -> bool:
    """Whether a backup archives (and the orphan sweep sweeps) this storage's files."""
    if storage is default_storage:
        return True
    if not isinstance(storage, FileSystemStorage) or not isinstance(default_storage, FileSystemStorage):
        return False
    return Path(storage.location).resolve().is_relative_to(Path(default_storage.location).resolve())


def stored_file_delete(name: str, storage: Storage | None = None) -> bool:
    """Delete a stored file no committed row names any more, unless a backup is reading the files:
    then the orphan sweep deletes it later. Returns whether it was deleted now."""
    storage = storage or default_storage
    if _archived(storage) and backup_running():
        logger.info("a backup is running: stored file %s is left to the orphan sweep", name)
        return False
    storage.delete(name)
    return True
