from django import forms
from django.utils.translation import gettext_lazy as _

from eppid.core.text import MultilineTextField, TextField
from eppid.organisation.models import UnitProfile
from eppid.organisation.roles import Role
from eppid.organisation.services import PROFILE_FIELDS, PROFILE_MULTILINE


class UnitProfileForm(forms.ModelForm):
    class Meta:
        model = UnitProfile
        fields = PROFILE_FIELDS
        field_classes = {
            name: MultilineTextField if name in PROFILE_MULTILINE else TextField
            for name in PROFILE_FIELDS
            if name != "email"
        }
        help_texts = {
            "phone": _("For example 0355 123456 or +62 355 123456."),
            "service_hours": _("For example: Monday to Friday, 08.00 to 16.00 WIB."),
            "ppid_position": _("For example: Head of Data and Information."),
            "superior_position": _(
                "The atasan PPID decides objections, for example the Head of Secretariat."
            ),
            "charter_legal_basis": _("Leave a charter field empty to show the statutory default text."),
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "charter_legal_basis": forms.Textarea(attrs={"rows": 3}),
            "charter_procedure": forms.Textarea(attrs={"rows": 5}),
            "charter_completion_time": forms.Textarea(attrs={"rows": 3}),
            "charter_cost": forms.Textarea(attrs={"rows": 3}),
            "charter_guarantee": forms.Textarea(attrs={"rows": 3}),
            "charter_complaints": forms.Textarea(attrs={"rows": 3}),
        }

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in PROFILE_FIELDS}


class MembershipAddForm(forms.Form):
    username = TextField(
        label=_("Username"),
        max_length=150,
        help_text=_("The staff member must already have an account."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
