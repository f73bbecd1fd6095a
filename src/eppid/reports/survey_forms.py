"""The nine score questions as Django form fields, shared by the citizen's page and the console's
paper entry (GOV.UK radios: one fieldset per element, the element as legend, the question as hint).
The service checks every score again; these fields only make the page's messages clear.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from eppid.core.text import TextField
from eppid.reports.survey import COMMENT_LIMIT
from eppid.reports.survey_rules import ELEMENTS, SCALE_LABELS


def _choices():
    return [(value, f"{value} · {label}") for value, label in sorted(SCALE_LABELS.items())]


class SurveyScoresForm(forms.Form):
    """u1..u9 (1-4, required) and an optional comment; ``scores()`` gives the service's dict."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, element in enumerate(ELEMENTS, start=1):
            self.fields[element.code] = forms.TypedChoiceField(
                label=_("%(number)d. %(title)s") % {"number": number, "title": element.title},
                help_text=element.question,
                choices=_choices(),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose a score for “%(title)s”.") % {"title": element.title},
                    "invalid_choice": _("Choose a score from 1 to 4."),
                },
            )
        self.fields["comment"] = TextField(
            label=_("Comment or suggestion (optional)"),
            help_text=_("Do not write personal data such as your identity number here."),
            multiline=True,
            required=False,
            max_length=COMMENT_LIMIT,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def scores(self) -> dict[str, int]:
        return {element.code: self.cleaned_data[element.code] for element in ELEMENTS}

    def add_service_errors(self, error) -> None:
        """A service ValidationError ({"scores.u3": [...], "comment": [...]}) onto the fields."""
        for key, messages in error.message_dict.items():
            field = key.removeprefix("scores.")
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)
