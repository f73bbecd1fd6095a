"""Authenticated encryption of personal data (AES-256-GCM) and the blind index.

A value is stored as ``v1:<kid>:<base64 nonce>:<base64 ciphertext+tag>``. The additional
authenticated data (AAD) names where the value belongs ("<table>.<column>:<row id>" for fields):
a ciphertext copied to another row, column or table no longer decrypts. The nonce is 96 random
bits; with one key that is safe for far more than 2**32 encryptions' worth of our data, and
rotation starts a new key long before.

Files use the same scheme in a binary envelope: ``EPPIDF1`` | kid length | kid | nonce |
ciphertext+tag, under random names in ``MEDIA_ROOT/encrypted/``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from eppid.integrity import filehold, keyring

VERSION = "v1"
NONCE_BYTES = 12
FILE_MAGIC = b"EPPIDF1"
FILE_DIRECTORY = "encrypted"


class DecryptionError(Exception):
    """The value cannot be decrypted: wrong place (AAD), unknown or wrong key, or tampering."""


def encrypt(plaintext: bytes, *, aad: bytes) -> str:
    keys = keyring.data_keys()
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(keys.key(keys.current)).encrypt(nonce, plaintext, aad)
    return ":".join((VERSION, keys.current, _b64(nonce), _b64(sealed)))


def decrypt(value: str, *, aad: bytes) -> bytes:
    kid, nonce, sealed = _split(value)
    return _open(kid, nonce, sealed, aad)


def key_id(value: str) -> str:
    """The kid a stored value was encrypted with (raises DecryptionError if it is no ciphertext)."""
    return _split(value)[0]


def reencrypt(value: str, *, aad: bytes) -> str:
    """The same plaintext under the current key; a value already under it comes back unchanged."""
    if key_id(value) == keyring.data_keys().current:
        return value
    return encrypt(decrypt(value, aad=aad), aad=aad)


def blind_index(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of a normalised value, separated by purpose so equal values of different kinds
    (a NIK and a phone number) never share an index. Normalising is the caller's job."""
    if not purpose or "\x00" in purpose:
        raise ValueError("blind_index needs a purpose without NUL characters")
    message = purpose.encode("utf-8") + b"\x00" + value.encode("utf-8")
    return hmac.new(keyring.blind_index_key(), message, hashlib.sha256).hexdigest()


def mask_nik(nik: str) -> str:
    """Show the region code (first 4 digits) and the last 4, hide the birth date and the rest:
    '3504011201900001' -> '3504********0001'. Anything not a 16-character value is fully masked."""
    nik = (nik or "").strip()
    if len(nik) != 16:
        return "*" * len(nik)
    return nik[:4] + "*" * 8 + nik[-4:]


# --- files ----------------------------------------------------------------------------------------


def encrypted_file_save(content: bytes, *, aad: bytes) -> str:
    """Encrypt and store bytes under a random name in the default storage; return the name."""
    name = f"{FILE_DIRECTORY}/{secrets.token_hex(1)}/{secrets.token_hex(16)}.bin"
    saved = default_storage.save(name, ContentFile(_seal_file(content, aad)))
    return saved


def encrypted_file_open(name: str, *, aad: bytes) -> bytes:
    with default_storage.open(name, "rb") as handle:
        blob = handle.read()
    kid, nonce, sealed = _split_file(blob)
    return _open(kid, nonce, sealed, aad)


def encrypted_file_key_id(name: str) -> str:
    with default_storage.open(name, "rb") as handle:
        head = handle.read(len(FILE_MAGIC) + 1 + 255)
    return _split_file(head, header_only=True)[0]


def encrypted_file_delete(name: str) -> None:
    """Delete a ciphertext file no committed row names any more (not while a backup runs)."""
    filehold.stored_file_delete(name)


# --- internals ------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _split(value: str) -> tuple[str, bytes, bytes]:
    parts = value.split(":") if isinstance(value, str) else []
    if len(parts) != 4 or parts[0] != VERSION:
        raise DecryptionError("not an encrypted value of version v1")
    try:
        nonce = base64.b64decode(parts[2], validate=True)
        sealed = base64.b64decode(parts[3], validate=True)
    except (binascii.Error, ValueError):
        raise DecryptionError("the encrypted value is damaged (bad base64)") from None
    if len(nonce) != NONCE_BYTES:
        raise DecryptionError("the encrypted value is damaged (bad nonce)")
    return parts[1], nonce, sealed


def _open(kid: str, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
    keys = keyring.data_keys()
    if kid not in keys.keys:
        raise DecryptionError(f"no data key with id {kid!r} (was it removed too early?)")
    try:
        return AESGCM(keys.key(kid)).decrypt(nonce, sealed, aad)
    except InvalidTag:
        raise DecryptionError(
            "authentication failed: the value was altered, moved to another record, or the key is wrong"
        ) from None


def _seal_file(content: bytes, aad: bytes) -> bytes:
    keys = keyring.data_keys()
    kid = keys.current.encode("ascii")
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(keys.key(keys.current)).encrypt(nonce, content, aad)
    return FILE_MAGIC + bytes([len(kid)]) + kid + nonce + sealed


def _split_file(blob: bytes, *, header_only: bool = False) -> tuple[str, bytes, bytes]:
    if not blob.startswith(FILE_MAGIC) or len(blob) < len(FILE_MAGIC) + 1:
        raise DecryptionError("not an encrypted e-PPID file")
    offset = len(FILE_MAGIC)
    length = blob[offset]
    kid_bytes = blob[offset + 1 : offset + 1 + length]
    if len(kid_bytes) != length:
        raise DecryptionError("the encrypted file is damaged (short header)")
    kid = kid_bytes.decode("ascii", errors="replace")
    if header_only:
        return kid, b"", b""
    start = offset + 1 + length
    nonce, sealed = blob[start : start + NONCE_BYTES], blob[start + NONCE_BYTES :]
    if len(nonce) != NONCE_BYTES:
        raise DecryptionError("the encrypted file is damaged (short header)")
    return kid, nonce, sealed
