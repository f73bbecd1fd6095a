from django import forms
from django.utils.translation import gettext_lazy as _

from eppid.core.text import TextField
from eppid.organisation.models import Level


class UnitSearchForm(forms.Form):
    """The public unit picker: a GET form, so it works without JavaScript and links can be shared."""

    q = TextField(
        label=_("Search units"),
        required=False,
        max_length=100,
        help_text=_("A name, region or code, for example Tulungagung or 35.04."),
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("All levels")), *Level.choices],
    )
    parent = TextField(required=False, max_length=8, widget=forms.HiddenInput)
