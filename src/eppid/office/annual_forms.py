"""The forms of the annual report page: they show the fields; the services check the values."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from eppid.core.text import TextField
from eppid.reports.annual_issue import NARRATIVE_MAX, REFERENCE_MAX
from eppid.reports.models import SubmissionChannel


def _narrative(label, help_text):
    return TextField(
        multiline=True,
        label=label,
        help_text=help_text,
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class NarrativeForm(forms.Form):
    policy = _narrative(_("Service policy"), _("The unit's policy on public information service."))
    implementation = _narrative(
        _("Service implementation: facilities, staff and budget"),
        _("The facilities and infrastructure, the staff, and the budget of the service."),
    )
    obstacles = _narrative(_("Obstacles"), _("The internal and external obstacles met in the service."))
    recommendations = _narrative(
        _("Recommendations and follow-up"),
        _("Recommendations and the follow-up planned to improve the service."),
    )


class SentForm(forms.Form):
    sent_on = forms.DateField(
        label=_("Sent on"),
        help_text=_("As YYYY-MM-DD, for example 2026-03-15."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, for example 2026-01-31.")},
    )
    channel = forms.ChoiceField(
        label=_("Sent by"),
        choices=SubmissionChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the report was sent.")},
    )
    reference = TextField(
        label=_("Reference (letter number, email subject or receipt)"),
        required=False,
        max_length=REFERENCE_MAX,
    )
