"""What the transparency log records of redactions (see eppid.integrity.registry): every field,
the redacted copy as the SHA-256 of its bytes (never the removed content, which is not kept)."""

from eppid.integrity.registry import audited
from eppid.redaction.models import Redaction

audited(
    Redaction,
    fields=tuple(field.name for field in Redaction._meta.concrete_fields if field.name not in ("id", "file")),
    files=("file",),
    unit_code=lambda redaction: redaction.unit.code,
    describe=lambda redaction: f"redaction {redaction.pk} for {redaction.purpose} {redaction.reference}",
)
