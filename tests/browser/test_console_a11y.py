"""Every officer-console and account page, read by axe in both languages, including error states."""

import pytest
from tests.browser.browser_support import error_summary_focused, session_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONSOLE_PAGES = [
    "office/",
    "office/units/",
    "office/units/?q=jawa",
    "office/units/35.04/",
    "office/units/35.04/profile/",
    "office/units/35.04/members/",
    "office/units/35/statistics/",
    "office/units/35.04/outbox/",
    "office/units/35.04/documents/",
    "office/units/35.04/signing/",
    "office/units/35.04/objections/new/",
    "office/units/35.04/objections/new/periodic/",
    "office/calendar/",
    "office/calendar/rules/",
    "office/calendar/closures/new/",
    "office/calendar/elections/",
    "office/calendar/elections/new/",
    "accounts/security/",
    "accounts/reauth/",
]


@pytest.fixture
def unit_admin(make_staff):
    return make_staff(
        "a11y.admin", ("35.04", "unit_admin"), ("35", "officer"), is_superuser=True, is_staff=True
    )


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_console_pages_have_no_accessibility_violations(page, live_server, axe_check, unit_admin, prefix):
    session_sign_in(page, live_server, unit_admin)
    for path in CONSOLE_PAGES:
        response = page.goto(prefix + path)
        assert response.status == 200, f"{prefix}{path}: {response.status}"
        assert "/accounts/login/" not in page.url
        axe_check(page)


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_console_forms_in_error_have_no_accessibility_violations(
    page, live_server, axe_check, unit_admin, prefix
):
    session_sign_in(page, live_server, unit_admin)

    page.goto(prefix + "office/units/35.04/profile/")
    page.locator("input[name=email]").fill("not an email")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert page.title().startswith(("Galat: ", "Error: "))
    # The summary takes focus so a screen reader starts there, without any script.
    assert error_summary_focused(page)
    axe_check(page)

    page.goto(prefix + "office/units/35.04/members/")
    page.locator("input[name=username]").fill("nobody-by-this-name")
    page.locator("main form:has(input[name=username]) button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    axe_check(page)

    page.goto(prefix + "office/calendar/closures/new/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    axe_check(page)

    page.goto(prefix + "office/calendar/elections/new/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    axe_check(page)


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_public_unit_search_has_no_accessibility_violations(page, axe_check, prefix):
    for query in ("units/", "units/?q=jawa&level=province", "units/?q=zzzz-nothing", "units/35/"):
        page.goto(prefix + query)
        axe_check(page)
