"""Filing a request once (decision 1670; the key itself is the case-file core's,
``eppid.casefiles.once``): what a key filed before, as the request and its receipt and leaf."""

from __future__ import annotations

from dataclasses import dataclass

from eppid.casefiles.once import OnceKey, once_key, submission_fingerprint, submission_key_find
from eppid.casefiles.selectors import case_audit_leaf
from eppid.disclosure.models import InformationRequest

__all__ = ["Filed", "OnceKey", "once_key", "submission_fingerprint", "submission_replay"]


@dataclass(frozen=True)
class Filed:
    """What a key filed before: the request, its tracking code, its receipt as stored now and its
    creation's log leaf."""

    request: object
    tracking_code: str
    receipt: object | None
    leaf_index: int
    leaf_hash: str


def submission_replay(once: OnceKey, fingerprint: str | None) -> Filed | None:
    """The request the key filed before, None if it is new; refused for other data."""
    use = submission_key_find(once, fingerprint, InformationRequest)
    if use is None:
        return None
    request = InformationRequest.objects.select_related("unit", "receipt").get(pk=use.case_id)
    leaf_index, leaf_hash = case_audit_leaf(request) or (0, "")
    return Filed(request, use.tracking_code, request.receipt, leaf_index, leaf_hash)
