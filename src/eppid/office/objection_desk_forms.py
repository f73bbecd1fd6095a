"""Forms of the objection desk (decision 1698): an objection that came in by letter, by email or
at the desk, typed in by the unit's staff. First-line checks only; the services decide.

Two steps on one page: ``ArrivalForm`` (which request, how and when it came in) decides which
grounds fitted the request at that moment; ``DeskObjectionForm`` then offers only those, as the
citizen's form does. ``PeriodicDeskForm`` is the ground-b objection without a request.
"""

from __future__ import annotations

import copy
from datetime import datetime
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eppid.casefiles.models import IDENTITY_ENTERED
from eppid.core.text import TextField
from eppid.disclosure.choices import Channel, RequesterType
from eppid.disclosure.validation import received_at_clean, received_at_earliest
from eppid.objections.choices import OBJECTION_STAFF_CHANNELS
from eppid.objections.services.common import STATEMENT_LIMIT
from eppid.office.request_forms import RegisterForm, received_at_from, submission_key_new

# Service field names the desk forms ask for under another name.
SERVICE_FIELDS = {"received_at": "received_date", "registration_number": "request"}


class ArrivalFields(forms.Form):
    """How and when the objection came in: the channel, the day and the time (Asia/Jakarta)."""

    channel = forms.ChoiceField(label=_("How did the objection arrive?"), widget=forms.RadioSelect)
    # The day and time as the request desk asks them (its bounds, its hints).
    received_date = copy.deepcopy(RegisterForm.base_fields["received_date"])
    received_time = copy.deepcopy(RegisterForm.base_fields["received_time"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(c, Channel(c).label) for c in OBJECTION_STAFF_CHANNELS]
        today = timezone.localdate()
        self.fields["received_date"].widget.attrs.update(
            {"min": received_at_earliest(today).isoformat(), "max": today.isoformat()}
        )

    def received_at(self) -> datetime:
        return received_at_from(self.cleaned_data["received_date"], self.cleaned_data["received_time"])

    def clean(self):
        cleaned = super().clean()
        if {"channel", "received_date", "received_time"} <= set(cleaned):
            try:  # the service's own rule, so the grounds are judged on a moment it accepts
                received_at_clean(
                    cleaned["channel"], self.received_at(), staff=True, channels=OBJECTION_STAFF_CHANNELS
                )
            except ValidationError as error:
                desk_errors_add(self, error)
        return cleaned


class ArrivalForm(ArrivalFields):
    """Step one: the request objected to (by its registration number) and the arrival."""

    request = TextField(
        label=_("Registration number of the request"),
        max_length=40,
        help_text=_("As on the request's receipt, for example 35.04-2026-00012."),
    )
    field_order = ["request", "channel", "received_date", "received_time"]

    def channel_label(self) -> str:
        return str(Channel(self.cleaned_data["channel"]).label)

    def query(self) -> str:
        """The answers as a query string: the link back to this step keeps them."""
        return urlencode({name: self.data.get(name, "") for name in self.fields})


class DeskObjectionForm(forms.Form):
    """Step two: the ground (only those that fitted when it arrived) and the statement."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)
    ground = forms.ChoiceField(
        label=_("Ground of the objection"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the ground the objector gives.")},
    )
    statement = TextField(
        multiline=True,
        label=_("Statement of the objector"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=STATEMENT_LIMIT,
        help_text=_("As the objector wrote it on the form or in the letter (the case and its history)."),
    )

    def __init__(self, *args, grounds: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [(row["value"], row["label"]) for row in grounds]
        if not self.is_bound:
            self.initial["submission_key"] = submission_key_new()


# The objector's identity, asked as the request desk asks it (RegisterForm's own fields).
IDENTITY_FIELDS = (*IDENTITY_ENTERED, "identity_document", "authorisation_document")


class PeriodicDeskForm(ArrivalFields):
    """A ground-b objection without a request (periodic information not published), on paper."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in IDENTITY_FIELDS:
            self.fields[name] = copy.deepcopy(RegisterForm.base_fields[name])
        self.fields["requester_type"].choices = RequesterType.choices
        self.fields["statement"] = copy.deepcopy(DeskObjectionForm.base_fields["statement"])
        self.fields["statement"].help_text = _(
            "Which periodic information is not published, as the objector wrote it."
        )
        self.order_fields(["channel", "received_date", "received_time", *IDENTITY_FIELDS, "statement"])
        if not self.is_bound:
            self.initial["submission_key"] = submission_key_new()

    def identity_data(self) -> dict:
        return {
            name: self.cleaned_data.get(name) or ""
            for name in IDENTITY_FIELDS
            if name not in ("identity_document", "authorisation_document")
        }


def desk_errors_add(form, error: ValidationError) -> None:
    """A service's ValidationError on the form's fields (under their console names)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        field = SERVICE_FIELDS.get(field, field)
        if field == "reason":
            field = "ground"
        form.add_error(field if field in form.fields else None, errors)
