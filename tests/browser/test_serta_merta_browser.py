"""Serta merta in the browser, without JavaScript needs: the banner on the home page and the unit's
page, the subscription form (its error state and its answer), in both languages, read by axe."""

import pytest
from tests.browser.browser_support import ensure_tulungagung
from tests.catalog_support import published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Peringatan banjir bandang di Kedungwaru"


@pytest.fixture
def urgent_entry(make_staff):
    ensure_tulungagung()
    officer = make_staff("petugas-sm", ("35.04", "officer"))
    ppid = make_staff("ppid-sm", ("35.04", "ppid"))
    return published(officer, ppid, category="immediate", type="public_threat", title=TITLE)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_banner_and_subscription_are_accessible(page, axe_check, urgent_entry, prefix):
    for path in (f"{prefix}/", f"{prefix}/units/35.04/"):
        assert page.goto(path).status == 200
        banner = page.locator(".notification-banner")
        assert banner.is_visible() and TITLE in banner.inner_text()
        axe_check(page)
    form = page.locator("form.subscribe-form")
    form.locator("button[type=submit]").click()  # empty: the error state
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    axe_check(page)
    page.locator("input[name=email]").fill("warga@example.org")
    page.locator("form.subscribe-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".panel--confirmation").is_visible()
    axe_check(page)
