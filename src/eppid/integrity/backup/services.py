"""``backup_create`` and ``backup_restore``: the archive of contract section 1, end to end."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pyrage

from eppid.integrity.filehold import backup_hold

from . import database, files, keys
from .archive import FILES_PREFIX, ArchiveWriter, open_verified
from .errors import BackupFailed, BackupRefused
from .progress import Steps


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
    if files.on_directory() and output.is_relative_to(files.media_root()):
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
        tar_path = work / "archive.tar"
        writer = ArchiveWriter(tar_path, header)
        # One point in time: no stored file a dumped row names is deleted before it is read (1693).
        with backup_hold():
            with steps.step("Dumping the database"):
                database.dump(dump)
            with steps.step("Adding the database", dump.stat().st_size) as advance:
                writer.add_file(dump.name, dump, advance)
            dump.unlink()
            stored = files.stored_files()
            with steps.step(f"Adding {len(stored)} stored files", sum(f.size for f in stored)) as advance:
                for item in stored:
                    with item.open() as handle:
                        writer.add_stream(FILES_PREFIX + item.name, handle, item.size, advance)
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


def _check_target() -> None:
    if not database.is_empty():
        raise BackupRefused(
            f"the target {database.describe()} is not empty: restore only into a new, empty database "
            "(create one, point DATABASE_URL at it, and run restore again without migrating)"
        )
    if not files.store_is_empty():
        raise BackupRefused(f"{files.describe()} is not empty: restore needs an empty one")


def backup_restore(*, archive: Path, identity: str | None = None, steps: Steps | None = None) -> dict:
    """Decrypt, verify signature and sums, then restore into an empty database and files directory.

    Nothing is written to the database or the files directory before every check has passed.
    """
    steps = steps or Steps()
    identities = keys.restore_identities(identity)
    check_key = keys.verify_key()
    vendor = database.vendor()
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
            names = [name[len(FILES_PREFIX) :] for name, _ in verified.members(FILES_PREFIX)]
            for name in names:
                files.refuse_unsafe(name)
            _check_target()
            dump = Path(scratch) / member
            with dump.open("wb") as handle:
                verified.copy_member(member, handle)
            with steps.step("Restoring the database"):
                database.restore(dump)
            dump.unlink()
            with steps.step(f"Restoring {len(names)} stored files"):
                for name in names:
                    files.restore_file(
                        name, lambda handle, name=name: verified.copy_member(FILES_PREFIX + name, handle)
                    )
        finally:
            verified.close()
    return {"created_at": manifest.get("created_at"), "files": len(names), "vendor": vendor}
