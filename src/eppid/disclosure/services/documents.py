"""The signed receipt and written notice of a request, issued inside the business transaction.

``eppid.signing.services.document_issue`` signs them with the unit's key; when the signer is
unavailable the document is kept pending (never served: its URL answers 404) and the signing
retry signs it later. A citizen never receives an unsigned document.
"""

from __future__ import annotations

from eppid.disclosure import papers
from eppid.signing.models import DocumentKind
from eppid.signing.selectors import document_url as signed_document_url
from eppid.signing.services import document_issue


def _journal(journal, doc) -> None:
    """Files written for ``doc`` go when the business transaction does not commit."""
    if journal is not None:
        for stored in (doc.source, doc.file):
            if stored:
                journal.add(stored.name)


def receipt_issue(request, *, leaf_index: int, leaf_hash: str, journal=None):
    """Issue the signed receipt (tanda bukti) of ``request`` and link it; the caller holds the transaction."""
    pdf = papers.receipt_pdf(request, leaf_index=leaf_index, leaf_hash=leaf_hash)
    doc = document_issue(
        unit=request.unit, kind=DocumentKind.RECEIPT, reference=request.registration_number, pdf=pdf
    )
    _journal(journal, doc)
    request.receipt = doc
    request.save()
    return doc


def notice_issue(decision, *, journal=None):
    """Issue the signed written notice of ``decision`` and link it; the caller holds the transaction."""
    doc = document_issue(
        unit=decision.request.unit,
        kind=DocumentKind.NOTICE,
        reference=decision.request.registration_number,
        pdf=papers.notice_pdf(decision),
    )
    _journal(journal, doc)
    decision.notice = doc
    decision.save()
    return doc


def document_url(doc) -> str | None:
    """The capability path of a signed document (404 while its signing is pending); None for none."""
    if doc is None:
        return None
    return signed_document_url(doc)


def document_ready_url(doc) -> str:
    """The capability path when ``doc`` is signed; "" while it is being prepared (for pages)."""
    return signed_document_url(doc) if doc is not None and doc.is_signed else ""
