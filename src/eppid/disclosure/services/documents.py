"""The signed receipt and written notice of a request.

``eppid.signing.services.document_issue`` signs them with the unit's key inside the business
transaction; when the signer is unavailable the document is kept pending (never served: its URL
answers 404) and the signing retry signs it later. A citizen never receives an unsigned document.

The receipt of a new request is registered in the business transaction and rendered and signed
after it commits (``receipt_register``, ``receipt_finish``; decision 1430), so neither runs while
the transparency log is locked. If the process dies in between, the signing retry renders it
again from the request and its creation entry (``paper_register`` below). With
``EPPID_RECEIPTS_FINISHED_BY = "worker"`` the task worker renders it that way (decision 1660).
"""

from __future__ import annotations

from eppid.casefiles.selectors import case_audit_leaf
from eppid.casefiles.services import document_ready_url, document_url, paper_issue
from eppid.disclosure import mail, papers
from eppid.disclosure.models import InformationRequest
from eppid.signing.deferred import document_finish_later, finished_by_worker
from eppid.signing.models import DocumentKind
from eppid.signing.services import Rendered, document_finish, document_register, paper_register

__all__ = [
    "document_ready_url",
    "document_url",
    "notice_issue",
    "receipt_finish",
    "receipt_issue",
    "receipt_register",
]


def receipt_register(request):
    """Register the receipt of ``request`` (pending, rendered later) and link it; in the caller's
    transaction. The caller saves ``request`` (``request_register`` calls this before its INSERT)."""
    doc = document_register(
        unit=request.unit, kind=DocumentKind.RECEIPT, reference=request.registration_number
    )
    request.receipt = doc
    return doc


def receipt_finish(request, receipt, *, leaf_index: int, leaf_hash: str):
    """Render and sign the registered ``receipt`` and queue the email that carries it, after the
    registering transaction committed. Returns the document as stored (signed, or pending).

    With ``EPPID_RECEIPTS_FINISHED_BY = "worker"`` the task worker does it instead (decision 1660)
    and the receipt is returned registered, still pending: its URL finishes it if fetched first."""
    if finished_by_worker():
        document_finish_later(receipt)
        return receipt
    pdf = papers.receipt_pdf(request, leaf_index=leaf_index, leaf_hash=leaf_hash)
    return document_finish(receipt, pdf=pdf, issued=lambda doc: mail.request_mail_received(request, doc))


def _receipt_render(doc) -> Rendered | None:
    """The receipt again from its request and the request's creation entry, and its email."""
    request = InformationRequest.objects.select_related("unit").filter(receipt=doc).first()
    leaf = case_audit_leaf(request) if request is not None else None
    if leaf is None:
        return None
    pdf = papers.receipt_pdf(request, leaf_index=leaf[0], leaf_hash=leaf[1])
    return Rendered(pdf, issued=lambda row: mail.request_mail_received(request, row))


paper_register(DocumentKind.RECEIPT, render=_receipt_render)


def receipt_issue(request, *, leaf_index: int, leaf_hash: str, journal=None):
    """Issue the signed receipt (tanda bukti) of ``request`` and link it; the caller holds the transaction."""
    return paper_issue(
        request,
        "receipt",
        unit=request.unit,
        kind=DocumentKind.RECEIPT,
        reference=request.registration_number,
        pdf=papers.receipt_pdf(request, leaf_index=leaf_index, leaf_hash=leaf_hash),
        journal=journal,
    )


def notice_issue(decision, *, journal=None, consequence_tested: bool = False):
    """Issue the signed written notice of ``decision`` and link it; the caller holds the transaction.
    ``consequence_tested``: the decision cites a consequence test (its notice says so)."""
    return paper_issue(
        decision,
        "notice",
        unit=decision.request.unit,
        kind=DocumentKind.NOTICE,
        reference=decision.request.registration_number,
        pdf=papers.notice_pdf(decision, consequence_tested=consequence_tested),
        journal=journal,
    )
