"""One citizen wizard (GOV.UK pattern): a start page, one question per page, check, confirmation.

No JavaScript: every step is a server-rendered form that POSTs and redirects (POST/redirect/GET).
A wizard is configuration (``Flow``): its steps (``Step``: slug, title, form, the page's intro,
the fields it answers, its rows on the check page), the session key of its answers, the next-step
rule, the texts of its pages and the done handler that hands the answers to the domain service.
The request wizard (request_views.py) and the ground-b objection wizard
(objection_periodic_views.py) are two flows; the steps both ask are in wizard_steps.py, the
answers and the encrypted uploads in request_wizard.py.

One rule for every step of every flow: a step is complete when its form accepts the stored
answers (or its own ``complete`` says so: the documents step), and a step opens only when every
step before it is complete. The check page opens only when all are; a refusal by the service lands
in its error summary, each message linked to the step that answers the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from eppid.core.ratelimit import rate_limit_hit
from eppid.organisation.models import Unit
from eppid.portal.confirmation import confirmation_waiting
from eppid.portal.request_wizard import FILE_FIELDS, Wizard, upload_read, uploads_sweep
from eppid.portal.views import unit_preselected

Rows = Callable[[Wizard], list[tuple[str, str]]]


def _no_rows(wizard: Wizard) -> list[tuple[str, str]]:
    return []


@dataclass(frozen=True, eq=False)
class Step:
    """One question page. ``form(wizard, data, files, **kwargs)`` builds its form."""

    slug: str
    title: str
    form: Callable[..., Form]
    fields: tuple[str, ...] = ()  # the fields of the domain service this step answers
    rows: Rows = _no_rows  # (label, value) rows of the check page
    intro: str = ""  # template shown above the form
    body: str = ""  # template shown instead of the plain form
    texts: Mapping[str, str] = field(default_factory=dict)  # the flow's own words for the intro
    multipart: bool = False
    # The unit step's search: (form kwargs, page context) from the request.
    prepare: Callable[[HttpRequest, Wizard], tuple[dict, dict]] | None = None
    # POST handling other than "valid: keep the answers" (the uploads); True moves on.
    accept: Callable[[HttpRequest, Wizard, Form], bool] | None = None
    complete: Callable[[Wizard], bool] | None = None


def next_in_order(flow: Flow, wizard: Wizard, slug: str) -> str | None:
    """The default next-step rule: the following step, then (None) the check page."""
    index = flow.index(slug)
    return flow.steps[index + 1].slug if index + 1 < len(flow.steps) else None


def _no_context(request: HttpRequest, wizard: Wizard) -> dict:
    return {}


@dataclass(frozen=True, eq=False)
class Submission:
    """How the answers leave a wizard: the named rate limit of the submit, the done handler
    ((wizard, uploads by field) -> the confirmation record; ValidationError when the domain
    service refuses) and the confirmation page (URL name), which shows the record kept in the
    session under ``done_key`` once (portal/confirmation.py)."""

    handler: Callable[[Wizard, dict], dict]
    rate_limit: str
    done_key: str
    done_url: str
    # The record of what these answers filed already (a second tap, a resent form; decision 1670),
    # None when they filed nothing yet.
    replay: Callable[[Wizard], dict | None] = lambda wizard: None


@dataclass(frozen=True, eq=False)
class Flow:
    """A wizard as configuration. URL names: ``portal:<name>-start``, ``-restart``, ``-step``,
    ``-check``."""

    name: str
    session_key: str
    steps: tuple[Step, ...]
    caption: str
    submission: Submission
    start_template: str
    texts: Mapping[str, str]  # check page: title, send_heading, send_text, send_button
    start_context: Callable[[HttpRequest, Wizard], dict] = _no_context
    fixed_rows: Callable[[], list[tuple[str, str]]] = list  # check rows no step changes
    next_step: Callable[[Flow, Wizard, str], str | None] = next_in_order

    def state(self, request: HttpRequest) -> Wizard:
        return Wizard(request.session, key=self.session_key)

    def index(self, slug: str) -> int:
        for index, step in enumerate(self.steps):
            if step.slug == slug:
                return index
        raise Http404

    def url(self, page: str) -> str:
        return reverse(f"portal:{self.name}-{page}")

    def step_url(self, slug: str) -> str:
        return reverse(f"portal:{self.name}-step", kwargs={"step": slug})

    def change_url(self, slug: str) -> str:
        return self.step_url(slug) + "?change=1"

    def step_of(self, field_name: str) -> Step | None:
        return next((step for step in self.steps if field_name in step.fields), None)


# --- the rule of completeness --------------------------------------------------------------------


def step_complete(step: Step, wizard: Wizard) -> bool:
    if step.complete is not None:
        return step.complete(wizard)
    answers = wizard.answers(step.slug)
    return bool(answers) and step.form(wizard, answers).is_valid()


def first_incomplete(flow: Flow, wizard: Wizard, before: int | None = None) -> str | None:
    return next((step.slug for step in flow.steps[:before] if not step_complete(step, wizard)), None)


# --- pages ---------------------------------------------------------------------------------------


def start_page(request: HttpRequest, flow: Flow):
    wizard = flow.state(request)
    code = unit_preselected(request)
    if code:
        wizard.save_answers("unit", {"unit": code})
    extra = flow.start_context(request, wizard)
    chosen = Unit.objects.filter(code=wizard.value("unit", "unit")).first()
    context = {"unit": chosen, "first_step": flow.step_url(flow.steps[0].slug), **extra}
    return render(request, flow.start_template, context)


def restart_page(request: HttpRequest, flow: Flow):
    flow.state(request).reset()
    return redirect(flow.url("start"))


def step_page(request: HttpRequest, flow: Flow, slug: str):
    index = flow.index(slug)
    step = flow.steps[index]
    wizard = flow.state(request)
    missing = first_incomplete(flow, wizard, before=index)
    if missing:
        return redirect(flow.step_url(missing))
    changing = request.GET.get("change") == "1" or request.POST.get("change") == "1"
    form_kwargs, extra = step.prepare(request, wizard) if step.prepare else ({}, {})
    if request.method == "POST":
        form = step.form(wizard, request.POST, request.FILES, **form_kwargs)
        if step.accept is not None:
            accepted = step.accept(request, wizard, form)
        else:
            accepted = form.is_valid()
            if accepted:
                wizard.save_answers(slug, form.cleaned_data)
        if accepted:
            return _next(flow, wizard, slug, changing)
    else:
        form = step.form(wizard, None, **form_kwargs)
        form.initial = wizard.answers(slug)
    if changing:
        back_url = flow.url("check")
    else:
        back_url = flow.step_url(flow.steps[index - 1].slug) if index else flow.url("start")
    context = {
        "form": form,
        "step": slug,
        "title": step.title,
        "caption": flow.caption,
        "intro": step.intro,
        "body": step.body,
        "texts": step.texts,
        "multipart": step.multipart,
        "changing": changing,
        "back_url": back_url,
        "files": {name: wizard.file(name) for name in FILE_FIELDS},
        "requester_type": wizard.requester_type,
        **extra,
    }
    return render(request, "portal/wizard/step.html", context)


def _next(flow: Flow, wizard: Wizard, slug: str, changing: bool) -> HttpResponseRedirect:
    """Changing an answer returns to the check page (through any step the change made incomplete,
    such as the identity after a new requester type); otherwise the next-step rule decides."""
    if changing:
        missing = first_incomplete(flow, wizard)
        return redirect(flow.change_url(missing) if missing else flow.url("check"))
    following = flow.next_step(flow, wizard, slug)
    return redirect(flow.step_url(following) if following else flow.url("check"))


def check_page(request: HttpRequest, flow: Flow):
    wizard = flow.state(request)
    missing = first_incomplete(flow, wizard)
    if missing:
        if request.method == "POST" and _finished(request, flow, wizard):
            # A second send that arrives after the first filed and cleared the answers.
            return redirect(flow.submission.done_url)
        return redirect(flow.step_url(missing))
    errors = []
    if request.method == "POST":
        rate_limit_hit(request, flow.submission.rate_limit)
        errors = _submit(request, flow, wizard)
        if not errors:
            return redirect(flow.submission.done_url)
    else:
        wizard.submission_key()  # a second tap or a resent form then carries the same key
    rows = [{"label": label, "value": value, "url": ""} for label, value in flow.fixed_rows()]
    rows += [
        {"label": label, "value": value, "url": flow.change_url(step.slug)}
        for step in flow.steps
        for label, value in step.rows(wizard)
    ]
    context = {
        "rows": rows,
        "errors": errors,
        "page_has_errors": bool(errors),
        "caption": flow.caption,
        "texts": flow.texts,
        "back_url": flow.step_url(flow.steps[-1].slug),
        "restart_url": flow.url("restart"),
    }
    return render(request, "portal/wizard/check.html", context)


def _finished(request: HttpRequest, flow: Flow, wizard: Wizard) -> bool:
    """The wizard holds no answers and its confirmation waits in the session."""
    return not wizard.state.get("steps") and confirmation_waiting(request.session, flow.submission.done_key)


def _upload(wizard: Wizard, name: str) -> SimpleUploadedFile | None:
    descriptor = wizard.file(name)
    content = upload_read(descriptor) if descriptor else None
    if content is None:
        return None
    filename = f"{name.replace('_', '-')}.{descriptor.get('extension', 'bin')}"
    return SimpleUploadedFile(filename, content, content_type=descriptor.get("content_type", ""))


def _submit(request: HttpRequest, flow: Flow, wizard: Wizard) -> list[dict]:
    """Hand the answers to the flow's done handler; [] on success (the confirmation record is in
    the session), else the error summary's entries."""
    if _replayed(request, flow, wizard):
        return []
    uploads = {name: _upload(wizard, name) for name in FILE_FIELDS}
    if any(uploads[name] is None for name in wizard.files_needed()):
        if _replayed(request, flow, wizard):  # a twin filed them meanwhile and removed the uploads
            return []
        # The encrypted upload expired or was swept: ask for it again.
        for name in FILE_FIELDS:
            wizard.drop_file(name)
        message = _("Your uploaded document is no longer available. Upload it again.")
        return [{"url": _error_url(flow, FILE_FIELDS[0]), "message": message}]
    uploads_sweep()
    try:
        record = flow.submission.handler(wizard, uploads)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            return [{"url": "", "message": message} for message in error.messages]
        return [
            {"url": _error_url(flow, name), "message": message}
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    request.session[flow.submission.done_key] = record
    wizard.finish()
    return []


def _replayed(request: HttpRequest, flow: Flow, wizard: Wizard) -> bool:
    """These answers filed already: keep that confirmation, as the first submission did."""
    record = flow.submission.replay(wizard)
    if record is None:
        return False
    request.session[flow.submission.done_key] = record
    wizard.finish()
    return True


def _error_url(flow: Flow, field_name: str) -> str:
    step = flow.step_of(field_name)
    return flow.change_url(step.slug) if step else ""


# --- URLs ----------------------------------------------------------------------------------------


def wizard_urls(flow: Flow, prefix: str) -> list:
    """The flow's pages under ``prefix``: start, ``ulang/`` (restart), ``periksa/`` (check) and
    one page per step (last: its pattern takes any slug)."""

    def start(request):
        return start_page(request, flow)

    def restart(request):
        return restart_page(request, flow)

    def check(request):
        return check_page(request, flow)

    def step(request, step):
        return step_page(request, flow, step)

    get_post = require_http_methods(["GET", "POST"])
    return [
        path(prefix, never_cache(start), name=f"{flow.name}-start"),
        path(
            f"{prefix}ulang/",
            never_cache(require_http_methods(["POST"])(restart)),
            name=f"{flow.name}-restart",
        ),
        path(f"{prefix}periksa/", never_cache(get_post(check)), name=f"{flow.name}-check"),
        path(f"{prefix}<slug:step>/", never_cache(get_post(step)), name=f"{flow.name}-step"),
    ]
