"""The text of an objection's receipt and of the superior's written response.

Like the request papers (eppid.disclosure.papers), they are Indonesian official papers with the
English of each heading and label beside it. The receipt follows the keberatan form (Perki
1/2021 SLIP appendix: number, date, identity, request number, information, purpose, ground,
case history, response date); the response gives the decision, its reasons (Pasal 36(2)) and the
way to the Information Commission (Pasal 37: which Commission, and until when under the
objection's rule set). Numbers of days and the ground's text come from the law data.
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from eppid.disclosure.choices import Channel
from eppid.disclosure.papers import (
    _public,
    both,
    day,
    indonesian,
    label,
    moment,
    requester_rows,
    unit_line,
    verification_paragraph,
)
from eppid.law.selectors import citation_lazy
from eppid.objections.choices import ObjectionOutcome
from eppid.objections.commission import commission_for, dispute_window
from eppid.objections.rules import ground_of, objection_rules
from eppid.signing.pdf import pdf_render

RECEIPT_TITLE = _("Receipt of an objection")
RESPONSE_TITLE = _("Written response to an objection")


def _id(choice, value) -> str:
    with translation.override("id"):
        return str(choice(value).label) if value in choice.values else str(value)


def ground_text(objection) -> str:
    """The ground in Indonesian: its label, then the article and the law's words."""
    ground = ground_of(objection)
    if ground is None:
        return objection.ground
    with translation.override("id"):
        return f"{ground.label}\n{ground.article}: “{ground.text}”"


def rules_text(objection) -> str:
    with translation.override("id"):
        rules = objection_rules(objection)
        text = f"{rules.name}. {rules.why}"
        if rules.to_confirm:
            text += " " + str(
                _("(Some of these numbers are still to be confirmed against the official text.)")
            )
        return text


def objector_rows(objection) -> list[tuple[str, str]]:
    """The objector: the request's requester, or the identity given with a ground-b objection."""
    if objection.request_id:
        return requester_rows(objection.request)
    return [*requester_rows(objection), (label(_("Address")), objection.address or "-")]


def _request_rows(objection) -> list[tuple[str, str]]:
    request = objection.request
    if request is None:
        return [(label(_("Request")), indonesian(_("None: periodic information not published.")))]
    return [
        (label(_("Registration number of the request")), request.registration_number),
        (label(_("Information requested")), request.information),
        (label(_("Purpose")), request.purpose),
    ]


def receipt_pdf(objection, *, leaf_index: int, leaf_hash: str) -> bytes:
    unit = objection.unit
    terms = objection_rules(objection).terms
    blocks = [
        ("note", str(_in_en(RECEIPT_TITLE))),
        indonesian(
            _(
                "The superior of the PPID of %(unit)s has received your objection and registered it "
                "under the number below. You get a written response by the due date: %(days)s working "
                "days after the day the objection counts as received (%(basis)s)."
            ),
            unit=unit.name,
            days=terms.objection_response_days,
            basis=terms.basis.get("objection_response", ""),
        ),
        ("heading", both(_("The objection"))),
        (
            "rows",
            [
                (label(_("Unit")), unit_line(unit)),
                (label(_("Objection number")), objection.number),
                (label(_("Received")), moment(objection.received_at)),
                (label(_("Channel")), _id(Channel, objection.channel)),
                (label(_("Deadline counted from")), day(objection.received_on)),
                (label(_("Response due date")), day(objection.due_date)),
                (label(_("Deadline rules")), rules_text(objection)),
                (label(_("Ground")), ground_text(objection)),
                (label(_("Statement (case history)")), objection.statement),
            ],
        ),
        ("heading", both(_("Objector"))),
        ("rows", objector_rows(objection)),
        ("heading", both(_("The request objected to"))),
        ("rows", _request_rows(objection)),
        ("heading", both(_("Following your objection"))),
        indonesian(
            _(
                "Follow your objection at %(url)s with the objection number and your tracking code. "
                "The tracking code is not printed on this receipt: keep it to yourself."
            ),
            url=_public("portal:request-status"),
        ),
        ("heading", both(_("Checking this receipt"))),
        verification_paragraph(unit),
        indonesian(
            _(
                "The registration of this objection is entry %(leaf)s of the public transparency log "
                "of e-PPID (%(url)s), with leaf hash %(hash)s."
            ),
            leaf=leaf_index,
            url=_public("portal:transparency"),
            hash=leaf_hash,
        ),
    ]
    return pdf_render(title=indonesian(RECEIPT_TITLE), unit_name=unit.name, blocks=blocks)


def _in_en(text) -> str:
    with translation.override("en"):
        return str(text)


def _decision_text(objection) -> str:
    lines = [_id(ObjectionOutcome, objection.outcome) + "."]
    if objection.outcome == ObjectionOutcome.UPHELD and objection.followup_due_date:
        lines.append(
            indonesian(
                _("The PPID must now provide what was asked, by %(date)s."),
                date=day(objection.followup_due_date),
            )
        )
    if objection.explanation:
        lines.append(objection.explanation)
    return "\n".join(lines)


def dispute_paragraph(objection) -> str:
    _value, commission = commission_for(objection.unit)
    window = dispute_window(objection)
    start, end = window if window else (None, None)
    terms = objection_rules(objection).terms
    return indonesian(
        _(
            "If you are not satisfied with this response, you may file a dispute with the %(commission)s "
            "within %(days)s working days of receiving it (%(basis)s): from %(start)s until "
            "%(end)s at the latest, quoting the objection number above."
        ),
        commission=commission,
        days=terms.dispute_days,
        basis=terms.basis.get("dispute_filing", ""),
        start=day(start) if start else "-",
        end=day(end) if end else "-",
    )


def response_pdf(objection) -> bytes:
    unit = objection.unit
    decided_on = timezone.localtime(objection.decided_at).date()
    blocks = [
        ("note", _in_en(RESPONSE_TITLE)),
        indonesian(
            _(
                "Under %(basis)s, the superior of the PPID of %(unit)s gives you this written "
                "response to your objection."
            ),
            unit=unit.name,
            basis=citation_lazy("objection_response", decided_on),
        ),
        (
            "rows",
            [
                (label(_("Unit")), unit_line(unit)),
                (label(_("Objection number")), objection.number),
                (label(_("Received")), moment(objection.received_at)),
                (label(_("Response due date")), day(objection.due_date)),
                (label(_("Decided on")), day(decided_on)),
                *objector_rows(objection),
                *_request_rows(objection),
                (label(_("Ground")), ground_text(objection)),
                (label(_("Statement (case history)")), objection.statement),
            ],
        ),
        ("heading", both(_("Response"))),
        (
            "rows",
            [
                (label(_("Decision")), _decision_text(objection)),
                (
                    label(_("Decided by")),
                    indonesian(_("%(name)s, superior of the PPID"), name=objection.decided_by_name or "-"),
                ),
            ],
        ),
        ("heading", both(_("If you disagree"))),
        dispute_paragraph(objection),
        ("heading", both(_("Checking this response"))),
        verification_paragraph(unit),
    ]
    return pdf_render(title=indonesian(RESPONSE_TITLE), unit_name=unit.name, blocks=blocks)
