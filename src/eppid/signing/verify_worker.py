"""The verification worker: a child process that reads uploaded PDFs and checks their signatures
under a hard CPU-time and memory budget (docs/decisions/1210-verification-budget.md).

``verify_pool`` starts it as ``python -m eppid.signing.verify_worker``. It imports nothing of
Django and touches no database and no file: each job brings the trust roots and the limits, and
the answer is plain JSON the server turns into a ``Verification``. Frames on stdin and stdout are
a 4-byte big-endian length and a body. The first frame the worker writes is ``{"ready": true}``
(pyHanko imported); a job is two frames (JSON parameters, then the PDF) and gets one answer.

Before each job the worker sets its own limits:
- ``RLIMIT_CPU`` to the CPU time it has used so far plus the job's ``cpu_seconds``: when that is
  spent the kernel ends the process with SIGXCPU, wherever it is (C code included);
- ``RLIMIT_AS`` to ``memory_mb``: an allocation beyond it fails with MemoryError, which the
  worker answers with ``{"error": "memory"}`` before it leaves.
The server's wall-clock timeout kills the worker whatever it does (the limits are soft, so they
guard against expensive input, not against code running in the worker: there is none but ours).

Before any path building it refuses cheaply: more than ``max_signatures`` signature fields, or
a signature carrying more than ``max_certificates`` certificates (its own and those of its
timestamp tokens). Difference analysis of later revisions is skipped: a signature that does not
cover the entire file is "not intact" for e-PPID anyway.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import math
import os
import resource
import select
import struct
import sys
from itertools import islice

from asn1crypto import cms, core
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.decode_limits import DecodeLimits, DocumentDecodeBudget, StreamDecodeLimits
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

HEADER = struct.Struct(">I")
# A worker nobody has asked for this long leaves (the server replaces idle ones sooner).
IDLE_EXIT_SECONDS = 900
# Timestamp tokens inside timestamp tokens: deeper nesting is not looked into (nor validated).
NESTING_MAX = 3
MIB = 1024 * 1024
# pyHanko's limits for untrusted input, tightened: verification decodes only cross-reference and
# object streams (no page content), so no stream needs more than 64 MiB and no file more than
# ten times its size (at least 64 MiB) in all.
DECODE_LIMITS = DecodeLimits(
    per_stream=StreamDecodeLimits(max_output_size=64 * MIB),
    document_budget=DocumentDecodeBudget(base_allowance=64 * MIB, max_ratio=10),
)


# --- frames ---------------------------------------------------------------------------------------


def _read_exactly(stream, size: int) -> bytearray | None:
    buffer = bytearray(size)
    view, done = memoryview(buffer), 0
    while done < size:
        count = stream.readinto(view[done:])
        if not count:
            return None
        done += count
    return buffer


def frame_read(stream) -> bytearray | None:
    """One frame from ``stream`` (unbuffered: reads may come back short), or None at its end."""
    header = _read_exactly(stream, HEADER.size)
    if header is None:
        return None
    return _read_exactly(stream, HEADER.unpack(header)[0])


def frame_write(stream, body: bytes) -> None:
    stream.write(HEADER.pack(len(body)) + body)
    stream.flush()


# --- the checks -----------------------------------------------------------------------------------


def _items(value) -> list:
    return [] if value is None or isinstance(value, core.Void) else list(value)


def certificate_count(signed_data: cms.SignedData, depth: int = 0) -> int:
    """Certificates a CMS signature carries: its own and those of the timestamp tokens (or any
    other signed data) in its signer infos' attributes, which are validated as well."""
    total = len(_items(signed_data["certificates"]))
    if depth >= NESTING_MAX:
        return total
    for signer_info in _items(signed_data["signer_infos"]):
        for attrs in ("signed_attrs", "unsigned_attrs"):
            for attribute in _items(signer_info[attrs]):
                for value in _items(attribute["values"]):
                    if isinstance(value, cms.ContentInfo) and value["content_type"].native == "signed_data":
                        total += certificate_count(value["content"], depth + 1)
    return total


def _memory_exhausted(exc: BaseException | None) -> bool:
    """Whether ``exc`` is, or was caused by, a MemoryError (pyHanko wraps some errors)."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, MemoryError):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _signer_name(status) -> str:
    cert = status.signing_cert
    try:
        names = cert.subject.native
        return names.get("common_name") or cert.subject.human_friendly
    except (ValueError, AttributeError):
        return ""


def verify(params: dict, data: bytes) -> dict:
    """What ``data`` proves, as a JSON-ready dict; ``{"error": ...}`` when it cannot be checked.

    Errors: ``damaged`` (not a readable PDF), ``signatures`` or ``certificates`` (over the cap,
    with ``found`` and ``limit``). A MemoryError propagates (the caller answers and leaves).
    """
    max_signatures = int(params["max_signatures"])
    max_certificates = int(params["max_certificates"])
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False, decode_limits=DECODE_LIMITS)
        # Counted without parsing them: a file with thousands of signatures stops at the cap.
        found = len(list(islice(enumerate_sig_fields(reader, filled_status=True), max_signatures + 1)))
        if found > max_signatures:
            return {"error": "signatures", "found": found, "limit": max_signatures}
        signatures = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - a damaged PDF is an answer, never a crash
        if _memory_exhausted(exc):
            raise MemoryError from exc
        return {"error": "damaged", "reason": type(exc).__name__}
    result = {"signature_count": len(signatures), "problems": []}
    if not signatures:
        return result
    for embedded in signatures:
        try:
            count = certificate_count(embedded.signed_data)
        except Exception as exc:  # noqa: BLE001 - a malformed CMS fails validation below
            if _memory_exhausted(exc):
                raise MemoryError from exc
            continue
        if count > max_certificates:
            return {"error": "certificates", "found": count, "limit": max_certificates}
    result["signed"] = True
    # The last signature covers the most; e-PPID documents carry exactly one.
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(base64.b64decode(root)) for root in params["roots"]],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    try:
        status = validate_pdf_signature(signatures[-1], context, skip_diff=True)
    except Exception as exc:  # noqa: BLE001 - a broken signature is "not intact", not an error
        if _memory_exhausted(exc):
            raise MemoryError from exc
        result["problems"].append(type(exc).__name__)
        return result
    coverage_ok = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    intact = bool(status.intact and status.valid and coverage_ok)
    timestamp = status.timestamp_validity
    signed_at = timestamp.timestamp if timestamp is not None else status.signer_reported_dt
    result.update(
        intact=intact,
        trusted=bool(intact and status.trusted),
        signer=_signer_name(status) or None,
        signed_at=signed_at.isoformat() if signed_at is not None else None,
        timestamped=bool(timestamp is not None and timestamp.intact and timestamp.valid),
    )
    if not coverage_ok:
        result["problems"].append("coverage")
    return result


# --- the process ----------------------------------------------------------------------------------


def _limits_set(params: dict | None) -> None:
    """The job's limits, or (``None``) no memory limit while waiting for and reading the next job."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if params is None:
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        return
    memory = int(params["memory_mb"]) * MIB
    resource.setrlimit(
        resource.RLIMIT_AS, (memory if hard == resource.RLIM_INFINITY else min(memory, hard), hard)
    )
    usage = resource.getrusage(resource.RUSAGE_SELF)
    spent = usage.ru_utime + usage.ru_stime
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    cpu = math.ceil(spent) + int(params["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu if hard == resource.RLIM_INFINITY else min(cpu, hard), hard))


def main() -> int:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # pyHanko logs every failed path with a traceback: the server logs the outcome instead.
    logging.disable(logging.CRITICAL)
    # The protocol gets its own descriptors; anything printed by accident goes to stderr.
    requests = os.fdopen(os.dup(sys.stdin.fileno()), "rb", buffering=0)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, sys.stdin.fileno())
    frame_write(answers, json.dumps({"ready": True}).encode())
    while True:
        readable, _, _ = select.select([requests], [], [], IDLE_EXIT_SECONDS)
        if not readable:
            return 0
        header = frame_read(requests)
        data = frame_read(requests) if header is not None else None
        if data is None:
            return 0
        params = json.loads(header)
        _limits_set(params)
        try:
            answer = verify(params, data)
        except MemoryError:
            del data
            frame_write(answers, b'{"error": "memory"}')
            return 0
        _limits_set(None)
        frame_write(answers, json.dumps(answer).encode())


if __name__ == "__main__":
    sys.exit(main())
