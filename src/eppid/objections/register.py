"""The register of objections (register keberatan), columns a-k (regulations.md section 2):

a registration number; b date received; c full identity of the objector or proxy; d nomor
pendaftaran of the request; e information requested; f intended use; g Pasal 35 ground;
h the superior's decision; i date of the response; j the superior's name and position;
k the objector's reaction (tanggapan: a dispute filed with the Information Commission, or not).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from eppid.objections.choices import Ground, ObjectionOutcome
from eppid.objections.commission import dispute_window
from eppid.objections.models import Dispute, Objection
from eppid.reports.tables import table_csv, table_xlsx

COLUMNS = (
    _("a. Objection number"),
    _("b. Date received"),
    _("c. Objector (identity)"),
    _("d. Request registration number"),
    _("e. Information requested"),
    _("f. Purpose"),
    _("g. Ground (Article 35(1))"),
    _("h. Decision of the superior of the PPID"),
    _("i. Date of the response"),
    _("j. Name and position of the superior"),
    _("k. Objector's response"),
)


def _identity(objection) -> str:
    source = objection.request if objection.request_id else objection
    parts = [source.name or "", source.group_name, source.legal_entity_number, source.address or ""]
    contact = " / ".join(value for value in (source.email or "", source.phone or "") if value)
    return "; ".join(part for part in (*parts, contact) if part)


def _reaction(objection, disputes: dict, today: date) -> str:
    dispute = disputes.get(objection.pk)
    if dispute is not None:
        return str(_("Dispute filed with %(commission)s on %(date)s (%(case)s)")) % {
            "commission": dispute.commission_name,
            "date": dispute.filed_on.isoformat(),
            "case": dispute.case_number or "-",
        }
    window = dispute_window(objection, today)
    if window is not None and today > window[1]:
        return str(_("No dispute filed"))
    return ""


def objection_register_rows(unit, start: date, end: date) -> list[list]:
    """One row per objection of ``unit`` received from ``start`` to ``end`` (inclusive), columns a-k."""
    today = timezone.localdate()
    objections = list(
        Objection.objects.filter(unit=unit, received_on__gte=start, received_on__lte=end)
        .select_related("request", "unit")
        .order_by("year", "sequence")
    )
    disputes = {d.objection_id: d for d in Dispute.objects.filter(objection__in=objections)}
    rows = []
    for objection in objections:
        request = objection.request
        decided_on = timezone.localtime(objection.decided_at).date() if objection.decided_at else None
        rows.append(
            [
                objection.number,
                objection.received_on,
                _identity(objection),
                request.registration_number if request else "",
                request.information if request else "",
                request.purpose if request else "",
                str(Ground(objection.ground).label),
                str(ObjectionOutcome(objection.outcome).label) if objection.outcome else "",
                decided_on,
                str(_("%(name)s, superior of the PPID")) % {"name": objection.decided_by_name}
                if objection.decided_by_name
                else "",
                _reaction(objection, disputes, today),
            ]
        )
    return rows


def objection_register_file(unit, start: date, end: date, *, fmt: str, language: str = "id") -> bytes:
    """The register as ``csv`` or ``xlsx`` in ``language``."""
    with translation.override(language):
        headers = [str(column) for column in COLUMNS]
        rows = objection_register_rows(unit, start, end)
        if fmt == "csv":
            return table_csv(headers, rows)
        if fmt == "xlsx":
            return table_xlsx(headers, rows, title=str(_("Register of objections")))
    raise ValueError(f"unknown format {fmt!r}; expected csv or xlsx")
