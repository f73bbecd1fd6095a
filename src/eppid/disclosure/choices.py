"""The vocabulary of information requests (UU 14/2008).

The grounds of exemption (UU 14/2008 Pasal 17, Perbawaslu 1/2022 Pasal 18(2)) are not here: they
are law data (law.LegalGround), with their text, source and dates; see eppid.law.selectors.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eppid.casefiles.choices import DEADLINE_MOVED as CASE_DEADLINE_MOVED
from eppid.casefiles.choices import REGISTERED as CASE_REGISTERED
from eppid.casefiles.choices import RequesterType

__all__ = ["RequesterType"]  # shared by every case file; named here too for the request's pages


class AccessMethod(models.TextChoices):
    VIEW = "view", _("View or read it")
    COPY = "copy", _("Get a copy")


class CopyFormat(models.TextChoices):
    SOFTCOPY = "softcopy", _("Soft copy (electronic)")
    HARDCOPY = "hardcopy", _("Hard copy (printed)")


class Delivery(models.TextChoices):
    PICKUP = "pickup", _("Pick it up in person")
    EMAIL = "email", _("By email")
    POST = "post", _("By post")
    COURIER = "courier", _("By courier")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    WALK_IN = "walk_in", _("In person at the desk")
    POST = "post", _("By post")
    EMAIL = "email", _("By email")
    PHONE = "phone", _("By phone")


STAFF_CHANNELS = (Channel.WALK_IN, Channel.POST, Channel.EMAIL, Channel.PHONE)


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    FORWARDED = "forwarded", _("Forwarded")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS)


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    PARTIALLY_GRANTED = "partially_granted", _("Partially granted")
    REJECTED = "rejected", _("Rejected")
    NOT_HELD = "not_held", _("Not held by this body")


OUTCOMES_NEEDING_BASIS = (Outcome.PARTIALLY_GRANTED, Outcome.REJECTED)


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    REGISTERED = CASE_REGISTERED, _("Registered by staff")
    STARTED = "started", _("Processing started")
    EXTENDED = "extended", _("Deadline extended")
    FORWARDED_OUT = "forwarded_out", _("Forwarded to another unit")
    FORWARDED_IN = "forwarded_in", _("Received by forwarding")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECIDED = "decided", _("Decided")
    IDENTITY_VIEWED = "identity_viewed", _("Identity document viewed")
    NIK_UNMASKED = "nik_unmasked", _("Identity number unmasked")
    REMINDER_SENT = "reminder_sent", _("Reminder sent")
    DEADLINE_MOVED = CASE_DEADLINE_MOVED, _("Deadline moved")  # moved by a closure day
