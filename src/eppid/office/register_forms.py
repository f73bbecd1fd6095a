from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eppid.disclosure.register import RegisterPeriod


def _date_field(label, help_text, required_message):
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": required_message, "invalid": _("Enter a real date.")},
    )


class RegisterPeriodForm(forms.Form):
    """The period of a register: requests received from ``from`` to ``to`` (both included).

    The fields are named ``from`` and ``to`` (keywords in Python, so added in ``__init__``): the
    query string of the page and of its download links is the form itself, and shareable.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = _date_field(
            _("Received from"), _("For example 2026-01-01."), _("Enter the first day of the period.")
        )
        self.fields["to"] = _date_field(
            _("Received to"),
            _("For example 2026-12-31. The day itself is included."),
            _("Enter the last day of the period."),
        )

    @staticmethod
    def default_period() -> RegisterPeriod:
        today = timezone.localdate()
        return RegisterPeriod(start=date(today.year, 1, 1), end=today)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end:
            try:
                cleaned["period"] = RegisterPeriod(start=start, end=end)
            except ValidationError as error:
                self.add_error("to", error.message_dict.get("to", error.messages))
        return cleaned
