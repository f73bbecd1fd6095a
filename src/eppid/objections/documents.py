"""The signed objection receipt and written response, issued inside the business transaction
(eppid.casefiles.paper_issue: pending while the signer is unavailable, never served unsigned)."""

from __future__ import annotations

from eppid.casefiles.services import document_ready_url, document_url, paper_issue
from eppid.objections import papers
from eppid.signing.models import DocumentKind

__all__ = ["document_ready_url", "document_url", "receipt_issue", "response_issue"]


def receipt_issue(objection, *, leaf_index: int, leaf_hash: str, journal=None):
    pdf = papers.receipt_pdf(objection, leaf_index=leaf_index, leaf_hash=leaf_hash)
    return paper_issue(
        objection,
        "receipt",
        unit=objection.unit,
        kind=DocumentKind.OBJECTION_RECEIPT,
        reference=objection.number,
        pdf=pdf,
        journal=journal,
    )


def response_issue(objection, *, journal=None):
    return paper_issue(
        objection,
        "response",
        unit=objection.unit,
        kind=DocumentKind.OBJECTION_RESPONSE,
        reference=objection.number,
        pdf=papers.response_pdf(objection),
        journal=journal,
    )
