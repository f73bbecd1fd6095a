"""The redaction form of the console (a document of an entry's draft, or one to release on a
request): the legal ground, the words to remove, the areas to remove. Works without JavaScript."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from eppid.office.request_forms import ground_choices
from eppid.redaction.services import redaction_grounds


class RedactionForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Legal ground of the redaction"),
        widget=forms.RadioSelect,
        help_text=_("The exemption that the removed parts fall under, e.g. a person's personal data."),
    )
    terms = forms.CharField(
        label=_("Words to remove everywhere"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One word or phrase a line, e.g. a name or an identity number. Every occurrence on every "
            "page is removed, whatever its capitals. A word that is not found stops the redaction."
        ),
    )
    areas = forms.CharField(
        label=_("Areas to remove"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One area a line: the page number, then left, top, right and bottom in millimetres "
            'from the top-left corner of the page as shown, e.g. "2 20 35 120 45". Text, pictures '
            "and drawings under the area are removed (use this for signatures, photos and scans)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = ground_choices(redaction_grounds())


class RequestRedactionForm(RedactionForm):
    document = forms.FileField(
        label=_("The PDF to redact"),
        help_text=_("The document to give the requester. The redacted copy is kept; the original is not."),
    )

    field_order = ["document", "ground", "terms", "areas"]
