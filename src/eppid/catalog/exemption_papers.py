"""The two papers of a consequence test, in Indonesian with English labels (like the request papers):

- the sheet (lembar pengujian konsekuensi, Perki 1/2021 Pasal 49): the document, the withheld part
  described without disclosing it, the law relied on, the consequence, the public-interest
  weighing, the conclusion with the exemption period, and the participants;
- the PPID's classification decree: the PPID, the unit, the information, the reasons (the law and
  the consequence analysis), the exemption period, place and date.

Both are public (the exempt list links them): they never hold the withheld content itself.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from eppid.catalog.exemption_models import TestOccasion
from eppid.disclosure.papers import both, day, indonesian, label, unit_line, verification_paragraph
from eppid.law.models import EXEMPTION_KINDS
from eppid.law.selectors import citation_lazy, ground_for_record
from eppid.signing.pdf import pdf_render

SHEET_TITLE = _("Consequence test sheet")
DECREE_TITLE = _("Decree of the PPID on information exempt from disclosure")


def grounds_lines(test) -> list[str]:
    """Each ground as "article: “text”" in Indonesian, as the law read on the day of the test (the
    short label would repeat the article: it already names it)."""
    lines = []
    with translation.override("id"):
        for code in test.ground_codes:
            ground = ground_for_record(EXEMPTION_KINDS, code, test.tested_on)
            lines.append(f"{ground.article}: “{ground.text}”" if ground is not None else code)
    return lines


def _occasion(test) -> str:
    with translation.override("id"):
        text = str(TestOccasion(test.occasion).label)
    return f"{text} ({test.occasion_reference})" if test.occasion_reference else text


def _period(test) -> str:
    return indonesian(
        _("From %(start)s to %(end)s (the last day of the exemption)."),
        start=day(test.tested_on),
        end=day(test.until),
    )


def sheet_pdf(test) -> bytes:
    unit = test.unit
    blocks = [
        indonesian(
            _(
                "The PPID of %(unit)s held a consequence test (%(basis)s) of the information below. "
                "This sheet describes the information without disclosing it."
            ),
            unit=unit.name,
            basis=citation_lazy("consequence_test", test.tested_on),
        ),
        (
            "rows",
            [
                (label(_("Unit")), unit_line(unit)),
                (label(_("Date of the test")), day(test.tested_on)),
                (label(_("Occasion")), _occasion(test)),
                (label(_("Entry in the information list")), str(test.entry.number or test.entry_id)),
                (label(_("Document or information tested")), test.document),
                (label(_("The withheld part, described without disclosing it")), test.withheld),
                (label(_("Grounds of exemption")), "\n".join(grounds_lines(test))),
                (label(_("The law and article relied on")), test.legal_basis),
                (label(_("The consequence if it were opened")), test.consequence),
                (label(_("The weighing of the public interest")), test.public_interest),
                (label(_("Exemption period")), _period(test)),
            ],
        ),
        ("heading", both(_("Conclusion"))),
        indonesian(
            _(
                "Opening the information would cause the consequence above, which outweighs the public "
                "interest in opening it. The information is exempt until %(end)s; from the next day it "
                "is open to the public on request."
            ),
            end=day(test.until),
        ),
        ("heading", both(_("Participants"))),
        ("list", test.participant_names),
        ("note", verification_paragraph(unit)),
    ]
    return pdf_render(title=indonesian(SHEET_TITLE), unit_name=unit.name, blocks=blocks)


def decree_pdf(test) -> bytes:
    unit = test.unit
    decided_by = test.decided_by.get_full_name() or test.decided_by.get_username()
    blocks = [
        indonesian(
            _(
                "The PPID of %(unit)s, having regard to the consequence test of %(date)s (sheet %(code)s), "
                "decides that the information below is exempt from disclosure."
            ),
            unit=unit.name,
            date=day(test.tested_on),
            code=test.sheet.code_display if test.sheet_id else "-",
        ),
        (
            "rows",
            [
                (label(_("PPID")), decided_by),
                (label(_("Unit")), unit_line(unit)),
                (label(_("Information")), f"{test.document}\n{test.withheld}"),
                (label(_("Grounds of exemption")), "\n".join(grounds_lines(test))),
                (label(_("The law and article relied on")), test.legal_basis),
                (label(_("The consequence if it were opened")), test.consequence),
                (label(_("Exemption period")), _period(test)),
                (label(_("Place and date")), f"{unit.region_name or unit.name}, {day(test.tested_on)}"),
            ],
        ),
        indonesian(
            _(
                "The information is listed as exempt in the public information list of the unit, with its "
                "basis, consequence and period. When the period ends it becomes open on request and an "
                "announcement is published."
            )
        ),
        ("note", verification_paragraph(unit)),
    ]
    return pdf_render(title=indonesian(DECREE_TITLE), unit_name=unit.name, blocks=blocks)
