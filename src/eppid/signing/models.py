"""Documents e-PPID issues, each signed (PAdES) with its unit's certificate, and the unit's choice
of certificate. The signed bytes are the document; ``sha256`` is what the transparency log holds.

Receipts and notices name the requester and what they asked for: every issued PDF (and its
unsigned source while it waits) is stored encrypted like other personal files (AES-256-GCM, bound
to this row and column; eppid.integrity.fields). ``signed_pdf()`` gives the plaintext bytes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eppid.integrity.fields import (
    EncryptedFileField,
    EncryptedRowMixin,
    encrypted_file_read,
    encrypted_file_written,
)
from eppid.integrity.querysets import AuditedManager
from eppid.organisation.models import Unit

# Unambiguous for reading aloud and typing: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


class DocumentKind(models.TextChoices):
    RECEIPT = "receipt", _("Request receipt")
    NOTICE = "notice", _("Written notice")
    OBJECTION_RECEIPT = "objection_receipt", _("Objection receipt")
    OBJECTION_RESPONSE = "objection_response", _("Objection response")
    ANNUAL_REPORT = "annual_report", _("Annual report")
    PUBLISHED = "published", _("Published document")
    CONSEQUENCE_TEST = "consequence_test", _("Consequence test sheet")
    CLASSIFICATION_DECREE = "classification_decree", _("Classification decree (exempt information)")
    READINESS_BINDER = "readiness_binder", _("Evidence binder for the yearly assessment")


# Kinds that name a requester or what they asked: their copies go under the retention rules
# (eppid.signing.retention). Annual reports and published documents are public and kept.
PERSONAL_KINDS = (
    DocumentKind.RECEIPT,
    DocumentKind.NOTICE,
    DocumentKind.OBJECTION_RECEIPT,
    DocumentKind.OBJECTION_RESPONSE,
)


class DocumentStatus(models.TextChoices):
    SIGNED = "signed", _("Signed")
    PENDING = "pending", _("Waiting for the signing certificate")
    FAILED = "failed", _("Signing failed")


def code_display(code: str) -> str:
    """``K7QF3MZPXA`` -> ``K7QF-3MZP-XA``."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class IssuedDocument(EncryptedRowMixin):
    code = models.CharField(_("document code"), max_length=CODE_LENGTH, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    reference = models.CharField(_("reference"), max_length=100, db_index=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="issued_documents")
    status = models.CharField(_("status"), max_length=10, choices=DocumentStatus.choices, db_index=True)
    # The document before signing, kept (encrypted) while it waits so that it can be signed later
    # (emptied once signed; its SHA-256 stays).
    source = EncryptedFileField()
    source_sha256 = models.CharField(max_length=64)
    # The signed PDF, encrypted; emptied by apply_retention for personal kinds (the row, its code
    # and its SHA-256 stay, so an uploaded copy is still recognised as registered).
    file = EncryptedFileField()
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signer_name = models.CharField(_("signer"), max_length=200, blank=True)
    certificate_name = models.CharField(max_length=100, blank=True)
    certificate_sha256 = models.CharField(max_length=64, blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    # The capability in document_url(): whoever holds the link may fetch the signed PDF.
    access_token = models.CharField(max_length=64)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)  # never personal data
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference} ({self.code_display})"

    @property
    def code_display(self) -> str:
        return code_display(self.code)

    @property
    def is_signed(self) -> bool:
        """e-PPID signed it (whether or not its copy is still kept)."""
        return self.status == DocumentStatus.SIGNED and bool(self.sha256)

    @property
    def copy_available(self) -> bool:
        """Signed, and the signed PDF is still stored: it can be served."""
        return self.is_signed and bool(self.file)

    @property
    def copy_removed(self) -> bool:
        """Signed, but its copy was deleted under the retention rules."""
        return self.is_signed and not self.file

    def signed_pdf(self) -> bytes:
        """The signed PDF's bytes, decrypted (DecryptionError if the stored file was altered)."""
        if not self.file:
            raise FileNotFoundError(f"document {self.code} has no stored copy")
        written = encrypted_file_written(self, "file")  # signed by this instance just now
        return encrypted_file_read(self, "file") if written is None else written

    def source_pdf(self) -> bytes:
        """The unsigned PDF kept while the document waits for its signature."""
        if not self.source:
            raise FileNotFoundError(f"document {self.code} has no unsigned copy")
        return encrypted_file_read(self, "source")


class UnitCertificate(models.Model):
    """Which configured certificate (a ``<name>.p12`` in EPPID_SIGNING_DIR) a unit signs with.

    Only the name and the certificate's SHA-256 fingerprint are stored; the key and its passphrase
    never enter the database. A file whose certificate no longer matches the fingerprint is not
    used (the unit admin chooses again).
    """

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="signing_certificate")
    name = models.CharField(_("certificate"), max_length=100)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    # PROTECT, as every record that names who acted: SET_NULL would rewrite the audited row unlogged.
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    chosen_at = models.DateTimeField(auto_now=True)

    objects = AuditedManager()

    class Meta:
        verbose_name = _("unit signing certificate")
        verbose_name_plural = _("unit signing certificates")

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.name}"
