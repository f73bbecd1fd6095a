"""The law's vocabulary for objections and disputes (UU 14/2008 Pasal 35-37, 47-50), as data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Ground(models.TextChoices):
    """UU 14/2008 Pasal 35(1) a-g; the API field ``reason`` takes the letter."""

    A = "a", _("(a) The request was refused on the ground of an exemption (Article 17)")
    B = "b", _("(b) Periodic information was not provided (Article 9)")
    C = "c", _("(c) The request was not answered")
    D = "d", _("(d) The request was answered other than as asked")
    E = "e", _("(e) The request was not fulfilled")
    F = "f", _("(f) An unreasonable fee was charged")
    G = "g", _("(g) The information was provided later than the law allows")


# Plain language for the citizen form: what each ground means and when it can be used.
GROUND_EXPLANATIONS = {
    Ground.A: _(
        "The unit refused all or part of your request, saying the information is closed to the "
        "public. You can object to a refusal or a partial grant."
    ),
    Ground.B: _(
        "The unit has not published information it must publish regularly, such as its "
        "activities, performance or finances. You can object to this without making a request first."
    ),
    Ground.C: _(
        "You did not receive a written answer to your request by its due date. You can object "
        "once the due date has passed."
    ),
    Ground.D: _("The unit answered your request, but what it gave you is not what you asked for."),
    Ground.E: _(
        "The unit answered your request but did not actually give you the information it said you would get."
    ),
    Ground.F: _("The unit charged you a fee for copying or delivery that you think is unreasonable."),
    Ground.G: _(
        "The unit answered your request after its due date, or has not answered it although the "
        "due date has passed."
    ),
}

# Pasal 35(2): grounds b to g may be settled by agreement between the parties; ground a cannot.
SETTLEABLE_GROUNDS = ("b", "c", "d", "e", "f", "g")


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    DECIDED = "decided", _("Decided")


class ObjectionOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld: the PPID must provide what was asked")
    DISMISSED = "dismissed", _("Dismissed, with written reasons")
    SETTLED = "settled", _("Settled by agreement (Article 35(2))")


class ObjectionEventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    REGISTERED = "registered", _("Registered by staff")
    DECIDED = "decided", _("Decided")
    FOLLOWUP_DONE = "followup_done", _("Follow-up completed")
    REMINDER_SENT = "reminder_sent", _("Reminder sent")
    DISPUTE_RECORDED = "dispute_recorded", _("Dispute recorded")
    DISPUTE_UPDATED = "dispute_updated", _("Dispute updated")
    NIK_UNMASKED = "nik_unmasked", _("Identity number unmasked")


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
