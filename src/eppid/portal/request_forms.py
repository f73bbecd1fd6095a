"""The forms of the citizen's request wizard: one question (or one small group) per page.

Every field is validated on the server; the choice values are the contract's (api-v1.md 4).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from eppid.core.text import TextField
from eppid.disclosure.choices import AccessMethod, CopyFormat, Delivery, RequesterType
from eppid.disclosure.identity import legal_entity_number_check, nik_check
from eppid.law.models import Regime
from eppid.law.terms import terms_in_force
from eppid.organisation.models import Unit

NAME_MAX = 200
TEXT_MAX = 4000
PURPOSE_MAX = 2000


class WizardForm(forms.Form):
    """A step of the wizard. Free text is ``TextField``: eppid.core.text's rule, as everywhere."""

    template_name_div = "django/forms/div.html"


class UnitSearchStepForm(forms.Form):
    """The GET search on the unit page (filters the list of offices shown)."""

    q = TextField(
        label=_("Search for an office"),
        required=False,
        max_length=100,
        help_text=_("A province, regency or city, or a unit code, for example Tulungagung or 35.04."),
    )


class UnitForm(WizardForm):
    unit = TextField(
        label=_("Which Bawaslu office do you want to ask?"),
        max_length=8,
        error_messages={"required": _("Choose the Bawaslu office that holds the information.")},
    )

    def __init__(self, *args, choices=(), question=None, required=None, **kwargs):
        """``question`` and ``required``: a flow's own legend and empty-choice message."""
        super().__init__(*args, **kwargs)
        if question:
            self.fields["unit"].label = question
        if required:
            self.fields["unit"].error_messages = {**self.fields["unit"].error_messages, "required": required}
        self.fields["unit"].widget = forms.RadioSelect(choices=list(choices))
        self.fields["unit"].widget.choices = list(choices)

    def clean_unit(self):
        code = self.cleaned_data.get("unit") or ""
        if not Unit.objects.filter(code=code).exists():
            raise ValidationError(_("Choose a Bawaslu office from the list."), code="unknown_unit")
        return code


class RequesterTypeForm(WizardForm):
    requester_type = forms.ChoiceField(
        label=_("Who is making the request?"),
        choices=RequesterType.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "A group asks through a representative with a power of attorney; a legal entity gives its "
            "approval decree from the Ministry of Law."
        ),
        error_messages={
            "required": _("Choose who is making the request."),
            "invalid_choice": _("Choose who is making the request."),
        },
    )


class IdentityForm(WizardForm):
    """Fields depend on the requester type chosen before."""

    group_name = TextField(
        label=_("Name of the group"),
        max_length=NAME_MAX,
        required=False,
        help_text=_("For example the name of the community organisation or residents' group."),
    )
    name = TextField(label=_("Full name"), max_length=NAME_MAX, required=False)
    nik = TextField(
        label=_("NIK (national identity number)"),
        max_length=40,
        required=False,
        help_text=_("The 16 digits on the identity card (KTP)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )
    legal_entity_number = TextField(
        label=_("Approval decree number from the Ministry of Law"),
        max_length=100,
        required=False,
        help_text=_("As printed on the decree, for example AHU-0012345.AH.01.07.TAHUN 2020."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, requester_type: str = "individual", **kwargs):
        super().__init__(*args, **kwargs)
        self.requester_type = requester_type
        fields = self.fields
        fields["name"].widget.attrs["autocomplete"] = "name"
        if requester_type == "legal_entity":
            del fields["group_name"], fields["nik"]
            fields["name"].label = _("Name of the legal entity")
            fields["name"].widget.attrs["autocomplete"] = "organization"
            fields["legal_entity_number"].required = True
            fields["legal_entity_number"].error_messages["required"] = _(
                "Enter the number of the legal entity's approval decree."
            )
        else:
            del fields["legal_entity_number"]
            fields["nik"].required = True
            fields["nik"].error_messages["required"] = _("Enter the NIK.")
            if requester_type == "group":
                fields["group_name"].required = True
                fields["group_name"].error_messages["required"] = _("Enter the name of the group.")
                fields["name"].label = _("Full name of the representative")
                fields["nik"].label = _("NIK of the representative")
            else:
                del fields["group_name"]
        fields["name"].required = True
        fields["name"].error_messages["required"] = (
            _("Enter the name of the legal entity.")
            if requester_type == "legal_entity"
            else _("Enter the full name.")
        )

    def clean_nik(self):
        return nik_check(self.cleaned_data["nik"])

    def clean_legal_entity_number(self):
        return legal_entity_number_check(self.cleaned_data["legal_entity_number"])


phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ().-]{5,22}$",
    _("Enter a phone number with digits only, for example 0812 3456 7890 or +62 812 3456 7890."),
    code="phone",
)


class ContactForm(WizardForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send the receipt and the answer to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter an email address."),
            "invalid": _("Enter an email address in the right format, like name@example.com."),
        },
    )
    phone = TextField(
        label=_("Phone number (optional)"),
        max_length=30,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    address = TextField(
        multiline=True,
        label=_("Address"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        error_messages={"required": _("Enter the address.")},
    )
    occupation = TextField(
        label=_("Occupation"),
        max_length=100,
        help_text=_("For example student, journalist, farmer, researcher."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        error_messages={"required": _("Enter the occupation.")},
    )


class InformationForm(WizardForm):
    information = TextField(
        multiline=True,
        label=_("What information do you want?"),
        max_length=TEXT_MAX,
        help_text=_(
            "Describe the information or documents as precisely as you can, with dates if you know them."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Describe the information you want.")},
    )
    purpose = TextField(
        multiline=True,
        label=_("What will you use it for?"),
        max_length=PURPOSE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what you will use the information for.")},
    )
    election_information = forms.BooleanField(
        label=_("My request is about an election (election information)"),
        required=False,
        help_text=_(
            "For example the stages and schedule of an election, or how a reported violation was "
            "handled. While an election period is declared for the office, such requests follow the "
            "election deadline rules."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        election = terms_in_force(regime=Regime.ELECTION)
        if election.response_days:
            field = self.fields["election_information"]
            field.help_text = format_lazy(
                "{} {}",
                field.help_text,
                _("The office then answers within %(days)s working days.") % {"days": election.response_days},
            )

    def clean_information(self):
        value = self.cleaned_data["information"].strip()
        if len(value) < 5:
            raise ValidationError(_("Describe the information you want in a few words more."), code="short")
        return value


class AccessForm(WizardForm):
    access_method = forms.ChoiceField(
        label=_("How do you want to get the information?"),
        choices=AccessMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether you want to see the information or get a copy."),
            "invalid_choice": _("Choose whether you want to see the information or get a copy."),
        },
    )
    copy_format = forms.ChoiceField(
        label=_("If you want a copy: in what form?"),
        choices=CopyFormat.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Electronic copies are free. Only paper copies and sending them may cost money."),
        error_messages={"invalid_choice": _("Choose an electronic or a paper copy.")},
    )
    delivery = forms.ChoiceField(
        label=_("How do you want to receive it?"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you want to receive the information."),
            "invalid_choice": _("Choose how you want to receive the information."),
        },
    )

    def clean(self):
        data = super().clean()
        method, copy_format, delivery = (data.get(k) for k in ("access_method", "copy_format", "delivery"))
        if method == "copy" and not copy_format:
            self.add_error(
                "copy_format", ValidationError(_("Choose an electronic or a paper copy."), "required")
            )
        if method == "view":
            data["copy_format"] = ""
        if copy_format == "hardcopy" and method == "copy" and delivery == "email":
            self.add_error(
                "delivery",
                ValidationError(
                    _("A paper copy cannot be sent by email: choose pickup, post or courier."), "paper_email"
                ),
            )
        return data


class DocumentsForm(forms.Form):
    """Uploads; the files themselves are checked by eppid.disclosure.identity.document_check."""

    identity_document = forms.FileField(
        label=_("Identity document"),
        required=False,
        help_text=_("A PDF, JPEG or PNG file of at most %(limit)s MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )
    authorisation_document = forms.FileField(
        label=_("Power of attorney"),
        required=False,
        help_text=_("The letter in which the group authorises its representative. PDF, JPEG or PNG."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )

    def __init__(self, *args, requester_type: str, have: set[str], limit_mb: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.have = have
        fields = self.fields
        identity = fields["identity_document"]
        identity.help_text = identity.help_text % {"limit": limit_mb}
        if requester_type == "legal_entity":
            identity.label = _("Deed of the legal entity")
            identity.help_text = _(
                "The deed of establishment approved by the Ministry of Law. "
                "PDF, JPEG or PNG of at most %(limit)s MB."
            ) % {"limit": limit_mb}
        elif requester_type == "group":
            identity.label = _("Identity card (KTP) of the representative")
        else:
            identity.label = _("Identity card (KTP)")
        if requester_type != "group":
            del fields["authorisation_document"]
        for name, field in fields.items():
            field.widget = forms.FileInput(attrs=field.widget.attrs)
            if name in have:
                field.help_text = f"{field.help_text} " + str(
                    _("You have uploaded a file already; choose another only to replace it.")
                )

    def require_missing(self, have: set[str]) -> None:
        """After the valid uploads were kept: ask for every file still missing."""
        for name in self.fields:
            if name not in have and name not in self.errors:
                message = (
                    _("Choose the power of attorney to upload.")
                    if name == "authorisation_document"
                    else _("Choose a file to upload.")
                )
                self.add_error(name, ValidationError(message, code="required"))
