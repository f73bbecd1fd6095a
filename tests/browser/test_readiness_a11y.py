"""The readiness pages (issue 13 item 5), console and public, read by axe in both languages."""

import pytest
from django.utils import timezone
from tests.browser.browser_support import session_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_the_readiness_pages_have_no_accessibility_violations(
    page, live_server, axe_check, make_staff, prefix
):
    response = page.goto(f"{live_server.url}{prefix}units/35.04/kesiapan/?year={YEAR}")
    assert response.status == 200 and page.locator("main table tbody tr").count() >= 12
    axe_check(page)
    session_sign_in(page, live_server, make_staff("a11y.prov", ("35", "ppid")))
    response = page.goto(prefix + f"office/units/35/readiness/?year={YEAR}&scope=tree")
    assert response.status == 200 and "/accounts/login/" not in page.url
    axe_check(page)
    page.locator("main a[href*='/office/units/35.04/readiness/']").first.click()
    page.wait_for_load_state()
    assert "/office/units/35.04/readiness/" in page.url
    axe_check(page)
    response = page.goto(prefix + "office/units/35/readiness/?year=1999&scope=world")
    assert response.status == 422 and page.locator(".error-summary li").count() == 2
    axe_check(page)
    response = page.goto(f"{live_server.url}{prefix}units/35.04/kesiapan/?year=1999")
    assert response.status == 422 and page.locator(".error-summary").is_visible()
    axe_check(page)
