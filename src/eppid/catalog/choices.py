"""The fixed vocabularies of the information list (stable English keys, translated labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """UU 14/2008 Pasal 9-11 and 17; the keys are the contract's."""

    PERIODIC = "periodic", _("Periodic (berkala)")
    IMMEDIATE = "immediate", _("Immediate (serta merta)")
    ON_DEMAND = "on_demand", _("Available at any time (setiap saat)")
    EXEMPT = "exempt", _("Exempt (dikecualikan)")


# What staff may choose by hand. ``exempt`` comes only from a consequence test (Perki 1/2021
# Pasal 49), through the service that records one; no form or endpoint offers it.
HAND_CATEGORIES = (Category.PERIODIC, Category.IMMEDIATE, Category.ON_DEMAND)


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published (current)")
    SUPERSEDED = "superseded", _("Replaced by a newer version")
    DISCARDED = "discarded", _("Discarded draft")


class TextStatus(models.TextChoices):
    """What the text extraction of a stored document found (for search and for staff)."""

    EXTRACTED = "extracted", _("Text extracted")
    NO_TEXT = "no_text", _("No text found: probably a scan")
    FAILED = "failed", _("The text could not be read")


class SignatureState(models.TextChoices):
    """What a reader is told about a document's signature."""

    EPPID = "eppid", _("Signed by e-PPID")
    OTHER = "other", _("Carries a digital signature not made by e-PPID")
    NONE = "none", _("Not signed")


class SubscriptionStatus(models.TextChoices):
    """An email subscription to a unit's serta merta information (double opt-in)."""

    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    ENDED = "ended", _("Unsubscribed")
