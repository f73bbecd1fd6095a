"""The register of information requests (buku register permohonan informasi publik).

Columns follow the Perki 1/2010 appendix format that Perki 1/2021 still uses (regulations.md
section 2), plus the registration number, channel, due date, extension and forwarding. One row
per request received by the unit in the period (by the working day it counts as received).

Personal data: name, address and contact are in the register because the law has the PPID
record them (UU 14/2008 Art. 22(2)); the NIK never is. Only users who may read the unit's case
files (view_cases) get the register, and each download is recorded (eppid.reports).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eppid.disclosure.case_rules import exemption_label, request_rule_set
from eppid.disclosure.choices import AccessMethod, Outcome, RequesterType, Status
from eppid.disclosure.models import InformationRequest
from eppid.reports.tables import DATE, INTEGER, MONEY, Column, Table

MAX_PERIOD_DAYS = 366 * 5

# (key, label, kind, width). Labels are lazy: the table is built in the reader's language.
REGISTER_COLUMNS = (
    ("number", gettext_lazy("No."), INTEGER, 5),
    ("registration_number", gettext_lazy("Registration number"), "text", 18),
    ("received_on", gettext_lazy("Date of request"), DATE, 12),
    ("channel", gettext_lazy("Channel"), "text", 14),
    ("name", gettext_lazy("Name"), "text", 26),
    ("address", gettext_lazy("Address"), "text", 30),
    ("contact", gettext_lazy("Phone / email"), "text", 26),
    ("occupation", gettext_lazy("Occupation"), "text", 16),
    ("information", gettext_lazy("Information requested"), "text", 40),
    ("purpose", gettext_lazy("Intended use"), "text", 30),
    ("held", gettext_lazy("Held by the body (yes/no)"), "text", 12),
    ("copy_format", gettext_lazy("Form of information (soft/hard copy)"), "text", 16),
    ("access_method", gettext_lazy("Type of request (view/copy)"), "text", 16),
    ("decision", gettext_lazy("Decision"), "text", 18),
    ("refusal_reason", gettext_lazy("Reason for refusal"), "text", 36),
    ("notice_date", gettext_lazy("Date of the written notice"), DATE, 12),
    ("delivery_date", gettext_lazy("Date the information was given"), DATE, 12),
    ("fee_rupiah", gettext_lazy("Cost (rupiah)"), MONEY, 10),
    ("payment", gettext_lazy("Payment method"), "text", 18),
    ("due_date", gettext_lazy("Due date"), DATE, 12),
    ("extended", gettext_lazy("Extended"), "text", 10),
    ("status", gettext_lazy("Status"), "text", 14),
    ("forwarded_to", gettext_lazy("Forwarded to"), "text", 30),
    ("rules", gettext_lazy("Deadline rules"), "text", 30),
)


@dataclass(frozen=True)
class RegisterPeriod:
    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValidationError({"to": [_("The end of the period must not be before its start.")]})
        if (self.end - self.start).days > MAX_PERIOD_DAYS:
            raise ValidationError({"to": [_("Choose a period of at most five years.")]})

    def subtitle_values(self, unit) -> dict:
        """What a register's subtitle names (requests' and objections' alike): the unit and the period."""
        return {
            "unit": unit.name,
            "code": unit.code,
            "start": formats.date_format(self.start, "j F Y"),
            "end": formats.date_format(self.end, "j F Y"),
        }

    def filename(self, name: str, unit, extension: str) -> str:
        """``register-<name>-<unit code>-<start>-<end>.<extension>``."""
        return f"register-{name}-{unit.code}-{self.start.isoformat()}-{self.end.isoformat()}.{extension}"


def register_columns() -> list[Column]:
    return [Column(key, str(label), kind, width) for key, label, kind, width in REGISTER_COLUMNS]


def register_requests(unit, period: RegisterPeriod):
    return (
        InformationRequest.objects.filter(unit=unit, received_on__range=(period.start, period.end))
        .select_related("unit", "decision", "forwarded_to__unit", "rule_set")
        .prefetch_related("decision__documents")
        .order_by("received_on", "year", "sequence", "pk")
    )


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def _name(request) -> str:
    if request.requester_type == RequesterType.GROUP and request.group_name:
        return _("%(group)s (represented by %(name)s)") % {"group": request.group_name, "name": request.name}
    if request.requester_type == RequesterType.LEGAL_ENTITY and request.legal_entity_number:
        return _("%(name)s (decree %(number)s)") % {
            "name": request.name,
            "number": request.legal_entity_number,
        }
    return request.name


def _decision(request):
    try:
        return request.decision
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist: not decided yet
        return None


def _refusal_reason(decision) -> str:
    if decision is None:
        return ""
    if decision.outcome == Outcome.NOT_HELD:
        if decision.held_by:
            return _("Not held; held by %(body)s") % {"body": decision.held_by}
        return _("Not held")
    if decision.outcome in (Outcome.REJECTED, Outcome.PARTIALLY_GRANTED):
        parts = [exemption_label(decision) if decision.exemption_basis else ""]
        if decision.redactions:
            parts.append(decision.redactions)
        elif decision.explanation:
            parts.append(decision.explanation)
        return "; ".join(part for part in parts if part)
    return ""


def _held(decision) -> bool | None:
    if decision is None:
        return None
    return decision.outcome != Outcome.NOT_HELD


def _delivery_date(decision):
    # What the system gives itself: released documents are on the status page from the decision.
    if decision is None or decision.outcome not in (Outcome.GRANTED, Outcome.PARTIALLY_GRANTED):
        return None
    return decision.decided_at if list(decision.documents.all()) else None


def _payment(decision) -> str:
    if decision is None:
        return ""
    if not decision.fee_rupiah:
        return _("Free of charge")
    return _("As stated in the written notice")


def register_row(request, number: int) -> dict:
    decision = _decision(request)
    forwarded = request.forwarded_to
    contact = " / ".join(part for part in (request.phone, request.email) if part)
    return {
        "number": number,
        "registration_number": request.registration_number,
        "received_on": request.received_on,
        "channel": request.get_channel_display(),
        "name": _name(request),
        "address": request.address,
        "contact": contact,
        "occupation": request.occupation,
        "information": request.information,
        "purpose": request.purpose,
        "held": _yes_no(_held(decision)),
        "copy_format": request.get_copy_format_display()
        if request.access_method == AccessMethod.COPY and request.copy_format
        else "",
        "access_method": request.get_access_method_display(),
        "decision": decision.get_outcome_display() if decision else "",
        "refusal_reason": _refusal_reason(decision),
        "notice_date": decision.decided_at if decision else None,
        "delivery_date": _delivery_date(decision),
        "fee_rupiah": decision.fee_rupiah if decision else None,
        "payment": _payment(decision),
        "due_date": request.due_date,
        "extended": _yes_no(request.extended),
        "status": request.get_status_display(),
        "forwarded_to": (
            f"{forwarded.registration_number} ({forwarded.unit.name})"
            if request.status == Status.FORWARDED and forwarded is not None
            else ""
        ),
        "rules": getattr(request_rule_set(request), "name", ""),
    }


def register_table(unit, period: RegisterPeriod) -> Table:
    """The register of ``unit`` for requests received from ``period.start`` to ``period.end``."""
    rows = [
        register_row(request, number) for number, request in enumerate(register_requests(unit, period), 1)
    ]
    return Table(
        title=_("Register of requests for public information"),
        subtitle=_("%(unit)s (%(code)s) · requests received from %(start)s to %(end)s")
        % period.subtitle_values(unit),
        columns=register_columns(),
        rows=rows,
    )


def register_filename(unit, period: RegisterPeriod, extension: str) -> str:
    return period.filename("permohonan", unit, extension)
