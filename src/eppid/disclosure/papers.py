"""The text of a request's receipt (tanda bukti) and written notice (UU 14/2008 Pasal 22(7)).

Both are official papers of an Indonesian public body: they are written in Indonesian, with the
English of every heading and label beside it, whatever language the requester used. The wording
is ordinary gettext msgids (English), rendered under ``translation.override("id")`` and "en".
The receipt never shows the tracking code: it is a secret the requester keeps apart.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from eppid.disclosure.case_rules import exemption_ground, request_rules
from eppid.disclosure.choices import OUTCOMES_NEEDING_BASIS, Outcome, RequesterType
from eppid.law.models import GroundKind, ObjectionCondition
from eppid.law.selectors import citation_lazy, ground_for_condition
from eppid.signing.pdf import pdf_render

RECEIPT_TITLE = _("Receipt of a request for public information")
NOTICE_TITLE = _("Written notice on a request for public information")


def _in(language: str, text, **values) -> str:
    with translation.override(language):
        out = str(text)
        return out % values if values else out


def indonesian(text, **values) -> str:
    return _in("id", text, **values)


def both(text, sep: str = " / ", **values) -> str:
    """``"Nomor pendaftaran / Registration number"``; one of them when they are the same."""
    ind, eng = _in("id", text, **values), _in("en", text, **values)
    return ind if ind == eng else f"{ind}{sep}{eng}"


def label(text) -> str:
    """A table label: Indonesian, and the English on the line below."""
    return both(text, sep="\n")


def _public(name: str, **kwargs) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return settings.EPPID_PUBLIC_URL + reverse(name, kwargs=kwargs or None)


def day(value) -> str:
    with translation.override("id"):
        return formats.date_format(value, "j F Y")


def moment(value) -> str:
    local = timezone.localtime(value)
    with translation.override("id"):
        return f"{formats.date_format(local, 'j F Y, H:i')} {local.tzname() or ''}".strip()


def rupiah(amount: int) -> str:
    return "Rp " + f"{int(amount):,}".replace(",", ".")


def _label(choice_value, choices) -> str:
    with translation.override("id"):
        return str(choices(choice_value).label) if choice_value in choices.values else str(choice_value)


def unit_line(unit) -> str:
    return f"{unit.name} ({unit.code})"


def requester_rows(request) -> list[tuple[str, str]]:
    rows = [
        (label(_("Requester name")), request.name or "-"),
        (label(_("Requester type")), _label(request.requester_type, RequesterType)),
    ]
    if request.requester_type == RequesterType.GROUP and request.group_name:
        rows.append((label(_("Group")), request.group_name))
    if request.requester_type == RequesterType.LEGAL_ENTITY and request.legal_entity_number:
        rows.append((label(_("Legal entity decree number")), request.legal_entity_number))
    return rows


def access_text(request) -> str:
    """How the requester asked to get the information: method, format and delivery, in Indonesian."""
    with translation.override("id"):
        parts = [str(request.get_access_method_display())]
        if request.copy_format:
            parts.append(str(request.get_copy_format_display()))
        return "; ".join(parts)


def delivery_text(request) -> str:
    with translation.override("id"):
        return str(request.get_delivery_display())


def verification_paragraph(unit) -> str:
    return indonesian(
        _(
            "This document is signed electronically by %(unit)s. To check that it is authentic and "
            "unchanged, scan the QR code in the signature box, or open %(url)s and upload this file."
        ),
        unit=unit.name,
        url=_public("signing:verify"),
    )


def rules_text(request, rules=None) -> str:
    """The rule set the request follows and why, in Indonesian (receipt and notice); ``rules``:
    ``request_rules(request)`` made under the Indonesian language, when the caller has it."""
    with translation.override("id"):
        rules = rules if rules is not None else request_rules(request)
        text = f"{rules.name}. {rules.why}"
        if rules.to_confirm:
            text += " " + str(
                _("(Some of these numbers are still to be confirmed against the official text.)")
            )
        return text


def receipt_pdf(request, *, leaf_index: int, leaf_hash: str) -> bytes:
    unit = request.unit
    with translation.override("id"):
        channel = str(request.get_channel_display())
        rules = request_rules(request)  # once: its terms are read from the law (as rules_text does)
    terms = rules.terms
    blocks = [
        ("note", _in("en", RECEIPT_TITLE)),
        indonesian(
            _(
                "%(unit)s has received your request for public information and registered it under "
                "the number below. The unit answers you in writing by the due date: %(days)s working "
                "days after the day the request counts as received (%(basis)s); it may extend this once, "
                "by at most %(extension_days)s working days, with written reasons (%(extension_basis)s)."
            ),
            unit=unit.name,
            days=terms.response_days,
            basis=terms.basis.get("request_response", ""),
            extension_days=terms.extension_days,
            extension_basis=terms.basis.get("request_extension", ""),
        ),
        ("heading", both(_("The request"))),
        (
            "rows",
            [
                (label(_("Unit")), unit_line(unit)),
                (label(_("Registration number")), request.registration_number),
                (label(_("Received")), moment(request.received_at)),
                (label(_("Deadline counted from")), day(request.received_on)),
                (label(_("Due date")), day(request.due_date)),
                (label(_("Deadline rules")), rules_text(request, rules)),
                (label(_("Channel")), channel),
            ],
        ),
        ("heading", both(_("Requester"))),
        ("rows", requester_rows(request)),
        ("heading", both(_("What is requested and how"))),
        (
            "rows",
            [
                (label(_("Information requested")), request.information),
                (label(_("Purpose")), request.purpose),
                (label(_("Access method and format")), access_text(request)),
                (label(_("Delivery")), delivery_text(request)),
            ],
        ),
        ("heading", both(_("Following your request"))),
        indonesian(
            _(
                "Check the status of your request at %(url)s with the registration number and the "
                "tracking code you were given when the request was filed. The tracking code is not "
                "printed on this receipt: keep it to yourself."
            ),
            url=_public("portal:request-status"),
        ),
        ("heading", both(_("Checking this receipt"))),
        verification_paragraph(unit),
        indonesian(
            _(
                "The registration of this request is entry %(leaf)s of the public transparency log "
                "of e-PPID (%(url)s), with leaf hash %(hash)s."
            ),
            leaf=leaf_index,
            url=_public("portal:transparency"),
            hash=leaf_hash,
        ),
    ]
    return pdf_render(title=indonesian(RECEIPT_TITLE), unit_name=unit.name, blocks=blocks)


def _held(decision) -> tuple[str, str]:
    unit = decision.request.unit
    if decision.outcome == Outcome.NOT_HELD:
        return (
            indonesian(_("No. %(unit)s does not hold the information requested."), unit=unit.name),
            decision.held_by,
        )
    return (
        indonesian(_("Yes. %(unit)s holds the information requested."), unit=unit.name),
        indonesian(_("Not applicable: this body holds the information.")),
    )


def _decision_text(decision, tested: bool = False) -> str:
    with translation.override("id"):
        outcome = str(decision.get_outcome_display())
        lines = [outcome + "."]
        ground = exemption_ground(decision)
        if decision.outcome in OUTCOMES_NEEDING_BASIS and decision.exemption_basis:
            basis = ground.label if ground is not None else decision.exemption_basis
            lines.append(
                str(_("Ground of exemption (information closed to the public): %(basis)s."))
                % {"basis": basis}
            )
            if ground is not None:
                lines.append(str(exemption_rule(ground, tested)))
        elif decision.outcome == Outcome.GRANTED:
            lines.append(str(_("The information requested is open to the public and is given in full.")))
        elif decision.outcome == Outcome.NOT_HELD:
            lines.append(str(_("The request cannot be met because this body does not hold the information.")))
    if decision.explanation:
        lines.append(decision.explanation)
    return "\n".join(lines)


def exemption_rule(ground, tested: bool = False) -> str:
    """The article relied on with its text (the law as data, law.LegalGround), in the active language;
    "after a consequence test" only when the decision cites one (``tested``): a refusal that cites
    none states its basis and claims no test."""
    values = {"article": ground.article, "text": ground.text}
    if tested:
        return _("Information exempted under %(article)s, after a consequence test: “%(text)s”") % values
    return _("Information exempted under %(article)s: “%(text)s”") % values


def _material(decision) -> str:
    if decision.material:
        return decision.material
    if decision.outcome in (Outcome.REJECTED, Outcome.NOT_HELD):
        return indonesian(_("None: no information is given."))
    return "-"


def _redactions(decision) -> str:
    if decision.redactions:
        return decision.redactions
    return indonesian(_("None: nothing has been blacked out."))


def cost_text(fee: int) -> str:
    if fee <= 0:
        return indonesian(
            _(
                "%(amount)s. Public information is given free of charge; only the actual cost of "
                "copying or delivery may be charged, and electronic copies are free."
            ),
            amount=rupiah(0),
        )
    ground = ground_for_condition(GroundKind.OBJECTION, ObjectionCondition.FEE)
    return indonesian(
        _(
            "%(amount)s, for copying and/or delivery only; the information itself is free of charge. "
            "Pay as the unit tells you and ask for a receipt of payment. A fee you think unreasonable "
            "is a ground for an objection (%(article)s)."
        ),
        amount=rupiah(fee),
        article=ground.article if ground is not None else "-",
    )


def notice_pdf(decision, *, consequence_tested: bool = False) -> bytes:
    """The written notice of ``decision``; ``consequence_tested``: the decision cites a consequence
    test (the caller knows it: ``disclosure`` does not read the catalogue)."""
    request = decision.request
    unit = request.unit
    held, held_by = _held(decision)
    terms = request_rules(request).terms
    basis = citation_lazy("notice_contents", timezone.localtime(decision.decided_at).date())
    blocks = [
        ("note", _in("en", NOTICE_TITLE)),
        indonesian(
            _("Under %(basis)s, %(unit)s gives you this written notice on your request."),
            unit=unit.name,
            basis=basis,
        ),
        (
            "rows",
            [
                (label(_("Unit")), unit_line(unit)),
                (label(_("Registration number")), request.registration_number),
                (label(_("Received")), moment(request.received_at)),
                (label(_("Decided on")), day(timezone.localtime(decision.decided_at).date())),
                (label(_("Deadline rules")), rules_text(request)),
                *requester_rows(request),
                (label(_("Information requested")), request.information),
            ],
        ),
        ("heading", both(_("Notice (%(basis)s)"), basis=basis)),
        (
            "rows",
            [
                (label(_("a. Is the information held by this body?")), held),
                (label(_("b. Body that holds the information")), held_by),
                (label(_("c. Decision")), _decision_text(decision, consequence_tested)),
                (label(_("d. Material provided")), _material(decision)),
                (label(_("e. Blacked-out parts and why")), _redactions(decision)),
                (
                    label(_("f. Delivery means and format")),
                    f"{access_text(request)}; {delivery_text(request)}",
                ),
                (label(_("g. Cost")), cost_text(decision.fee_rupiah)),
            ],
        ),
        ("heading", both(_("If you disagree"))),
        indonesian(
            _(
                "You may file an objection (keberatan) with the superior of the PPID within %(days)s "
                "working days of receiving this notice (%(basis)s), quoting the registration number above."
            ),
            days=terms.objection_days,
            basis=terms.basis.get("objection_filing", ""),
        ),
        ("heading", both(_("Checking this notice"))),
        verification_paragraph(unit),
    ]
    return pdf_render(title=indonesian(NOTICE_TITLE), unit_name=unit.name, blocks=blocks)
