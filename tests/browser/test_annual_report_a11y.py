"""The annual report's console page, read by axe in both languages, with its error state."""

import pytest
from tests.browser.browser_support import session_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_the_annual_report_page_has_no_accessibility_violations(
    page, live_server, axe_check, make_staff, prefix
):
    session_sign_in(page, live_server, make_staff("a11y.ppid", ("35.04", "ppid")))
    response = page.goto(prefix + "office/units/35.04/annual-report/?year=2026&scope=unit")
    assert response.status == 200 and "/accounts/login/" not in page.url
    assert page.locator("main h2").count() >= 7
    axe_check(page)
    page.goto(prefix + "office/units/35.04/statistics/")
    page.locator("a[href$='/annual-report/']").click()
    page.wait_for_load_state()
    assert page.url.endswith("/office/units/35.04/annual-report/")
    page.locator("#id_year").fill("1990")
    page.locator("main form[method=get] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    axe_check(page)
