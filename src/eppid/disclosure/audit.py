"""What the transparency log records of requests (see eppid.integrity.registry).

Encrypted personal fields enter the record's content hash as a keyed HMAC of their plaintext
(registry), never as plaintext; the log itself holds only the SHA-256 of the whole record.
"""

from eppid.casefiles.auditing import case_file_audited
from eppid.casefiles.models import IDENTITY_FIELDS
from eppid.disclosure.models import Decision, InformationRequest, ReleasedDocument
from eppid.integrity.registry import audited

REQUEST_FIELDS = (
    "unit",
    "year",
    "sequence",
    "registration_number",
    "tracking_hash",
    "channel",
    *IDENTITY_FIELDS,
    "information",
    "purpose",
    "access_method",
    "copy_format",
    "delivery",
    "received_at",
    "received_on",
    "due_date",
    "original_due_date",
    "extended",
    "extension_reason",
    "status",
    "forwarded_from",
    "forwarded_to",
    "created_by",
    "closed_at",
    "receipt",
    "election_information",
    "rule_set",
    "election_period",
)

case_file_audited(
    InformationRequest,
    fields=REQUEST_FIELDS,
    describe=lambda request: f"request {request.registration_number}",
)
audited(
    Decision,
    fields=(
        "request",
        "outcome",
        "explanation",
        "exemption_basis",
        "held_by",
        "material",
        "redactions",
        "delivery",
        "fee_rupiah",
        "decided_at",
        "decided_by",
        "notice",
    ),
    unit_code=lambda decision: decision.request.unit.code,
    describe=lambda decision: f"decision on request {decision.request.registration_number}",
)
audited(
    ReleasedDocument,
    fields=("decision", "name", "content_type", "size", "sha256", "access_token", "redaction"),
    files=("file",),
    unit_code=lambda doc: doc.decision.request.unit.code,
    describe=lambda doc: f"released document of request {doc.decision.request.registration_number}",
)
