"""ClamAV for every upload: a small clamd client (INSTREAM) behind ``EPPID_UPLOAD_SCANNER``.

Configured by the environment (settings; README): ``EPPID_CLAMD_SOCKET`` (clamd's local socket,
``LocalSocket`` in clamd.conf) or ``EPPID_CLAMD_ADDRESS`` (``host:port``, ``TCPSocket``), and
``EPPID_CLAMD_TIMEOUT_SECONDS``. Either one makes ``clamav_scan`` the upload scanner, so
``eppid.core.uploads.upload_inspect`` (and the catalog's document check) call it on every file
after the size and type checks and before any parser.

``clamav_scan(content, *, kind)`` returns when clamd answers ``OK``; otherwise it raises
``ValidationError``:

- ``file_infected``: clamd found a signature; the message says the file was refused because it
  holds a virus (the signature's name goes to the log, not to the uploader);
- ``file_not_scanned``: clamd did not answer, answered an error (a file past its
  ``StreamMaxLength``, a database being reloaded) or answered something else. Fail closed
  (docs/decisions/1451-clamav-fail-closed.md): the uploader is asked to try again later and the
  operator finds the reason in the log (``eppid.uploads``).

The protocol (clamd(8), "INSTREAM"): ``zINSTREAM\\0``, then chunks of a 4-byte big-endian
length and that many bytes, then a zero length; clamd answers one NUL-terminated line,
``stream: OK``, ``stream: <name> FOUND`` or ``<reason> ERROR``. One connection per file.
"""

from __future__ import annotations

import logging
import socket
import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger("eppid.uploads")

CHUNK = 64 * 1024
MAX_REPLY = 4096


class ClamdError(Exception):
    """clamd could not give a verdict (unreachable, an error reply, a reply we do not know)."""


def _connect(timeout: float) -> socket.socket:
    path = getattr(settings, "EPPID_CLAMD_SOCKET", "")
    if path:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(timeout)
        try:
            connection.connect(path)
        except OSError:
            connection.close()
            raise
        return connection
    host, _sep, port = settings.EPPID_CLAMD_ADDRESS.rpartition(":")
    return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)


def _reply(connection: socket.socket) -> str:
    data = b""
    while b"\0" not in data and len(data) < MAX_REPLY:
        chunk = connection.recv(MAX_REPLY)
        if not chunk:
            break
        data += chunk
    return data.split(b"\0", 1)[0].decode("utf-8", "replace").strip()


def clamd_instream(content: bytes, *, timeout: float | None = None) -> str | None:
    """The name of the signature clamd finds in ``content``, or None when it answers OK.

    Raises ``ClamdError`` when there is no verdict."""
    timeout = settings.EPPID_CLAMD_TIMEOUT_SECONDS if timeout is None else timeout
    try:
        with _connect(timeout) as connection:
            connection.sendall(b"zINSTREAM\0")
            view = memoryview(content)
            try:
                for start in range(0, len(view), CHUNK):
                    piece = view[start : start + CHUNK]
                    connection.sendall(struct.pack(">I", len(piece)) + piece)
                connection.sendall(struct.pack(">I", 0))
            except BrokenPipeError:
                pass  # clamd stops reading past StreamMaxLength and says so: read its reply
            reply = _reply(connection)
    except (OSError, ValueError) as error:  # refused, no such socket, timeout; a bad host:port
        raise ClamdError(f"clamd unreachable: {error}") from error
    if reply == "stream: OK":
        return None
    if reply.startswith("stream: ") and reply.endswith(" FOUND"):
        return reply.removeprefix("stream: ").removesuffix(" FOUND")
    raise ClamdError(f"clamd answered {reply[:200]!r}")


def clamav_scan(content: bytes, *, kind: str) -> None:
    """The upload scanner (``EPPID_UPLOAD_SCANNER``): refuse an infected file, and any file clamd
    could not check."""
    try:
        found = clamd_instream(content)
    except ClamdError as error:
        logger.error("Upload refused unscanned (%s, %s bytes): %s", kind, len(content), error)
        raise ValidationError(
            _(
                "The file could not be checked for viruses just now, so it was not accepted. "
                "Nothing was saved; try again in a few minutes."
            ),
            code="file_not_scanned",
        ) from None
    if found is not None:
        logger.warning("Upload refused: clamd found %s (%s, %s bytes)", found, kind, len(content))
        raise ValidationError(
            _(
                "The file contains a virus or other malicious content and was not accepted. "
                "Check your device with an antivirus program, then scan or save the document again."
            ),
            code="file_infected",
        )


__all__ = ["ClamdError", "clamav_scan", "clamd_instream"]
