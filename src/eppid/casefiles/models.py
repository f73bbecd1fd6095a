"""The case-file core: what every file a citizen opens (a request, an objection) is built of.

- ``CaseFile``: a requester identity with what every case file has (numbering, receipt, clock).
- ``RequesterIdentity``: who filed, with the lists of its fields declared once (below); the audit
  declarations, retention, the services, forms and API schemas read them from here.
- ``CaseCounter``: the gapless sequence per kind of case file, unit and year (``sequence_take``).
- ``TimelineEvent``: one step of a case file's timeline.
- ``SubmissionKey``: the key a case file was filed with, so the same key never files twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eppid.casefiles.choices import DEADLINE_MOVED, REGISTERED, RequesterType
from eppid.casefiles.deadline_notes import deadline_moved_text
from eppid.integrity.fields import EncryptedFileField, EncryptedRowMixin, EncryptedTextField
from eppid.integrity.querysets import AuditedManager

# The identity a requester types in (forms, API schemas, the services' input), in form order.
IDENTITY_ENTERED = (
    "requester_type",
    "name",
    "group_name",
    "nik",
    "legal_entity_number",
    "email",
    "phone",
    "address",
    "occupation",
)
# Of those: stored encrypted as given (the NIK is checked, encrypted and indexed on its own)...
IDENTITY_ENCRYPTED = ("name", "email", "phone", "address")
# ... and stored as given, in the clear.
IDENTITY_PLAIN = ("requester_type", "group_name", "legal_entity_number", "occupation")
# The documents that prove it (each encrypted, with its content type in ``<name>_type``).
IDENTITY_DOCUMENTS = ("identity_document", "authorisation_document")
# Every column of the identity, as the transparency log records it (audit.py).
IDENTITY_FIELDS = (
    "requester_type",
    "name",
    "group_name",
    "nik",
    "nik_index",
    "legal_entity_number",
    "email",
    "phone",
    "address",
    "occupation",
    "identity_document",
    "identity_document_type",
    "authorisation_document",
    "authorisation_document_type",
)
# Personal data (UU 27/2022): what retention clears once the case file's clock has run out.
PERSONAL_FIELDS = (
    "name",
    "nik",
    "nik_index",
    "email",
    "phone",
    "address",
    "occupation",
    "identity_document",
    "authorisation_document",
)


class RequesterIdentity(EncryptedRowMixin):
    """The requester (or objector) of a case file: contact and identity, personal data encrypted."""

    requester_type = models.CharField(
        _("requester type"), max_length=20, choices=RequesterType.choices, blank=True
    )
    name = EncryptedTextField(_("name"), blank=True)
    group_name = models.CharField(_("group name"), max_length=200, blank=True)
    nik = EncryptedTextField(_("NIK"), null=True, blank=True)
    nik_index = models.CharField(max_length=64, blank=True, db_index=True)
    legal_entity_number = models.CharField(_("legal entity decree number"), max_length=100, blank=True)
    email = EncryptedTextField(_("email"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    identity_document = EncryptedFileField(_("identity document"))
    identity_document_type = models.CharField(max_length=100, blank=True)
    authorisation_document = EncryptedFileField(_("power of attorney"))
    authorisation_document_type = models.CharField(max_length=100, blank=True)

    class Meta:
        abstract = True


class CaseFile(RequesterIdentity):
    """What a request and an objection both are: numbered per unit and year (``sequence_take``),
    found again by the SHA-256 of a tracking code, received on a working day under the deadline
    rules chosen that day, issued a signed receipt, closed (the retention clock). The concrete
    model adds its unit (with its own related name), number, status, due date and timeline
    (a ``TimelineEvent`` whose foreign key has ``related_name="events"``)."""

    year = models.PositiveIntegerField()
    sequence = models.PositiveIntegerField()
    # SHA-256 of the tracking code (casefiles.services.tracking_hash_of), never the code.
    tracking_hash = models.CharField(max_length=64, db_index=True)
    received_at = models.DateTimeField(_("received at"))
    received_on = models.DateField(_("received on (working day)"))
    # The rule set chosen at receipt, kept so that later rule sets never move this file's deadlines.
    rule_set = models.ForeignKey(
        "law.DeadlineRuleSet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deadline rules"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The retention clock: set when the case file is closed.
    closed_at = models.DateTimeField(null=True, blank=True)
    # The signed receipt (tanda bukti), issued with the case file.
    receipt = models.ForeignKey(
        "signing.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AuditedManager()

    class Meta:
        abstract = True


class CaseCounter(models.Model):
    """The last sequence used per kind of case file, unit and year; locked while a number is taken.

    ``kind`` is the case file's own word ("request", "objection"): each kind numbers on its own.
    """

    kind = models.CharField(max_length=20)
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit", "year"], name="unique_case_counter"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.unit_id}/{self.year}: {self.last}"


# What the transparency log records of an event, after the foreign key to its case file.
EVENT_FIELDS = ("kind", "at", "actor", "status_after", "note")


class TimelineEvent(models.Model):
    """One step of a case file's timeline; ``status_after`` is set when the step changed the status.

    A concrete event adds the foreign key to its case file (named by ``CASE_FIELD``) and the
    choices of ``kind`` and ``status_after``. The note never holds personal data.
    """

    CASE_FIELD = ""

    kind = models.CharField(max_length=20)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status_after = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)

    objects = AuditedManager()

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{getattr(self, f'{self.CASE_FIELD}_id')} {self.kind}"

    @property
    def happened_display(self) -> str:
        """What the public history says happened: a registration by staff as such (the case came
        in earlier, on the day its page gives), another status change by the status it led to,
        any other step by its note."""
        if self.kind == REGISTERED:
            return self.get_kind_display()
        if self.status_after:
            return self.get_status_after_display()
        return self.note_display

    @property
    def note_display(self) -> str:
        """The note as a reader sees it: a moved deadline's in the active language."""
        if self.kind == DEADLINE_MOVED:
            return deadline_moved_text(self.note)
        return self.note


class SubmissionKey(EncryptedRowMixin):
    """The key a citizen's client gave one filing (the portal's check page, an API client's
    ``Idempotency-Key``): the same key again answers with the case file it filed instead of filing
    a second one (decision 1670). Operational, like the outbox: not in the transparency log (the
    case file it names is); removed after ``EPPID_SUBMISSION_KEY_HOURS``."""

    key_hash = models.CharField(max_length=64, unique=True)  # SHA-256 of the scope and the key
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the fields and files submitted
    case_label = models.CharField(max_length=60)  # the case file's model, e.g. disclosure.InformationRequest
    case_id = models.PositiveBigIntegerField()
    # The tracking code, shown once to whoever filed and again to the same key only.
    tracking_code = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"submission key {self.key_hash[:12]} ({self.case_label} {self.case_id})"
