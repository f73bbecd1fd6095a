"""The citizen's objection on a request (UU 14/2008 Pasal 35-36): GOV.UK pattern, no JavaScript.

Start (registration number and tracking code, typed or POSTed by the request status page's
"Object" button) -> ground -> statement -> check -> confirmation. The tracking code never travels
in a URL: it is POSTed once and kept in the server-side session for the length of the form (the
filing service checks it again), and dropped when the objection is filed or abandoned. The check
page makes a submission key for the answers (decision 1670), so a second tap on Send shows the
confirmation of the one objection filed.
"""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from eppid.casefiles.once import once_key
from eppid.core.ratelimit import rate_limit_hit
from eppid.disclosure.selectors import request_find_public
from eppid.objections import page_selectors as pages
from eppid.objections.documents import document_ready_url
from eppid.objections.rules import ground_label, objection_rules
from eppid.objections.rules import objection_ground as ground_in_force
from eppid.objections.selectors import objection_find_public, objection_history
from eppid.objections.services import RequestNotFound, objection_file
from eppid.organisation.charter import statutory_deadlines
from eppid.portal import objection_forms as forms
from eppid.portal.confirmation import confirmation_page, confirmation_waiting
from eppid.portal.request_wizard import submission_key_in
from eppid.portal.status_views import not_found_message

SESSION_KEY = "objection_wizard"
DONE_KEY = "objection_done"
MAX_AGE = 2 * 60 * 60  # seconds: an unfinished objection (and the code it holds) is forgotten


# --- state --------------------------------------------------------------------------------------


def _state(session) -> dict | None:
    state = session.get(SESSION_KEY)
    if not isinstance(state, dict) or time.time() - float(state.get("started", 0)) > MAX_AGE:
        session.pop(SESSION_KEY, None)
        return None
    return state


def _save(session, state: dict) -> None:
    """Keep changed answers; a change drops their submission key (a key names one set of answers)."""
    state.pop("submission_key", None)
    session[SESSION_KEY] = state
    session.modified = True


def _submission_key(session, state: dict) -> str:
    """The key these answers file with (decision 1670): made when the check page is shown, so a
    second tap or a resent form carries the same one and files once."""
    return submission_key_in(session, SESSION_KEY, state)


def _request_of(state: dict | None):
    """The request of the objection in progress, checked again against its tracking code."""
    if state is None:
        return None
    return request_find_public(state.get("number"), state.get("code"))


def _gone(request):
    request.session.pop(SESSION_KEY, None)
    return redirect("portal:objection-start")


def _progress(request):
    """(state, request, ground) of the objection in progress, or the redirect to what is missing."""
    state = _state(request.session)
    found = _request_of(state)
    if found is None:
        return _gone(request)
    ground = ground_in_force(str(state.get("ground") or ""))
    if ground is None:
        return redirect("portal:objection-ground")
    return state, found, ground


# --- pages --------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def objection_start(request):
    """What an objection is, and which request it is about (also the status page's button)."""
    context = {"deadlines": statutory_deadlines()}
    if request.method != "POST":
        return render(
            request, "portal/objection/start.html", {**context, "form": forms.ObjectionRequestForm()}
        )
    rate_limit_hit(request, "status-lookup")
    form = forms.ObjectionRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/objection/start.html", {**context, "form": form})
    number, code = form.cleaned_data["registration_number"], form.cleaned_data["tracking_code"]
    found = request_find_public(number, code)
    if found is None:
        form.add_error(None, not_found_message())
        return render(request, "portal/objection/start.html", {**context, "form": form}, status=404)
    _save(request.session, {"started": time.time(), "number": found.registration_number, "code": code})
    return redirect("portal:objection-ground")


@never_cache
@require_http_methods(["POST"])
def objection_restart(request):
    request.session.pop(SESSION_KEY, None)
    return redirect("portal:objection-start")


@never_cache
@require_http_methods(["GET", "POST"])
def objection_ground(request):
    state = _state(request.session)
    found = _request_of(state)
    if found is None:
        return _gone(request)
    grounds = pages.grounds_overview(found)
    open_rows = [row for row in grounds if row["open"]]
    changing = request.GET.get("change") == "1" or request.POST.get("change") == "1"
    if request.method == "POST" and open_rows:
        form = forms.GroundForm(request.POST, grounds=open_rows)
        if form.is_valid():
            state["ground"] = form.cleaned_data["ground"]
            _save(request.session, state)
            if changing and state.get("statement"):
                return redirect("portal:objection-check")
            return redirect("portal:objection-statement")
    else:
        form = forms.GroundForm(grounds=open_rows, initial={"ground": state.get("ground", "")})
    chosen = str(form["ground"].value() or "")
    return render(
        request,
        "portal/objection/ground.html",
        {
            "form": form,
            "req": found,
            "open_grounds": open_rows,
            "closed_grounds": [row for row in grounds if not row["open"]],
            "chosen": chosen,
            "changing": changing,
            "back_url": reverse("portal:objection-check") if changing else reverse("portal:objection-start"),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def objection_statement(request):
    progress = _progress(request)
    if isinstance(progress, HttpResponseBase):
        return progress
    state, found, ground = progress
    changing = request.GET.get("change") == "1" or request.POST.get("change") == "1"
    if request.method == "POST":
        form = forms.StatementForm(request.POST)
        if form.is_valid():
            state["statement"] = form.cleaned_data["statement"]
            _save(request.session, state)
            return redirect("portal:objection-check")
    else:
        form = forms.StatementForm(initial={"statement": state.get("statement", "")})
    return render(
        request,
        "portal/objection/statement.html",
        {
            "form": form,
            "req": found,
            "ground_label": ground.label,
            "changing": changing,
            "back_url": reverse("portal:objection-check") if changing else reverse("portal:objection-ground"),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def objection_check(request):
    finished = _state(request.session) is None and confirmation_waiting(request.session, DONE_KEY)
    if request.method == "POST" and finished:
        # A second send that arrives after the first filed the objection and dropped its state.
        return redirect("portal:objection-done")
    progress = _progress(request)
    if isinstance(progress, HttpResponseBase):
        return progress
    state, found, ground = progress
    if not state.get("statement"):
        return redirect("portal:objection-statement")
    errors = []
    if request.method == "POST":
        rate_limit_hit(request, "objection-submit")
        errors = _submit(request, state, found)
        if not errors:
            return redirect("portal:objection-done")
    else:
        _submission_key(request.session, state)
    window = next((row for row in pages.grounds_overview(found) if row["value"] == ground.code), None)
    return render(
        request,
        "portal/objection/check.html",
        {
            "req": found,
            "ground_label": ground.label,
            "statement": state["statement"],
            "window": window,
            "errors": errors,
            "page_has_errors": bool(errors),
            "texts": CHECK_TEXTS,
            "back_url": reverse("portal:objection-statement"),
            "restart_url": reverse("portal:objection-restart"),
        },
    )


CHECK_TEXTS = {
    "title": gettext_lazy("Check your answers before sending your objection"),
    "send_heading": gettext_lazy("Now send your objection"),
    "send_text": gettext_lazy(
        "Your objection goes to the atasan PPID of the office, who must answer it in writing. We "
        "send the receipt to the email address of your request."
    ),
    "send_button": gettext_lazy("Send objection"),
}


ERROR_STEP = {"reason": "portal:objection-ground", "statement": "portal:objection-statement"}


def _submit(request, state: dict, found) -> list[dict]:
    """File through the core; [] on success (the confirmation is in the session), else errors."""
    try:
        result = objection_file(
            registration_number=state["number"],
            tracking_code=state["code"],
            ground=state["ground"],
            statement=state["statement"],
            once=once_key("portal", _submission_key(request.session, state)),
        )
    except RequestNotFound:
        return [{"url": "", "message": not_found_message()}]
    except ValidationError as error:
        return _errors(error)
    request.session[DONE_KEY] = _done_record(result, email=found.email or "")
    request.session.pop(SESSION_KEY, None)
    return []


def _errors(error: ValidationError, steps: dict | None = None) -> list[dict]:
    steps = steps or ERROR_STEP
    if hasattr(error, "error_dict"):
        return [
            {"url": reverse(steps[field]) + "?change=1" if field in steps else "", "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"url": "", "message": message} for message in error.messages]


def _done_record(result, *, email: str) -> dict:
    objection = result.objection
    terms = objection_rules(objection).terms
    return {
        "ground_label": ground_label(objection),
        "dispute_days": terms.dispute_days,
        "number": objection.number,
        "due_date": objection.due_date.isoformat(),
        "unit_name": objection.unit.name,
        "ground": objection.ground,
        "request_number": objection.request.registration_number if objection.request_id else "",
        "receipt_url": document_ready_url(result.receipt),
        "email": email,
        "tracking_code": result.tracking_code,
        "leaf_index": result.leaf_index,
    }


@never_cache
def objection_done(request):
    """The confirmation of both objection wizards (a ground-b tracking code is shown once)."""
    return confirmation_page(
        request, DONE_KEY, "portal/objection/done.html", "portal/objection/done_gone.html"
    )


@never_cache
@require_http_methods(["GET", "POST"])
def objection_status(request):
    """An objection's status by its number and the tracking code (POSTed, never in the URL)."""
    if request.method != "POST":
        return render(request, "portal/objection/status_form.html", {"form": forms.ObjectionStatusForm()})
    rate_limit_hit(request, "status-lookup")
    form = forms.ObjectionStatusForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/objection/status_form.html", {"form": form})

    found = objection_find_public(
        form.cleaned_data["registration_number"], form.cleaned_data["tracking_code"]
    )
    if found is None:
        form.add_error(
            None,
            _("We could not find an objection with this number and tracking code. Check both and try again."),
        )
        return render(request, "portal/objection/status_form.html", {"form": form}, status=404)
    return render(
        request,
        "portal/objection/status.html",
        {**pages.objection_public(found), "history": objection_history(found)},
    )
