"""The security page, password change, new recovery codes, authenticator reset, password reset."""

import re
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.auth_support import (
    PASSWORD,
    RECOVERY_CODE,
    device_code,
    ensure_units,
    recovery_codes_left,
    totp_code,
)

from eppid.accounts.models import RecoveryCode
from eppid.accounts.recovery import recovery_code_digest
from eppid.accounts.services import api_token_create, recovery_codes_regenerate
from eppid.accounts.session import REAUTH_AT

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a long new passphrase for the office"


@pytest.fixture(autouse=True)
def _units(db, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    ensure_units()


@pytest.fixture
def officer(make_staff):
    return make_staff("petugas", ("35.04", "officer"), email="petugas@example.org")


@pytest.fixture
def reauthed(verified_client, officer):
    client = verified_client(officer)
    session = client.session
    session[REAUTH_AT] = int(time.time())
    session.save()
    return client


def test_security_page_lists_factors_codes_and_tokens(verified_client, officer):
    recovery_codes_regenerate(user=officer)
    api_token_create(user=officer, name="Rekap harian")
    body = verified_client(officer).get("/en/accounts/security/").content.decode()
    assert "You have 10 unused recovery codes." in body
    assert "Rekap harian" in body
    for name in (
        "accounts:password-change",
        "accounts:authenticator-reset",
        "accounts:tokens",
        "accounts:logout",
    ):
        with translation.override("en"):
            assert f'href="{reverse(name)}"' in body or f'action="{reverse(name)}"' in body


def test_password_change_enforces_length_and_keeps_this_session_only(reauthed, officer):
    other = Client()
    other.force_login(officer)
    session = other.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=officer).persistent_id
    session.save()
    assert other.get("/office/").status_code == 200
    short = reauthed.post(
        "/accounts/password/", {"new_password1": "short pw 1", "new_password2": "short pw 1"}
    )
    assert short.status_code == 200
    assert 'class="error-summary"' in short.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)

    response = reauthed.post(
        "/accounts/password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("accounts:security")
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert reauthed.get("/office/").status_code == 200
    assert other.get("/office/")["Location"].startswith(reverse("accounts:login"))


def test_a_64_character_passphrase_is_accepted(reauthed, officer):
    passphrase = "kata sandi panjang " * 3 + "sekali ya"
    assert len(passphrase) >= 64
    response = reauthed.post(
        "/accounts/password/", {"new_password1": passphrase, "new_password2": passphrase}
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(passphrase)


def test_new_recovery_codes_replace_the_old_ones(reauthed, officer):
    old = recovery_codes_regenerate(user=officer)
    response = reauthed.post("/accounts/recovery-codes/new/")
    assert response["Location"] == reverse("accounts:recovery-codes")
    page = reauthed.get("/accounts/recovery-codes/").content.decode()
    new = re.findall(rf"<code>({RECOVERY_CODE})</code>", page)
    assert len(new) == 10
    stored = set(RecoveryCode.objects.filter(device__user=officer).values_list("code_hash", flat=True))
    assert stored == {recovery_code_digest(code) for code in new}
    assert not stored & {recovery_code_digest(code) for code in old}


def test_recovery_codes_cannot_be_regenerated_with_get(reauthed, officer):
    recovery_codes_regenerate(user=officer)
    before = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert reauthed.get("/accounts/recovery-codes/new/").status_code == 405
    assert set(RecoveryCode.objects.values_list("code_hash", flat=True)) == before


def test_authenticator_reset_leads_to_a_new_enrolment(reauthed, officer):
    old_device = TOTPDevice.objects.get(user=officer)
    assert reauthed.get("/accounts/security/authenticator/reset/").status_code == 200
    response = reauthed.post("/accounts/security/authenticator/reset/")
    assert response["Location"] == reverse("accounts:enrol")
    # The old authenticator works until the new one is confirmed, in this same session.
    assert TOTPDevice.objects.filter(pk=old_device.pk).exists()
    assert reauthed.get("/office/").status_code == 200
    assert reauthed.get("/accounts/enrol/").status_code == 200
    pending = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert reauthed.post("/accounts/enrol/", {"code": device_code(pending)}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()
    assert list(TOTPDevice.objects.filter(user=officer).values_list("pk", flat=True)) == [pending.pk]
    assert reauthed.get("/office/").status_code == 200


def _reset_link(client, email="petugas@example.org"):
    client.post("/accounts/password-reset/", {"email": email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link)  # Django swaps the token for a session marker and redirects
    return response["Location"] if response.status_code == 302 else link


def test_password_reset_needs_the_second_factor_and_does_not_sign_in(client, officer):
    url = _reset_link(client)
    form = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()

    without_code = client.post(url, form)
    assert without_code.status_code == 200
    wrong_code = client.post(url, {**form, "code": "000000"})
    assert wrong_code.status_code == 200
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)

    response = client.post(url, {**form, "code": totp_code(officer)})
    assert response["Location"] == reverse("accounts:password-reset-complete")
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert "_auth_user_id" not in client.session
    assert client.get("/office/")["Location"].startswith(reverse("accounts:login"))


def test_password_reset_with_a_recovery_code(client, officer):
    codes = recovery_codes_regenerate(user=officer)
    url = _reset_link(client)
    form = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "code": codes[3]}
    assert client.post(url, form).status_code == 302
    assert recovery_codes_left(officer) == 9


def test_password_reset_weak_password_does_not_spend_the_code(client, officer):
    codes = recovery_codes_regenerate(user=officer)
    url = _reset_link(client)
    response = client.post(url, {"new_password1": "pendek", "new_password2": "pendek", "code": codes[0]})
    assert response.status_code == 200
    assert recovery_codes_left(officer) == 10


def test_password_reset_refused_for_an_account_without_authenticator(client, officer):
    TOTPDevice.objects.filter(user=officer).delete()
    assert recovery_codes_left(officer) == 0
    url = _reset_link(client)
    form = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "code": "123456"}
    response = client.post(url, form)
    assert response.status_code == 200
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_password_reset_for_unknown_email_reveals_nothing(client, officer):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mail.outbox == []


def test_new_recovery_codes_keep_a_session_verified_with_a_recovery_code(client, officer):
    codes = recovery_codes_regenerate(user=officer)
    client.post("/accounts/login/", {"username": "petugas", "password": PASSWORD})
    assert client.post("/accounts/verify/", {"code": codes[0]})["Location"] == reverse("office:dashboard")
    assert client.post("/accounts/recovery-codes/new/")["Location"] == reverse("accounts:recovery-codes")
    page = client.get("/accounts/recovery-codes/")
    assert page.status_code == 200
    assert len(re.findall(rf"<code>({RECOVERY_CODE})</code>", page.content.decode())) == 10
    assert client.get("/office/").status_code == 200
