"""Forms of the officer console's request pages: first-line checks only; the services decide."""

from __future__ import annotations

import secrets
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from eppid.casefiles.models import IDENTITY_ENTERED
from eppid.core.text import TextField
from eppid.disclosure.choices import (
    OUTCOMES_NEEDING_BASIS,
    STAFF_CHANNELS,
    AccessMethod,
    Channel,
    CopyFormat,
    Delivery,
    Outcome,
    RequesterType,
    Status,
)
from eppid.disclosure.released_files import released_files_check
from eppid.disclosure.validation import received_at_earliest
from eppid.law.models import EXEMPTION_KINDS
from eppid.law.selectors import grounds_in_force
from eppid.organisation.models import Unit

STATUS_CHOICES = [("", _("Any status")), ("open", _("Open (received or in progress)")), *Status.choices]


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    due_within = forms.IntegerField(
        label=_("Due within (working days)"),
        min_value=0,
        max_value=30,
        required=False,
        help_text=_("For example 3. Leave empty to show every due date."),
    )
    overdue = forms.BooleanField(label=_("Only overdue requests"), required=False)


class ReasonForm(forms.Form):
    reason = TextField(
        multiline=True,
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Written in plain language: the requester is told. Do not include personal data."),
    )


class ExtendForm(ReasonForm):
    pass


class WithdrawForm(forms.Form):
    note = TextField(
        multiline=True,
        label=_("How did the requester ask to withdraw?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "For example: by email on 3 March, or in person at the desk. Do not include personal data."
        ),
    )


class ForwardForm(ReasonForm):
    unit = forms.ChoiceField(
        label=_("Unit that holds the information"),
        help_text=_("The request is registered there today, with the same tracking code."),
    )

    def __init__(self, *args, current_unit, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.exclude(pk=current_unit.pk).order_by("code").values_list("code", "name")
        self.fields["unit"].choices = [
            ("", _("Choose a unit")),
            *[(code, f"{code} {name}") for code, name in units],
        ]
        self.order_fields(["unit", "reason"])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect)
    explanation = TextField(
        multiline=True,
        label=_("Explanation for the requester"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    exemption_basis = forms.ChoiceField(
        label=_("Legal basis of the exemption"),
        choices=(),
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Required when the request is rejected or partially granted: the article relied on, with "
            "its text. Test the consequences first."
        ),
    )
    held_by = TextField(
        label=_("Who holds the information"),
        max_length=500,
        required=False,
        help_text=_("When we do not hold it: the public body that does, if we know it."),
    )
    material = TextField(
        multiline=True,
        label=_("Material provided"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
    redactions = TextField(
        multiline=True,
        label=_("Blacked-out parts and why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        help_text=_("Which parts were blacked out (dihitamkan) and the reason for each."),
    )
    fee_rupiah = forms.IntegerField(
        label=_("Fee in rupiah"),
        min_value=0,
        max_value=100_000_000,
        initial=0,
        help_text=_(
            "The service is free. Only the cost of copying and delivery may be charged; "
            "electronic copies are free."
        ),
    )
    documents = MultipleFileField(
        label=_("Documents given to the requester"),
        required=False,
        help_text=_("PDF, JPEG, PNG or office documents, up to 10 files."),
    )

    redacted = forms.MultipleChoiceField(
        label=_("Redacted copies to send"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The redacted copies made for this request. Those ticked are sent to the requester."),
    )

    def __init__(self, *args, exemptions=(), redacted_copies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exemption_basis"].choices = ground_choices(grounds_in_force(EXEMPTION_KINDS))
        copies = list(redacted_copies)
        if copies:
            self.fields["redacted"].choices = [(str(copy.pk), copy.name) for copy in copies]
            self.initial.setdefault("redacted", [str(copy.pk) for copy in copies])
        else:
            del self.fields["redacted"]
        if exemptions:
            # The unit's exempt entries in force (consequence tests): one fills the basis.
            self.fields["exemption"] = forms.ChoiceField(
                label=_("Exempt entry of the information list"),
                choices=[("", _("None: choose the legal basis above"))]
                + [(str(test.entry_id), exemption_choice_label(test)) for test in exemptions],
                required=False,
                help_text=_(
                    "For a rejection or partial grant: a consequence test of this unit that covers the "
                    "information. Its ground becomes the legal basis of the decision."
                ),
            )
            names = [name for name in self.fields if name != "exemption"]
            names.insert(names.index("exemption_basis") + 1, "exemption")
            self.order_fields(names)

    def clean(self):
        """A rejection or partial grant names its ground, asked for in words (the service's own
        message lists the grounds' codes, for API clients)."""
        data = super().clean()
        needs_basis = data.get("outcome") in OUTCOMES_NEEDING_BASIS
        if needs_basis and not data.get("exemption_basis") and not data.get("exemption"):
            self.add_error("exemption_basis", _("Choose the legal basis of the exemption from the list."))
        return data

    def clean_documents(self):
        """Every refused file named at once, with the other fields' errors (the service checks again)."""
        documents = self.cleaned_data.get("documents") or []
        try:
            released_files_check(documents)
        except ValidationError as error:
            raise ValidationError(error.message_dict["documents"]) from None
        return documents


def exemption_choice_label(test) -> str:
    """``No. 4: Berkas penanganan ... (exempt until 30 June 2027)`` for the decision form."""
    return _("No. %(number)s: %(document)s (exempt until %(until)s)") % {
        "number": test.entry.number,
        "document": test.document[:120],
        "until": formats.date_format(test.until, "j F Y"),
    }


def ground_choices(grounds) -> list[tuple[str, str]]:
    """Radio choices for legal grounds: the article and its text beside each letter (the law's data)."""
    choices = []
    for ground in grounds:
        text = f"{ground.article}: {ground.text}"
        if ground.to_confirm:
            text += " " + str(_("(to confirm against the official text)"))
        choices.append((ground.code, text))
    return choices


def submission_key_new() -> str:
    return secrets.token_urlsafe(24)


def received_at_from(day, time) -> datetime:
    return timezone.make_aware(datetime.combine(day, time))


class RegisterForm(forms.Form):
    """A request received at the desk, by post, email or phone, typed in by an officer.

    ``submission_key`` is made when the form is shown (decision 1670): the same form sent twice
    registers one request."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)

    channel = forms.ChoiceField(label=_("How did the request arrive?"), widget=forms.RadioSelect)
    received_date = forms.DateField(
        label=_("Date received"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The day it reached the office: not in the future, nor before 1 January of last year. "
            "For example 2026-03-27."
        ),
    )
    received_time = forms.TimeField(
        label=_("Time received"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("For example 09:30."),
    )
    requester_type = forms.ChoiceField(label=_("Who is asking?"), widget=forms.RadioSelect)
    name = TextField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    group_name = TextField(
        label=_("Name of the group"),
        max_length=200,
        required=False,
        help_text=_("Only for a group: the name above is its representative's."),
    )
    nik = TextField(
        label=_("NIK (identity number)"),
        max_length=32,
        required=False,
        help_text=_("16 digits, as on the KTP. Not needed for a legal entity."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    legal_entity_number = TextField(
        label=_("Ministry of Law decree number"),
        max_length=100,
        required=False,
        help_text=_("Only for a legal entity."),
    )
    email = TextField(label=_("Email address"), max_length=254, required=False)
    phone = TextField(label=_("Phone number"), max_length=32, required=False)
    address = TextField(
        multiline=True, label=_("Address"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )
    occupation = TextField(label=_("Occupation"), max_length=200, required=False)
    information = TextField(
        multiline=True,
        label=_("Information requested"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    purpose = TextField(
        multiline=True, label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    election_information = forms.BooleanField(
        label=_("This is a request for election information"),
        required=False,
        help_text=_(
            "Information about an election or its supervision. Received while an election period is "
            "declared for this unit, it follows the election deadline rules (shown on the request)."
        ),
    )
    access_method = forms.ChoiceField(label=_("How will they get the information?"), widget=forms.RadioSelect)
    copy_format = forms.ChoiceField(label=_("Format of the copy"), widget=forms.RadioSelect, required=False)
    delivery = forms.ChoiceField(label=_("How will they receive it?"), widget=forms.RadioSelect)
    identity_document = forms.FileField(
        label=_("Identity document"),
        required=False,
        help_text=_("A scan of the KTP or, for a legal entity, its deed: PDF, JPEG or PNG."),
    )
    authorisation_document = forms.FileField(
        label=_("Power of attorney"),
        required=False,
        help_text=_("Only when someone asks on behalf of a group or another person."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [(c, Channel(c).label) for c in STAFF_CHANNELS]
        self.fields["requester_type"].choices = RequesterType.choices
        self.fields["access_method"].choices = AccessMethod.choices
        self.fields["copy_format"].choices = CopyFormat.choices
        self.fields["delivery"].choices = Delivery.choices
        # The browser's date picker offers the days the service accepts (it checks them again).
        today = timezone.localdate()
        self.fields["received_date"].widget.attrs.update(
            {"min": received_at_earliest(today).isoformat(), "max": today.isoformat()}
        )
        if not self.is_bound:
            self.initial["submission_key"] = submission_key_new()

    def received_at(self) -> datetime:
        return received_at_from(self.cleaned_data["received_date"], self.cleaned_data["received_time"])

    def data_for_service(self, unit_code: str) -> dict:
        names = [
            *IDENTITY_ENTERED,
            "information",
            "purpose",
            "access_method",
            "copy_format",
            "delivery",
        ]
        return {
            "unit": unit_code,
            **{name: self.cleaned_data.get(name) or "" for name in names},
            "election_information": bool(self.cleaned_data.get("election_information")),
        }
