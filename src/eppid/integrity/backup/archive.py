"""The archive inside the age encryption: a tar of members, ``manifest.json`` and ``manifest.sig``.

The manifest lists every member with its SHA-256 and size and is signed with Ed25519; a reader
trusts nothing in the tar until the signature verifies, and extracts only members the signed
manifest names, with exactly the recorded size and hash.
"""

from __future__ import annotations

import hashlib
import json
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .errors import BackupFailed, BackupRefused

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
FILES_PREFIX = "files/"
CHUNK = 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


class _HashingReader:
    """Feeds a hash with exactly the bytes tarfile reads, so a member is read once."""

    def __init__(self, handle: BinaryIO, advance: Callable[[int], None] | None):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.advance = advance

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        if self.advance and data:
            self.advance(len(data))
        return data


def safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        bool(name)
        and not path.is_absolute()
        and "\\" not in name
        and all(part not in {"", ".", ".."} for part in name.split("/"))
    )


class ArchiveWriter:
    """Builds the tar; ``finish`` adds the signed manifest last (member hashes are known by then)."""

    def __init__(self, path: Path, header: dict):
        self.tar = tarfile.open(path, "w", format=tarfile.PAX_FORMAT)  # noqa: SIM115  # closed in finish()
        self.header = header
        self.members: dict[str, dict] = {}

    def add_file(self, name: str, source: Path, advance: Callable[[int], None] | None = None) -> None:
        with source.open("rb") as handle:
            self.add_stream(name, handle, source.stat().st_size, advance, what=str(source))

    def add_stream(
        self,
        name: str,
        handle: BinaryIO,
        size: int,
        advance: Callable[[int], None] | None = None,
        *,
        what: str = "",
    ) -> None:
        """Add ``size`` bytes read from ``handle`` (a file, or a stored file's stream) as ``name``."""
        if not safe_member_name(name) or name in self.members or name in {MANIFEST, SIGNATURE}:
            raise BackupFailed(f"cannot store {name!r} in an archive")
        info = tarfile.TarInfo(name)
        info.size = size
        info.mode = 0o600
        reader = _HashingReader(handle, advance)
        try:
            self.tar.addfile(info, reader)
        except OSError as error:
            raise BackupFailed(
                f"{what or name} changed size while it was being read; run backup again"
            ) from error
        self.members[name] = {"sha256": reader.digest.hexdigest(), "size": size}

    def _add_bytes(self, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mode = 0o600
        self.tar.addfile(info, BytesIO(data))

    def finish(self, key: Ed25519PrivateKey) -> bytes:
        manifest = {**self.header, "format": FORMAT_VERSION, "members": dict(sorted(self.members.items()))}
        data = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
        self._add_bytes(MANIFEST, data)
        self._add_bytes(SIGNATURE, key.sign(data))
        self.tar.close()
        return data


@dataclass
class VerifiedArchive:
    tar: tarfile.TarFile
    manifest: dict
    entries: dict[str, tarfile.TarInfo]

    def members(self, prefix: str = "") -> Iterator[tuple[str, tarfile.TarInfo]]:
        for name in sorted(self.manifest["members"]):
            if name.startswith(prefix):
                yield name, self.entries[name]

    def copy_member(self, name: str, target: BinaryIO) -> None:
        handle = self.tar.extractfile(self.entries[name])
        if handle is None:
            raise BackupRefused(f"archive member {name} is not a regular file")
        with handle:
            while chunk := handle.read(CHUNK):
                target.write(chunk)

    def close(self) -> None:
        self.tar.close()


def _read_member(tar: tarfile.TarFile, info: tarfile.TarInfo, limit: int) -> bytes:
    if info.size > limit:
        raise BackupRefused(f"archive member {info.name} is larger than allowed")
    handle = tar.extractfile(info)
    if handle is None:
        raise BackupRefused(f"archive member {info.name} is not a regular file")
    with handle:
        return handle.read()


def open_verified(
    path: Path, key: Ed25519PublicKey, progress: Callable[[int], None] | None = None
) -> VerifiedArchive:
    """Open a decrypted tar and prove it: signature first, then every member's size and SHA-256."""
    try:
        tar = tarfile.open(path, "r:")  # noqa: SIM115  # handed to the caller, closed there
        infos = tar.getmembers()
    except (tarfile.TarError, OSError) as error:
        raise BackupRefused("the decrypted archive is not a valid tar file") from error
    try:
        entries: dict[str, tarfile.TarInfo] = {}
        for info in infos:
            if not info.isreg() or not safe_member_name(info.name) or info.name in entries:
                raise BackupRefused(f"the archive holds an unexpected member {info.name!r}")
            entries[info.name] = info
        if MANIFEST not in entries or SIGNATURE not in entries:
            raise BackupRefused("the archive has no signed manifest")
        data = _read_member(tar, entries[MANIFEST], MAX_MANIFEST_BYTES)
        signature = _read_member(tar, entries[SIGNATURE], 1024)
        try:
            key.verify(signature, data)
        except InvalidSignature:
            raise BackupRefused(
                "the archive's signature does not verify with the configured backup key: "
                "it was changed or signed by another key"
            ) from None
        manifest = _parse_manifest(data)
        listed = set(manifest["members"])
        present = set(entries) - {MANIFEST, SIGNATURE}
        if listed != present:
            difference = sorted(listed ^ present)
            raise BackupRefused(
                f"the archive's members differ from its manifest: {', '.join(difference[:5])}"
            )
        for name in sorted(listed):
            _check_member(tar, entries[name], manifest["members"][name], progress)
    except BaseException:
        tar.close()
        raise
    return VerifiedArchive(tar=tar, manifest=manifest, entries=entries)


def _parse_manifest(data: bytes) -> dict:
    try:
        manifest = json.loads(data)
    except ValueError as error:
        raise BackupRefused("the archive's manifest is not valid JSON") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupFailed(f"this archive format is not supported (expected format {FORMAT_VERSION})")
    members = manifest.get("members")
    if not isinstance(members, dict) or not all(
        isinstance(entry, dict)
        and isinstance(entry.get("sha256"), str)
        and isinstance(entry.get("size"), int)
        for entry in members.values()
    ):
        raise BackupRefused("the archive's manifest has no valid member list")
    return manifest


def _check_member(
    tar: tarfile.TarFile, info: tarfile.TarInfo, expected: dict, progress: Callable[[int], None] | None
) -> None:
    if info.size != expected["size"]:
        raise BackupRefused(f"archive member {info.name} has another size than its manifest records")
    handle = tar.extractfile(info)
    if handle is None:
        raise BackupRefused(f"archive member {info.name} is not a regular file")
    digest = hashlib.sha256()
    with handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            if progress:
                progress(len(chunk))
    if digest.hexdigest() != expected["sha256"]:
        raise BackupRefused(f"archive member {info.name} does not match its SHA-256 in the manifest")
