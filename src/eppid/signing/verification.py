"""Checking a PDF: is it signed, intact, trusted, and did e-PPID register exactly these bytes?

The verifier trusts only the roots listed in EPPID_TRUST_ROOTS (PEM files), never the operating
system's list, and fetches nothing from the network (no OCSP/CRL/AIA look-ups). The PDF itself
is read and checked in a worker process under a CPU-time and memory budget (``verify_worker``,
``verify_pool``; docs/decisions/1210-verification-budget.md): an upload crafted to be expensive
costs at most that budget and gets a clear answer.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509 as crypto_x509
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from eppid.signing import verify_pool
from eppid.signing.models import IssuedDocument
from eppid.signing.selectors import document_by_sha256

logger = logging.getLogger("eppid.signing")


class Unverifiable(ValueError):
    """The upload will not be checked (translated message in ``args[0]``)."""


class NotAPdf(Unverifiable):
    """The upload is not a PDF we can read."""


@dataclass(frozen=True)
class TrustRoot:
    path: str
    subject: str
    fingerprint: str
    certificate: asn1_x509.Certificate = field(repr=False, compare=False)


@dataclass
class Verification:
    sha256: str
    signed: bool = False
    intact: bool = False
    trusted: bool = False
    timestamped: bool = False  # PAdES B-T: the signing time comes from a timestamp authority
    signer: str | None = None
    signed_at: datetime | None = None
    signature_count: int = 0
    document: IssuedDocument | None = None
    problems: list[str] = field(default_factory=list)
    filename: str = ""

    @property
    def registered(self) -> bool:
        return self.document is not None

    @property
    def superseded(self) -> bool:
        return bool(self.document and self.document.superseded_by_id)

    @property
    def verdict(self) -> str:
        """One word for the page: authentic, changed, not_registered or unsigned."""
        if self.registered and self.intact:
            return "authentic"
        if self.signed and not self.intact:
            return "changed"
        if self.signed:
            return "not_registered"
        return "unsigned"


def _roots_from(paths: tuple[str, ...]) -> tuple[TrustRoot, ...]:
    roots = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError:
            logger.warning("trust root %s cannot be read; skipped", path)
            continue
        blocks = (
            [der for _type, _headers, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
        )
        for der in blocks:
            try:
                cert = asn1_x509.Certificate.load(der)
                subject = crypto_x509.load_der_x509_certificate(der).subject.rfc4514_string()
            except ValueError:
                logger.warning("trust root %s holds something that is not a certificate; skipped", path)
                continue
            roots.append(
                TrustRoot(
                    path=path, subject=subject, fingerprint=hashlib.sha256(der).hexdigest(), certificate=cert
                )
            )
    return tuple(roots)


@lru_cache(maxsize=4)
def _roots_cached(paths: tuple[str, ...], stamp: tuple) -> tuple[TrustRoot, ...]:
    return _roots_from(paths)


def trust_roots() -> tuple[TrustRoot, ...]:
    """The configured roots (re-read when a file changes)."""
    paths = tuple(settings.EPPID_TRUST_ROOTS)
    stamp = tuple(Path(p).stat().st_mtime_ns if Path(p).exists() else 0 for p in paths)
    return _roots_cached(paths, stamp)


class TooMuchWork(Unverifiable):
    """The file is over a structural cap or spent its verification budget (translated message)."""


class VerifierBusy(Exception):
    """No verification worker was free, or the check outlived its wall-clock timeout (translated
    message in ``args[0]``; ask again after ``retry_after`` seconds)."""

    retry_after = 30


def _budget() -> dict:
    return {
        "roots": [base64.b64encode(root.certificate.dump()).decode() for root in trust_roots()],
        "cpu_seconds": settings.EPPID_VERIFY_CPU_SECONDS,
        "memory_mb": settings.EPPID_VERIFY_MEMORY_MB,
        "max_signatures": settings.EPPID_VERIFY_MAX_SIGNATURES,
        "max_certificates": settings.EPPID_VERIFY_MAX_CERTIFICATES,
    }


def _worker_answer(data: bytes) -> dict:
    """The worker's findings on ``data``; raises TooMuchWork or VerifierBusy."""
    try:
        answer = verify_pool.pool().run(
            _budget(),
            data,
            timeout=settings.EPPID_VERIFY_TIMEOUT_SECONDS,
            size=settings.EPPID_VERIFY_WORKERS,
        )
    except verify_pool.BudgetExceeded as exc:
        logger.warning("verification of a %s-byte upload stopped: %s budget", len(data), exc.reason)
        raise TooMuchWork(
            _(
                "Checking this PDF takes more work than e-PPID allows for one file, so it was not "
                "checked. e-PPID documents are checked in a moment: make sure you chose the right file."
            )
        ) from exc
    except verify_pool.VerifierUnavailable as exc:
        logger.warning("verification of a %s-byte upload not done: %s", len(data), exc)
        raise VerifierBusy(
            _("The document checker is busy right now, so this file was not checked. Try again in a minute.")
        ) from exc
    error = answer.get("error")
    if error == "signatures":
        raise TooMuchWork(
            _(
                "This PDF carries more than %(limit)s signatures; e-PPID checks files with at most "
                "%(limit)s. e-PPID documents carry one."
            )
            % {"limit": answer["limit"]}
        )
    if error == "certificates":
        raise TooMuchWork(
            _(
                "A signature in this PDF carries %(found)s certificates; e-PPID checks at most "
                "%(limit)s per signature. e-PPID documents carry only a few."
            )
            % {"found": answer["found"], "limit": answer["limit"]}
        )
    return answer


def pdf_verify(data: bytes) -> Verification:
    """What ``data`` proves. Raises NotAPdf or TooMuchWork for a file we will not check, and
    VerifierBusy when no worker can check it now. The PDF is read in a worker process with a
    CPU-time and memory budget (``verify_worker``), never in the server process."""
    if not data.lstrip()[:5].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise NotAPdf(_("This file is not a PDF."))
    result = Verification(sha256=hashlib.sha256(data).hexdigest())
    result.document = document_by_sha256(result.sha256)
    answer = _worker_answer(data)
    if answer.get("error") == "damaged":
        if result.document is None:
            raise NotAPdf(_("This PDF is damaged or cannot be read."))
        return result
    result.signature_count = answer["signature_count"]
    result.problems = list(answer["problems"])
    if not result.signature_count:
        return result
    result.signed = True
    result.intact = bool(answer.get("intact"))
    result.trusted = bool(answer.get("trusted"))
    result.timestamped = bool(answer.get("timestamped"))
    result.signer = answer.get("signer")
    result.signed_at = datetime.fromisoformat(answer["signed_at"]) if answer.get("signed_at") else None
    if result.problems:
        logger.info("signature validation: %s", ", ".join(result.problems))
    return result
