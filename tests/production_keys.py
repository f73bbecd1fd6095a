"""Key material a complete production environment needs, for tests that start one."""

from __future__ import annotations

import base64
from pathlib import Path

import pyrage
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def backup_production_env(directory: Path) -> dict[str, str]:
    """Integrity: backup. A real signing key file, its public half, and an age recipient."""
    key = Ed25519PrivateKey.generate()
    key_file = directory / "backup-signing.key"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {
        "EPPID_BACKUP_RECIPIENT": str(pyrage.x25519.Identity.generate().to_public()),
        "EPPID_BACKUP_SIGNING_KEY_FILE": str(key_file),
        "EPPID_BACKUP_VERIFY_KEY": base64.b64encode(public).decode(),
    }


def production_log_env(directory: Path) -> dict[str, str]:
    """Integrity: transparency log. A fresh Ed25519 log key and this site's log names."""
    key_file = directory / "log-signing.key"
    key_file.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_file.chmod(0o600)
    return {
        "EPPID_LOG_SIGNING_KEY_FILE": str(key_file),
        "EPPID_LOG_ORIGIN": "eppid.bawaslu.go.id/log",
        "EPPID_LOG_KEY_NAME": "eppid.bawaslu.go.id",
    }


def production_keys_env(directory: Path) -> dict[str, str]:
    """Every key a production environment must be given (the settings refuse to start without)."""
    return {**backup_production_env(directory), **production_log_env(directory)}
