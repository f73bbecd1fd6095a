"""The citizen's satisfaction survey (PermenPANRB 14/2017): one page, no JavaScript.

Reached from the status page of a decided request (its button POSTs the number and the code
here, never in a URL) or from the decision email (``?nomor=`` fills in the number; the code the
requester types). One answer per decided request; every sent answer counts against the
``survey-answer`` allowance of the address, shared with ``POST /api/v1/survey``.
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
from eppid.reports.survey import survey_answer_record
from eppid.reports.survey_forms import SurveyScoresForm
from eppid.reports.survey_rules import SOURCE

TEMPLATE = "portal/survey/form.html"


def _page(request, form, status=200):
    return render(request, TEMPLATE, {"form": form, "source": SOURCE}, status=status)


class SurveyForm(SurveyScoresForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scores = dict(self.fields)
        self.fields.clear()
        self.fields["registration_number"] = TextField(
            label=gettext_lazy("Registration number"),
            max_length=40,
            help_text=gettext_lazy("As on your receipt, for example 35.04-2026-00042."),
            widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            error_messages={"required": gettext_lazy("Enter the registration number.")},
        )
        self.fields["tracking_code"] = TextField(
            label=gettext_lazy("Tracking code"),
            max_length=100,
            help_text=gettext_lazy("The secret code shown when you made the request."),
            widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            error_messages={"required": gettext_lazy("Enter the tracking code.")},
        )
        self.fields.update(scores)


@never_cache
@require_http_methods(["GET", "POST"])
def survey(request):
    if request.method == "GET":
        number = str(request.GET.get("nomor", ""))[:40]
        return _page(request, SurveyForm(initial={"registration_number": number}))
    if request.POST.get("start"):
        # From the status page: the number and code come along; nothing is answered yet.
        names = ("registration_number", "tracking_code")
        initial = {name: str(request.POST.get(name, ""))[:100] for name in names}
        return _page(request, SurveyForm(initial=initial))
    rate_limit_hit(request, "survey-answer")
    form = SurveyForm(request.POST)
    if not form.is_valid():
        return _page(request, form, 422)
    found = request_find_public(form.cleaned_data["registration_number"], form.cleaned_data["tracking_code"])
    if found is None:
        form.add_error(None, not_found_message())
        return _page(request, form, 404)
    try:
        survey_answer_record(request=found, scores=form.scores(), comment=form.cleaned_data["comment"])
    except ValidationError as error:
        form.add_service_errors(error)
        return _page(request, form, 422)
    except LifecycleError as error:
        form.add_error(None, str(error))
        return _page(request, form, 409)
    return redirect("portal:survey-done")


@require_http_methods(["GET", "HEAD"])
def survey_done(request):
    return render(request, "portal/survey/done.html")
