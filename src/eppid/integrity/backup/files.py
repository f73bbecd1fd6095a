"""The stored files a backup archives and a restore writes back, on whichever store holds them
(decision 1461): ``MEDIA_ROOT`` on a (shared) directory, or a bucket through Django's storage API
(S3 via django-storages). Names are the storage's names, the same in the database's file fields,
so an archive from one store restores onto the other too.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage

from eppid.integrity.store import store_names

from .errors import BackupFailed, BackupRefused

# restore never writes here: the newest checkpoint must survive a rollback (contract section 5).
PROTECTED_DIRS = ("checkpoints", "keys")


@dataclass(frozen=True)
class StoredFile:
    name: str  # the storage's name (a relative POSIX path)
    size: int
    open: Callable[[], BinaryIO]


def on_directory() -> bool:
    return isinstance(default_storage, FileSystemStorage)


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT).resolve()


def describe() -> str:
    if on_directory():
        return f"the stored-files directory {media_root()}"
    bucket = getattr(default_storage, "bucket_name", "") or type(default_storage).__name__
    prefix = getattr(default_storage, "location", "")
    return f"the file store {bucket}" + (f" (prefix {prefix})" if prefix else "")


def stored_files() -> list[StoredFile]:
    """Every stored file, sorted by name (a directory walk, or the store's listing)."""
    if on_directory():
        return [
            StoredFile(path.relative_to(media_root()).as_posix(), path.stat().st_size, _opener(path))
            for path in _directory_files(media_root())
        ]
    return [
        StoredFile(name, default_storage.size(name), _store_opener(name))
        for name in sorted(store_names(default_storage))
    ]


def _opener(path: Path) -> Callable[[], BinaryIO]:
    return lambda: path.open("rb")


def _store_opener(name: str) -> Callable[[], BinaryIO]:
    return lambda: default_storage.open(name, "rb")


def _directory_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for directory, subdirs, names in os.walk(root, followlinks=False):
        subdirs.sort()
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def store_is_empty() -> bool:
    if on_directory():
        return not _directory_files(media_root())
    return next(store_names(default_storage), None) is None


def refuse_unsafe(name: str) -> None:
    """A directory restore writes inside MEDIA_ROOT only, and never into the protected dirs."""
    if not on_directory():
        return
    media = media_root()
    target = (media / name).resolve()
    data_dir = Path(settings.DATA_DIR).resolve()
    if not target.is_relative_to(media) or any(target.is_relative_to(data_dir / p) for p in PROTECTED_DIRS):
        raise BackupRefused(f"archive member files/{name} would be written outside the stored files")


def restore_file(name: str, copy: Callable[[BinaryIO], None]) -> None:
    """Write one file under exactly ``name`` (the store is empty: nothing is replaced)."""
    if on_directory():
        target = media_root() / name
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            copy(handle)
        return
    with tempfile.TemporaryFile() as spool:
        copy(spool)
        spool.seek(0)
        saved = default_storage.save(name, File(spool, name=name))
    if saved != name:
        raise BackupFailed(f"the file store saved {name} as {saved}; restore needs an empty store")
