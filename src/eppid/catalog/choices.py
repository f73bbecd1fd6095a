"""The fixed vocabularies of the information list (stable English keys, translated labels)."""

from django.db import models
from django.utils import translation
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


# What the system itself writes in the "form available" column: stored in Indonesian (like the
# papers, catalog/exemptions.py), shown in the reader's language (``EntryVersion.format_display``).
EXEMPT_FORMAT = _("Not available to the public: exempt information")
OPENED_FORMAT = _("On request from the PPID")

# The source notes the information types were stored with (migration 0002, in English), shown in
# the reader's language (``InformationType.legal_basis_display``); the other notes are citations.
TYPE_SOURCE_NOTES = {
    "UU 14/2008 Pasal 9; Perki 1/2021 (list as copied in the PPID Sumbar handbook pp. 19-22)": _(
        "UU 14/2008 Pasal 9; Perki 1/2021 (list as copied in the PPID Sumbar handbook pp. 19-22)"
    ),
    "Perki 1/2019 (secondary sources; text not checked)": _(
        "Perki 1/2019 (secondary sources; text not checked)"
    ),
}


def stored_text_display(value: str, texts, *, stored_language: str = "id") -> str:
    """``value`` in the active language when it is one of ``texts`` as the system stored it (in
    ``stored_language``); any other value (what staff typed) as it is."""
    with translation.override(stored_language):
        known = {str(text): text for text in texts}
    found = known.get(value)
    return value if found is None else str(found)


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
