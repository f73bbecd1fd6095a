"""Issuing signed documents: ``document_issue`` in the caller's business transaction;
``document_register`` + ``document_finish`` for a document laid out and signed after it commits
(decision 1430); and the retry of documents whose signer was unavailable (``signing_retry_pending``)."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.integrity import crypto
from eppid.integrity.fields import encrypted_file_write
from eppid.integrity.signals import entries_batched
from eppid.signing.keys import SignerUnavailable, key_for_unit, key_load
from eppid.signing.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    DocumentKind,
    DocumentStatus,
    IssuedDocument,
    UnitCertificate,
)
from eppid.signing.pades import SigningFailed, pdf_readable, pdf_sign
from eppid.signing.selectors import verification_url

logger = logging.getLogger("eppid.signing")


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not IssuedDocument.objects.filter(code=code).exists():
            return code


class _Unjournaled:
    """Where written files go when the caller keeps no journal (the daily orphan sweep removes
    what a rolled-back transaction left)."""

    def add(self, name: str) -> str:
        return name


def _signature(doc: IssuedDocument, source: bytes):
    """``(signed bytes, key, status, error)``: the signature of ``source`` for ``doc`` (no database
    write, no lock: callers may run it outside any transaction)."""
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
        logger.warning("document %s left pending: %s", doc.code, exc)
        return None, None, DocumentStatus.PENDING, str(exc)[:300]
    except SigningFailed as exc:
        logger.error("signing document %s failed: %s", doc.code, exc)
        return None, None, DocumentStatus.FAILED, str(exc)[:300]
    return signed, key, DocumentStatus.SIGNED, ""


def _signed_store(doc: IssuedDocument, signed: bytes, key, journal) -> None:
    """Keep ``signed`` as ``doc``'s signed copy and name its signer. The caller saves ``doc``."""
    journal.add(encrypted_file_write(doc, "file", signed))
    doc.sha256 = hashlib.sha256(signed).hexdigest()
    doc.status = DocumentStatus.SIGNED
    doc.signed_at = timezone.now()
    doc.signer_name = key.info.common_name[:200]
    doc.certificate_name = key.info.name
    doc.certificate_sha256 = key.info.fingerprint
    doc.last_error = ""


def _sign(doc: IssuedDocument, journal) -> None:
    """Try to sign ``doc`` now; sets its status (signed, pending or failed). The caller saves it;
    the file written is added to ``journal`` (deleted by the caller if its transaction fails)."""
    doc.attempts += 1
    try:
        source = doc.source_pdf()
    except (crypto.DecryptionError, OSError) as exc:
        doc.status = DocumentStatus.FAILED
        doc.last_error = f"the unsigned copy cannot be read: {exc}"[:300]
        logger.error("document %s: unsigned copy unreadable: %s", doc.code, exc)
        return
    signed, key, status, error = _signature(doc, source)
    if signed is None:
        doc.status, doc.last_error = status, error
        return
    _signed_store(doc, signed, key, journal)
    # The unsigned copy is no longer needed (one copy fewer of what it says); removed only once
    # the signed one is committed, so a rolled-back attempt can still be retried.
    source_name = doc.source
    doc.source = ""
    transaction.on_commit(lambda: crypto.encrypted_file_delete(source_name))


def _document_check(kind: str, reference: str) -> str:
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": [_("Unknown document kind.")]})
    reference = (reference or "").strip()
    if not reference or len(reference) > 100:
        raise ValidationError({"reference": [_("Give a reference of at most 100 characters.")]})
    return reference


def document_issue(
    *, unit, kind: str, reference: str, pdf: bytes, supersedes=None, journal=None
) -> IssuedDocument:
    """Register and sign ``pdf`` as ``kind`` for ``reference``; call it inside the business transaction.

    ``journal`` (anything with ``add(storage_name)``, e.g. the caller's ``FileJournal``) is given
    the name of every file written, so the caller deletes them if its transaction does not commit.
    The document gets a short public code and a capability token. When the unit's signer is
    unavailable the document is kept ``pending`` (never served) and ``signing_retry_pending``
    signs it later. ``supersedes``: an earlier document this one replaces (the verification page
    then says so).
    """
    reference = _document_check(kind, reference)
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
        journal = _Unjournaled() if journal is None else journal
        journal.add(encrypted_file_write(doc, "source", pdf))
        _sign(doc, journal)
        doc.save()
        if supersedes is not None:
            earlier = IssuedDocument.objects.select_for_update().get(pk=supersedes.pk)
            earlier.superseded_by = doc
            earlier.save()
            supersedes.superseded_by = doc
    return doc


# --- Documents rendered and signed after the business transaction (decision 1430) -------------


@dataclass(frozen=True)
class Rendered:
    """A registered document's unsigned PDF, made again by its domain, and what the domain does in
    the transaction that stores it (``issued``, e.g. the email with the receipt attached), from
    the records it read once to make both."""

    pdf: bytes
    issued: Callable[[IssuedDocument], None] | None = None


# How each kind of registered document is made again: ``render(doc)``, None when it cannot be.
_PAPERS: dict[str, Callable[[IssuedDocument], Rendered | None]] = {}
# A document registered but not yet rendered is left to the request that registered it this long
# before the retry renders it itself (that request normally finishes it within a second).
FINISH_GRACE = timedelta(minutes=1)


def paper_register(kind: str, *, render: Callable[[IssuedDocument], Rendered | None]) -> None:
    """Declare how documents of ``kind`` registered with ``document_register`` are rendered again."""
    _PAPERS[str(kind)] = render


def awaiting_render(doc: IssuedDocument) -> bool:
    """Registered by ``document_register`` and not rendered yet (no unsigned copy was ever made)."""
    return doc.status != DocumentStatus.SIGNED and not doc.source and not doc.source_sha256


def document_register(*, unit, kind: str, reference: str) -> IssuedDocument:
    """Register a document in the business transaction WITHOUT rendering or signing it.

    The row fixes the document's code and capability URL (pending: never served). The caller
    renders and signs it with ``document_finish`` once its transaction has committed, so neither
    runs while the transparency log is locked; if that never happens (the process died), the
    signing retry renders it with the kind's ``paper_register``-ed renderer.
    """
    reference = _document_check(kind, reference)
    with transaction.atomic(savepoint=False):
        doc = IssuedDocument(
            code=_new_code(),
            kind=kind,
            reference=reference,
            unit=unit,
            status=DocumentStatus.PENDING,
            source_sha256="",
            access_token=secrets.token_urlsafe(24),
        )
        doc.save()
    return doc


def document_finish(doc: IssuedDocument, *, pdf: bytes | None = None, issued=None) -> IssuedDocument:
    """Render (unless ``pdf`` is given), sign and store a document from ``document_register``.

    Call it after the registering transaction committed: rendering and signing run with no lock
    held; then one short transaction stores the signed copy (or, when the signer is unavailable,
    the unsigned one for the retry) and runs ``issued`` (by default, when it renders the document
    itself, the kind's). A document that another worker finished meanwhile is left as it is.
    Never raises for an operational failure: the document then stays waiting and the retry
    finishes it (the caller's record is committed).
    """
    written: list[str] = []

    class _Journal:
        def add(self, name: str) -> str:
            if name:
                written.append(name)
            return name

    try:
        if pdf is None:
            render = _PAPERS.get(doc.kind)
            rendered = render(doc) if render is not None else None
            if rendered is None:
                logger.error("document %s: no way to render it", doc.code)
                return doc
            pdf, issued = rendered.pdf, issued or rendered.issued
        signed, key, status, error = _signature(doc, pdf)
        # The entries of this transaction (the document's update, its email's) are appended
        # together at its end: the log is locked for one statement and the commit (decision 1610).
        with transaction.atomic(), entries_batched():
            # Lock the document's row only (of=self): FOR UPDATE over the join would lock the unit's
            # row too, which every new request's foreign key check waits for while it holds the
            # log lock that this transaction is about to take (a deadlock).
            row = (
                IssuedDocument.objects.select_for_update(of=("self",), no_key=True)
                .select_related("unit")
                .filter(pk=doc.pk)
                .first()
            )
            if row is None or not awaiting_render(row):
                return row or doc  # finished meanwhile by another worker
            row.attempts += 1
            row.source_sha256 = hashlib.sha256(pdf).hexdigest()
            if signed is not None:
                _signed_store(row, signed, key, _Journal())
            else:
                _Journal().add(encrypted_file_write(row, "source", pdf))
                row.status, row.last_error = status, error
            row.save()
            if issued is not None:
                issued(row)
    except Exception:  # noqa: BLE001 - the record is committed; the retry finishes the document
        logger.exception("document %s: finishing failed; left for the signing retry", doc.code)
        for name in written:
            with contextlib.suppress(OSError):
                crypto.encrypted_file_delete(name)
        return doc
    return row


def _finish_waiting(unit, limit: int, counts: dict) -> None:
    """Render and sign registered documents whose request did not finish them (it died)."""
    waiting = IssuedDocument.objects.filter(
        status__in=[DocumentStatus.PENDING, DocumentStatus.FAILED],
        source="",
        source_sha256="",
        created_at__lt=timezone.now() - FINISH_GRACE,
    )
    if unit is not None:
        waiting = waiting.filter(unit=unit)
    for doc in waiting.select_related("unit").order_by("created_at", "pk")[:limit]:
        done = document_finish(doc)
        if not awaiting_render(done):
            counts[done.status] += 1


@dataclass(frozen=True)
class RetryResult:
    signed: int
    pending: int
    failed: int


def signing_retry_pending(*, unit=None, limit: int = 500) -> RetryResult:
    """Try again to sign every pending or failed document (oldest first; of ``unit`` only when
    given), each in its own transaction; then lay out and sign the registered documents that the
    request registering them did not finish (``document_register``, older than ``FINISH_GRACE``)."""
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
                IssuedDocument.objects.select_for_update(of=("self",), no_key=True)  # not the unit: see above
                .select_related("unit")
                .filter(pk=pk, status__in=[DocumentStatus.PENDING, DocumentStatus.FAILED])
                .exclude(source="")
                .first()
            )
            if doc is None:
                continue  # signed meanwhile by another worker
            _sign(doc, _Unjournaled())
            doc.save()
            counts[doc.status] += 1
    _finish_waiting(unit, limit, counts)
    return RetryResult(
        signed=counts[DocumentStatus.SIGNED],
        pending=counts[DocumentStatus.PENDING],
        failed=counts[DocumentStatus.FAILED],
    )


def unit_certificate_choose(*, unit, name: str, actor):
    """Let ``unit`` sign with the configured certificate ``name`` (stored by name and fingerprint)."""
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
