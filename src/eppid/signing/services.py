"""Issuing signed documents: ``document_issue`` in the caller's business transaction, and the
retry of documents whose signer was unavailable (``signing_retry_pending``)."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.integrity import crypto
from eppid.integrity.fields import encrypted_file_write
from eppid.signing.keys import SignerUnavailable, key_for_unit, key_load
from eppid.signing.models import CODE_ALPHABET, CODE_LENGTH, DocumentKind, DocumentStatus, IssuedDocument
from eppid.signing.pades import SigningFailed, pdf_readable, pdf_sign
from eppid.signing.selectors import verification_url

logger = logging.getLogger("eppid.signing")


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not IssuedDocument.objects.filter(code=code).exists():
            return code


def _written(doc: IssuedDocument) -> list[str]:
    """Storage names of the files written for ``doc`` by this call (``doc.files_written``): a caller
    whose business transaction rolls back deletes them (the daily orphan sweep catches the rest)."""
    return doc.__dict__.setdefault("files_written", [])


def _sign(doc: IssuedDocument) -> None:
    """Try to sign ``doc`` now; sets its status (signed, pending or failed). The caller saves it."""
    doc.attempts += 1
    try:
        source = doc.source_pdf()
    except (crypto.DecryptionError, OSError) as exc:
        doc.status = DocumentStatus.FAILED
        doc.last_error = f"the unsigned copy cannot be read: {exc}"[:300]
        logger.error("document %s: unsigned copy unreadable: %s", doc.code, exc)
        return
    try:
        key = key_for_unit(doc.unit)
        signed = pdf_sign(
            source,
            key,
            unit_label=f"{doc.unit.name} ({doc.unit.code})",
            code=doc.code_display,
            url=verification_url(doc, absolute=True),
        )
    except SignerUnavailable as exc:
        doc.status = DocumentStatus.PENDING
        doc.last_error = str(exc)[:300]
        logger.warning("document %s left pending: %s", doc.code, exc)
        return
    except SigningFailed as exc:
        doc.status = DocumentStatus.FAILED
        doc.last_error = str(exc)[:300]
        logger.error("signing document %s failed: %s", doc.code, exc)
        return
    _written(doc).append(encrypted_file_write(doc, "file", signed))
    # The unsigned copy is no longer needed (one copy fewer of what it says); removed only once
    # the signed one is committed, so a rolled-back attempt can still be retried.
    source_name = doc.source
    doc.source = ""
    transaction.on_commit(lambda: crypto.encrypted_file_delete(source_name))
    doc.sha256 = hashlib.sha256(signed).hexdigest()
    doc.status = DocumentStatus.SIGNED
    doc.signed_at = timezone.now()
    doc.signer_name = key.info.common_name[:200]
    doc.certificate_name = key.info.name
    doc.certificate_sha256 = key.info.fingerprint
    doc.last_error = ""


def document_issue(*, unit, kind: str, reference: str, pdf: bytes, supersedes=None) -> IssuedDocument:
    """Register and sign ``pdf`` as ``kind`` for ``reference``; call it inside the business transaction.

    The document gets a short public code and a capability token. When the unit's signer is
    unavailable the document is kept ``pending`` (never served) and ``signing_retry_pending``
    signs it later. ``supersedes``: an earlier document this one replaces (the verification page
    then says so).
    """
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": [_("Unknown document kind.")]})
    reference = (reference or "").strip()
    if not reference or len(reference) > 100:
        raise ValidationError({"reference": [_("Give a reference of at most 100 characters.")]})
    if not pdf_readable(pdf):
        raise ValidationError({"pdf": [_("The document is not a readable PDF.")]})
    # No savepoint of its own (two round trips saved): nothing here is caught and retried, so a
    # failure rolls back the caller's business transaction, as it must.
    with transaction.atomic(savepoint=False):
        code = _new_code()
        doc = IssuedDocument(
            code=code,
            kind=kind,
            reference=reference,
            unit=unit,
            status=DocumentStatus.PENDING,
            source_sha256=hashlib.sha256(pdf).hexdigest(),
            access_token=secrets.token_urlsafe(24),
        )
        _written(doc).append(encrypted_file_write(doc, "source", pdf))
        _sign(doc)
        doc.save()
        if supersedes is not None:
            earlier = IssuedDocument.objects.select_for_update().get(pk=supersedes.pk)
            earlier.superseded_by = doc
            earlier.save()
            supersedes.superseded_by = doc
    return doc


@dataclass(frozen=True)
class RetryResult:
    signed: int
    pending: int
    failed: int


def signing_retry_pending(*, unit=None, limit: int = 500) -> RetryResult:
    """Try again to sign every pending or failed document (oldest first; of ``unit`` only when
    given), each in its own transaction."""
    # A waiting document whose unsigned copy was removed under the retention rules cannot be signed.
    waiting = IssuedDocument.objects.filter(
        status__in=[DocumentStatus.PENDING, DocumentStatus.FAILED]
    ).exclude(source="")
    if unit is not None:
        waiting = waiting.filter(unit=unit)
    waiting = list(waiting.order_by("created_at", "pk").values_list("pk", flat=True)[:limit])
    counts = {DocumentStatus.SIGNED: 0, DocumentStatus.PENDING: 0, DocumentStatus.FAILED: 0}
    for pk in waiting:
        with transaction.atomic():
            doc = (
                IssuedDocument.objects.select_for_update()
                .select_related("unit")
                .filter(pk=pk, status__in=[DocumentStatus.PENDING, DocumentStatus.FAILED])
                .exclude(source="")
                .first()
            )
            if doc is None:
                continue  # signed meanwhile by another worker
            _sign(doc)
            doc.save()
            counts[doc.status] += 1
    return RetryResult(
        signed=counts[DocumentStatus.SIGNED],
        pending=counts[DocumentStatus.PENDING],
        failed=counts[DocumentStatus.FAILED],
    )


def unit_certificate_choose(*, unit, name: str, actor):
    """Let ``unit`` sign with the configured certificate ``name`` (stored by name and fingerprint)."""
    from eppid.signing.models import UnitCertificate

    try:
        info = key_load(name).info
    except SignerUnavailable:
        raise ValidationError(
            {"name": [_("This certificate is not configured or cannot be opened.")]}
        ) from None
    with transaction.atomic():
        choice = UnitCertificate.objects.select_for_update().filter(unit=unit).first()
        if choice is None:
            choice = UnitCertificate(unit=unit)
        if choice.pk and choice.name == info.name and choice.fingerprint == info.fingerprint:
            return choice
        choice.name = info.name
        choice.fingerprint = info.fingerprint
        choice.chosen_by = actor
        choice.save()
    return choice
