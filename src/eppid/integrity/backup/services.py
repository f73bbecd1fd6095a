"""``backup_create`` and ``backup_restore``: the archive of contract section 1, end to end."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pyrage
from django.conf import settings

from . import database, keys
from .archive import FILES_PREFIX, ArchiveWriter, open_verified
from .errors import BackupFailed, BackupRefused
from .progress import Steps

# restore never writes here: the newest checkpoint must survive a rollback (contract section 5).
PROTECTED_DIRS = ("checkpoints", "keys")


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT).resolve()


def _media_files(root: Path) -> list[Path]:
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


def _version() -> str:
    try:
        return metadata.version("eppid")
    except metadata.PackageNotFoundError:
        return "unknown"


def backup_create(*, output: Path, steps: Steps | None = None) -> dict:
    """Write one encrypted, signed archive of the database and stored files to ``output``."""
    steps = steps or Steps()
    recipients = keys.backup_recipients()
    signer = keys.signing_key()
    check_key = keys.verify_key()
    if keys.public_key_text(check_key) != keys.public_key_text(signer.public_key()):
        raise BackupFailed(
            "EPPID_BACKUP_VERIFY_KEY is not the public half of the backup signing key: "
            "restore would refuse every archive written now"
        )
    vendor = database.vendor()
    output = output.resolve()
    if output.is_dir():
        raise BackupFailed(f"{output} is a directory; --output names the archive file")
    media = _media_root()
    if output.is_relative_to(media):
        raise BackupFailed("the archive must not be written inside the stored files (MEDIA_ROOT)")
    header = {
        "created_at": datetime.now(tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "database_vendor": vendor,
        "migrations": database.migration_state(),
        "eppid_version": _version(),
    }
    with tempfile.TemporaryDirectory(prefix="eppid-backup-") as scratch:
        work = Path(scratch)
        dump = work / database.MEMBER_NAMES[vendor]
        with steps.step("Dumping the database"):
            database.dump(dump)
        tar_path = work / "archive.tar"
        writer = ArchiveWriter(tar_path, header)
        with steps.step("Adding the database", dump.stat().st_size) as advance:
            writer.add_file(dump.name, dump, advance)
        dump.unlink()
        files = _media_files(media)
        with steps.step(f"Adding {len(files)} stored files", sum(f.stat().st_size for f in files)) as advance:
            for path in files:
                writer.add_file(FILES_PREFIX + path.relative_to(media).as_posix(), path, advance)
        manifest = writer.finish(signer)
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(f".{output.name}.partial")
        with steps.step("Encrypting"):
            try:
                pyrage.encrypt_file(str(tar_path), str(partial), recipients)
            except (pyrage.EncryptError, OSError) as error:
                partial.unlink(missing_ok=True)
                raise BackupFailed(f"cannot write {output}: {error}") from error
        partial.chmod(0o600)
        partial.replace(output)
    return {"output": str(output), "members": len(writer.members), "manifest_bytes": len(manifest)}


def _check_target(media: Path) -> None:
    if not database.is_empty():
        raise BackupRefused(
            f"the target {database.describe()} is not empty: restore only into a new, empty database "
            "(create one, point DATABASE_URL at it, and run restore again without migrating)"
        )
    if _media_files(media):
        raise BackupRefused(f"the stored-files directory {media} is not empty: restore needs an empty one")


def _file_target(media: Path, name: str) -> Path:
    relative = name[len(FILES_PREFIX) :]
    target = (media / relative).resolve()
    data_dir = Path(settings.DATA_DIR).resolve()
    protected = [data_dir / part for part in PROTECTED_DIRS]
    if not target.is_relative_to(media) or any(target.is_relative_to(p) for p in protected):
        raise BackupRefused(f"archive member {name} would be written outside the stored files")
    return target


def backup_restore(*, archive: Path, identity: str | None = None, steps: Steps | None = None) -> dict:
    """Decrypt, verify signature and sums, then restore into an empty database and files directory.

    Nothing is written to the database or the files directory before every check has passed.
    """
    steps = steps or Steps()
    identities = keys.restore_identities(identity)
    check_key = keys.verify_key()
    vendor = database.vendor()
    media = _media_root()
    if not archive.is_file():
        raise BackupFailed(f"{archive} does not exist or is not a file")
    with tempfile.TemporaryDirectory(prefix="eppid-restore-") as scratch:
        tar_path = Path(scratch) / "archive.tar"
        with steps.step("Decrypting"):
            try:
                pyrage.decrypt_file(str(archive), str(tar_path), identities)
            except (pyrage.DecryptError, OSError) as error:
                # A damaged body surfaces from the age stream as an OSError without an errno;
                # one with an errno is the machine's problem (disk full, permissions), not the archive's.
                if isinstance(error, OSError) and error.errno is not None:
                    raise BackupFailed(f"cannot decrypt {archive}: {error}") from error
                raise BackupRefused(
                    "the archive cannot be decrypted with this identity: it was modified, "
                    "or it was encrypted to another recipient"
                ) from error
        with steps.step("Verifying signature and SHA-256 sums", tar_path.stat().st_size) as advance:
            verified = open_verified(tar_path, check_key, advance)
        try:
            manifest = verified.manifest
            if manifest.get("database_vendor") != vendor:
                raise BackupFailed(
                    f"the archive holds a {manifest.get('database_vendor')} database; "
                    f"the configured database is {vendor}"
                )
            member = database.MEMBER_NAMES[vendor]
            if member not in manifest["members"]:
                raise BackupRefused(f"the archive has no {member}")
            unknown = database.unknown_migrations(manifest.get("migrations") or {})
            if unknown:
                raise BackupFailed(
                    "the archive comes from a newer e-PPID (unknown migrations: "
                    f"{', '.join(unknown)}); restore it with that release"
                )
            files = [(name, _file_target(media, name)) for name, _ in verified.members(FILES_PREFIX)]
            _check_target(media)
            dump = Path(scratch) / member
            with dump.open("wb") as handle:
                verified.copy_member(member, handle)
            with steps.step("Restoring the database"):
                database.restore(dump)
            dump.unlink()
            with steps.step(f"Restoring {len(files)} stored files"):
                for name, target in files:
                    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    with os.fdopen(fd, "wb") as handle:
                        verified.copy_member(name, handle)
        finally:
            verified.close()
    return {"created_at": manifest.get("created_at"), "files": len(files), "vendor": vendor}
