"""The citizen's request wizard, last pages: check the answers, submit, the confirmation.

The steps before them are in request_views.py; both keep the answers in the session (request_wizard.py).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from eppid.core.ratelimit import rate_limit_hit
from eppid.disclosure.case_rules import request_rules
from eppid.disclosure.choices import AccessMethod, CopyFormat, Delivery, RequesterType
from eppid.disclosure.services import request_submit
from eppid.disclosure.services.documents import document_ready_url
from eppid.organisation.models import Unit
from eppid.portal.request_views import first_incomplete, step_url
from eppid.portal.request_wizard import DONE_KEY, FILE_FIELDS, Wizard, upload_read, uploads_sweep


def _summary(wizard: Wizard) -> list[dict]:
    """The rows of the check-answers page: label, value, the step that changes it."""

    def label(choices, value):
        return dict(choices).get(value, value)

    kind = wizard.requester_type
    unit = Unit.objects.filter(code=wizard.value("unit", "unit")).first()
    rows = [
        ("unit", _("Office"), f"{unit.name} ({unit.code})" if unit else ""),
        ("requester-type", _("Requester"), label(RequesterType.choices, kind)),
    ]
    identity = wizard.answers("identity")
    if kind == "group":
        rows.append(("identity", _("Name of the group"), identity.get("group_name", "")))
        rows.append(("identity", _("Representative"), identity.get("name", "")))
    elif kind == "legal_entity":
        rows.append(("identity", _("Name of the legal entity"), identity.get("name", "")))
    else:
        rows.append(("identity", _("Full name"), identity.get("name", "")))
    if kind == "legal_entity":
        rows.append(("identity", _("Decree number"), identity.get("legal_entity_number", "")))
    else:
        rows.append(("identity", _("NIK"), identity.get("nik", "")))
    contact = wizard.answers("contact")
    rows += [
        ("contact", _("Email address"), contact.get("email", "")),
        ("contact", _("Phone number"), contact.get("phone", "") or _("Not given")),
        ("contact", _("Address"), contact.get("address", "")),
        ("contact", _("Occupation"), contact.get("occupation", "")),
    ]
    information = wizard.answers("information")
    election = str(information.get("election_information", "")).lower() in ("true", "1", "on")
    rows += [
        ("information", _("Information requested"), information.get("information", "")),
        ("information", _("Purpose"), information.get("purpose", "")),
        ("information", _("Election information"), _("Yes") if election else _("No")),
    ]
    access = wizard.answers("access")
    how = label(AccessMethod.choices, access.get("access_method", ""))
    if access.get("copy_format"):
        how = f"{how}: {label(CopyFormat.choices, access['copy_format'])}"
    rows += [
        ("access", _("How to get it"), how),
        ("access", _("How to receive it"), label(Delivery.choices, access.get("delivery", ""))),
    ]
    for name in FILE_FIELDS:
        descriptor = wizard.file(name)
        if descriptor:
            title = {
                "identity_document": _("Deed") if kind == "legal_entity" else _("Identity document"),
                "authorisation_document": _("Power of attorney"),
            }[name]
            size_kb = max(1, int(descriptor.get("size", 0)) // 1024)
            rows.append(("documents", title, f"{descriptor.get('filename', '')} ({size_kb} KB)"))
    return [{"step": step, "label": text, "value": value} for step, text, value in rows]


def _data(wizard: Wizard) -> dict:
    data = {}
    for step in ("unit", "requester-type", "identity", "contact", "information", "access"):
        data.update(wizard.answers(step))
    return data


def _upload(wizard: Wizard, name: str):
    descriptor = wizard.file(name)
    if not descriptor:
        return None
    content = upload_read(descriptor)
    if content is None:
        return None
    filename = f"{name.replace('_', '-')}.{descriptor.get('extension', 'bin')}"
    return SimpleUploadedFile(filename, content, content_type=descriptor.get("content_type", ""))


@never_cache
@require_http_methods(["GET", "POST"])
def request_check(request):
    wizard = Wizard(request.session)
    missing = first_incomplete(wizard)
    if missing:
        return redirect(step_url(missing))
    errors = []
    if request.method == "POST":
        rate_limit_hit(request, "request-submit")
        result, errors = _submit(wizard)
        if result is not None:
            return redirect("portal:request-done")
    return render(
        request,
        "portal/request/check.html",
        {"rows": _summary(wizard), "errors": errors, "page_has_errors": bool(errors)},
    )


def _submit(wizard: Wizard):
    """Hand the answers to the disclosure service; returns (result, []) or (None, errors)."""
    identity = _upload(wizard, "identity_document")
    authorisation = _upload(wizard, "authorisation_document")
    if identity is None or (wizard.requester_type == "group" and authorisation is None):
        # The encrypted upload expired or was swept: ask for it again.
        for name in FILE_FIELDS:
            wizard.drop_file(name)
        message = _("Your uploaded document is no longer available. Upload it again.")
        return None, [{"step": "documents", "message": message}]
    uploads_sweep()
    try:
        result = request_submit(
            data=_data(wizard),
            identity_document=identity,
            authorisation_document=authorisation,
            channel="online",
        )
    except ValidationError as error:
        return None, _errors_by_step(error)
    wizard.session[DONE_KEY] = _done_record(result)
    wizard.finish()
    return result, []


FIELD_STEP = {
    "unit": "unit",
    "requester_type": "requester-type",
    "name": "identity",
    "group_name": "identity",
    "nik": "identity",
    "legal_entity_number": "identity",
    "email": "contact",
    "phone": "contact",
    "address": "contact",
    "occupation": "contact",
    "information": "information",
    "purpose": "information",
    "election_information": "information",
    "access_method": "access",
    "copy_format": "access",
    "delivery": "access",
    "identity_document": "documents",
    "authorisation_document": "documents",
}


def _errors_by_step(error: ValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            {"step": FIELD_STEP.get(field), "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"step": None, "message": message} for message in error.messages]


def _done_record(result) -> dict:
    req = result.request
    rules = request_rules(req)
    return {
        "rules_name": rules.name,
        "rules_why": str(rules.why),
        "extension_days": rules.terms.extension_days,
        "response_days": rules.terms.response_days,
        "registration_number": req.registration_number,
        "tracking_code": result.tracking_code,
        "due_date": req.due_date.isoformat(),
        "unit_name": req.unit.name,
        "email": req.email or "",
        "receipt_url": document_ready_url(result.receipt),
        "leaf_index": result.leaf_index,
    }


@never_cache
def request_done(request):
    """The confirmation: shown once (the tracking code is not kept anywhere in clear)."""
    record = request.session.pop(DONE_KEY, None)
    if not isinstance(record, dict):
        return render(request, "portal/request/done_gone.html")
    record["due_date"] = date.fromisoformat(record["due_date"])
    return render(request, "portal/request/done.html", {"done": record})
