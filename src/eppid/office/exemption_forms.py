"""The console's consequence-test form (one long form in sections): first-line checks only; the
service (catalog.exemptions.exemption_record) checks everything again and decides."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eppid.catalog.exemption_models import TestOccasion
from eppid.catalog.exemptions import LIMITS, PARTICIPANTS_MAX
from eppid.core.text import TextField
from eppid.law.models import EXEMPTION_KINDS
from eppid.law.selectors import grounds_in_force
from eppid.office.request_forms import ground_choices

SECTIONS = (
    (_("The information tested"), ("document", "withheld", "occasion", "occasion_reference")),
    (_("The law relied on"), ("grounds", "legal_basis")),
    (_("The consequence and the public interest"), ("consequence", "public_interest")),
    (_("The exemption period and the participants"), ("until", "participants")),
    (_("The entry in the exempt list"), ("responsible", "retention")),
)


class ExemptionForm(forms.Form):
    document = TextField(
        label=_("Document or information tested"),
        max_length=LIMITS["document"],
        help_text=_("Name it so that it can be found, without disclosing what it says."),
    )
    withheld = TextField(
        multiline=True,
        label=_("The withheld part, described without disclosing it"),
        max_length=LIMITS["withheld"],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Clear and precise (jelas dan terang), for example: the names of the witnesses on pages 3-5."
        ),
    )
    occasion = forms.ChoiceField(
        label=_("Occasion"),
        choices=TestOccasion.choices,
        widget=forms.RadioSelect,
        initial=TestOccasion.BEFORE_REQUEST,
    )
    occasion_reference = TextField(
        label=_("Reference of the occasion"),
        max_length=LIMITS["occasion_reference"],
        required=False,
        help_text=_("A request's registration number or the Commission's order, if any."),
    )
    grounds = forms.MultipleChoiceField(
        label=_("Grounds of exemption"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The article or articles the exemption rests on. The first chosen is cited in decisions."
        ),
    )
    legal_basis = TextField(
        multiline=True,
        label=_("The law and article relied on"),
        max_length=LIMITS["legal_basis"],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The analysis of the law: which article, and why it applies to this information."),
    )
    consequence = TextField(
        multiline=True,
        label=_("The consequence if it were opened"),
        max_length=LIMITS["consequence"],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    public_interest = TextField(
        multiline=True,
        label=_("The weighing of the public interest"),
        max_length=LIMITS["public_interest"],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Propriety, decency and the public interest, weighed against the consequence."),
    )
    until = forms.DateField(
        label=_("Last day of the exemption"),
        # ISO like every date field of the console (a date input reads no other form).
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For example 2030-12-31. From the next day the information is open on request."),
    )
    participants = TextField(
        multiline=True,
        label=_("Participants"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    responsible = TextField(
        label=_("Person responsible for producing it"),
        max_length=LIMITS["responsible"],
        required=False,
        help_text=_("Empty: the PPID of this unit."),
    )
    retention = TextField(label=_("Retention period"), max_length=LIMITS["retention"], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grounds"].choices = ground_choices(grounds_in_force(EXEMPTION_KINDS))
        # Formatted here, in the request's language (not in the class body, at import).
        self.fields["participants"].help_text = _(
            "One per line, with the position, at most %(count)d. They are named on the signed sheet."
        ) % {"count": PARTICIPANTS_MAX}
        if not self.is_bound:
            self.fields["until"].initial = timezone.localdate() + timedelta(days=365)

    def sections(self):
        return [(legend, [self[name] for name in names]) for legend, names in SECTIONS]

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["until"] = data["until"].isoformat()
        return data
