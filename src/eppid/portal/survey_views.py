"""The citizen's satisfaction survey (PermenPANRB 14/2017): two steps on one page, no JavaScript.

First the request: its number and tracking code, typed (the decision email's link, ``?nomor=``,
fills in the number) or POSTed by the status page's button (never in a URL). A request that is
not decided yet, or whose survey was answered, is told so there, before any question; otherwise
the nine questions follow, the number and code carried along in hidden fields. The answer is
checked again when it is sent (the service refuses an undecided or answered request). Finding the
request counts against ``status-lookup``, like every page that tries a number with a code; every
sent answer against the ``survey-answer`` allowance of the address, shared with
``POST /api/v1/survey``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from eppid.core.ratelimit import rate_limit_hit
from eppid.core.text import TextField
from eppid.disclosure.selectors import request_find_public
from eppid.disclosure.services import LifecycleError
from eppid.portal.status_views import not_found_message
from eppid.reports.survey import SurveyState, survey_answer_record, survey_refusal, survey_state
from eppid.reports.survey_forms import SurveyScoresForm
from eppid.reports.survey_rules import SOURCE

TEMPLATE = "portal/survey/form.html"


def _number_field():
    return TextField(
        label=gettext_lazy("Registration number"),
        max_length=40,
        help_text=gettext_lazy("As on your receipt, for example 35.04-2026-00042."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Enter the registration number.")},
    )


def _code_field():
    return TextField(
        label=gettext_lazy("Tracking code"),
        max_length=100,
        help_text=gettext_lazy("The secret code shown when you made the request."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Enter the tracking code.")},
    )


class SurveyRequestForm(forms.Form):
    """The first step: which request."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration_number"] = _number_field()
        self.fields["tracking_code"] = _code_field()


class SurveyForm(SurveyScoresForm):
    """The second step: the request found at the first (hidden) and the nine questions."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scores = dict(self.fields)
        self.fields.clear()
        self.fields["registration_number"] = _number_field()
        self.fields["tracking_code"] = _code_field()
        for name in ("registration_number", "tracking_code"):
            self.fields[name].widget = forms.HiddenInput()
        self.fields.update(scores)


def _page(request, form, status=200, *, number=""):
    """The first step (``number`` empty) or the questions of request ``number``."""
    context = {"form": form, "source": SOURCE, "number": number}
    return render(request, TEMPLATE, context, status=status)


def _first_step(request):
    """Find the request; its questions if the survey is open, else why not, before any question."""
    rate_limit_hit(request, "status-lookup")
    form = SurveyRequestForm(request.POST)
    if not form.is_valid():
        return _page(request, form, 422)
    number, code = form.cleaned_data["registration_number"], form.cleaned_data["tracking_code"]
    found = request_find_public(number, code)
    if found is None:
        form.add_error(None, not_found_message())
        return _page(request, form, 404)
    state = survey_state(found)
    if state != SurveyState.OPEN:
        form.add_error(None, survey_refusal(state))
        return _page(request, form, 409)
    initial = {"registration_number": found.registration_number, "tracking_code": code}
    return _page(request, SurveyForm(initial=initial), number=found.registration_number)


@never_cache
@require_http_methods(["GET", "POST"])
def survey(request):
    if request.method == "GET":
        number = str(request.GET.get("nomor", ""))[:40]
        return _page(request, SurveyRequestForm(initial={"registration_number": number}))
    if request.POST.get("start"):
        # The first step (this page's own, or the status page's button).
        return _first_step(request)
    rate_limit_hit(request, "survey-answer")
    form = SurveyForm(request.POST)
    number = str(request.POST.get("registration_number", ""))[:40]
    if not form.is_valid():
        return _page(request, form, 422, number=number)
    found = request_find_public(form.cleaned_data["registration_number"], form.cleaned_data["tracking_code"])
    if found is None:
        form.add_error(None, not_found_message())
        return _page(request, form, 404, number=number)
    try:
        survey_answer_record(request=found, scores=form.scores(), comment=form.cleaned_data["comment"])
    except ValidationError as error:
        form.add_service_errors(error)
        return _page(request, form, 422, number=number)
    except LifecycleError as error:
        form.add_error(None, str(error))
        return _page(request, form, 409, number=number)
    return redirect("portal:survey-done")


@require_http_methods(["GET", "HEAD"])
def survey_done(request):
    return render(request, "portal/survey/done.html")
