"""The citizen's request wizard (GOV.UK pattern): start, one question per page, check, confirmation.

No JavaScript: every step is a server-rendered form that POSTs and redirects (POST/redirect/GET).
The answers live in the session and uploads in a private encrypted area (request_wizard.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from eppid.core.ratelimit import rate_limit_hit
from eppid.disclosure.case_rules import request_rules
from eppid.disclosure.identity import document_check
from eppid.organisation import selectors as units
from eppid.organisation.models import Unit
from eppid.portal import request_forms as forms
from eppid.portal.request_wizard import DONE_KEY, FILE_FIELDS, STEPS, Wizard, uploads_sweep
from eppid.portal.views import unit_preselected

TITLES = {
    "unit": gettext_lazy("Which office do you want to ask?"),
    "requester-type": gettext_lazy("Who is making the request?"),
    "identity": gettext_lazy("Identity of the requester"),
    "contact": gettext_lazy("Contact details"),
    "information": gettext_lazy("The information you want"),
    "access": gettext_lazy("How you want to get it"),
    "documents": gettext_lazy("Upload documents"),
}
UNIT_LIST_MAX = 40


def upload_limited(request) -> None:
    """Count a POST of the documents step that carries a file (``document-upload``).

    Uploads at the documents step of both citizen wizards (request, ground-b objection) count in
    one group of their own: each costs a decode, and a citizen who sends a better scan does not
    lose a submission. The final submit keeps its own group. Over the rate: ``RateLimited``.
    """
    if request.FILES:
        rate_limit_hit(request, "document-upload")


def _limit_mb() -> str:
    return f"{settings.EPPID_UPLOAD_MAX_BYTES / (1024 * 1024):g}"


def _form(wizard: Wizard, step: str, data=None, files=None, **extra):
    """The form of ``step``, bound to ``data`` (a POST) or to the stored answers when data is None."""
    if step == "unit":
        return forms.UnitForm(data, **extra)
    if step == "requester-type":
        return forms.RequesterTypeForm(data)
    if step == "identity":
        return forms.IdentityForm(data, requester_type=wizard.requester_type or "individual")
    if step == "contact":
        return forms.ContactForm(data)
    if step == "information":
        return forms.InformationForm(data)
    if step == "access":
        return forms.AccessForm(data)
    if step == "documents":
        have = {name for name in FILE_FIELDS if wizard.file(name)}
        return forms.DocumentsForm(
            data, files, requester_type=wizard.requester_type, have=have, limit_mb=_limit_mb()
        )
    raise Http404


def _complete(wizard: Wizard, step: str) -> bool:
    if step == "documents":
        needed = ["identity_document"] + (
            ["authorisation_document"] if wizard.requester_type == "group" else []
        )
        return all(wizard.file(name) for name in needed)
    answers = wizard.answers(step)
    return bool(answers) and _form(wizard, step, answers).is_valid()


def _first_incomplete(wizard: Wizard) -> str | None:
    for step in STEPS:
        if not _complete(wizard, step):
            return step
    return None


def _step_url(step: str) -> str:
    return reverse("portal:request-step", kwargs={"step": step})


def _unit_choices(wizard: Wizard, query: str) -> tuple[list[tuple[str, str]], int]:
    """Offices to pick from: matches of the search, else Bawaslu RI and the provinces."""
    if query:
        found = units.units_search(q=query)
    else:
        found = Unit.objects.filter(Q(level="national") | Q(level="province")).order_by("code")
    total = found.count()
    rows = list(found[:UNIT_LIST_MAX])
    chosen = wizard.value("unit", "unit")
    if chosen and chosen not in {unit.code for unit in rows}:
        current = Unit.objects.filter(code=chosen).first()
        if current is not None:
            rows.insert(0, current)
    return [(unit.code, f"{unit.name} ({unit.code})") for unit in rows], total


@never_cache
def request_start(request):
    wizard = Wizard(request.session)
    code = unit_preselected(request)
    if code:
        wizard.save_answers("unit", {"unit": code})
    # "Request this information" on an entry of the information list names what to ask for.
    information = request.GET.get("information", "").strip()
    if information and information.isprintable() and len(information) <= forms.TEXT_MAX:
        wizard.save_answers("information", {**wizard.answers("information"), "information": information})
    chosen = Unit.objects.filter(code=wizard.value("unit", "unit")).first()
    return render(request, "portal/request/start.html", {"unit": chosen, "first_step": _step_url("unit")})


@never_cache
@require_http_methods(["POST"])
def request_restart(request):
    Wizard(request.session).reset()
    return redirect("portal:request-start")


@never_cache
@require_http_methods(["GET", "POST"])
def request_step(request, step):
    if step not in STEPS:
        raise Http404
    wizard = Wizard(request.session)
    earlier = STEPS[: STEPS.index(step)]
    missing = next((s for s in earlier if not _complete(wizard, s)), None)
    if missing:
        return redirect(_step_url(missing))
    changing = request.GET.get("change") == "1" or request.POST.get("change") == "1"
    extra = {}
    search = forms.UnitSearchStepForm(request.GET or None) if step == "unit" else None
    if step == "unit":
        query = search.cleaned_data["q"].strip() if search.is_bound and search.is_valid() else ""
        if "\x00" in query:
            query = ""
        choices, total = _unit_choices(wizard, query)
        extra = {"choices": choices}
    if request.method == "POST":
        if step == "documents":
            upload_limited(request)
        form = _form(wizard, step, request.POST, request.FILES, **extra)
        if step == "documents":
            form.is_valid()
            _documents_save(wizard, form)
            form.require_missing({name for name in FILE_FIELDS if wizard.file(name)})
            if not form.errors:
                return _next(wizard, step, changing)
        elif form.is_valid():
            wizard.save_answers(step, form.cleaned_data)
            return _next(wizard, step, changing)
    else:
        stored = wizard.answers(step)
        form = _form(wizard, step, None, **extra)
        form.initial = stored
    context = {
        "form": form,
        "step": step,
        "title": TITLES[step],
        "changing": changing,
        "back_url": reverse("portal:request-check")
        if changing
        else (_step_url(earlier[-1]) if earlier else reverse("portal:request-start")),
        "files": {name: wizard.file(name) for name in FILE_FIELDS},
        "requester_type": wizard.requester_type,
    }
    if step == "unit":
        context.update(search=search, total=total, shown=len(choices), query=query)
    template = f"step_{step}.html" if step in {"unit", "identity", "documents"} else "step.html"
    return render(request, f"portal/request/{template}", context)


def _documents_save(wizard: Wizard, form) -> None:
    """Check and keep each upload that arrived (a valid one is kept even if another fails)."""
    uploads_sweep()
    for name in form.fields:
        upload = form.cleaned_data.get(name) if name not in form.errors else None
        if not upload:
            continue
        try:
            checked = document_check(upload)
        except ValidationError as error:
            form.add_error(name, error)
            continue
        filename = (getattr(upload, "name", "") or name).rsplit("/", 1)[-1]
        wizard.save_file(
            name,
            checked.content,
            content_type=checked.content_type,
            extension=checked.extension,
            filename=filename,
        )


def _next(wizard: Wizard, step: str, changing: bool) -> HttpResponseRedirect:
    """Changing an answer returns to the check page (through any step the change made incomplete,
    such as the identity after a new requester type); otherwise on to the next question."""
    if changing:
        missing = _first_incomplete(wizard)
        if missing is None:
            return redirect("portal:request-check")
        return redirect(_step_url(missing) + "?change=1")
    index = STEPS.index(step)
    if index + 1 < len(STEPS):
        return redirect(_step_url(STEPS[index + 1]))
    return redirect("portal:request-check")


def _summary(wizard: Wizard) -> list[dict]:
    """The rows of the check-answers page: label, value, the step that changes it."""
    from eppid.disclosure.choices import AccessMethod, CopyFormat, Delivery, RequesterType

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
    from eppid.portal.request_wizard import upload_read

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
    missing = _first_incomplete(wizard)
    if missing:
        return redirect(_step_url(missing))
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
    from eppid.disclosure.services import request_submit

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
    from eppid.disclosure.services.documents import document_ready_url

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
    from datetime import date

    record = request.session.pop(DONE_KEY, None)
    if not isinstance(record, dict):
        return render(request, "portal/request/done_gone.html")
    record["due_date"] = date.fromisoformat(record["due_date"])
    return render(request, "portal/request/done.html", {"done": record})
