"""Helpers shared by the browser tests: submitting a form and waiting for the answer, an officer's
sign-in (through the real password + TOTP forms or as a ready-made session), axe on a tab without
JavaScript, a PDF a link opens, and the units of Tulungagung."""

from __future__ import annotations

from urllib.parse import urljoin

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# A loaded 2-core machine can be slow to serve a page: actions wait 15 s, navigations 60 s.
ACTION_TIMEOUT = 15_000
NAVIGATION_TIMEOUT = 60_000

PASSWORD = "a long and private passphrase"  # give it to make_staff(..., password=PASSWORD)

MAIN_SUBMIT = "main form[method=post] button[type=submit]"


def continue_(page, button=MAIN_SUBMIT):
    """Press the (first) submit button of the page's main form and wait until the answer loaded.

    Works without JavaScript: a form post is a navigation, and waiting for it (rather than for a
    fixed time) keeps the tests steady on a slow machine.
    """
    with page.expect_navigation(wait_until="load"):
        page.locator(button).first.click()


def error_summary_focused(page) -> bool:
    """True once the error summary holds the focus (its ``autofocus``, no script of ours).

    The browser moves focus to an autofocus element at its next rendering step, which can come
    after the load event on a busy machine, so this waits for it (up to ACTION_TIMEOUT) instead
    of reading the focus at once; it still fails when the summary never takes the focus.
    """
    script = "document.activeElement && document.activeElement.classList.contains('error-summary')"
    try:
        page.wait_for_function(script, timeout=ACTION_TIMEOUT)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError: report "not focused"
        return False
    return True


def current_totp(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return str(token).zfill(device.digits)


def sign_in(page, user, password=PASSWORD, prefix="/", check=None):
    """Sign in through the real forms: username and password, then the authenticator's code.

    ``check(page)`` (axe_check, say) runs on each of the two forms before it is sent.
    """
    page.goto(f"{prefix}accounts/login/", wait_until="load")
    if check:
        check(page)
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/accounts/verify/**", wait_until="load")
    if check:
        check(page)
    code_form = page.locator("main form:has(input[autocomplete=one-time-code])")
    code_form.locator("input[autocomplete=one-time-code]").fill(current_totp(user))
    code_form.locator("button[type=submit]").click()
    page.wait_for_url("**/office/", wait_until="load")


def session_sign_in(page, live_server, user):
    """Give the browser a session that passed both factors (for tests of other pages; the sign-in
    forms themselves are exercised with ``sign_in``)."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )


def open_pdf(page, link) -> bytes:
    """The PDF a link opens in the browser's viewer (signed documents are served inline), fetched
    with the browser's own cookies; the response must say it is a PDF."""
    url = urljoin(page.url, link.get_attribute("href"))
    response = page.context.request.get(url, timeout=NAVIGATION_TIMEOUT)
    assert response.status == 200, response.status
    assert response.headers["content-type"] == "application/pdf"
    return response.body()


class NoScriptAxe:
    """axe needs JavaScript, the citizen's tab has none: copy the tab's document as it is into a
    scripted tab on the same origin (so the same styles load) and let axe read that copy."""

    def __init__(self, browser, base_url, axe_check):
        self.context = browser.new_context(base_url=base_url)
        self.tab = self.context.new_page()
        self.axe_check = axe_check
        self.html = ""
        self.tab.route(
            "**/__axe_copy__", lambda route: route.fulfill(body=self.html, content_type="text/html")
        )

    def __call__(self, page):
        self.html = page.content()
        self.tab.goto("/__axe_copy__")
        self.axe_check(self.tab)

    def close(self):
        self.context.close()


def submit(page):
    """Press the main form's (first) submit button and wait until the next page loaded."""
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state()


def assert_error_state(page, check):
    """The page shows a form's error state (one error summary, "Galat:"/"Error:" titles); ``check`` it."""
    assert page.locator(".error-summary").count() == 1
    assert page.title().startswith(("Galat: ", "Error: "))
    check(page)


def identity_steps(page, check, nik: str) -> None:
    """The steps every citizen wizard asks after the office (an individual, with the identity's
    error state: a NIK of four digits, its summary focused), then the contact details; ``check``
    each page."""
    page.locator("input[name=requester_type][value=individual]").check()
    check(page)
    continue_(page)
    page.locator("#id_name").fill("Budi Santoso")
    page.locator("#id_nik").fill("1234")
    check(page)
    continue_(page)
    assert_error_state(page, check)
    assert page.locator(".error-summary a[href='#id_nik']").count() == 1
    assert page.locator("#id_nik[aria-invalid=true]").count() == 1
    assert error_summary_focused(page)
    page.locator("#id_nik").fill(nik)
    continue_(page)
    page.locator("#id_email").fill("budi@example.org")
    page.locator("#id_address").fill("Jl. Mawar 3, Tulungagung")
    page.locator("#id_occupation").fill("Wartawan")
    check(page)
    continue_(page)


def documents_step(page, check, path) -> None:
    """The documents step of a citizen wizard: ``check`` it, upload the file at ``path``."""
    check(page)
    page.locator("#id_identity_document").set_input_files(str(path))
    continue_(page)


def ensure_tulungagung():
    """Units 00 > 35 > 35.04, whether or not the unit list is loaded in this database."""
    from eppid.organisation.models import Unit

    national, _ = Unit.objects.get_or_create(
        code="00",
        defaults={"name": "Bawaslu Republik Indonesia", "level": "national", "region_name": "Indonesia"},
    )
    province, _ = Unit.objects.get_or_create(
        code="35",
        defaults={
            "name": "Bawaslu Provinsi Jawa Timur",
            "level": "province",
            "region_name": "Jawa Timur",
            "parent": national,
        },
    )
    Unit.objects.get_or_create(
        code="35.04",
        defaults={
            "name": "Bawaslu Kabupaten Tulungagung",
            "level": "regency",
            "region_name": "Kabupaten Tulungagung",
            "parent": province,
        },
    )
