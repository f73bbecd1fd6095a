"""Documents registered in a business transaction and finished (laid out, signed, issued) later
than the request that registered them (decision 1660).

With ``EPPID_RECEIPTS_FINISHED_BY = "worker"`` a new request's receipt is handed to the task
worker after its transaction commits (``document_finish_later``) instead of being finished in the
request, so an app server answers 201 without laying out or signing anything and the signing runs
where the workers run. Its capability URL serves the signed PDF at once all the same: fetching a
document still waiting to be laid out finishes it there and then (``document_for_capability_finished``),
whichever of the worker, the fetch and the signing retry comes first; the others find it done
under its row lock and leave it.
"""

from __future__ import annotations

import logging

from django.conf import settings

from eppid.signing.models import IssuedDocument
from eppid.signing.selectors import document_by_capability
from eppid.signing.services import awaiting_render, document_finish

logger = logging.getLogger("eppid.signing")

BY_WORKER = "worker"  # the other choice, "request", is decision 1430's


def finished_by_worker() -> bool:
    """Whether a registered receipt is finished by the task worker rather than its request."""
    return settings.EPPID_RECEIPTS_FINISHED_BY == BY_WORKER


def document_finish_later(doc: IssuedDocument) -> None:
    """Hand a registered ``doc`` to the task worker; call it after the registering transaction has
    committed. Never raises: a fetch of its URL or the signing retry finishes what is left."""
    # local: cycle: signing.tasks imports this module
    from eppid.signing.tasks import finish_document

    try:
        finish_document.enqueue(doc.pk)
    except Exception:
        logger.exception("document %s could not be handed to the task worker; left for the retry", doc.code)


def document_finish_waiting(pk: int) -> str:
    """Finish document ``pk`` if it still waits to be laid out (the worker's task); says what it did."""
    doc = IssuedDocument.objects.select_related("unit").filter(pk=pk).first()
    if doc is None or not awaiting_render(doc):
        return "skipped"
    return str(document_finish(doc).status)


def document_for_capability_finished(code: str, token: str) -> IssuedDocument | None:
    """The signed document behind a capability URL, finishing it first if it was registered and is
    still waiting to be laid out (its worker has not come to it yet, or the process that registered
    it died); None as ``selectors.document_for_capability`` (wrong token, unsigned, removed)."""
    doc = document_by_capability(code, token)
    if doc is None:
        return None
    if awaiting_render(doc):
        doc = document_finish(doc)
    return doc if doc.copy_available else None
