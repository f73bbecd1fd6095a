"""Emails about objections, queued in the outbox inside the business transaction.

The objector's address: the request's email, or the one given with a ground-b objection. The
texts are Indonesian (the official language of the papers) with the English below.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from eppid.notifications.services import email_queue
from eppid.objections.choices import ObjectionOutcome
from eppid.objections.commission import commission_for, dispute_window


def objector_email(objection) -> str:
    if objection.request_id:
        return objection.request.email or ""
    return objection.email or ""


def _both(text, **values) -> str:
    parts = []
    for language in ("id", "en"):
        with translation.override(language):
            # Lazy values (choice labels) are rendered here, in each language in turn.
            rendered = {key: str(value) for key, value in values.items()}
            parts.append(str(text) % rendered if values else str(text))
    return parts[0] if parts[0] == parts[1] else f"{parts[0]}\n\n---\n\n{parts[1]}"


def _day(value) -> str:
    """``value`` as people write it in the active language (each part of ``_both`` in its own)."""
    return formats.date_format(value, "j F Y")


_day_lazy = lazy(_day, str)


def _pdf(doc) -> list[tuple[str, bytes, str]]:
    if doc is None or not doc.copy_available:
        return []
    return [(f"{doc.reference}.pdf", doc.signed_pdf(), "application/pdf")]


FILED_SUBJECT = _("Objection %(number)s received")
FILED_BODY = _(
    "Your objection has been received by %(unit)s and registered as %(number)s on %(received)s. "
    "The superior of the PPID responds in writing by %(due)s. The signed receipt is attached when "
    "it is ready; follow your objection at %(url)s with your tracking code."
)
DECIDED_SUBJECT = _("Response to objection %(number)s")
DECIDED_BODY = _(
    "The superior of the PPID of %(unit)s has decided your objection %(number)s: %(outcome)s. "
    "The written response is attached when it is signed. If you are not satisfied, you may file a "
    "dispute with the %(commission)s until %(end)s."
)


def _objector_mail(objection, subject, body, values: dict, paper) -> None:
    """Queue one email to the objector (none without an address): the subject in Indonesian, the
    body in both languages, ``paper`` attached once its copy is stored."""
    to = objector_email(objection)
    if not to:
        return
    with translation.override("id"):
        subject = str(subject) % values
    email_queue(
        to=to,
        subject=subject,
        body=_both(body, **values),
        unit=objection.unit,
        reference=objection.number,
        attachments=_pdf(paper),
    )


def filed_email(objection) -> None:
    values = {
        "unit": objection.unit.name,
        "number": objection.number,
        # The day it came in, as its receipt prints it (the period counts from received_on).
        "received": _day_lazy(timezone.localtime(objection.received_at).date()),
        "due": _day_lazy(objection.due_date),
        "url": settings.EPPID_PUBLIC_URL,
    }
    _objector_mail(objection, FILED_SUBJECT, FILED_BODY, values, objection.receipt)


def decided_email(objection) -> None:
    if not objector_email(objection):
        return
    window = dispute_window(objection)
    _value, commission = commission_for(objection.unit)
    values = {
        "unit": objection.unit.name,
        "number": objection.number,
        "outcome": ObjectionOutcome(objection.outcome).label,
        "commission": commission,
        "end": _day_lazy(window[1]) if window else "-",
    }
    _objector_mail(objection, DECIDED_SUBJECT, DECIDED_BODY, values, objection.response)
