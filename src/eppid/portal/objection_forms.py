"""Forms of the citizen's objection pages (UU 14/2008 Pasal 35-36). Validated on the server only."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from eppid.core.text import TextField
from eppid.objections.services.common import STATEMENT_LIMIT
from eppid.portal.request_forms import WizardForm
from eppid.portal.status_views import StatusForm


class ObjectionRequestForm(StatusForm):
    """Which request the objection is about: its registration number and tracking code."""


class GroundForm(WizardForm):
    """Step 1: the ground. Only the grounds open for the request are choices (the template
    renders them with their explanations and lists the others with the reason why not)."""

    ground = forms.ChoiceField(
        label=_("Why are you objecting?"),
        choices=(),
        error_messages={
            "required": _("Choose the ground of your objection."),
            "invalid_choice": _("Choose one of the grounds you can use for this request."),
        },
    )

    def __init__(self, *args, grounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [(row["value"], row["label"]) for row in grounds]


class StatementForm(WizardForm):
    statement = TextField(
        multiline=True,
        label=_("Your objection"),
        max_length=STATEMENT_LIMIT,
        help_text=_(
            "Explain what went wrong and what you want the atasan PPID to do, for example to order "
            "the PPID to give you the information."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Write your objection."),
            "max_length": _("Write at most %(limit_value)d characters."),
        },
    )

    def __init__(self, *args, periodic: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if periodic:
            field = self.fields["statement"]
            field.label = _("Which periodic information has not been published?")
            field.help_text = _(
                "Name the information the office must publish regularly but has not, for example its "
                "financial report or activity report for a period, and say where you looked for it."
            )
            field.error_messages["required"] = _(
                "Describe the periodic information that has not been published."
            )

    def clean_statement(self):
        value = self.cleaned_data["statement"]
        if len(value) < 5:
            raise ValidationError(_("Write your objection in a few words more."), code="short")
        return value


class ObjectionStatusForm(StatusForm):
    """The objection's own status page: its number and the tracking code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration_number"].label = _("Objection number")
        self.fields["registration_number"].help_text = _(
            "As on your receipt, for example KEB-35.04-2026-00003."
        )
        self.fields["registration_number"].error_messages["required"] = _("Enter the objection number.")
        self.fields["tracking_code"].help_text = _(
            "The tracking code of your request (or the one you received with an objection filed "
            "without a request)."
        )
