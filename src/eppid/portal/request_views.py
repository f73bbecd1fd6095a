"""The citizen's request wizard: a configuration of the one citizen wizard (wizard.py).

Start, office, requester, identity, contact, the information, how to get it, documents, check,
then ``request_submit`` and the confirmation (shown once).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from eppid.casefiles.once import once_key
from eppid.disclosure.case_rules import request_rules
from eppid.disclosure.choices import AccessMethod, CopyFormat, Delivery
from eppid.disclosure.services import request_replay, request_submit
from eppid.disclosure.services.documents import document_ready_url
from eppid.portal import request_forms as forms
from eppid.portal.confirmation import confirmation_page
from eppid.portal.request_wizard import SESSION_KEY, Wizard
from eppid.portal.wizard import Flow, Step, Submission
from eppid.portal.wizard_steps import CONTACT, DOCUMENTS, IDENTITY, UNIT, requester_type_step

DONE_KEY = "request_wizard_done"
ANSWERED_STEPS = ("unit", "requester-type", "identity", "contact", "information", "access")


def _information_form(wizard: Wizard, data=None, files=None):
    return forms.InformationForm(data)


def _information_rows(wizard: Wizard) -> list[tuple[str, str]]:
    information = wizard.answers("information")
    election = str(information.get("election_information", "")).lower() in ("true", "1", "on")
    return [
        (_("Information requested"), information.get("information", "")),
        (_("Purpose"), information.get("purpose", "")),
        (_("Election information"), _("Yes") if election else _("No")),
    ]


def _access_form(wizard: Wizard, data=None, files=None):
    return forms.AccessForm(data)


def _access_rows(wizard: Wizard) -> list[tuple[str, str]]:
    access = wizard.answers("access")
    how = dict(AccessMethod.choices).get(access.get("access_method", ""), access.get("access_method", ""))
    if access.get("copy_format"):
        how = f"{how}: {dict(CopyFormat.choices).get(access['copy_format'], access['copy_format'])}"
    delivery = access.get("delivery", "")
    return [
        (_("How to get it"), how),
        (_("How to receive it"), dict(Delivery.choices).get(delivery, delivery)),
    ]


def _start_context(request, wizard: Wizard) -> dict:
    """ "Request this information" on an entry of the information list names what to ask for."""
    information = request.GET.get("information", "").strip()
    if information and information.isprintable() and len(information) <= forms.TEXT_MAX:
        wizard.save_answers("information", {**wizard.answers("information"), "information": information})
    return {}


def _submit(wizard: Wizard, uploads: dict) -> dict:
    """The done handler: the answers to the disclosure service, back the confirmation record."""
    data = {}
    for step in ANSWERED_STEPS:
        data.update(wizard.answers(step))
    result = request_submit(
        data=data,
        identity_document=uploads["identity_document"],
        authorisation_document=uploads["authorisation_document"],
        channel="online",
        once=once_key("portal", wizard.submission_key()),
    )
    return _record(result)


def _replay(wizard: Wizard) -> dict | None:
    """The confirmation of what these answers filed already (decision 1670), or None."""
    key = wizard.submission_key_made()
    filed = request_replay(once_key("portal", key)) if key else None
    return _record(filed) if filed is not None else None


def _record(result) -> dict:
    """The confirmation page's record of a filed request (``SubmitResult`` or a replayed one)."""
    req = result.request
    rules = request_rules(req)
    return {
        "rules_name": rules.name,
        "rules_why": str(rules.why),
        "extension_days": rules.terms.extension_days,
        "response_days": rules.terms.response_days,
        "registration_number": req.registration_number,
        "tracking_code": result.tracking_code,
        "due_date": req.due_date.isoformat(),
        "unit_name": req.unit.name,
        "email": req.email or "",
        "receipt_url": document_ready_url(result.receipt),
        "leaf_index": result.leaf_index,
    }


REQUEST = Flow(
    name="request",
    session_key=SESSION_KEY,
    caption=gettext_lazy("Request public information"),
    steps=(
        UNIT,
        requester_type_step(
            title=gettext_lazy("Who is making the request?"), row_label=gettext_lazy("Requester")
        ),
        IDENTITY,
        CONTACT,
        Step(
            slug="information",
            title=gettext_lazy("The information you want"),
            form=_information_form,
            fields=("information", "purpose", "election_information"),
            rows=_information_rows,
        ),
        Step(
            slug="access",
            title=gettext_lazy("How you want to get it"),
            form=_access_form,
            fields=("access_method", "copy_format", "delivery"),
            rows=_access_rows,
        ),
        DOCUMENTS,
    ),
    submission=Submission(
        _submit,
        rate_limit="request-submit",
        done_key=DONE_KEY,
        done_url="portal:request-done",
        replay=_replay,
    ),
    start_template="portal/request/start.html",
    start_context=_start_context,
    texts={
        "title": gettext_lazy("Check your answers before sending your request"),
        "send_heading": gettext_lazy("Now send your request"),
        "send_text": gettext_lazy(
            "By sending this request you confirm that the details are correct to the best of your "
            "knowledge. The office answers in writing within the time limit set by law."
        ),
        "send_button": gettext_lazy("Accept and send"),
    },
)


@never_cache
def request_done(request):
    return confirmation_page(request, DONE_KEY, "portal/request/done.html", "portal/request/done_gone.html")
