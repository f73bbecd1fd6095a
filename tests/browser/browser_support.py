"""Helpers shared by the browser tests: submitting a form and waiting for the answer, and an
officer's sign-in, either through the real password + TOTP forms or as a ready-made session."""

from __future__ import annotations

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
