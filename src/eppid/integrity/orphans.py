"""Sweeping orphan files: stored files that no row refers to.

A business transaction writes its files before it commits (an identity scan, a signed receipt, an
email attachment). When it rolls back, the rows are gone but a file may stay behind; services
delete what they can at once, and this daily sweep removes the rest.

Which names are referenced is discovered from the model registry, not listed by hand: every
concrete ``FileField`` (and subclasses) and every ``EncryptedFileField`` of every installed model.
A file is deleted only when

- it lies in the private files directory (``MEDIA_ROOT``), is a regular file (never a symbolic
  link) and is not hidden (a name starting with "."),
- it is outside the directories that hold keys, checkpoints, backups and signing certificates,
  wherever they are configured,
- both its modification and its status-change times are older than ``EPPID_ORPHAN_MIN_AGE_HOURS``
  (default 24): a transaction that wrote it a moment ago may still be running, and a restored
  file is fresh even when its modification time is old,
- and no row refers to it, checked once over all rows and again, for the candidates only, just
  before deleting,
- and no backup is reading the stored files (decision 1693): the sweep stops and the next one
  deletes the rest.

With the files in a bucket (``EPPID_FILE_STORAGE=s3``) the same rules hold through the storage:
its listing instead of the walk, each object's last change as its age, and the fields stored
in the default storage as the references.

``orphans_sweep(dry_run=True)`` (``manage.py sweep_orphan_files --dry-run``) lists without deleting.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DatabaseError, connection, models

from eppid.integrity.fields import EncryptedFileField
from eppid.integrity.filehold import backup_running
from eppid.integrity.store import store_names

logger = logging.getLogger("eppid.integrity")

CHECK_BATCH = 500


@dataclass(frozen=True)
class FileReference:
    """A model field whose values are storage names under ``prefix`` (relative to MEDIA_ROOT)."""

    model: type[models.Model]
    field: models.Field
    prefix: PurePosixPath

    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"


@dataclass
class SweepResult:
    dry_run: bool
    scanned: int = 0  # files looked at
    orphans: list[str] = field(default_factory=list)  # names (relative to MEDIA_ROOT) deleted or to delete
    failures: list[str] = field(default_factory=list)  # "<name>: reason"

    @property
    def deleted(self) -> int:
        return 0 if self.dry_run else len(self.orphans) - len(self.failures)


class SweepUnavailable(Exception):
    """The sweep cannot tell referenced files from orphans here (the rows cannot be read)."""


def _media_root() -> Path:
    return Path(default_storage.location).resolve()


def _storage_prefix(storage, media: Path) -> PurePosixPath | None:
    """Where ``storage`` keeps its names, relative to MEDIA_ROOT; None when outside it."""
    if not isinstance(storage, FileSystemStorage):
        return None
    location = Path(storage.location).resolve()
    if not location.is_relative_to(media):
        return None
    return PurePosixPath(location.relative_to(media).as_posix())


def file_references() -> list[FileReference]:
    """Every field of every installed model that names a file in the private files directory (or,
    on a bucket, in the default storage)."""
    on_directory = isinstance(default_storage, FileSystemStorage)
    media = _media_root() if on_directory else None
    tables = set(connection.introspection.table_names())
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy:
            continue  # its concrete model is looked at; unmanaged models are too (their rows count)
        if meta.db_table not in tables:
            continue  # a table that does not exist (yet) refers to nothing
        for fld in meta.concrete_fields:
            if isinstance(fld, EncryptedFileField):
                storage = default_storage  # eppid.integrity.crypto stores there
            elif isinstance(fld, models.FileField):
                storage = fld.storage
            else:
                continue
            if on_directory:
                prefix = _storage_prefix(storage, media)
            else:
                prefix = PurePosixPath("") if storage is default_storage else None
            if prefix is not None:
                found.append(FileReference(model, fld, prefix))
    return found


def _relative(prefix: PurePosixPath, name: str) -> str:
    return (prefix / name).as_posix() if str(prefix) not in ("", ".") else PurePosixPath(name).as_posix()


def referenced_names(references: list[FileReference]) -> set[str]:
    """Every name the rows hold now. A table that cannot be read stops the sweep: never delete
    a file while unsure whether a row refers to it."""
    try:
        return _referenced_names(references)
    except DatabaseError as error:
        raise SweepUnavailable(f"the referencing rows cannot be read ({error}); nothing is swept") from error


def _referenced_names(references: list[FileReference]) -> set[str]:
    names: set[str] = set()
    for ref in references:
        values = (
            ref.model._base_manager.exclude(**{f"{ref.field.attname}__isnull": True})
            .exclude(**{ref.field.attname: ""})
            .values_list(ref.field.attname, flat=True)
        )
        names.update(_relative(ref.prefix, str(value)) for value in values.iterator(chunk_size=2000))
    return names


def _still_referenced(references: list[FileReference], candidates: list[str]) -> set[str]:
    """Of ``candidates``, those some row refers to now (the second look just before deleting)."""
    found: set[str] = set()
    for ref in references:
        by_name = {}
        for candidate in candidates:
            path = PurePosixPath(candidate)
            prefix = str(ref.prefix)
            if prefix in ("", "."):
                by_name[candidate] = candidate
            elif path.is_relative_to(ref.prefix):
                by_name[path.relative_to(ref.prefix).as_posix()] = candidate
        names = list(by_name)
        for start in range(0, len(names), CHECK_BATCH):
            chunk = names[start : start + CHECK_BATCH]
            hits = ref.model._base_manager.filter(**{f"{ref.field.attname}__in": chunk}).values_list(
                ref.field.attname, flat=True
            )
            found.update(by_name[str(hit)] for hit in hits)
    return found


def protected_paths() -> list[Path]:
    """Directories and files the sweep never enters, whatever the configuration puts where."""
    data_dir = Path(settings.DATA_DIR)
    candidates = [
        data_dir / "keys",
        data_dir / "checkpoints",
        data_dir / "backups",
        getattr(settings, "EPPID_CHECKPOINT_DIR", ""),
        getattr(settings, "EPPID_SIGNING_DIR", ""),
        getattr(settings, "EPPID_SIGNING_PASSPHRASES_FILE", ""),
        getattr(settings, "EPPID_DATA_KEYS_FILE", ""),
        getattr(settings, "EPPID_BLIND_INDEX_KEY_FILE", ""),
        getattr(settings, "EPPID_LOG_SIGNING_KEY_FILE", ""),
        getattr(settings, "EPPID_BACKUP_SIGNING_KEY_FILE", ""),
        *getattr(settings, "EPPID_TRUST_ROOTS", []),
    ]
    return [Path(p).resolve() for p in candidates if p]


def _old_enough(stat: os.stat_result, cutoff: float) -> bool:
    return max(stat.st_mtime, stat.st_ctime) < cutoff


def _walk(media: Path, protected: list[Path], cutoff: float, result: SweepResult) -> Iterator[str]:
    """Names (relative to MEDIA_ROOT) of the regular, unprotected files old enough to sweep."""
    for directory, subdirs, names in os.walk(media, followlinks=False):
        here = Path(directory)
        subdirs[:] = sorted(
            d
            for d in subdirs
            if not d.startswith(".")
            and not (here / d).is_symlink()
            and not any((here / d).resolve().is_relative_to(p) for p in protected)
        )
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = here / name
            try:
                stat = path.lstat()
            except OSError:
                continue  # gone meanwhile
            if not path.is_file() or path.is_symlink():
                continue
            if any(path.resolve().is_relative_to(p) for p in protected):
                continue
            result.scanned += 1
            if _old_enough(stat, cutoff):
                yield path.relative_to(media).as_posix()


def _listed(cutoff: float, result: SweepResult) -> Iterator[str]:
    """On a bucket: the names the store lists whose last change is older than the cutoff (no keys,
    checkpoints or certificates live there: nothing to protect but the rows' files)."""
    for name in store_names(default_storage):
        if PurePosixPath(name).name.startswith("."):
            continue
        result.scanned += 1
        if default_storage.get_modified_time(name).timestamp() < cutoff:
            yield name


def _now() -> float:
    return time.time()


def orphans_sweep(*, dry_run: bool = False, min_age_hours: int | None = None) -> SweepResult:
    """Delete (or, with ``dry_run``, only list) the old files no row refers to."""
    hours = settings.EPPID_ORPHAN_MIN_AGE_HOURS if min_age_hours is None else min_age_hours
    if not isinstance(hours, int) or hours < 1:
        raise SweepUnavailable("EPPID_ORPHAN_MIN_AGE_HOURS must be a whole number of hours (at least 1)")
    result = SweepResult(dry_run=dry_run)
    cutoff = _now() - hours * 3600
    if isinstance(default_storage, FileSystemStorage):
        media = _media_root()
        if not media.is_dir():
            return result
        found = _walk(media, protected_paths(), cutoff, result)

        def delete(name: str) -> None:
            (media / name).unlink(missing_ok=True)

    else:
        found = _listed(cutoff, result)
        delete = default_storage.delete
    references = file_references()
    referenced = referenced_names(references)
    candidates = [name for name in found if name not in referenced]
    for start in range(0, len(candidates), CHECK_BATCH):
        chunk = candidates[start : start + CHECK_BATCH]
        try:
            keep = _still_referenced(references, chunk)
        except DatabaseError as error:
            raise SweepUnavailable(f"the referencing rows cannot be read ({error}); stopped") from error
        if not dry_run and backup_running():
            # A backup dumped before these rows let go of a file may not have read it yet (1693).
            logger.info("a backup is running: the orphan sweep stops and deletes the rest next time")
            break
        for name in chunk:
            if name in keep:
                continue
            result.orphans.append(name)
            if dry_run:
                continue
            try:
                delete(name)
            except Exception as error:  # noqa: BLE001 - OSError, or a bucket client's own error: one file failed
                result.failures.append(f"{name}: {error}")
                logger.warning("orphan file %s could not be deleted: %s", name, error)
    if result.orphans and not dry_run:
        logger.info("Deleted %s orphan file(s) from the private files directory", result.deleted)
    return result
