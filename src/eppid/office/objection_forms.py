"""Forms of the atasan PPID's objection console. The services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eppid.core.text import TextField
from eppid.law.selectors import citation_text
from eppid.objections.choices import (
    CourtKind,
    DisputeResult,
    DisputeStage,
    MediationResult,
    ObjectionOutcome,
)
from eppid.objections.services.common import NOTE_LIMIT

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
SHOW_CHOICES = (
    ("open", _("Open")),
    ("due_soon", _("Due soon")),
    ("overdue", _("Overdue")),
    ("followups", _("Follow-up not done")),
    ("all", _("All")),
)


class ListFilterForm(forms.Form):
    show = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=ObjectionOutcome.choices,
        error_messages={
            "required": _("Choose the decision."),
            "invalid_choice": _("Choose one of the decisions offered."),
        },
    )
    explanation = TextField(
        multiline=True,
        label=_("Written reasons"),
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, ground, **kwargs):
        """``ground``: the objection's law.LegalGround; settlement is offered only where it may be."""
        super().__init__(*args, **kwargs)
        self.fields["explanation"].help_text = gettext(
            "Required when you dismiss the objection (%(basis)s). For an upheld objection, say what "
            "the PPID must provide; for a settlement, record what was agreed."
        ) % {"basis": citation_text("objection_reasons")}
        if ground is None or not ground.settleable:
            self.fields["outcome"].choices = [
                (value, label)
                for value, label in ObjectionOutcome.choices
                if value != ObjectionOutcome.SETTLED
            ]
            self.fields["outcome"].help_text = _(
                "An objection on this ground (%(ground)s) cannot be settled by agreement under the law."
            ) % {"ground": ground.label if ground is not None else "?"}


class FollowupForm(forms.Form):
    note = TextField(
        multiline=True,
        label=_("What was provided (optional)"),
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("No personal data: for example the documents sent and how."),
    )


def _date_field(label, *, required=False):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date, for example 2026-03-02.")},
    )


def _choice_field(label, choices):
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", _("Not yet"))] + list(choices),
        error_messages={"invalid_choice": _("Choose one of the options offered.")},
    )


class DisputeForm(forms.Form):
    """A dispute before the Komisi Informasi and any court stage (UU 14/2008 Pasal 37-50)."""

    case_number = TextField(label=_("Commission case number"), max_length=100, required=False)
    filed_on = _date_field(_("Filed with the Commission on"), required=True)
    registered_on = _date_field(_("Registered by the Commission on"))
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=DisputeStage.choices,
        error_messages={"required": _("Choose the stage."), "invalid_choice": _("Choose the stage.")},
    )
    mediation_on = _date_field(_("Mediation date"))
    mediation_result = _choice_field(_("Result of the mediation"), MediationResult.choices)
    adjudication_on = _date_field(_("Adjudication decision date"))
    adjudication_result = _choice_field(_("Result of the adjudication"), DisputeResult.choices)
    court = _choice_field(_("Court"), CourtKind.choices)
    court_case_number = TextField(label=_("Court case number"), max_length=100, required=False)
    court_filed_on = _date_field(_("Filed with the court on"))
    court_decided_on = _date_field(_("Court decision date"))
    court_result = _choice_field(_("Result in court"), DisputeResult.choices)
    cassation_case_number = TextField(label=_("Cassation case number"), max_length=100, required=False)
    cassation_decided_on = _date_field(_("Cassation decision date"))
    cassation_result = _choice_field(_("Result of the cassation"), DisputeResult.choices)
    closed_on = _date_field(_("Closed on"))
    note = TextField(
        multiline=True,
        label=_("Note (no personal data)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    GROUPS = (
        (_("Information Commission"), ("case_number", "filed_on", "registered_on", "stage")),
        (_("Mediation"), ("mediation_on", "mediation_result")),
        (_("Adjudication"), ("adjudication_on", "adjudication_result")),
        (
            _("Court"),
            ("court", "court_case_number", "court_filed_on", "court_decided_on", "court_result"),
        ),
        (_("Cassation"), ("cassation_case_number", "cassation_decided_on", "cassation_result")),
        (_("Closing"), ("closed_on", "note")),
    )

    def groups(self):
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]
