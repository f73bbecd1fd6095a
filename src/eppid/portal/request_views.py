"""The citizen's request wizard (GOV.UK pattern): start, one question per page, check, confirmation.

No JavaScript: every step is a server-rendered form that POSTs and redirects (POST/redirect/GET).
The answers live in the session and uploads in a private encrypted area (request_wizard.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from eppid.core.ratelimit import rate_limit_hit
from eppid.disclosure.identity import document_check
from eppid.organisation import selectors as units
from eppid.organisation.models import Unit
from eppid.portal import request_forms as forms
from eppid.portal.request_wizard import FILE_FIELDS, STEPS, Wizard, uploads_sweep
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


def first_incomplete(wizard: Wizard) -> str | None:
    for step in STEPS:
        if not _complete(wizard, step):
            return step
    return None


def step_url(step: str) -> str:
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
    return render(request, "portal/request/start.html", {"unit": chosen, "first_step": step_url("unit")})


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
        return redirect(step_url(missing))
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
        else (step_url(earlier[-1]) if earlier else reverse("portal:request-start")),
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
        missing = first_incomplete(wizard)
        if missing is None:
            return redirect("portal:request-check")
        return redirect(step_url(missing) + "?change=1")
    index = STEPS.index(step)
    if index + 1 < len(STEPS):
        return redirect(step_url(STEPS[index + 1]))
    return redirect("portal:request-check")
