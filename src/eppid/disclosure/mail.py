"""Emails to the requester (issue 3 item 7): receipt, extension, forwarding, decision, withdrawal.

Core's services call one function per event inside their business transaction; ``email_queue``
(eppid.notifications) stores the message in the outbox and hands it to the worker only when that
transaction commits, so a rolled-back step sends nothing.

Nothing is sent when the requester gave no email address. The message is in Indonesian with one
English line at the end (requests carry no language field; Indonesian is the service language).
The tracking code is never put in an email: it is stored only as a hash, and the outbox keeps
message bodies, so the code stays where the requester saw it (confirmation page and receipt).
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation

from eppid.disclosure.case_rules import request_rules
from eppid.notifications.services import email_queue
from eppid.reminders.links import absolute_url, status_page_path, survey_page_path

logger = logging.getLogger("eppid.disclosure.mail")

PRIMARY_LANGUAGE = "id"
SECOND_LANGUAGE = "en"
PDF = "application/pdf"


def _document_attachment(document, filename: str):
    """(filename, bytes, content type) of a signed IssuedDocument; None while it is not signed
    (a pending document is never served; the status page offers it once it is signed)."""
    if document is None or not getattr(document, "copy_available", False):
        return None
    # Stored encrypted (it names the requester); the outbox encrypts the attachment again.
    return (filename, document.signed_pdf(), PDF)


def _send(request, event: str, context: dict, english_line: str, attachments=()) -> object | None:
    if not (request.email or "").strip():
        return None

    context = {
        "request": request,
        "unit": request.unit,
        "rules": request_rules(request),
        "status_link": absolute_url(status_page_path(request, PRIMARY_LANGUAGE)),
        **context,
    }
    with translation.override(PRIMARY_LANGUAGE):
        subject = render_to_string(f"disclosure/mail/{event}_subject.txt", context).strip()
        body = render_to_string(f"disclosure/mail/{event}_body.txt", context)
        footer = render_to_string("disclosure/mail/_footer.txt", context)
    with translation.override(SECOND_LANGUAGE):
        english = str(english_line) % _english_values(context)
        status_link_en = absolute_url(status_page_path(request, SECOND_LANGUAGE))
    body = f"{body.rstrip()}\n\n{footer.strip()}\n\n--\nEnglish: {english}\n{status_link_en}\n"
    try:
        return email_queue(
            to=request.email.strip(),
            subject=subject,
            body=body,
            unit=request.unit,
            reference=f"request:{request.registration_number}:{event}",
            attachments=tuple(item for item in attachments if item),
        )
    except ValidationError:
        # An address the outbox refuses must not undo the request's own step; it is validated
        # at filing, so this is a stored address that no longer passes (never seen in tests).
        logger.warning("request %s: email address refused by the outbox", request.pk)
        return None


def _english_values(context: dict) -> dict:
    request = context["request"]
    values = {
        "number": request.registration_number,
        "unit": request.unit.name,
        "due": request.due_date.strftime("%d %B %Y"),
    }
    new_request = context.get("new_request")
    if new_request is not None:
        values["new_number"] = new_request.registration_number
        values["new_unit"] = new_request.unit.name
        values["new_due"] = new_request.due_date.strftime("%d %B %Y")
    decision = context.get("decision")
    if decision is not None:
        with translation.override(SECOND_LANGUAGE):
            values["outcome"] = str(decision.get_outcome_display())
        values["survey_link"] = absolute_url(survey_page_path(request, SECOND_LANGUAGE))
    return values


# The English lines are plain strings on purpose (not msgids): they are always English.
EN_RECEIVED = "Your request %(number)s to %(unit)s has been registered; the answer is due by %(due)s."
EN_EXTENDED = "The deadline for your request %(number)s has been extended once, to %(due)s."
EN_FORWARDED = (
    "Your request %(number)s was forwarded to %(new_unit)s as %(new_number)s (due %(new_due)s); "
    "your tracking code stays the same."
)
EN_SURVEY = " How did we do? Please answer the short satisfaction survey (once): %(survey_link)s"
EN_DECIDED = (
    "A decision on your request %(number)s has been made: %(outcome)s. The written notice is attached."
    + EN_SURVEY
)
EN_DECIDED_NO_NOTICE = (
    "A decision on your request %(number)s has been made: %(outcome)s. "
    "The written notice is on the status page." + EN_SURVEY
)
EN_WITHDRAWN = "Your request %(number)s has been withdrawn as you asked."


def request_mail_received(request, receipt=None):
    """At receipt: registration number, due date, how to follow it; the signed receipt attached."""
    attachment = _document_attachment(receipt, f"tanda-bukti-{request.registration_number}.pdf")
    return _send(
        request,
        "received",
        {"receipt_attached": attachment is not None},
        EN_RECEIVED,
        attachments=(attachment,),
    )


def request_mail_extended(request):
    """After an extension: the new due date and the written reason (UU 14/2008 Art. 22(8))."""
    return _send(request, "extended", {}, EN_EXTENDED)


def request_mail_forwarded(request, new_request):
    """After forwarding: the new unit and registration number (the same tracking code works),
    with the new registration's signed receipt attached once signed."""
    attachment = _document_attachment(
        getattr(new_request, "receipt", None), f"tanda-bukti-{new_request.registration_number}.pdf"
    )
    return _send(
        request,
        "forwarded",
        {"new_request": new_request, "receipt_attached": attachment is not None},
        EN_FORWARDED,
        attachments=(attachment,),
    )


def request_mail_decided(request, decision, notice=None):
    """After the decision: the outcome, the status page, the signed written notice attached, and
    the invitation to the satisfaction survey (its page, with the number filled in)."""
    attachment = _document_attachment(notice, f"pemberitahuan-{request.registration_number}.pdf")
    return _send(
        request,
        "decided",
        {
            "decision": decision,
            "notice_attached": attachment is not None,
            "survey_link": absolute_url(survey_page_path(request, PRIMARY_LANGUAGE)),
        },
        EN_DECIDED if attachment is not None else EN_DECIDED_NO_NOTICE,
        attachments=(attachment,),
    )


def request_mail_withdrawn(request):
    """Confirmation that the request was withdrawn at the requester's wish."""
    return _send(request, "withdrawn", {}, EN_WITHDRAWN)
