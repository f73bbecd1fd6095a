"""Business operations on objections and disputes; each runs in one transaction.

Bad input raises ValidationError ({field: [message]}; the filing's ground problems under
"reason"); a state conflict raises eppid.disclosure.services.LifecycleError (409); a caller
without the right raises PermissionDenied (403); an unknown request number or a wrong tracking
code raises RequestNotFound (an Http404: the same 404 as the request API).
"""

from eppid.objections.services.common import RequestNotFound, may_decide, may_handle
from eppid.objections.services.deciding import objection_decide, objection_followup_complete
from eppid.objections.services.desk import objection_register, objection_register_periodic
from eppid.objections.services.disputes import dispute_record, dispute_update
from eppid.objections.services.filing import (
    FileResult,
    objection_file,
    objection_file_periodic,
    objection_replay,
)
from eppid.objections.services.identity import objection_nik_unmask

__all__ = [
    "FileResult",
    "RequestNotFound",
    "dispute_record",
    "dispute_update",
    "may_decide",
    "may_handle",
    "objection_decide",
    "objection_file",
    "objection_file_periodic",
    "objection_followup_complete",
    "objection_nik_unmask",
    "objection_register",
    "objection_register_periodic",
    "objection_replay",
]
