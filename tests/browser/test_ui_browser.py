"""End to end in Chromium: accessibility of the citizen pages, keyboard use, staff sign-in."""

import pytest
from tests.browser.browser_support import PASSWORD, ensure_tulungagung, sign_in

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "path", ["/", "/en/", "/accounts/login/", "/en/accounts/login/", "/en/no-such-page/"]
)
def test_citizen_pages_have_no_accessibility_violations(page, axe_check, path):
    page.goto(path)
    assert page.locator("h1").count() == 1
    axe_check(page)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/units/35.04/", "/en/units/35.04/"])
def test_unit_page_has_no_accessibility_violations(page, axe_check, path):
    ensure_tulungagung()
    response = page.goto(path)
    assert response.status == 200
    axe_check(page)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/accounts/login/", "/en/accounts/login/"])
def test_login_form_in_error_has_no_accessibility_violations(page, axe_check, path):
    page.goto(path)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("[aria-invalid=true]").count() >= 1
    axe_check(page)


@pytest.mark.django_db(transaction=True)
def test_first_tab_reaches_the_skip_link_which_moves_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#main"]
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.django_db(transaction=True)
def test_the_layout_fits_a_small_phone(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


@pytest.mark.django_db(transaction=True)
def test_staff_signs_in_with_totp_reaches_the_console_and_switches_language(page, make_staff):
    sign_in(page, make_staff("browser.staff", password=PASSWORD))
    assert page.evaluate("document.documentElement.lang") == "id"
    assert page.locator("nav.site-nav a[href='/office/']").count() == 1

    page.locator(".language-switch a[hreflang=en]").click()
    page.wait_for_url("**/en/office/")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").count() == 1

    page.locator("nav.site-nav button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("nav.site-nav a[href*='/accounts/login/']").count() == 1


@pytest.mark.django_db(transaction=True)
def test_chromium_applies_the_permissions_policy_without_complaint(page):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto("/accounts/login/")
    allows = page.evaluate(
        """() => Object.fromEntries(
            ["camera", "microphone", "geolocation", "payment", "usb",
             "publickey-credentials-get", "publickey-credentials-create"]
            .map((feature) => [feature, document.featurePolicy.allowsFeature(feature)]))"""
    )
    assert allows == {
        "camera": False,
        "microphone": False,
        "geolocation": False,
        "payment": False,
        "usb": False,
        "publickey-credentials-get": True,
        "publickey-credentials-create": True,
    }
    # A feature Chromium does not know would be logged as an error in the header.
    assert not [text for text in messages if "Permissions-Policy" in text or "Feature Policy" in text]
