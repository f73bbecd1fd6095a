"""State of the citizen wizards: answers in the session, uploads in a private, encrypted area.

One state for every configuration of the wizard (wizard.py): each keeps its answers under its own
session key (the request wizard under ``SESSION_KEY``).

Design (see docs/decisions/0901-request-wizard-state.md):
- The session (server-side: database or Redis; the cookie holds only its id) keeps the answers
  of each step as plain strings, and for each uploaded file only a small descriptor: a random
  file id, the file's own AES-256-GCM key, the checked content type and the size.
- The file bytes (already checked and stripped of metadata by document_check) are encrypted with
  that per-file key and written to $EPPID_DATA_DIR/wizard-uploads/<random id> (folder 0700,
  file 0600). Neither half is useful alone: the disk holds ciphertext whose key exists only in
  the session, and the session never holds the document.
- Files are deleted when the request is submitted, when they are replaced, when the citizen
  starts again, when the wizard's state expires (WIZARD_MAX_AGE after it started), and by a
  sweep of files older than UPLOAD_MAX_AGE that runs on every upload and submission.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import secrets
import time
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from eppid.conf import private_file_create_once

SESSION_KEY = "request_wizard"
DONE_KEY = "request_wizard_done"
STEPS = ("unit", "requester-type", "identity", "contact", "information", "access", "documents")
FILE_FIELDS = ("identity_document", "authorisation_document")
WIZARD_MAX_AGE = 6 * 60 * 60  # seconds: an unfinished request is forgotten after six hours
UPLOAD_MAX_AGE = WIZARD_MAX_AGE + 60 * 60
_FILE_ID = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def upload_dir() -> Path:
    path = Path(settings.DATA_DIR) / "wizard-uploads"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def upload_store(content: bytes) -> dict:
    """Encrypt ``content`` with a fresh key into the private area; returns the session descriptor."""
    file_id = secrets.token_urlsafe(32)
    key = AESGCM.generate_key(bit_length=256)
    nonce = secrets.token_bytes(12)
    sealed = nonce + AESGCM(key).encrypt(nonce, content, file_id.encode())
    private_file_create_once(upload_dir() / file_id, sealed)
    return {"id": file_id, "key": base64.b64encode(key).decode()}


def upload_read(descriptor: dict) -> bytes | None:
    file_id = str(descriptor.get("id", ""))
    if not _FILE_ID.match(file_id):
        return None
    try:
        blob = (upload_dir() / file_id).read_bytes()
        key = base64.b64decode(str(descriptor.get("key", "")), validate=True)
        return AESGCM(key).decrypt(blob[:12], blob[12:], file_id.encode())
    except (OSError, ValueError, InvalidTag):
        return None


def upload_delete(descriptor: dict | None) -> None:
    file_id = str((descriptor or {}).get("id", ""))
    if _FILE_ID.match(file_id):
        with contextlib.suppress(OSError):
            (upload_dir() / file_id).unlink()


def uploads_sweep(max_age: int = UPLOAD_MAX_AGE) -> int:
    """Delete uploads older than ``max_age`` seconds (abandoned wizards); returns how many."""
    cutoff = time.time() - max_age
    removed = 0
    for entry in os.scandir(upload_dir()):
        with contextlib.suppress(OSError):
            if entry.is_file() and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
    return removed


class Wizard:
    """The answers so far, read from and written back to the session."""

    def __init__(self, session, key: str = SESSION_KEY):
        # ``key``: another wizard with the same identity steps (the ground-b objection) keeps
        # its answers under its own key.
        self.session = session
        self.key = key
        state = session.get(key)
        if not isinstance(state, dict) or time.time() - float(state.get("started", 0)) > WIZARD_MAX_AGE:
            expired = isinstance(state, dict)
            if expired:
                for descriptor in (state.get("files") or {}).values():
                    upload_delete(descriptor)
            state = {"started": time.time(), "steps": {}, "files": {}}
            if expired:
                session[key] = state
        self.state = state

    # answers -----------------------------------------------------------------------------------
    def answers(self, step: str) -> dict:
        data = self.state["steps"].get(step)
        return dict(data) if isinstance(data, dict) else {}

    def save_answers(self, step: str, data: dict) -> None:
        self.state["steps"][step] = {k: "" if v is None else str(v) for k, v in data.items()}
        self._store()

    def value(self, step: str, name: str, default: str = "") -> str:
        return self.answers(step).get(name, default)

    @property
    def requester_type(self) -> str:
        return self.value("requester-type", "requester_type")

    def files_needed(self) -> list[str]:
        """The uploads the requester type needs: the identity, and a group's power of attorney."""
        return ["identity_document"] + (["authorisation_document"] if self.requester_type == "group" else [])

    # files -------------------------------------------------------------------------------------
    def file(self, name: str) -> dict | None:
        descriptor = (self.state.get("files") or {}).get(name)
        return descriptor if isinstance(descriptor, dict) else None

    def save_file(self, name: str, content: bytes, *, content_type: str, extension: str, filename: str):
        upload_delete(self.file(name))
        descriptor = upload_store(content)
        descriptor.update(
            content_type=content_type, extension=extension, size=len(content), filename=filename[:100]
        )
        self.state.setdefault("files", {})[name] = descriptor
        self._store()

    def drop_file(self, name: str) -> None:
        upload_delete(self.file(name))
        self.state.get("files", {}).pop(name, None)
        self._store()

    # lifecycle ---------------------------------------------------------------------------------
    def reset(self) -> None:
        for descriptor in (self.state.get("files") or {}).values():
            upload_delete(descriptor)
        self.state = {"started": time.time(), "steps": {}, "files": {}}
        self._store()

    def finish(self) -> None:
        for descriptor in (self.state.get("files") or {}).values():
            upload_delete(descriptor)
        self.session.pop(self.key, None)

    def submission_key_made(self) -> str:
        """The key made for these answers, "" if none was made yet (nothing filed with one)."""
        key = self.state.get("submission_key")
        return key if isinstance(key, str) else ""

    def submission_key(self) -> str:
        """The key the submission of these answers files with (decision 1670): made when the check
        page is shown, so a second tap or a resent form carries the same one; any change to the
        answers or files drops it (a key always names one set of answers)."""
        return submission_key_in(self.session, self.key, self.state)

    def _store(self) -> None:
        self.state.pop("submission_key", None)
        self.session[self.key] = self.state
        self.session.modified = True


def submission_key_in(session, session_key: str, state: dict) -> str:
    """The submission key of the answers ``state`` kept under ``session_key`` (decision 1670),
    made and stored with them if they have none yet."""
    key = state.get("submission_key")
    if not isinstance(key, str) or not key:
        key = state["submission_key"] = secrets.token_urlsafe(24)
        session[session_key] = state
        session.modified = True
    return key
