"""Backup keys: an Ed25519 signing key and an age X25519 identity, never derived from SECRET_KEY.

Development generates both into ``$EPPID_DATA_DIR/keys/`` on first use. Production names them
in the environment: the recipient (public) and the signing key file; the identity that decrypts
is kept offline and handed to ``restore --identity``.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from pathlib import Path

import pyrage
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from eppid.conf import private_file_create_once

from .errors import BackupFailed

SIGNING_KEY_NAME = "backup-signing.key"
IDENTITY_NAME = "backup-identity.txt"


def keys_dir() -> Path:
    return Path(settings.DATA_DIR) / "keys"


def _production() -> bool:
    return getattr(settings, "EPPID_ENV", "development") == "production"


def _write_new_private_file(path: Path, text: str) -> None:
    """Create ``path`` with mode 0600; a concurrent creator wins and its key is kept."""
    private_file_create_once(path, text.encode())


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise BackupFailed(f"cannot read the {what} {path}: {error.strerror}") from error


def signing_key_path() -> Path:
    configured = getattr(settings, "EPPID_BACKUP_SIGNING_KEY_FILE", "")
    if configured:
        return Path(configured)
    if _production():
        raise BackupFailed("EPPID_BACKUP_SIGNING_KEY_FILE must name the Ed25519 backup signing key")
    path = keys_dir() / SIGNING_KEY_NAME
    if not path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        _write_new_private_file(path, pem.decode("ascii"))
    return path


def signing_key() -> Ed25519PrivateKey:
    path = signing_key_path()
    try:
        key = serialization.load_pem_private_key(_read(path, "backup signing key"), password=None)
    except (ValueError, TypeError) as error:
        raise BackupFailed(f"{path} is not an unencrypted PEM Ed25519 private key") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise BackupFailed(f"{path} holds a key of another type; the backup signing key must be Ed25519")
    return key


def public_key_text(key: Ed25519PublicKey) -> str:
    return base64.b64encode(
        key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ).decode()


def parse_verify_key(text: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as error:
        raise BackupFailed(
            "EPPID_BACKUP_VERIFY_KEY must be a base64 Ed25519 public key (32 bytes)"
        ) from error


def verify_key() -> Ed25519PublicKey:
    configured = getattr(settings, "EPPID_BACKUP_VERIFY_KEY", "")
    if configured:
        return parse_verify_key(configured)
    if _production():
        raise BackupFailed("EPPID_BACKUP_VERIFY_KEY must hold the backup signing key's public half")
    path = keys_dir() / SIGNING_KEY_NAME
    if not path.exists():
        raise BackupFailed(f"no backup verify key: set EPPID_BACKUP_VERIFY_KEY or keep {path}")
    return signing_key().public_key()


def _identity_file_text(identity: pyrage.x25519.Identity) -> str:
    created = datetime.now(tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"# created: {created}\n# public key: {identity.to_public()}\n{identity}\n"


def dev_identity_path() -> Path:
    return keys_dir() / IDENTITY_NAME


def load_identities(path: Path) -> list[pyrage.x25519.Identity]:
    """Read an age identity file (age-keygen format: comments and AGE-SECRET-KEY-1 lines)."""
    text = _read(path, "age identity").decode("utf-8", errors="replace")
    identities = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            identities.append(pyrage.x25519.Identity.from_str(line))
        except pyrage.IdentityError as error:
            raise BackupFailed(f"{path} holds a line that is not an age X25519 identity") from error
    if not identities:
        raise BackupFailed(f"{path} holds no age identity (AGE-SECRET-KEY-1...)")
    return identities


def restore_identities(path: str | None) -> list[pyrage.x25519.Identity]:
    if path:
        return load_identities(Path(path))
    if _production():
        raise BackupFailed("restore needs --identity FILE: the backup identity is kept offline in production")
    dev = dev_identity_path()
    if not dev.exists():
        raise BackupFailed(f"no age identity: pass --identity FILE (no development identity at {dev})")
    return load_identities(dev)


def parse_recipient(text: str) -> pyrage.x25519.Recipient:
    try:
        return pyrage.x25519.Recipient.from_str(text.strip())
    except pyrage.RecipientError as error:
        raise BackupFailed(f"{text!r} is not an age X25519 recipient (age1...)") from error


def backup_recipients() -> list[pyrage.x25519.Recipient]:
    configured = getattr(settings, "EPPID_BACKUP_RECIPIENTS", [])
    if configured:
        return [parse_recipient(text) for text in configured]
    if _production():
        raise BackupFailed(
            "EPPID_BACKUP_RECIPIENT must name the age recipient (age1...) backups are encrypted to"
        )
    path = dev_identity_path()
    if not path.exists():
        _write_new_private_file(path, _identity_file_text(pyrage.x25519.Identity.generate()))
    return [identity.to_public() for identity in load_identities(path)]
