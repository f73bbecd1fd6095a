"""Signed checkpoints as C2SP signed notes (tlog-checkpoint + signed-note, contract section 4).

A checkpoint body is ``<origin>\\n<size>\\n<base64 root>\\n``; the note adds an empty line and
``— <key name> <base64(key hash || Ed25519 signature of the body)>``. The key hash is the first
four bytes of SHA-256(name || "\\n" || 0x01 || public key), as Go's golang.org/x/mod/sumdb/note
computes it, so any verifier of that format accepts our checkpoints.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from eppid.conf import private_file_create_once

ALG_ED25519 = b"\x01"
SIGNATURE_PREFIX = "\u2014 "  # em dash and a space, as the signed-note format requires
KEY_NAME_PATTERN = re.compile(r"^[^\s+]+$")


class NoteError(ValueError):
    """A note or checkpoint that does not parse, or whose signature does not verify."""


@dataclass(frozen=True)
class CheckpointBody:
    origin: str
    size: int
    root: bytes


def key_name() -> str:
    name = settings.EPPID_LOG_KEY_NAME
    if not KEY_NAME_PATTERN.match(name):
        raise ImproperlyConfigured("EPPID_LOG_KEY_NAME must not be empty or contain spaces or '+'")
    return name


def signing_key() -> Ed25519PrivateKey:
    """The log's Ed25519 key: configured in production, created once on first use in development."""
    path = Path(settings.EPPID_LOG_SIGNING_KEY_FILE)
    if not path.exists():
        if settings.PRODUCTION:
            raise ImproperlyConfigured("EPPID_LOG_SIGNING_KEY_FILE must name the log's signing key")
        _create_key_file(path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("EPPID_LOG_SIGNING_KEY_FILE must hold an Ed25519 private key (PEM)")
    return key


def _create_key_file(path: Path) -> None:
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    private_file_create_once(path, pem)


def _raw_public(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_hash(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ALG_ED25519 + public_key).digest()[:4]


def verifier_key() -> str:
    name = key_name()
    public = _raw_public(signing_key().public_key())
    encoded = base64.b64encode(ALG_ED25519 + public).decode()
    return f"{name}+{key_hash(name, public).hex()}+{encoded}"


def checkpoint_body(origin: str, size: int, root: bytes) -> str:
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"


def note_sign(body: str) -> str:
    name, key = key_name(), signing_key()
    signature = key.sign(body.encode())
    stamp = base64.b64encode(key_hash(name, _raw_public(key.public_key())) + signature).decode()
    return f"{body}\n{SIGNATURE_PREFIX}{name} {stamp}\n"


def checkpoint_sign(size: int, root: bytes) -> str:
    return note_sign(checkpoint_body(settings.EPPID_LOG_ORIGIN, size, root))


def note_open(note: str, verifier: str) -> str:
    """The note's body once a signature by ``verifier`` checks; NoteError otherwise."""
    name, hash_hex, encoded = _split_verifier(verifier)
    body, separator, signatures = note.rpartition("\n\n")
    if not separator or not signatures.endswith("\n"):
        raise NoteError("not a signed note")
    body += "\n"
    public = base64.b64decode(encoded)[1:]
    for line in signatures[:-1].split("\n"):
        if not line.startswith(SIGNATURE_PREFIX):
            raise NoteError("malformed signature line")
        signer, _space, stamp = line[len(SIGNATURE_PREFIX) :].partition(" ")
        if signer != name:
            continue
        try:
            raw = base64.b64decode(stamp, validate=True)
        except ValueError as error:
            raise NoteError("signature is not base64") from error
        if raw[:4].hex() != hash_hex:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(raw[4:], body.encode())
        except InvalidSignature as error:
            raise NoteError("signature does not verify") from error
        return body
    raise NoteError("no signature by this key")


def _split_verifier(verifier: str) -> tuple[str, str, str]:
    parts = verifier.strip().split("+", 2)
    if len(parts) != 3 or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
        raise NoteError("malformed verifier key")
    name, hash_hex, encoded = parts
    try:
        raw = base64.b64decode(encoded, validate=True)
    except ValueError as error:
        raise NoteError("verifier key is not base64") from error
    if len(raw) != 33 or raw[:1] != ALG_ED25519 or key_hash(name, raw[1:]).hex() != hash_hex:
        raise NoteError("verifier key does not match its own hash")
    return name, hash_hex, encoded


def checkpoint_parse(body: str) -> CheckpointBody:
    lines = body.split("\n")
    if len(lines) < 4 or lines[-1] != "" or not lines[1].isdigit():
        raise NoteError("not a checkpoint")
    try:
        root = base64.b64decode(lines[2], validate=True)
    except ValueError as error:
        raise NoteError("checkpoint root is not base64") from error
    if len(root) != 32:
        raise NoteError("checkpoint root is not a SHA-256 hash")
    return CheckpointBody(origin=lines[0], size=int(lines[1]), root=root)
