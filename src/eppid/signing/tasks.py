"""The signing app's periodic job: sign the documents left waiting while their signer was
unavailable (see eppid.scheduling). Idempotent: each document is taken under a row lock and only
while it still waits, so a late or doubled run signs nothing twice."""

from datetime import timedelta

from django_tasks import task

from eppid.scheduling import periodic
from eppid.signing.deferred import document_finish_waiting
from eppid.signing.services import signing_retry_pending


@task()
def finish_document(pk: int) -> str:
    """Lay out, sign and issue a registered document (``deferred.document_finish_later``)."""
    return document_finish_waiting(pk)


@periodic("signing.retry_pending", every=timedelta(minutes=5))
@task()
def retry_pending() -> dict:
    result = signing_retry_pending()
    return {"signed": result.signed, "pending": result.pending, "failed": result.failed}
