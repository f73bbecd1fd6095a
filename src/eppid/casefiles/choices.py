"""The vocabulary every case file of a citizen shares (requests, objections)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequesterType(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group of people, with a representative")
    LEGAL_ENTITY = "legal_entity", _("Legal entity")


# The timeline event of a deadline a closure day moved (decision 1680): a kind of every case
# file's events (requests' EventKind, objections' ObjectionEventKind), shown to staff and to the
# citizen; its note is ``casefiles.deadline_notes.deadline_moved_note``.
DEADLINE_MOVED = "deadline_moved"

# The first event of a case file that staff entered from paper, a visit or a call (channel other
# than online): its time is when it was entered; the case came in earlier (its received_at).
REGISTERED = "registered"
