"""Business operations on information requests; each runs in one transaction.

Bad input raises django.core.exceptions.ValidationError ({field: [message]}); an action the
request's state does not allow raises LifecycleError (the API answers 409).
"""

from eppid.casefiles.services import tracking_hash_of
from eppid.disclosure.services.common import LifecycleError
from eppid.disclosure.services.identity_access import identity_document_open, request_nik_unmask
from eppid.disclosure.services.lifecycle import (
    decision_clean,
    request_decide,
    request_extend,
    request_forward,
    request_start,
    request_withdraw,
)
from eppid.disclosure.services.submit import SubmitResult, request_replay, request_submit, tracking_code_new

__all__ = [
    "LifecycleError",
    "SubmitResult",
    "decision_clean",
    "identity_document_open",
    "request_decide",
    "request_extend",
    "request_forward",
    "request_nik_unmask",
    "request_replay",
    "request_start",
    "request_submit",
    "request_withdraw",
    "tracking_code_new",
    "tracking_hash_of",
]
