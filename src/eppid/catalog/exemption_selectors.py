"""Reading consequence tests: the public exempt list of a unit, its announcements, one entry's test,
the tests a decision may cite, and the papers' public URLs.

The public sees the basis, the consequence and the period of each exemption, and the signed papers
(which describe the information without disclosing it); never the content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils import timezone

from eppid.catalog.choices import EntryStatus
from eppid.catalog.exemption_models import ConsequenceTest, ExemptionCitation
from eppid.law.models import EXEMPTION_KINDS, LegalGround
from eppid.law.selectors import ground_for_record
from eppid.signing.selectors import document_url


def _tests() -> QuerySet[ConsequenceTest]:
    return ConsequenceTest.objects.select_related("unit", "entry", "sheet", "decree")


def exemptions_in_force(unit, *, today: date | None = None) -> QuerySet[ConsequenceTest]:
    """The unit's exempt list: tests still in force whose entry is listed, newest first."""
    today = today or timezone.localdate()
    return (
        _tests()
        .filter(unit=unit, opened_at__isnull=True, until__gte=today, entry__status=EntryStatus.PUBLISHED)
        .order_by("-decided_at", "-pk")
    )


def exemptions_ended(unit) -> QuerySet[ConsequenceTest]:
    """The announcements: tests whose period ended and whose information is open now, newest first."""
    return _tests().filter(unit=unit, opened_at__isnull=False).order_by("-opened_at", "-pk")


def exemptions_for_console(unit) -> QuerySet[ConsequenceTest]:
    """Every test of the unit (in force, ended, of withdrawn entries), newest first."""
    return _tests().filter(unit=unit).select_related("decided_by").order_by("-decided_at", "-pk")


def exemption_for_entry(entry) -> ConsequenceTest | None:
    try:
        return entry.consequence_test
    except ObjectDoesNotExist:
        return None


def exemptions_citable(unit, *, today: date | None = None) -> QuerySet[ConsequenceTest]:
    """The tests a rejection or partial grant of a request of ``unit`` may cite today."""
    return exemptions_in_force(unit, today=today)


def exemption_grounds(test) -> list[LegalGround | str]:
    """The test's grounds as the law read on the day of the test (the code when unknown)."""
    return [ground_for_record(EXEMPTION_KINDS, code, test.tested_on) or code for code in test.ground_codes]


def paper_url(doc) -> str:
    """The public URL path of a signed paper; "" while its signing is pending."""
    return document_url(doc) if doc is not None and doc.copy_available else ""


@dataclass(frozen=True)
class ExemptRow:
    """One row of the public exempt list (DIK): its columns and the papers."""

    test: ConsequenceTest
    grounds: list
    sheet_url: str
    decree_url: str


def exempt_rows(tests) -> list[ExemptRow]:
    return [
        ExemptRow(
            test=test,
            grounds=exemption_grounds(test),
            sheet_url=paper_url(test.sheet),
            decree_url=paper_url(test.decree),
        )
        for test in tests
    ]


def exemption_cited_by(decision) -> ConsequenceTest | None:
    """The consequence test a decision on a request cites, if any (catalog.ExemptionCitation)."""
    if decision is None:
        return None
    citation = (
        ExemptionCitation.objects.select_related("test", "test__entry").filter(decision=decision).first()
    )
    return citation.test if citation is not None else None
