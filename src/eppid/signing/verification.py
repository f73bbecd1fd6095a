"""Checking a PDF: is it signed, intact, trusted, and did e-PPID register exactly these bytes?

The verifier trusts only the roots listed in EPPID_TRUST_ROOTS (PEM files), never the operating
system's list, and fetches nothing from the network (no OCSP/CRL/AIA look-ups).
"""

from __future__ import annotations

import hashlib
import io
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
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from eppid.signing.models import IssuedDocument
from eppid.signing.selectors import document_by_sha256

logger = logging.getLogger("eppid.signing")


class NotAPdf(ValueError):
    """The upload is not a PDF we can read (translated message in ``args[0]``)."""


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


def _validation_context() -> ValidationContext:
    return ValidationContext(
        trust_roots=[root.certificate for root in trust_roots()],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def _signer_name(status) -> str:
    cert = status.signing_cert
    try:
        names = cert.subject.native
        return names.get("common_name") or cert.subject.human_friendly
    except (ValueError, AttributeError):
        return ""


def pdf_verify(data: bytes) -> Verification:
    """What ``data`` proves. Raises NotAPdf for anything that is not a readable PDF."""
    if not data.lstrip()[:5].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise NotAPdf(_("This file is not a PDF."))
    result = Verification(sha256=hashlib.sha256(data).hexdigest())
    result.document = document_by_sha256(result.sha256)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - a damaged PDF is the reader's answer, never a 500
        if result.document is None:
            raise NotAPdf(_("This PDF is damaged or cannot be read.")) from exc
        signatures = []
    result.signature_count = len(signatures)
    if not signatures:
        return result
    result.signed = True
    # The last signature covers the most; e-PPID documents carry exactly one.
    embedded = signatures[-1]
    try:
        status = validate_pdf_signature(embedded, _validation_context())
    except Exception as exc:  # noqa: BLE001 - a broken signature is "not intact", not an error page
        logger.info("signature validation failed: %s", exc)
        result.problems.append(type(exc).__name__)
        return result
    coverage_ok = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    result.intact = bool(status.intact and status.valid and coverage_ok)
    result.trusted = bool(result.intact and status.trusted)
    result.signer = _signer_name(status) or None
    timestamp = status.timestamp_validity
    result.signed_at = timestamp.timestamp if timestamp is not None else status.signer_reported_dt
    if not coverage_ok:
        result.problems.append("coverage")
    return result
