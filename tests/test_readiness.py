"""Readiness for the yearly assessment (issue 13 item 5): the evaluators on built data, the score,
the roll-ups, a new year's questionnaire as data, and the evidence binder."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time
from tests.catalog_support import catalog_staff, exempt, published
from tests.objection_support import at
from tests.signing_support import pki_setup
from tests.survey_support import decided, scores

from eppid.catalog.exemptions import exemptions_expire
from eppid.organisation.models import Unit, UnitProfile
from eppid.reports.annual import annual_report_issue
from eppid.reports.models import ReadinessIndicator
from eppid.reports.readiness import (
    SCOPE_TREE,
    readiness_for,
    readiness_questionnaire,
    readiness_table,
    readiness_year_clean,
    readiness_years,
)
from eppid.reports.readiness_rules import MET, NOT_APPLICABLE, NOT_MET, RULES
from eppid.reports.survey import survey_answer_record

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
BERKALA = [
    "profile",
    "programmes",
    "performance",
    "finances",
    "access_summary",
    "regulations",
    "request_procedures",
    "complaint_procedure",
    "procurement",
    "early_warning",
]


@pytest.fixture(autouse=True)
def _urls_loaded_before_the_clock_is_frozen():
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - importing is the point


def unit(code="35.04") -> Unit:
    return Unit.objects.get(code=code)


def results(code="35.04", year=YEAR, **kwargs) -> dict:
    readiness = readiness_for(unit(code), year, **kwargs)
    return {indicator.code: result for indicator, result in readiness.own.results}


def test_the_questionnaires_are_data_and_name_known_rules():
    assert {2025, 2026} <= set(readiness_years())
    indicators = readiness_questionnaire(2026)
    assert len(indicators) >= 12 and all(indicator.rule in RULES for indicator in indicators)
    assert all(indicator.to_confirm for indicator in indicators)  # weights not checked (dip-dik.md s.5)
    assert readiness_year_clean("2026") == 2026
    assert readiness_year_clean("1999") is None and readiness_year_clean("20x6") is None


def test_a_unit_with_nothing_published_meets_only_what_e_ppid_provides():
    found = results()
    assert found["dip"].state == NOT_MET
    assert found["dik"].state == NOT_MET
    assert found["dik_reopened"].state == NOT_APPLICABLE
    assert found["serta_merta"].state == NOT_MET
    assert found["berkala"].state == NOT_MET and "Profil badan publik" in found["berkala"].reason
    assert found["service_hours"].state == NOT_MET
    assert found["annual_report"].state == NOT_MET
    assert found["survey"].state == NOT_MET
    assert found["accuracy"].state == NOT_APPLICABLE
    # e-PPID itself: the online forms, the registers, the statutory service charter.
    assert {found[code].state for code in ("forms", "registers", "maklumat")} == {MET}
    assert found["forms"].evidence[0].url.endswith("?unit=35.04")
    readiness = readiness_for(unit(), YEAR)
    met = sum(i.weight for i, r in readiness.own.results if r.state == MET)
    total = sum(i.weight for i, r in readiness.own.results if r.state != NOT_APPLICABLE)
    assert readiness.own.score == (met * 100 / total).quantize(Decimal("0.01"))


def test_published_entries_meet_the_list_and_checklist_indicators(make_staff):
    officer, ppid = catalog_staff(make_staff)
    published(officer, ppid, type="profile")
    found = results()
    assert found["dip"].state == MET and "1" in found["dip"].reason
    assert found["profiles"].state == MET
    assert found["regulations"].state == NOT_MET
    assert "type=profile" in found["profiles"].evidence[0].url
    for code in BERKALA[1:]:
        published(officer, ppid, type=code)
    found = results()
    assert found["berkala"].state == MET and found["regulations"].state == MET
    # Another unit's list proves nothing for this one.
    assert results("35.03")["dip"].state == NOT_MET


def test_serta_merta_entries_meet_their_indicator(make_staff):
    officer, ppid = catalog_staff(make_staff)
    published(officer, ppid, category="immediate", type="public_threat")
    found = results()
    assert found["serta_merta"].state == MET and "category=immediate" in found["serta_merta"].evidence[0].url


def test_an_exemption_with_signed_papers_meets_the_dik_indicator(make_staff, settings, tmp_path):
    _officer, ppid = catalog_staff(make_staff)
    exempt(ppid)  # no signer yet: the papers wait
    assert results()["dik"].state == NOT_MET
    pki_setup(settings, tmp_path)
    exempt(ppid, document="Berkas lain")
    found = results()
    assert found["dik"].state == NOT_MET and "2" in found["dik"].reason  # one of two unsigned
    from eppid.signing.services import signing_retry_pending

    signing_retry_pending()
    found = results()
    assert found["dik"].state == MET and found["dik"].evidence[0].url.endswith("/informasi/dikecualikan/")


def test_an_ended_exemption_is_met_once_reopened(make_staff):
    _officer, ppid = catalog_staff(make_staff)
    with freeze_time(at(YEAR, 3, 2, 10, 0)):
        exempt(ppid, until=date(YEAR, 6, 30).isoformat())
    assert results()["dik_reopened"].state == NOT_MET  # ended, the daily job has not run
    exemptions_expire()
    found = results()
    assert found["dik_reopened"].state == MET and "1" in found["dik_reopened"].reason


def test_the_profile_meets_service_hours_and_the_charter_counts_own_text():
    UnitProfile.objects.create(
        unit=unit(),
        service_hours="Senin-Jumat 08.00-16.00 WIB",
        address="Jl. Merdeka 1",
        phone="0355 123456",
        email="ppid@example.org",
        charter_cost="Gratis",
    )
    found = results()
    assert found["service_hours"].state == MET and found["service_hours"].evidence[0].url.endswith(
        "/units/35.04/"
    )
    assert found["maklumat"].state == MET and "1" in found["maklumat"].reason


def test_the_survey_and_the_annual_report_meet_their_indicators(make_staff, settings, tmp_path):
    officer = make_staff("petugas", ("35.04", "officer"))
    request, _code = decided(officer)
    survey_answer_record(request=request, scores=scores())
    assert results(year=2026)["survey"].state == MET
    assert results(year=2025)["survey"].state == NOT_MET  # answered in 2026
    assert results(year=2026)["annual_report"].state == NOT_MET
    pki_setup(settings, tmp_path)
    annual_report_issue(unit(), 2025, "unit")
    found = results(year=2026)
    assert found["annual_report"].state == MET and "/verifikasi/" in found["annual_report"].evidence[0].url
    assert results(year=2025)["annual_report"].state == NOT_MET  # needs the report of 2024


def test_the_province_roll_up_equals_its_units(make_staff):
    officer, ppid = catalog_staff(make_staff)
    published(officer, ppid, type="profile")
    province = unit("35")
    rollup = readiness_for(province, YEAR, SCOPE_TREE)
    codes = [entry.unit.code for entry in rollup.units]
    assert codes[0] == "35" and codes[1:] == sorted(codes[1:]) and len(codes) == 1 + province.children.count()
    for entry in rollup.units:
        alone = readiness_for(entry.unit, YEAR)
        assert entry.score == alone.own.score
        assert [r.state for _i, r in entry.results] == [r.state for _i, r in alone.own.results]
    for position, tally in enumerate(rollup.tallies):
        states = [entry.results[position][1].state for entry in rollup.units]
        assert (tally.met, tally.not_met, tally.not_applicable) == (
            states.count(MET),
            states.count(NOT_MET),
            states.count(NOT_APPLICABLE),
        )
    profiles = next(t for t in rollup.tallies if t.indicator.code == "profiles")
    assert profiles.met == 1


def test_the_national_roll_up_covers_every_unit_in_a_few_queries(make_staff, django_assert_max_num_queries):
    officer, ppid = catalog_staff(make_staff)
    published(officer, ppid, type="profile")
    UnitProfile.objects.create(
        unit=unit("35.03"), service_hours="08-16", address="A", phone="0355 1234", email="a@b.id"
    )
    national = Unit.objects.get(parent__isnull=True)
    with django_assert_max_num_queries(25):
        rollup = readiness_for(national, YEAR, SCOPE_TREE)
    assert len(rollup.units) == Unit.objects.count() == 553
    assert all(tally.met + tally.not_met + tally.not_applicable == 553 for tally in rollup.tallies)
    # The whole tree is read without a filter on the unit: each unit still gets its own answers.
    for code in ("35.04", "35.03", "11"):
        entry = next(entry for entry in rollup.units if entry.unit.code == code)
        alone = readiness_for(unit(code), YEAR).own
        assert entry.score == alone.score
        assert [r.state for _i, r in entry.results] == [r.state for _i, r in alone.results]
    tallies = {tally.indicator.code: tally for tally in rollup.tallies}
    assert tallies["profiles"].met == 1 and tallies["service_hours"].met == 1 and tallies["forms"].met == 553


def test_a_new_years_questionnaire_is_a_data_change():
    ReadinessIndicator.objects.create(
        year=2024,
        code="forms",
        title_en="Forms online",
        title_id="Formulir daring",
        rule="forms_online",
        weight=Decimal("3"),
        source="SAQ 2024",
    )
    ReadinessIndicator.objects.create(
        year=2024,
        code="survey",
        title_en="Survey",
        title_id="Survei",
        rule="survey_held",
        params={"min_responses": 5},
        weight=Decimal("1"),
        source="SAQ 2024",
        position=1,
    )
    readiness = readiness_for(unit(), 2024)
    assert [indicator.code for indicator in readiness.indicators] == ["forms", "survey"]
    assert readiness.own.score == Decimal("75.00")  # 3 of 4
    assert readiness_year_clean("2024") == 2024


def test_the_binder_table_has_a_row_per_unit_and_indicator_with_absolute_links(settings):
    settings.EPPID_PUBLIC_URL = "https://ppid.example.org"
    readiness = readiness_for(unit("35"), YEAR, SCOPE_TREE)
    table = readiness_table(readiness)
    assert len(table.rows) == len(readiness.units) * len(readiness.indicators)
    dip = next(row for row in table.rows if row["code"] == "dip")
    assert dip["evidence"].startswith("https://ppid.example.org/") and dip["state"] == NOT_MET


@pytest.mark.parametrize(
    ("rule", "params"),
    [
        ("no_such_rule", {}),
        ("category_published", {"category": "secret"}),
        ("survey_held", {"min_responses": "many"}),
        ("checklist", {"types": 5}),
        ("dip_of_year", ["not", "an", "object"]),
    ],
)
def test_a_bad_rule_or_parameters_make_the_indicator_not_applicable(rule, params):
    ReadinessIndicator.objects.create(
        year=2023, code="x", title_en="X", title_id="X", rule=rule, params=params, weight=1, source="-"
    )
    readiness = readiness_for(unit(), 2023)
    result = readiness.own.results[0][1]
    assert result.state == NOT_APPLICABLE and rule in result.reason and readiness.own.score is None
