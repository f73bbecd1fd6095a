"""The satisfaction survey in the console: a unit's results per year, and paper answers.

Results (``view_statistics``, statistics flow up: an ancestor unit's staff see them too): NRR per
element, IKM, grade, responses against the Krejcie-Morgan sample, and, for staff who read the
unit's case files, the comments. Paper entry (``handle_cases``, this unit only): a staff member
types in a paper form for a decided request of the unit; it is marked as paper, with their name.
"""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from eppid.core.text import TextField
from eppid.disclosure.console_selectors import request_get_in_unit
from eppid.disclosure.services import LifecycleError
from eppid.office.access import unit_permission_required
from eppid.organisation import selectors as org_selectors
from eppid.organisation.roles import Permission
from eppid.reports.models import SurveyChannel
from eppid.reports.survey import FIRST_YEAR, JAKARTA, survey_answer_record, survey_summary
from eppid.reports.survey_forms import SurveyScoresForm
from eppid.reports.survey_rules import ELEMENTS, GRADES, SCALE_MAX, SOURCE, TO_CONFIRM


class PeriodForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        error_messages={
            "invalid": gettext_lazy("Enter a year as four digits, for example 2026."),
            "min_value": gettext_lazy("Enter a year from %(limit_value)s."),
            "max_value": gettext_lazy("Enter a year up to %(limit_value)s."),
        },
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Units"),
        choices=[
            ("unit", gettext_lazy("This unit")),
            ("tree", gettext_lazy("This unit and every unit below it")),
        ],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        field = self.fields["year"]
        field.validators = [MinValueValidator(FIRST_YEAR), MaxValueValidator(this_year)]
        field.widget.attrs.update({"min": FIRST_YEAR, "max": this_year})


def _unit_codes(unit, scope: str) -> list[str]:
    codes = [unit.code]
    if scope == "tree":
        codes += list(org_selectors.unit_descendants(unit).values_list("code", flat=True))
    return codes


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_STATISTICS, statistics_scope=True)
def survey_results(request, code):
    unit = request.unit
    data = request.GET.copy()
    data.setdefault("year", str(timezone.localdate().year))
    data.setdefault("scope", "unit")
    form = PeriodForm(data)
    context = {"unit": unit, "form": form, "source": SOURCE, "to_confirm": TO_CONFIRM}
    if not form.is_valid():
        return render(request, "office/survey/results.html", context, status=422)
    year, scope = form.cleaned_data["year"], form.cleaned_data["scope"] or "unit"
    # Comments may name people: only staff who read this unit's case files, and only its own.
    may_read_comments = scope == "unit" and org_selectors.user_has_permission(
        request.user, Permission.VIEW_CASES, unit
    )
    summary = survey_summary(_unit_codes(unit, scope), year, comments=may_read_comments)
    rows = [
        {"number": number, "title": element.title, "nrr": summary["elements"][element.code]}
        for number, element in enumerate(ELEMENTS, start=1)
    ]
    context.update(
        {
            "year": year,
            "scope": scope,
            "summary": summary,
            "rows": rows,
            "grades": GRADES,
            "scale_max": SCALE_MAX,
            "may_read_comments": may_read_comments,
            "may_enter_paper": org_selectors.user_has_permission(request.user, Permission.HANDLE_CASES, unit),
        }
    )
    return render(request, "office/survey/results.html", context)


class PaperForm(SurveyScoresForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scores = dict(self.fields)
        self.fields.clear()
        self.fields["registration_number"] = TextField(
            label=gettext_lazy("Registration number of the request"),
            max_length=40,
            help_text=gettext_lazy("As written on the paper form, for example 35.04-2026-00042."),
            error_messages={"required": gettext_lazy("Enter the registration number.")},
        )
        self.fields["answered_on"] = forms.DateField(
            label=gettext_lazy("Date on the paper form"),
            help_text=gettext_lazy("The day the requester filled it in, for example 12/03/2026."),
            input_formats=["%d/%m/%Y", "%Y-%m-%d"],
            error_messages={
                "required": gettext_lazy("Enter the date on the paper form."),
                "invalid": gettext_lazy("Enter the date as day/month/year, for example 12/03/2026."),
            },
        )
        self.fields.update(scores)


def _answered_at(day) -> datetime:
    """Noon of that day in Jakarta, or now when the paper is from today."""
    if day == timezone.localdate():
        return timezone.now()
    return datetime.combine(day, time(12, 0), tzinfo=JAKARTA)


@require_http_methods(["GET", "HEAD", "POST"])
@unit_permission_required(Permission.HANDLE_CASES)
def survey_paper(request, code):
    unit = request.unit
    form = PaperForm(request.POST or None, initial={"answered_on": timezone.localdate().strftime("%d/%m/%Y")})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            found = request_get_in_unit(unit, form.cleaned_data["registration_number"])
            if found is None:
                form.add_error(
                    "registration_number", _("This unit has no request with this registration number.")
                )
            else:
                try:
                    survey_answer_record(
                        request=found,
                        scores=form.scores(),
                        comment=form.cleaned_data["comment"],
                        channel=SurveyChannel.PAPER,
                        actor=request.user,
                        answered_at=_answered_at(form.cleaned_data["answered_on"]),
                    )
                except ValidationError as error:
                    if "answered_at" in error.message_dict:
                        for message in error.message_dict.pop("answered_at"):
                            form.add_error("answered_on", message)
                    if error.message_dict:
                        form.add_service_errors(ValidationError(error.message_dict))
                except LifecycleError as error:
                    form.add_error(None, str(error))
                    status = 409
                else:
                    messages.success(
                        request,
                        _("The paper answer for request %(number)s has been recorded.")
                        % {"number": found.registration_number},
                    )
                    return redirect("office:survey-paper", code=unit.code)
    return render(request, "office/survey/paper.html", {"unit": unit, "form": form}, status=status)
