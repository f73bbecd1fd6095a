"""Passkeys end to end in Chromium, with the DevTools virtual authenticator standing in for a device.

The ceremonies run for real: the browser's WebAuthn API signs the server's challenges and the
server checks origin, RP ID and signature. Chromium treats http://localhost as a secure context,
and live_server listens on localhost, so the RP ID "localhost" matches without TLS.
"""

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from tests.auth_support import PASSWORD, ensure_units, totp_code

from eppid.accounts.services import recovery_codes_regenerate

pytestmark = [pytest.mark.browser]


@pytest.fixture
def webauthn_site(settings, live_server):
    """The RP and its one allowed origin are the live server's, whatever port it got."""
    assert live_server.url.startswith("http://localhost:")
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    return live_server


@pytest.fixture
def authenticator(page):
    """A platform authenticator with user verification, as a laptop's fingerprint reader would be."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


@pytest.fixture
def staff(make_staff):
    ensure_units()
    user = make_staff("pemilik.passkey", ("35.04", "officer"), password=PASSWORD)
    user.recovery_codes = recovery_codes_regenerate(user=user)
    return user


def sign_in_with_password(page, username):
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/accounts/verify/")


def submit_code(page, code):
    form = page.locator("main form:has(input[autocomplete=one-time-code])")
    form.locator("input[autocomplete=one-time-code]").fill(code)
    form.locator("button[type=submit]").click()


def open_passkeys_page(page, recovery_code):
    """The passkeys page, confirming password and a (recovery) code again if the session is not fresh."""
    page.goto("/accounts/passkeys/")
    asked = "/accounts/reauth/" in page.url
    if asked:
        page.locator("input[name=password]").fill(PASSWORD)
        # The TOTP code from the sign-in is spent for its time step; a recovery code is not.
        page.locator("input[name=code]").fill(recovery_code)
        page.locator("main button[type=submit]").click()
    page.wait_for_url("**/accounts/passkeys/")
    return asked


def sign_out(page):
    page.locator("nav.site-nav button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("nav.site-nav a[href*='/accounts/login/']").count() == 1


@pytest.mark.django_db(transaction=True)
def test_register_a_passkey_then_sign_in_with_it_then_remove_it(
    page, webauthn_site, authenticator, staff, axe_check
):
    cdp, authenticator_id = authenticator
    # The package's scripts must run under our strict CSP: no blocked resource, no uncaught error.
    problems = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and problems.append(msg.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    sign_in_with_password(page, staff.username)
    submit_code(page, totp_code(staff))
    page.wait_for_url("**/office/")

    # Signing in with a code counts as a fresh confirmation for the next minutes.
    assert not open_passkeys_page(page, staff.recovery_codes[0])
    assert page.locator(".empty-state").count() == 1
    axe_check(page)

    page.locator("#passkey-register-button").click()
    status = page.locator("#passkey-register-status-message[data-status-enum]")
    status.and_(page.locator(":not([data-status-enum=busy])")).wait_for()
    assert status.get_attribute("data-status-enum") == "success", status.text_content()
    # In Indonesian: our catalogue for the package's script loaded despite the strict CSP.
    assert status.text_content() == "Passkey berhasil ditambahkan."
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]) == 1
    credential = WebAuthnCredential.objects.get(user=staff)
    assert credential.confirmed

    # The list shows the new passkey without a reload (our script swaps it in); the status stays.
    page.locator("#passkey-list table.table tbody tr").wait_for()
    assert page.locator("#passkey-list .empty-state").count() == 0
    assert credential.name in page.locator("table.table tbody").inner_text()
    assert status.text_content() == "Passkey berhasil ditambahkan."
    axe_check(page)
    page.reload()
    assert page.locator("table.table tbody tr").count() == 1

    sign_out(page)
    sign_in_with_password(page, staff.username)
    page.locator("#passkey-verification-button").click()
    page.wait_for_url("**/office/")
    credential.refresh_from_db()
    assert credential.last_used_at is not None

    # Signing in with a passkey does not; confirming again must not end the passkey's session.
    assert open_passkeys_page(page, staff.recovery_codes[1])
    page.locator("table.table tbody button[type=submit]").click()
    page.wait_for_url("**/accounts/passkeys/")
    assert page.locator(".empty-state").count() == 1
    assert not WebAuthnCredential.objects.filter(user=staff).exists()

    sign_out(page)
    sign_in_with_password(page, staff.username)
    assert page.locator("#passkey-verification-button").count() == 0
    assert page.locator("script[src*='otp_webauthn_auth.js']").count() == 0
    assert problems == []
