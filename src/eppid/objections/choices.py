"""The vocabulary of objections and disputes (UU 14/2008 Pasal 35-37, 47-50).

The grounds of an objection (Pasal 35(1)) are not here: they are law data (law.LegalGround, kind
"objection"), with their text, source and dates; see eppid.objections.rules.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eppid.casefiles.choices import DEADLINE_MOVED as CASE_DEADLINE_MOVED
from eppid.casefiles.choices import REGISTERED as CASE_REGISTERED
from eppid.disclosure.choices import Channel


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    DECIDED = "decided", _("Decided")


class ObjectionOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld: the PPID must provide what was asked")
    DISMISSED = "dismissed", _("Dismissed, with written reasons")
    SETTLED = "settled", _("Settled by agreement")


class ObjectionEventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    REGISTERED = CASE_REGISTERED, _("Registered by staff")
    DECIDED = "decided", _("Decided")
    FOLLOWUP_DONE = "followup_done", _("Follow-up completed")
    REMINDER_SENT = "reminder_sent", _("Reminder sent")
    DISPUTE_RECORDED = "dispute_recorded", _("Dispute recorded")
    DISPUTE_UPDATED = "dispute_updated", _("Dispute updated")
    NIK_UNMASKED = "nik_unmasked", _("Identity number unmasked")
    DEADLINE_MOVED = CASE_DEADLINE_MOVED, _("Deadline moved")  # moved by a closure day


class ReminderKind(models.TextChoices):
    BEFORE_3 = "before_3", _("3 working days before the due date")
    BEFORE_1 = "before_1", _("1 working day before the due date")
    OVERDUE = "overdue", _("Overdue")


class Commission(models.TextChoices):
    """Which Komisi Informasi hears the dispute (UU 14/2008 Pasal 27, by the body's level)."""

    CENTRAL = "central", _("Central Information Commission (KI Pusat)")
    PROVINCE = "province", _("Provincial Information Commission (KI Provinsi)")


class DisputeStage(models.TextChoices):
    FILED = "filed", _("Filed with the Information Commission")
    MEDIATION = "mediation", _("Mediation")
    ADJUDICATION = "adjudication", _("Non-litigation adjudication")
    COURT = "court", _("Court (PTUN or district court)")
    CASSATION = "cassation", _("Supreme Court (cassation)")
    CLOSED = "closed", _("Closed")


class MediationResult(models.TextChoices):
    AGREED = "agreed", _("Agreement reached")
    FAILED = "failed", _("No agreement")


class DisputeResult(models.TextChoices):
    GRANTED = "granted", _("The requester's claim granted")
    PARTLY_GRANTED = "partly_granted", _("The requester's claim partly granted")
    REJECTED = "rejected", _("The requester's claim rejected")
    NOT_ACCEPTED = "not_accepted", _("Not accepted (inadmissible)")
    WITHDRAWN = "withdrawn", _("Withdrawn by the requester")


class CourtKind(models.TextChoices):
    """Pasal 47: PTUN against a state body, the district court (PN) against a non-state one."""

    PTUN = "ptun", _("State administrative court (PTUN)")
    PN = "pn", _("District court (PN)")


# The channels staff register an objection through: an objection is made in writing to the
# superior of the PPID (UU 14/2008 Pasal 36; the Perki 1/2021 form signed by the objector and the
# officer), so a letter, an email, or the form filled in at the desk, never a phone call
# (decision 1698). Online filings are the citizen's own (the portal and the public API).
OBJECTION_STAFF_CHANNELS = (Channel.WALK_IN, Channel.POST, Channel.EMAIL)
