"""The register of objections (register keberatan), columns a-k (regulations.md section 2):

a registration number; b date received; c full identity of the objector or proxy; d nomor
pendaftaran of the request; e information requested; f intended use; g Pasal 35 ground;
h the superior's decision; i date of the response; j the superior's name and position;
k the objector's reaction (tanggapan: a dispute filed with the Information Commission, or not).

Built as an ``eppid.reports.tables.Table`` (the one writer of every register): CSV, XLSX and
JSON come from ``table_csv`` / ``table_xlsx`` / ``table_json``. The period is the same
``RegisterPeriod`` as the register of requests (validated: end not before start, at most five
years). Each download is recorded by the caller as a ``ReportDownload`` of kind
``ReportKind.OBJECTIONS_REGISTER``.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eppid.disclosure.register import RegisterPeriod
from eppid.law.selectors import text_citing_lazy
from eppid.objections.choices import ObjectionOutcome
from eppid.objections.commission import dispute_window
from eppid.objections.models import Dispute, Objection
from eppid.objections.rules import ground_label, objection_rule_set
from eppid.reports.tables import DATE, TEXT, Column, Table

__all__ = [
    "OBJECTION_REGISTER_COLUMNS",
    "RegisterPeriod",
    "objection_register_columns",
    "objection_register_filename",
    "objection_register_rows",
    "objection_register_table",
]

# (key, label, kind, width). Labels are lazy: the table is built in the reader's language.
OBJECTION_REGISTER_COLUMNS = (
    ("number", gettext_lazy("a. Objection number"), TEXT, 22),
    ("received_on", gettext_lazy("b. Date received"), DATE, 12),
    ("objector", gettext_lazy("c. Objector (identity)"), TEXT, 40),
    ("registration_number", gettext_lazy("d. Request registration number"), TEXT, 18),
    ("information", gettext_lazy("e. Information requested"), TEXT, 40),
    ("purpose", gettext_lazy("f. Purpose"), TEXT, 30),
    ("ground", text_citing_lazy(gettext_lazy("g. Ground (%(basis)s)"), "objection_grounds"), TEXT, 36),
    ("decision", gettext_lazy("h. Decision of the superior of the PPID"), TEXT, 18),
    ("response_date", gettext_lazy("i. Date of the response"), DATE, 12),
    ("superior", gettext_lazy("j. Name and position of the superior"), TEXT, 30),
    ("reaction", gettext_lazy("k. Objector's response"), TEXT, 36),
    ("rules", gettext_lazy("Deadline rules"), TEXT, 30),
)


def objection_register_columns() -> list[Column]:
    return [Column(key, str(label), kind, width) for key, label, kind, width in OBJECTION_REGISTER_COLUMNS]


def _identity(objection) -> str:
    source = objection.request if objection.request_id else objection
    parts = [source.name or "", source.group_name, source.legal_entity_number, source.address or ""]
    contact = " / ".join(value for value in (source.email or "", source.phone or "") if value)
    return "; ".join(part for part in (*parts, contact) if part)


def _reaction(objection, disputes: dict, today: date) -> str:
    dispute = disputes.get(objection.pk)
    if dispute is not None:
        return _("Dispute filed with %(commission)s on %(date)s (%(case)s)") % {
            "commission": dispute.commission_name,
            "date": dispute.filed_on.isoformat(),
            "case": dispute.case_number or "-",
        }
    window = dispute_window(objection, today)
    if window is not None and today > window[1]:
        return _("No dispute filed")
    return ""


def _row(objection, disputes: dict, today: date) -> dict:
    request = objection.request
    return {
        "number": objection.number,
        "received_on": objection.received_on,
        "objector": _identity(objection),
        "registration_number": request.registration_number if request else "",
        "information": request.information if request else "",
        "purpose": request.purpose if request else "",
        "ground": ground_label(objection),
        "decision": str(ObjectionOutcome(objection.outcome).label) if objection.outcome else "",
        "response_date": objection.decided_at,  # a DATE column: the local date of the response
        "superior": _("%(name)s, superior of the PPID") % {"name": objection.decided_by_name}
        if objection.decided_by_name
        else "",
        "reaction": _reaction(objection, disputes, today),
        "rules": getattr(objection_rule_set(objection), "name", ""),
    }


def objection_register_rows(unit, period: RegisterPeriod) -> list[dict]:
    """One row per objection of ``unit`` received in ``period`` (inclusive), keyed by column key."""
    today = timezone.localdate()
    objections = list(
        Objection.objects.filter(unit=unit, received_on__range=(period.start, period.end))
        .select_related("request", "unit", "rule_set")
        .order_by("year", "sequence")
    )
    disputes = {d.objection_id: d for d in Dispute.objects.filter(objection__in=objections)}
    return [_row(objection, disputes, today) for objection in objections]


def objection_register_table(unit, period: RegisterPeriod) -> Table:
    """The register of objections of ``unit`` for ``period``, in the active language."""
    return Table(
        title=_("Register of objections"),
        subtitle=_("%(unit)s (%(code)s) · objections received from %(start)s to %(end)s")
        % period.subtitle_values(unit),
        columns=objection_register_columns(),
        rows=objection_register_rows(unit, period),
    )


def objection_register_filename(unit, period: RegisterPeriod, extension: str) -> str:
    return period.filename("keberatan", unit, extension)
