"""End to end in Chromium, in both languages: a citizen (JavaScript off) answers the satisfaction
survey of a decided request; in January of the year after, the PPID finds no issue offered for
the running year, reviews the annual report of the year just over (the answer counted), is
refused issuing it before the narrative sections are written, writes them (an error state
first), issues the report, downloads the signed PDF and the package for the Komisi Informasi,
and records the sending. axe on every page."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time
from tests.browser.browser_support import NoScriptAxe, assert_error_state, session_sign_in, submit
from tests.disclosure_support import request_data
from tests.signing_support import pki_setup

from eppid.reports.models import AnnualReportIssue, AnnualReportSubmission
from eppid.reports.survey_rules import ELEMENT_CODES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
JAKARTA = timezone.get_fixed_timezone(7 * 60)


@pytest.fixture
def decided(make_staff):
    from eppid.disclosure.services import request_decide, request_start, request_submit

    officer = make_staff("journey.officer", ("35.04", "officer"))
    result = request_submit(data=request_data())
    request_start(request=result.request, actor=officer)
    request_decide(request=result.request, actor=officer, outcome="granted", explanation="Terlampir.")
    return result.request, result.tracking_code


def _citizen_answers_the_survey(browser, live_server, axe_check, request, code, prefix):
    citizen = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="id-ID")
    citizen.set_default_timeout(15_000)
    page = citizen.new_page()
    check = NoScriptAxe(browser, live_server.url, axe_check)
    page.goto(prefix + "permohonan/status/")
    page.locator("input[name=registration_number]").fill(request.registration_number)
    page.locator("input[name=tracking_code]").fill(code)
    submit(page)
    page.locator("[data-testid=survey-invitation] button[type=submit]").click()
    page.wait_for_load_state()
    check(page)
    for element in ELEMENT_CODES:
        page.locator(f"input[name={element}][value='4']").check()
    submit(page)
    page.wait_for_url("**/survei/terima-kasih/")
    check(page)
    check.close()
    citizen.close()


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_survey_then_the_ppid_issues_the_annual_report(
    browser, live_server, axe_check, make_staff, decided, settings, tmp_path, prefix
):
    pki_setup(settings, tmp_path)
    request, code = decided
    _citizen_answers_the_survey(browser, live_server, axe_check, request, code, prefix)

    # The report of this year, issued once it is over: in January of the year after (the whole
    # office session in that time, the sign-in included; the clock ticks on from there).
    year = timezone.localdate().year
    with freeze_time(datetime(year + 1, 1, 15, 9, 0, tzinfo=JAKARTA), tick=True):
        _ppid_issues_the_report(browser, live_server, axe_check, make_staff, prefix, year)


def _ppid_issues_the_report(browser, live_server, axe_check, make_staff, prefix, year):
    office = browser.new_context(base_url=live_server.url, locale="id-ID", accept_downloads=True)
    office.set_default_timeout(30_000)
    staff = office.new_page()
    session_sign_in(staff, live_server, make_staff("journey.ppid", ("35.04", "ppid")))
    issue_button = staff.locator("form[action$='/annual-report/issue/'] button[type=submit]")

    # The running year: its narratives may be written, its issue is offered from 1 January.
    staff.goto(f"{prefix}office/units/35.04/annual-report/?year={year + 1}&scope=unit")
    assert staff.locator("#issue-opens").count() == 1 and issue_button.count() == 0
    assert staff.locator("#narratives").count() == 1

    staff.goto(f"{prefix}office/units/35.04/annual-report/?year={year}&scope=unit")
    assert staff.locator("#deadline").count() == 1
    assert staff.locator("#narratives").count() == 1
    axe_check(staff)

    # Issuing before the narrative sections are written is refused, each section named and linked.
    issue_button.click()
    staff.wait_for_load_state()
    assert_error_state(staff, axe_check)
    for key in ("policy", "implementation", "obstacles", "recommendations"):
        assert staff.locator(f".error-summary a[href='#id_{key}']").count() == 1
    assert not AnnualReportIssue.objects.exists()

    # A narrative with a text-direction override is refused, with the error beside the field.
    narratives = staff.locator("form[action$='/annual-report/narratives/']")
    narratives.locator("textarea[name=policy]").fill("Kebijakan \u202eterbalik")
    narratives.locator("button[type=submit]").click()
    staff.wait_for_load_state()
    assert_error_state(staff, axe_check)

    narratives = staff.locator("form[action$='/annual-report/narratives/']")
    narratives.locator("textarea[name=policy]").fill("SK PPID Nomor 12 Tahun 2026 tentang standar layanan.")
    narratives.locator("textarea[name=implementation]").fill(
        "Satu ruang layanan, dua petugas, Rp 25.000.000."
    )
    narratives.locator("textarea[name=obstacles]").fill("Jaringan internet tidak stabil.")
    narratives.locator("textarea[name=recommendations]").fill("Menambah petugas pada tahun berikutnya.")
    narratives.locator("button[type=submit]").click()
    staff.wait_for_load_state()
    assert "Jaringan internet tidak stabil." in staff.content()
    axe_check(staff)

    issue_button.click()
    staff.wait_for_load_state()
    issue = AnnualReportIssue.objects.get()
    assert issue.year == year and issue.entry_id is not None and staff.locator("#issues").count() == 1
    axe_check(staff)

    with staff.expect_download() as download_info:
        staff.locator(f"a[href$='/annual-report/issues/{issue.pk}/pdf/']").click()
    pdf = download_info.value
    assert pdf.suggested_filename.endswith(".pdf")
    assert open(pdf.path(), "rb").read(5) == b"%PDF-"  # noqa: PTH123, SIM115 - a temporary file
    with staff.expect_download() as package_info:
        staff.locator(f"a[href$='/annual-report/issues/{issue.pk}/zip/']").click()
    assert package_info.value.suggested_filename.endswith(".zip")

    sent = staff.locator("form[action$='/sent/']")
    sent.locator("input[name=sent_on]").fill(timezone.localdate().isoformat())
    sent.locator("input[name=channel][value=email]").check()
    sent.locator("input[name=reference]").fill("Surat 001/PPID/2027")
    sent.locator("button[type=submit]").click()
    staff.wait_for_load_state()
    assert AnnualReportSubmission.objects.count() == 1 and "Surat 001/PPID/2027" in staff.content()
    axe_check(staff)
    office.close()
