from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eppid.disclosure.register import RegisterPeriod


class RegisterPeriodForm(forms.Form):
    """The period of a register: requests received from ``from`` to ``to`` (both included)."""

    start = forms.DateField(
        label=_("Received from"),
        help_text=_("For example 2026-01-01."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the first day of the period."),
            "invalid": _("Enter a real date."),
        },
    )
    end = forms.DateField(
        label=_("Received to"),
        help_text=_("For example 2026-12-31. The day itself is included."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the last day of the period."),
            "invalid": _("Enter a real date."),
        },
    )

    def __init__(self, data=None, **kwargs):
        # The query string uses from/to (shareable links); the form's own names avoid the keyword.
        if data is not None:
            data = {"start": data.get("from", ""), "end": data.get("to", "")}
        super().__init__(data, **kwargs)

    @staticmethod
    def default_period() -> RegisterPeriod:
        today = timezone.localdate()
        return RegisterPeriod(start=date(today.year, 1, 1), end=today)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            try:
                cleaned["period"] = RegisterPeriod(start=start, end=end)
            except forms.ValidationError as error:
                self.add_error("end", error.message_dict.get("to", error.messages))
        return cleaned
