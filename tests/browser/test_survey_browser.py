"""End to end in Chromium: a citizen (JavaScript off) is invited on the status page of a decided
request, answers the satisfaction survey (error state first), and the officer reads the results
and types in a paper answer; axe on every page, in both languages."""

from __future__ import annotations

import pytest
from tests.browser.browser_support import NoScriptAxe, assert_error_state, session_sign_in, submit
from tests.disclosure_support import request_data

from eppid.reports.survey_rules import ELEMENT_CODES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def granted(make_staff):
    """A request to Bawaslu Kabupaten Tulungagung, granted today: (request, code, officer)."""
    from eppid.disclosure.services import request_decide, request_start, request_submit

    officer = make_staff("browser.survey", ("35.04", "officer"))
    result = request_submit(data=request_data())
    request_start(request=result.request, actor=officer)
    request_decide(request=result.request, actor=officer, outcome="granted", explanation="Attached.")
    return result.request, result.tracking_code, officer


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_citizen_answers_the_survey_without_javascript(browser, live_server, axe_check, granted, prefix):
    request, code, officer = granted
    citizen = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="id-ID")
    citizen.set_default_timeout(15_000)
    page = citizen.new_page()
    check = NoScriptAxe(browser, live_server.url, axe_check)

    page.goto(prefix + "permohonan/status/")
    page.locator("input[name=registration_number]").fill(request.registration_number)
    page.locator("input[name=tracking_code]").fill(code)
    submit(page)
    assert page.locator("[data-testid=survey-invitation]").count() == 1
    check(page)
    page.locator("[data-testid=survey-invitation] button[type=submit]").click()
    page.wait_for_load_state()
    assert code not in page.url and page.locator("fieldset").count() >= 9
    check(page)

    # Nothing chosen: an error summary naming the elements, and nothing stored.
    submit(page)
    assert_error_state(page, check)
    for index, element in enumerate(ELEMENT_CODES):
        page.locator(f"input[name={element}][value='{4 - index % 2}']").check()
    page.locator("textarea[name=comment]").fill("Petugas ramah dan cepat.")
    submit(page)
    page.wait_for_url("**/survei/terima-kasih/")
    check(page)

    # The status page now thanks instead of inviting.
    page.goto(prefix + "permohonan/status/")
    page.locator("input[name=registration_number]").fill(request.registration_number)
    page.locator("input[name=tracking_code]").fill(code)
    submit(page)
    assert page.locator("[data-testid=survey-answered]").count() == 1
    check.close()
    citizen.close()

    # The officer reads the results, then opens the paper entry form.
    office = browser.new_context(base_url=live_server.url, locale="id-ID")
    office.set_default_timeout(15_000)
    staff = office.new_page()
    session_sign_in(staff, live_server, officer)
    staff.goto(f"{prefix}office/units/35.04/survey/")
    assert staff.locator("[data-testid=responses]").count() == 1
    assert staff.locator("[data-testid=survey-comment]").count() == 1
    axe_check(staff)
    staff.goto(f"{prefix}office/units/35.04/survey/paper/")
    axe_check(staff)
    staff.locator("main form[method=post] button[type=submit]").click()
    staff.wait_for_load_state()
    assert staff.locator(".error-summary").count() == 1
    axe_check(staff)
    office.close()
