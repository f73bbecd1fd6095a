"""The signed objection receipt and written response, issued inside the business transaction
(eppid.signing: pending while the signer is unavailable, never served unsigned)."""

from __future__ import annotations

from eppid.objections import papers
from eppid.signing.models import DocumentKind
from eppid.signing.selectors import document_url as signed_document_url
from eppid.signing.services import document_issue


def receipt_issue(objection, *, leaf_index: int, leaf_hash: str, journal=None):
    pdf = papers.receipt_pdf(objection, leaf_index=leaf_index, leaf_hash=leaf_hash)
    doc = document_issue(
        unit=objection.unit,
        kind=DocumentKind.OBJECTION_RECEIPT,
        reference=objection.number,
        pdf=pdf,
        journal=journal,
    )
    objection.receipt = doc
    objection.save()
    return doc


def response_issue(objection, *, journal=None):
    doc = document_issue(
        unit=objection.unit,
        kind=DocumentKind.OBJECTION_RESPONSE,
        reference=objection.number,
        pdf=papers.response_pdf(objection),
        journal=journal,
    )
    objection.response = doc
    objection.save()
    return doc


def document_url(doc) -> str | None:
    """The capability path (404 while signing is pending); None when there is no document."""
    return signed_document_url(doc) if doc is not None else None


def document_ready_url(doc) -> str:
    """The path once ``doc`` is signed; "" while it is being prepared (for pages)."""
    return signed_document_url(doc) if doc is not None and doc.is_signed else ""
