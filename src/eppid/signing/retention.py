"""Signed receipts, notices and objection papers name the requester and what they asked for: their
copies (the signed PDF, and the unsigned one of a document still waiting) are deleted by
apply_retention once EPPID_RETENTION_DAYS have passed since they were issued.

The row stays: its code, kind, reference, unit, dates and SHA-256. The verification page then says
the document was registered and its copy removed, and an uploaded copy is still recognised as
registered by its hash. Annual reports and published documents are public: never cleared.
"""

from django.db.models import Q

from eppid.integrity.retention import retention_register
from eppid.signing.models import PERSONAL_KINDS, IssuedDocument

retention_register(
    IssuedDocument,
    date_field="created_at",
    fields_to_clear=["file", "source"],
    only=Q(kind__in=[str(kind) for kind in PERSONAL_KINDS]),
)
