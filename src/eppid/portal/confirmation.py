"""The confirmation page of a citizen wizard: the number and the tracking code, shown once.

The done handler leaves the confirmation record in the session (``done_key``). Its first view
shows it and seals it (decision 1681): the record is encrypted (AES-256-GCM) with a fresh random
key that only the page's own language-switch links carry, in the query (``?tampil=<key>``); the
session keeps the ciphertext, the SHA-256 of the key and the time of the first view. For
``CONFIRMATION_REPEAT_SECONDS`` a GET that brings the key (the citizen switching language, and
back) shows the same confirmation again. A GET without it (a reload of the bare address, the next
user of a shared computer), with another key or later, shows the "already shown" page and drops
the record. Neither half alone gives the code back: the session holds no key, the link no record.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from datetime import date

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.http import HttpRequest
from django.shortcuts import render

CONFIRMATION_REPEAT_SECONDS = 30 * 60  # the page's language switch shows it again this long
REPEAT_PARAMETER = "tampil"
_KEY_BYTES = 32


def confirmation_waiting(session, done_key: str) -> bool:
    """A confirmation (shown or not yet) is kept under ``done_key``: a late second send of the
    check page goes there rather than to an empty wizard."""
    return isinstance(session.get(done_key), dict)


def confirmation_page(request: HttpRequest, done_key: str, template: str, gone_template: str):
    """The confirmation, shown once, and again only through its own language switch for a while."""
    kept = request.session.get(done_key)
    if isinstance(kept, dict) and "sealed" not in kept:
        record, key = kept, _seal(request.session, done_key, kept)
    else:
        key = str(request.GET.get(REPEAT_PARAMETER, ""))
        record = _unsealed(kept, key, done_key)
        if record is None:
            request.session.pop(done_key, None)
            return render(request, gone_template)
    done = {**record, "due_date": date.fromisoformat(record["due_date"])}
    return render(request, template, {"done": done, "language_query": {REPEAT_PARAMETER: key}})


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def _seal(session, done_key: str, record: dict) -> str:
    """Keep ``record`` encrypted under a fresh key; returns the key (for the page's links only)."""
    raw = secrets.token_bytes(_KEY_BYTES)
    key = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    nonce = secrets.token_bytes(12)
    sealed = nonce + AESGCM(raw).encrypt(nonce, json.dumps(record).encode(), done_key.encode())
    session[done_key] = {
        "sealed": base64.b64encode(sealed).decode(),
        "check": _digest(key),
        "shown_at": time.time(),
    }
    session.modified = True
    return key


def _unsealed(kept, key: str, done_key: str) -> dict | None:
    """The record sealed in ``kept`` if ``key`` is its key and the first view is recent; else None."""
    if not isinstance(kept, dict) or not key or len(key) > 100:
        return None
    try:
        age = time.time() - float(kept.get("shown_at", 0))
    except (TypeError, ValueError):
        return None
    if not 0 <= age <= CONFIRMATION_REPEAT_SECONDS:
        return None
    if not hmac.compare_digest(str(kept.get("check", "")).encode(), _digest(key).encode()):
        return None
    try:
        raw = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))
        sealed = base64.b64decode(str(kept.get("sealed", "")), validate=True)
        plain = AESGCM(raw).decrypt(sealed[:12], sealed[12:], done_key.encode())
        record = json.loads(plain)
    except (binascii.Error, ValueError, InvalidTag):
        return None
    return record if isinstance(record, dict) else None
