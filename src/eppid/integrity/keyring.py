"""The keys that protect personal data at rest: data-encryption keys and the blind-index key.

Data keys are AES-256 keys (32 bytes), each with a key id (kid). The current key encrypts; every
key in the file decrypts, so a rotation never strands old ciphertexts. The blind-index key is a
separate 32-byte HMAC key: it must not be a data key, because its loss or leak has other
consequences (a leaked blind-index key lets an attacker with the database brute-force the few
billion possible NIKs, but reveals nothing else).

Where the keys live: production names the files with ``EPPID_DATA_KEYS_FILE`` and
``EPPID_BLIND_INDEX_KEY_FILE`` (the process refuses to start without them). Development generates
them on first use under ``$EPPID_DATA_DIR/keys/`` (directory 0700, files 0600). No key is ever
derived from ``SECRET_KEY``: rotating the session key must not make personal data unreadable,
and a leaked ``SECRET_KEY`` must not expose it.

Data-key file formats (both accepted, chosen by the first non-blank character):

* JSON: ``{"current": "k2", "keys": {"k2": "<base64>", "k1": "<base64>"}}``;
* text: one ``kid: base64key`` a line, ``#`` comments; the line marked with a leading ``*`` is the
  current key, otherwise the first line is.

The files are re-read whenever they change on disk (size or modification time), so app servers
pick up a key added by ``rotate_keys`` or by an operator without a restart.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import secrets
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from eppid.conf import private_file_create_once

KEY_BYTES = 32
KID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class KeyFileError(ImproperlyConfigured):
    """A key file is missing, unreadable or malformed: nothing is encrypted or decrypted."""


@dataclass(frozen=True)
class DataKeys:
    current: str
    keys: dict[str, bytes]

    def key(self, kid: str) -> bytes:
        return self.keys[kid]


def _decode_key(kid: str, encoded: str, source: str) -> bytes:
    if not KID_PATTERN.match(kid):
        raise KeyFileError(f"{source}: key id {kid!r} may use only letters, digits, '-' and '_' (max 40)")
    try:
        raw = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyFileError(f"{source}: key {kid!r} is not valid base64") from None
    if len(raw) != KEY_BYTES:
        raise KeyFileError(f"{source}: key {kid!r} must be {KEY_BYTES} bytes, not {len(raw)}")
    return raw


def parse_data_keys(text: str, *, source: str = "data key file") -> DataKeys:
    """Parse a data-key file (JSON or ``kid: base64`` lines); raise KeyFileError with the reason."""
    stripped = text.strip()
    if not stripped:
        raise KeyFileError(f"{source} holds no key")
    if stripped.startswith("{"):
        try:
            document = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise KeyFileError(f"{source} is not valid JSON ({error.msg})") from None
        entries = document.get("keys") if isinstance(document, dict) else None
        if not isinstance(entries, dict) or not entries:
            raise KeyFileError(f'{source} must hold {{"current": kid, "keys": {{kid: base64}}}}')
        keys = {str(kid): _decode_key(str(kid), str(value), source) for kid, value in entries.items()}
        current = document.get("current") or next(iter(keys))
    else:
        keys, marked = {}, []
        for number, line in enumerate(stripped.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("*"):
                line = line[1:].strip()
                marked.append(line.split(":", 1)[0].strip())
            kid, separator, encoded = line.partition(":")
            if not separator:
                raise KeyFileError(f"{source}, line {number}: expected 'kid: base64key'")
            kid = kid.strip()
            if kid in keys:
                raise KeyFileError(f"{source}: key id {kid!r} appears twice")
            keys[kid] = _decode_key(kid, encoded, source)
        if not keys:
            raise KeyFileError(f"{source} holds no key")
        if len(marked) > 1:
            raise KeyFileError(f"{source}: only one key may be marked current with '*'")
        current = marked[0] if marked else next(iter(keys))
    if current not in keys:
        raise KeyFileError(f"{source}: the current key {current!r} is not among the keys")
    return DataKeys(current=current, keys=keys)


def parse_blind_index_key(text: str, *, source: str = "blind-index key file") -> bytes:
    return _decode_key("blind-index", text.strip(), source)


def new_kid() -> str:
    # Sortable by creation time, unique even for two rotations in the same second.
    return "k" + datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%S") + secrets.token_hex(2)


def new_key_b64() -> str:
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def render_data_keys(keys: DataKeys) -> str:
    encoded = {kid: base64.b64encode(value).decode("ascii") for kid, value in keys.keys.items()}
    return json.dumps({"current": keys.current, "keys": encoded}, indent=2) + "\n"


def write_private(path: Path, text: str) -> None:
    """Write a key file atomically, owner-only, in an owner-only directory."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _path(setting: str) -> Path:
    value = getattr(settings, setting, "")
    if not value:
        raise KeyFileError(f"{setting} is not set: it must name the key file")
    return Path(value)


def _development() -> bool:
    return not getattr(settings, "PRODUCTION", False)


def _ensure(path: Path, generate) -> None:
    if path.exists() or not _development():
        return
    private_file_create_once(path, generate().encode())


_cache: dict[tuple, object] = {}
_lock = threading.Lock()


def _load(path: Path, parser):
    try:
        status = path.stat()
        marker = (str(path), status.st_mtime_ns, status.st_size, parser.__name__)
        with _lock:
            if marker in _cache:
                return _cache[marker]
        value = parser(path.read_text(encoding="utf-8"), source=str(path))
    except OSError as error:
        raise KeyFileError(f"cannot read key file {path}: {error.strerror}") from None
    with _lock:
        if len(_cache) > 16:  # files replaced many times in a long-lived process (tests)
            _cache.clear()
        _cache[marker] = value
    return value


def data_keys() -> DataKeys:
    """The data keys now in force (generated in development on first use)."""
    path = _path("EPPID_DATA_KEYS_FILE")
    _ensure(path, lambda: render_data_keys(DataKeys(current=(kid := new_kid()), keys={kid: _fresh()})))
    return _load(path, parse_data_keys)


def blind_index_key() -> bytes:
    path = _path("EPPID_BLIND_INDEX_KEY_FILE")
    _ensure(path, lambda: new_key_b64() + "\n")
    return _load(path, parse_blind_index_key)


def _fresh() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def data_keys_add_current() -> str:
    """Development: generate a new key, make it current, keep the old ones; return its kid."""
    if not _development():
        raise KeyFileError("in production the operator adds new keys to EPPID_DATA_KEYS_FILE")
    path = _path("EPPID_DATA_KEYS_FILE")
    existing = data_keys()
    kid = new_kid()
    while kid in existing.keys:
        kid = new_kid()
    # New key first: a reader of the text format without a marker also takes it as current.
    write_private(path, render_data_keys(DataKeys(current=kid, keys={kid: _fresh(), **existing.keys})))
    return kid


def key_file_problems(data_keys_file: str, blind_index_key_file: str) -> list[str]:
    """Production refusals for the key files: set, readable, well-formed, owner-only."""
    problems: list[str] = []
    parsed: dict[str, object] = {}
    checks = (
        ("EPPID_DATA_KEYS_FILE", data_keys_file, parse_data_keys),
        ("EPPID_BLIND_INDEX_KEY_FILE", blind_index_key_file, parse_blind_index_key),
    )
    for name, value, parser in checks:
        if not value:
            problems.append(f"{name} must name the key file (see docs/operations.md, Keys)")
            continue
        path = Path(value)
        try:
            parsed[name] = parser(path.read_text(encoding="utf-8"), source=name)
        except OSError as error:
            problems.append(f"{name}: cannot read {path} ({error.strerror})")
            continue
        except KeyFileError as error:
            problems.append(str(error))
            continue
        if path.stat().st_mode & 0o077:
            problems.append(f"{name}: {path} must be readable by its owner only (chmod 600)")
    data, blind = parsed.get("EPPID_DATA_KEYS_FILE"), parsed.get("EPPID_BLIND_INDEX_KEY_FILE")
    if isinstance(data, DataKeys) and blind in data.keys.values():
        problems.append("EPPID_BLIND_INDEX_KEY_FILE must hold a key of its own, not one of the data keys")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Print new key material without Django (production refuses to start before keys exist):

    python -m eppid.integrity.keyring data-key         ->  kid: base64key   (a data-key line)
    python -m eppid.integrity.keyring blind-index-key  ->  base64key
    """
    command = (argv if argv is not None else sys.argv[1:]) or [""]
    if command[0] == "data-key":
        print(f"{new_kid()}: {new_key_b64()}")
    elif command[0] == "blind-index-key":
        print(new_key_b64())
    else:
        print("usage: python -m eppid.integrity.keyring {data-key|blind-index-key}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
