from django import forms
from django.utils.translation import gettext_lazy as _

from eppid.core.text import TextField

ALL_UNITS = "all"


class ClosureDayForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        help_text=_("For example 2026-03-17. Weekends and national holidays are closed already."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the date of the closure."), "invalid": _("Enter a real date.")},
    )
    unit = forms.ChoiceField(
        label=_("Which office is closed"),
        error_messages={
            "required": _("Choose the office that is closed."),
            "invalid_choice": _("Choose an office from the list."),
        },
    )
    reason = TextField(
        label=_("Reason"),
        help_text=_("Staff see it in the calendar, for example “Office flooded”."),
        max_length=200,
        error_messages={"required": _("Enter the reason the office is closed.")},
    )

    def __init__(self, *args, units, allow_all_units: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(ALL_UNITS, _("All units"))] if allow_all_units else []
        choices += [(unit.code, f"{unit.code} · {unit.name}") for unit in units]
        if len(choices) > 1:
            choices.insert(0, ("", _("Choose an office")))
        self.fields["unit"].choices = choices

    def unit_code(self) -> str | None:
        code = self.cleaned_data["unit"]
        return None if code == ALL_UNITS else code


def _date_field(label, help_text):
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the date."), "invalid": _("Enter a real date.")},
    )


class ElectionPeriodForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the election period"),
        help_text=_("For example “Pilkada Serentak 2029: stages”."),
        max_length=200,
        error_messages={"required": _("Enter the name of the election period.")},
    )
    starts_on = _date_field(_("First day"), _("Today or later, for example 2029-03-01."))
    ends_on = _date_field(_("Last day"), _("Included in the period, for example 2029-12-31."))
    unit = forms.ChoiceField(
        label=_("For which units"),
        help_text=_("The period covers the unit chosen and every unit below it."),
        error_messages={
            "required": _("Choose the units the period covers."),
            "invalid_choice": _("Choose an office from the list."),
        },
    )
    basis = forms.CharField(
        label=_("Basis (optional)"),
        help_text=_("The decision that sets the stages, for example a KPU decree number."),
        max_length=300,
        required=False,
    )

    def __init__(self, *args, units, allow_all_units: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(ALL_UNITS, _("All units (national)"))] if allow_all_units else []
        choices += [(unit.code, f"{unit.code} · {unit.name}") for unit in units]
        if len(choices) > 1:
            choices.insert(0, ("", _("Choose an office")))
        self.fields["unit"].choices = choices

    def unit_code(self) -> str | None:
        code = self.cleaned_data["unit"]
        return None if code == ALL_UNITS else code


class ElectionPeriodEndForm(forms.Form):
    ends_on = _date_field(_("New last day"), _("Today at the earliest, for example 2029-06-30."))
