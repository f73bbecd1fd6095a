"""Ground (b) without a request: periodic information not published (UU 14/2008 Pasal 9, 35(1)(b)).

The same identity steps as a request (the request wizard's forms, its encrypted upload area and
its session helper under another key), then what is missing, a check, and the shared
confirmation, which shows the objection's own tracking code once.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from eppid.core.ratelimit import rate_limit_hit
from eppid.disclosure.choices import RequesterType
from eppid.law.models import ObjectionCondition
from eppid.objections.rules import ground_for_condition
from eppid.organisation.charter import statutory_deadlines
from eppid.organisation.models import Unit
from eppid.portal import request_forms
from eppid.portal.objection_forms import StatementForm
from eppid.portal.objection_views import DONE_KEY, _done_record
from eppid.portal.request_views import _documents_save, _limit_mb, _unit_choices, upload_limited
from eppid.portal.request_wizard import FILE_FIELDS, Wizard, upload_read, uploads_sweep
from eppid.portal.views import unit_preselected

SESSION_KEY = "periodic_objection_wizard"
STEPS = ("unit", "requester-type", "identity", "contact", "statement", "documents")
TITLES = {
    "unit": gettext_lazy("Which office has not published the information?"),
    "requester-type": gettext_lazy("Who is objecting?"),
    "identity": gettext_lazy("Identity of the objector"),
    "contact": gettext_lazy("Contact details"),
    "statement": gettext_lazy("The periodic information that is missing"),
    "documents": gettext_lazy("Upload documents"),
}


def _wizard(request) -> Wizard:
    return Wizard(request.session, key=SESSION_KEY)


def _form(wizard: Wizard, step: str, data=None, files=None, **extra):
    if step == "unit":
        return request_forms.UnitForm(data, **extra)
    if step == "requester-type":
        form = request_forms.RequesterTypeForm(data)
        form.fields["requester_type"].label = _("Who is objecting?")
        return form
    if step == "identity":
        return request_forms.IdentityForm(data, requester_type=wizard.requester_type or "individual")
    if step == "contact":
        return request_forms.ContactForm(data)
    if step == "statement":
        return StatementForm(data, periodic=True)
    if step == "documents":
        have = {name for name in FILE_FIELDS if wizard.file(name)}
        return request_forms.DocumentsForm(
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
    if step == "unit":
        return bool(answers.get("unit")) and Unit.objects.filter(code=answers["unit"]).exists()
    return bool(answers) and _form(wizard, step, answers).is_valid()


def _first_incomplete(wizard: Wizard) -> str | None:
    return next((step for step in STEPS if not _complete(wizard, step)), None)


def _step_url(step: str) -> str:
    return reverse("portal:periodic-step", kwargs={"step": step})


@never_cache
def periodic_start(request):
    wizard = _wizard(request)
    code = unit_preselected(request)
    if code:
        wizard.save_answers("unit", {"unit": code})
    chosen = Unit.objects.filter(code=wizard.value("unit", "unit")).first()
    return render(
        request,
        "portal/objection/periodic_start.html",
        {
            "unit": chosen,
            "first_step": _step_url("unit"),
            "deadlines": statutory_deadlines(),
            "ground": ground_for_condition(ObjectionCondition.PERIODIC),
        },
    )


@never_cache
@require_http_methods(["POST"])
def periodic_restart(request):
    _wizard(request).reset()
    return redirect("portal:periodic-start")


@never_cache
@require_http_methods(["GET", "POST"])
def periodic_step(request, step):
    if step not in STEPS:
        raise Http404
    wizard = _wizard(request)
    earlier = STEPS[: STEPS.index(step)]
    missing = next((s for s in earlier if not _complete(wizard, s)), None)
    if missing:
        return redirect(_step_url(missing))
    changing = request.GET.get("change") == "1" or request.POST.get("change") == "1"
    extra, query, total, choices = {}, "", 0, []
    search = request_forms.UnitSearchStepForm(request.GET or None) if step == "unit" else None
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
        form = _form(wizard, step, None, **extra)
        form.initial = wizard.answers(step)
    context = {
        "form": form,
        "step": step,
        "title": TITLES[step],
        "changing": changing,
        "back_url": reverse("portal:periodic-check")
        if changing
        else (_step_url(earlier[-1]) if earlier else reverse("portal:periodic-start")),
        "files": {name: wizard.file(name) for name in FILE_FIELDS},
        "requester_type": wizard.requester_type,
        "search": search,
        "total": total,
        "shown": len(choices),
        "query": query,
    }
    return render(request, "portal/objection/periodic_step.html", context)


def _next(wizard: Wizard, step: str, changing: bool):
    if changing:
        missing = _first_incomplete(wizard)
        return redirect(_step_url(missing) + "?change=1") if missing else redirect("portal:periodic-check")
    index = STEPS.index(step)
    if index + 1 < len(STEPS):
        return redirect(_step_url(STEPS[index + 1]))
    return redirect("portal:periodic-check")


def _summary(wizard: Wizard) -> list[dict]:
    kind = wizard.requester_type
    unit = Unit.objects.filter(code=wizard.value("unit", "unit")).first()
    identity = wizard.answers("identity")
    contact = wizard.answers("contact")
    rows = [
        ("unit", _("Office"), f"{unit.name} ({unit.code})" if unit else ""),
        ("requester-type", _("Objector"), dict(RequesterType.choices).get(kind, kind)),
    ]
    if kind == "group":
        rows += [
            ("identity", _("Name of the group"), identity.get("group_name", "")),
            ("identity", _("Representative"), identity.get("name", "")),
        ]
    elif kind == "legal_entity":
        rows.append(("identity", _("Name of the legal entity"), identity.get("name", "")))
    else:
        rows.append(("identity", _("Full name"), identity.get("name", "")))
    if kind == "legal_entity":
        rows.append(("identity", _("Decree number"), identity.get("legal_entity_number", "")))
    else:
        rows.append(("identity", _("NIK"), identity.get("nik", "")))
    rows += [
        ("contact", _("Email address"), contact.get("email", "")),
        ("contact", _("Phone number"), contact.get("phone", "") or _("Not given")),
        ("contact", _("Address"), contact.get("address", "")),
        ("contact", _("Occupation"), contact.get("occupation", "")),
        ("statement", _("Periodic information not published"), wizard.value("statement", "statement")),
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
    return [{"step": step, "label": label, "value": value} for step, label, value in rows]


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
    "statement": "statement",
    "identity_document": "documents",
    "authorisation_document": "documents",
}


def _upload(wizard: Wizard, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    descriptor = wizard.file(name)
    content = upload_read(descriptor) if descriptor else None
    if content is None:
        return None
    filename = f"{name.replace('_', '-')}.{descriptor.get('extension', 'bin')}"
    return SimpleUploadedFile(filename, content, content_type=descriptor.get("content_type", ""))


@never_cache
@require_http_methods(["GET", "POST"])
def periodic_check(request):
    wizard = _wizard(request)
    missing = _first_incomplete(wizard)
    if missing:
        return redirect(_step_url(missing))
    errors = []
    if request.method == "POST":
        rate_limit_hit(request, "objection-submit")
        errors = _submit(request, wizard)
        if not errors:
            return redirect("portal:objection-done")
    return render(
        request,
        "portal/objection/periodic_check.html",
        {
            "rows": _summary(wizard),
            "errors": errors,
            "page_has_errors": bool(errors),
            "ground_label": getattr(ground_for_condition(ObjectionCondition.PERIODIC), "label", ""),
        },
    )


def _submit(request, wizard: Wizard) -> list[dict]:
    from eppid.objections.services import objection_file_periodic

    identity = _upload(wizard, "identity_document")
    authorisation = _upload(wizard, "authorisation_document")
    if identity is None or (wizard.requester_type == "group" and authorisation is None):
        for name in FILE_FIELDS:
            wizard.drop_file(name)
        message = _("Your uploaded document is no longer available. Upload it again.")
        return [{"url": _step_url("documents") + "?change=1", "message": message}]
    uploads_sweep()
    data = {}
    for step in ("requester-type", "identity", "contact"):
        data.update(wizard.answers(step))
    try:
        result = objection_file_periodic(
            unit=wizard.value("unit", "unit"),
            data=data,
            statement=wizard.value("statement", "statement"),
            identity_document=identity,
            authorisation_document=authorisation,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            return [{"url": "", "message": message} for message in error.messages]
        return [
            {
                "url": _step_url(FIELD_STEP[field]) + "?change=1" if field in FIELD_STEP else "",
                "message": message,
            }
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    request.session[DONE_KEY] = _done_record(result, email=data.get("email", ""))
    wizard.finish()
    return []
