"""Key material a complete production environment needs, for tests that start one."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pyrage
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from eppid.integrity.keyring import new_key_b64, new_kid


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


def production_data_keys_env(directory: Path) -> dict[str, str]:
    """Integrity: crypto. Data-encryption and blind-index key files, mode 0600."""
    keys = directory / "production-keys"
    keys.mkdir(mode=0o700, parents=True, exist_ok=True)
    files = {
        "EPPID_DATA_KEYS_FILE": (keys / "data-keys.txt", f"{new_kid()}: {new_key_b64()}\n"),
        "EPPID_BLIND_INDEX_KEY_FILE": (keys / "blind-index.key", new_key_b64() + "\n"),
    }
    for path, text in files.values():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
    return {name: str(path) for name, (path, _) in files.items()}


def production_keys_env(directory: Path) -> dict[str, str]:
    """Every key a production environment must be given (the settings refuse to start without)."""
    return {
        **backup_production_env(directory),
        **production_log_env(directory),
        **production_data_keys_env(directory),
    }
