"""Ground (b) without a request: periodic information not published (UU 14/2008 Pasal 9, 35(1)(b)).

A configuration of the one citizen wizard (wizard.py): the same office, identity, contact and
documents steps as a request (wizard_steps.py) in the objector's words, what is missing, a check,
then ``objection_file_periodic`` and the objections' shared confirmation, which shows the
objection's own tracking code once.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eppid.casefiles.once import once_key
from eppid.law.models import ObjectionCondition
from eppid.objections.rules import ground_for_condition
from eppid.objections.services import objection_file_periodic, objection_replay
from eppid.organisation.charter import statutory_deadlines
from eppid.portal.objection_forms import StatementForm
from eppid.portal.objection_views import CHECK_TEXTS, DONE_KEY, _done_record
from eppid.portal.request_wizard import Wizard
from eppid.portal.wizard import Flow, Step, Submission
from eppid.portal.wizard_steps import CONTACT, DOCUMENTS, IDENTITY, requester_type_step, unit_step, worded

SESSION_KEY = "periodic_objection_wizard"
IDENTITY_STEPS = ("requester-type", "identity", "contact")


def _ground():
    return ground_for_condition(ObjectionCondition.PERIODIC)


def _statement_form(wizard: Wizard, data=None, files=None):
    return StatementForm(data, periodic=True)


def _statement_rows(wizard: Wizard) -> list[tuple[str, str]]:
    return [(_("Periodic information not published"), wizard.value("statement", "statement"))]


def _start_context(request, wizard: Wizard) -> dict:
    return {"deadlines": statutory_deadlines(), "ground": _ground()}


def _fixed_rows() -> list[tuple[str, str]]:
    return [(_("Ground"), getattr(_ground(), "label", ""))]


def _submit(wizard: Wizard, uploads: dict) -> dict:
    """The done handler: the answers to the objections service, back the confirmation record."""
    data = {}
    for step in IDENTITY_STEPS:
        data.update(wizard.answers(step))
    result = objection_file_periodic(
        unit=wizard.value("unit", "unit"),
        data=data,
        statement=wizard.value("statement", "statement"),
        identity_document=uploads["identity_document"],
        authorisation_document=uploads["authorisation_document"],
        once=once_key("portal", wizard.submission_key()),
    )
    return _done_record(result, email=data.get("email", ""))


def _replay(wizard: Wizard) -> dict | None:
    """The confirmation of what these answers filed already (decision 1670), or None."""
    key = wizard.submission_key_made()
    filed = objection_replay(once_key("portal", key)) if key else None
    return _done_record(filed, email=filed.objection.email or "") if filed is not None else None


PERIODIC = Flow(
    name="periodic",
    session_key=SESSION_KEY,
    caption=gettext_lazy("Objection: periodic information not published"),
    steps=(
        unit_step(
            title=gettext_lazy("Which office has not published the information?"),
            lead=gettext_lazy("Choose the office that should have published the information."),
            question=gettext_lazy("Which Bawaslu office should have published the information?"),
            required=gettext_lazy("Choose the Bawaslu office that should have published the information."),
        ),
        requester_type_step(
            title=gettext_lazy("Who is objecting?"),
            row_label=gettext_lazy("Objector"),
            field_label=gettext_lazy("Who is objecting?"),
        ),
        worded(
            IDENTITY,
            title=gettext_lazy("Identity of the objector"),
            group=gettext_lazy(
                "A group objects through one representative. Give the group's name and the "
                "representative's details."
            ),
        ),
        CONTACT,
        Step(
            slug="statement",
            title=gettext_lazy("The periodic information that is missing"),
            form=_statement_form,
            fields=("statement",),
            rows=_statement_rows,
        ),
        worded(
            DOCUMENTS,
            lead=gettext_lazy(
                "The office needs to know who is objecting. The file is stored encrypted and only the "
                "office's staff handling objections can open it."
            ),
        ),
    ),
    submission=Submission(
        _submit,
        rate_limit="objection-submit",
        done_key=DONE_KEY,
        done_url="portal:objection-done",
        replay=_replay,
    ),
    start_template="portal/objection/periodic_start.html",
    start_context=_start_context,
    fixed_rows=_fixed_rows,
    texts={
        **CHECK_TEXTS,
        "send_text": gettext_lazy(
            "Your objection goes to the atasan PPID of the office, who must answer it in writing. We "
            "send the receipt to your email address."
        ),
    },
)
