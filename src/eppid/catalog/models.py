"""The public information list (DIP) of each unit: entries, their published versions, documents.

An ``InformationEntry`` is one item of a unit's list, with a stable id (what the API, the public
page and, later, a request decision cite). What it says lives in ``EntryVersion`` rows: the seven
columns of the official list (Perki 1/2021) plus title, category, year and type. A version is a
draft until the unit's PPID publishes it; publishing a newer version keeps the older one, marked
superseded, with its documents, so that every copy ever published stays verifiable by SHA-256.

Documents (``EntryDocument``) are immutable: stored once with their SHA-256 and extracted text,
then linked to one or more versions (``VersionDocument``), so a new version that keeps a document
shares it instead of copying it.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from eppid.catalog.choices import (
    EXEMPT_FORMAT,
    OPENED_FORMAT,
    TYPE_SOURCE_NOTES,
    Category,
    EntryStatus,
    SubscriptionStatus,
    TextStatus,
    VersionStatus,
    stored_text_display,
)
from eppid.integrity.fields import EncryptedRowMixin, EncryptedTextField
from eppid.integrity.querysets import AuditedManager


class InformationType(models.Model):
    """A kind of information the law names (UU 14/2008 Pasal 9-11, Perki 1/2019 for elections).

    Law as data: ``checklist`` marks the periodic (berkala) items every unit must publish, and
    ``renewal_months`` how often they must be renewed (UU 14/2008 Pasal 9(4): at least every six
    months). ``to_confirm`` marks what the sources read could not confirm; the product says so.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    category = models.CharField(_("usual category"), max_length=12, choices=Category.choices)
    checklist = models.BooleanField(_("every unit must publish it"), default=False)
    election = models.BooleanField(_("election information (Perki 1/2019)"), default=False)
    renewal_months = models.PositiveSmallIntegerField(
        _("renew at least every (months)"), null=True, blank=True
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    to_confirm = models.BooleanField(_("to be confirmed against the official text"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    objects = AuditedManager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("information type")
        verbose_name_plural = _("information types")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        language = translation.get_language() or settings.LANGUAGE_CODE
        return self.name_en if language.startswith("en") else self.name_id

    @property
    def legal_basis_display(self) -> str:
        """The source note in the active language (the stored notes are English, TYPE_SOURCE_NOTES)."""
        note = TYPE_SOURCE_NOTES.get(self.legal_basis)
        return self.legal_basis if note is None else str(note)


class EntryCounter(models.Model):
    """The last DIP number used per unit; locked while a number is taken (at first publication)."""

    unit = models.OneToOneField("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.last}"


class InformationEntry(models.Model):
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="information_entries",
        verbose_name=_("unit"),
    )
    # The "No." column of the official list: given at the first publication, never reused.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT, db_index=True
    )
    # The version the public sees, and the one being prepared (both may exist at once).
    current = models.ForeignKey(
        "EntryVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    draft = models.ForeignKey(
        "EntryVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    first_published_at = models.DateTimeField(null=True, blank=True)
    # The last publication (of any version): the list's "newest first" and the API's "updated".
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Public, and kept: a reader who follows an old link learns why the entry is gone.
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number"], condition=Q(number__isnull=False), name="unique_entry_number"
            )
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="catalog_entry_public")]
        verbose_name = _("information list entry")
        verbose_name_plural = _("information list entries")

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.number or 'draft'} ({self.pk})"


class EntryVersion(models.Model):
    """What one version of an entry says: the seven columns of the official list and the rest."""

    entry = models.ForeignKey(InformationEntry, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT, db_index=True
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary of the content"))
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, db_index=True)
    year = models.PositiveIntegerField(_("year"), db_index=True)
    info_type = models.ForeignKey(
        InformationType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="versions",
        verbose_name=_("type of information"),
    )
    holder = models.CharField(_("official or unit holding it"), max_length=300)
    responsible = models.CharField(_("person responsible for producing it"), max_length=300)
    made_on = models.DateField(_("date made"))
    made_place = models.CharField(_("place made"), max_length=200)
    format = models.CharField(_("form available"), max_length=300)
    retention = models.CharField(_("retention period"), max_length=300)
    documents = models.ManyToManyField(
        "EntryDocument", through="VersionDocument", related_name="versions", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AuditedManager()

    class Meta:
        ordering = ["entry", "-version"]
        constraints = [models.UniqueConstraint(fields=["entry", "version"], name="unique_entry_version")]
        verbose_name = _("entry version")
        verbose_name_plural = _("entry versions")

    def __str__(self) -> str:
        return f"{self.entry_id} v{self.version}"

    @property
    def format_display(self) -> str:
        """The "form available" column in the active language where the system wrote it (an exempt
        entry's, an opened exemption's: stored in Indonesian); what staff typed as it is."""
        if self.category == Category.EXEMPT:
            return str(EXEMPT_FORMAT)
        return stored_text_display(self.format, (OPENED_FORMAT,))


def _document_path(instance, filename: str) -> str:
    return f"catalog/{secrets.token_hex(1)}/{secrets.token_hex(16)}.pdf"


class EntryDocument(models.Model):
    """A stored document: its bytes immutable once written, identified by its SHA-256."""

    entry = models.ForeignKey(InformationEntry, on_delete=models.PROTECT, related_name="stored_documents")
    name = models.CharField(_("file name"), max_length=200)
    file = models.FileField(upload_to=_document_path, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    # Extracted when stored, for search; a scan without a text layer is flagged to staff.
    text = models.TextField(blank=True)
    text_status = models.CharField(max_length=10, choices=TextStatus.choices)
    # A digital signature field was found in the PDF (whoever made it; see SignatureState).
    signature_embedded = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    # Set when the document is a redacted copy: who removed how much, on which legal ground.
    redaction = models.ForeignKey(
        "redaction.Redaction", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Retracted from public view (decision 1697): listed without a link, its URL answers 410 Gone;
    # the row and its file stay (staff, backups, verify_integrity). The one change a stored
    # document ever gets, saved through the log: when, by whom, why (a hand retraction, shown to
    # the public) and the redacted copy that replaced it (a retraction by publishing the copy).
    retracted_at = models.DateTimeField(_("retracted from public view"), null=True, blank=True)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    retracted_reason = models.TextField(_("reason for the retraction"), blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaced by the redacted copy"),
    )

    objects = AuditedManager()

    class Meta:
        ordering = ["entry", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.name


class VersionDocument(models.Model):
    """A document as part of one version, in the order the version lists them."""

    version = models.ForeignKey(EntryVersion, on_delete=models.PROTECT, related_name="links")
    document = models.ForeignKey(EntryDocument, on_delete=models.PROTECT, related_name="links")
    position = models.PositiveSmallIntegerField(default=0)

    objects = AuditedManager()

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "document"], name="unique_version_document")
        ]

    def __str__(self) -> str:
        return f"{self.version_id}: {self.document_id}"


class ChecklistReminder(models.Model):
    """A reminder the unit's PPID got before a periodic item goes stale; never sent twice."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    info_type = models.ForeignKey(InformationType, on_delete=models.PROTECT, related_name="+")
    stale_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveSmallIntegerField(default=0)

    objects = AuditedManager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "info_type", "stale_on"], name="unique_checklist_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.info_type_id} {self.stale_on}"


class RequestPublication(models.Model):
    """The documents released on a granted request, published as a setiap-saat entry (one per request)."""

    request = models.OneToOneField(
        "disclosure.InformationRequest", on_delete=models.PROTECT, related_name="+"
    )
    entry = models.OneToOneField(InformationEntry, on_delete=models.PROTECT, related_name="+")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.request_id} -> {self.entry_id}"


class UnitSubscription(EncryptedRowMixin):
    """An email address that gets a unit's serta merta information, without an account.

    Double opt-in: the row is ``pending`` until the link in the confirmation email is followed.
    The address is personal data: encrypted at rest, found through its blind index (one row per
    unit and address). ``inactive_since`` starts the retention clock of a subscription that was
    never confirmed or has ended; retention then clears the address (catalog/apps.py).
    """

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    email = EncryptedTextField()
    # NULL once retention cleared the address: the unique constraint then lets many such rows be.
    email_index = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    language = models.CharField(max_length=8, default="id")
    status = models.CharField(
        max_length=10, choices=SubscriptionStatus.choices, default=SubscriptionStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    inactive_since = models.DateTimeField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["unit", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "email_index"], name="unique_unit_subscription")
        ]
        indexes = [models.Index(fields=["unit", "status"], name="catalog_subscription_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} subscription {self.pk} ({self.status})"


# The consequence tests behind exempt entries (DIK) and search's derived rows live in their own modules.
from eppid.catalog.exemption_models import ConsequenceTest, ExemptionCitation, TestOccasion  # noqa: E402, F401
from eppid.catalog.search_models import SearchDocument, SearchWord  # noqa: E402, F401
