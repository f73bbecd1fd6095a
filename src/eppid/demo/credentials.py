"""The demo accounts' secrets, generated once and kept in the data dir so every run prints the same."""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from pathlib import Path

from django.contrib.auth import password_validation
from django_otp.util import random_hex

CREDENTIALS_FILE = "demo-credentials.json"
# No 0/O, 1/l/I: the password is read off a terminal and typed by hand.
_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


_REMEDY = "delete it to generate new demo logins"


class CredentialsError(Exception):
    """The stored credentials file cannot be read; the message says what to do."""


def credentials_path(data_dir: Path) -> Path:
    return Path(data_dir) / CREDENTIALS_FILE


def password_generate() -> str:
    """Four groups of five (about 117 bits), which every configured password validator accepts."""
    while True:
        groups = ("".join(secrets.choice(_ALPHABET) for _ in range(5)) for _ in range(4))
        password = "-".join(groups)
        try:
            password_validation.validate_password(password)
        except password_validation.ValidationError:
            continue
        return password


def credentials_load(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CredentialsError(f"{path} cannot be read ({error}); {_REMEDY}") from error
    if not isinstance(data, dict) or not all(_entry_valid(entry) for entry in data.values()):
        raise CredentialsError(f"{path} is not a demo credentials file; {_REMEDY}")
    return data


def _entry_valid(entry) -> bool:
    return isinstance(entry, dict) and all(
        isinstance(entry.get(key), str) for key in ("password", "totp_key")
    )


def credentials_for(usernames: list[str], path: Path) -> dict[str, dict[str, str]]:
    """Stored secrets for every username, generating (and saving) those missing."""
    stored = credentials_load(path)
    missing = [name for name in usernames if name not in stored]
    for name in missing:
        stored[name] = {"password": password_generate(), "totp_key": random_hex(20)}
    if missing or not path.exists():
        _write_private(path, stored)
    elif path.stat().st_mode & 0o077:
        path.chmod(0o600)
    return stored


def _write_private(path: Path, data: dict) -> None:
    """Write atomically, readable by the owner only (the file holds passwords)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".demo-credentials-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, sort_keys=True)
            handle.write("\n")
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
