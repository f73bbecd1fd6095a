"""What the transparency log records of signed documents (see eppid.integrity.registry).

The access token is left out: it is a capability, and the log is public.
"""

from eppid.integrity.registry import audited
from eppid.signing.models import IssuedDocument, UnitCertificate

audited(
    IssuedDocument,
    fields=(
        "code",
        "kind",
        "reference",
        "unit",
        "status",
        "source_sha256",
        "sha256",
        "signed_at",
        "signer_name",
        "certificate_sha256",
        "superseded_by",
        "created_at",  # the retention clock (signing/retention.py): moved back, the copy would go
    ),
    # The log entry's file_sha256 is the signed PDF's own SHA-256 (of the plaintext: the file is
    # stored encrypted; registry.record_file_hashes decrypts it). Empty once retention removed it.
    files=("file",),
    unit_code=lambda doc: doc.unit.code,
    describe=lambda doc: f"document {doc.code_display} ({doc.kind} {doc.reference})",
)
audited(UnitCertificate, fields=("unit", "name", "fingerprint", "chosen_by"), unit_code=lambda c: c.unit.code)
