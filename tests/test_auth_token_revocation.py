"""API tokens do not outlive the credentials they were made under (issue 10, item 10).

A password reset revokes every token of the account (an inbox and a second factor prove the
person, not that nobody else holds a token); a password change offers it, ticked by default; a
password set by a system administrator, a deactivated account and a user left without any unit
stop their tokens too. Replacing the authenticator or a passkey leaves them (decision 1241).
"""

import re
import time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.auth_support import PASSWORD, device_code, ensure_units, totp_code

from eppid.accounts.models import ApiToken
from eppid.accounts.services import api_token_create, api_token_revoke
from eppid.accounts.session import REAUTH_AT
from eppid.integrity.models import LogEntry
from eppid.organisation.models import Membership

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a long new passphrase for the office"


@pytest.fixture(autouse=True)
def _units(db, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    ensure_units()


@pytest.fixture
def officer(make_staff):
    return make_staff("petugas", ("35.04", "officer"), email="petugas@example.org")


def _reauthed(client):
    session = client.session
    session[REAUTH_AT] = int(time.time())
    session.save()
    return client


@pytest.fixture
def reauthed(verified_client, officer):
    return _reauthed(verified_client(officer))


def _api_status(client, plaintext) -> int:
    return client.get("/api/v1/staff/me", HTTP_AUTHORIZATION=f"Bearer {plaintext}").status_code


def _tokens(user, names=("Rekap harian", "Sinkron")):
    return [api_token_create(user=user, name=name)[1] for name in names]


def _events(user, action) -> int:
    return LogEntry.objects.filter(object_type="security", action=action, object_id=str(user.pk)).count()


def _live(user) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()


# --- Password reset: always revoked, and said so -------------------------------------------------


def _reset_link(client, email="petugas@example.org"):
    client.post("/en/accounts/password-reset/", {"email": email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link)  # Django swaps the token for a session marker and redirects
    return response["Location"] if response.status_code == 302 else link


def test_a_password_reset_revokes_every_token_and_says_so(client, officer):
    plaintexts = _tokens(officer)
    assert all(_api_status(client, plaintext) == 200 for plaintext in plaintexts)
    url = _reset_link(client)
    # The email and the page say what a reset does to tokens, before it is done.
    assert "revokes every API token of the account" in mail.outbox[0].body
    assert "revokes every API token of the account" in client.get(url).content.decode()
    form = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "code": totp_code(officer)}
    response = client.post(url, form)
    assert response.status_code == 302
    assert "API tokens of the account have been revoked" in client.get(response["Location"]).content.decode()
    assert _live(officer) == 0
    assert all(_api_status(client, plaintext) == 401 for plaintext in plaintexts)
    assert _events(officer, "password_reset") == 1


def test_a_refused_reset_revokes_nothing(client, officer):
    plaintext = _tokens(officer, ("x",))[0]
    url = _reset_link(client)
    client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "code": "000000"})
    assert _live(officer) == 1 and _api_status(client, plaintext) == 200


def test_the_indonesian_reset_email_and_pages_say_it_too(client, officer):
    _tokens(officer, ("x",))
    client.post("/accounts/password-reset/", {"email": "petugas@example.org"})
    assert "mencabut semua token API akun" in mail.outbox[0].body
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    assert "mencabut semua token API akun" in client.get(client.get(link)["Location"]).content.decode()


# --- Password change: offered, ticked by default, logged -----------------------------------------


def test_the_change_page_offers_to_revoke_the_live_tokens_ticked(reauthed, officer):
    _tokens(officer)
    page = reauthed.get("/en/accounts/password/").content.decode()
    checkbox = re.search(r"<input[^>]*name=\"revoke_tokens\"[^>]*>", page)
    assert checkbox and "checked" in checkbox.group(0)
    assert "Rekap harian" in page and "Sinkron" in page  # what stops working


def test_the_change_page_has_no_box_without_live_tokens(reauthed, officer):
    token, _plaintext = api_token_create(user=officer, name="old")
    api_token_revoke(token=token, actor=officer)
    assert 'name="revoke_tokens"' not in reauthed.get("/en/accounts/password/").content.decode()


def test_a_change_with_the_box_ticked_revokes_and_logs(reauthed, officer, client):
    plaintexts = _tokens(officer)
    form = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "revoke_tokens": "on"}
    response = reauthed.post("/en/accounts/password/", form, follow=True)
    assert "2 API tokens have been revoked" in response.content.decode()
    assert _live(officer) == 0
    assert all(_api_status(reauthed, plaintext) == 401 for plaintext in plaintexts)
    assert _events(officer, "password_change") == 1
    revocations = LogEntry.objects.filter(object_type="accounts.ApiToken", action="update")
    assert revocations.count() == 2 and {entry.actor for entry in revocations} == {f"user:{officer.pk}"}


def test_a_change_with_the_box_unticked_keeps_the_tokens_and_logs(reauthed, officer):
    plaintexts = _tokens(officer)
    form = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert reauthed.post("/accounts/password/", form).status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert _live(officer) == 2 and all(_api_status(reauthed, plaintext) == 200 for plaintext in plaintexts)
    assert _events(officer, "password_change") == 1


def test_a_refused_change_revokes_nothing(reauthed, officer):
    _tokens(officer)
    form = {"new_password1": "short", "new_password2": "short", "revoke_tokens": "on"}
    assert reauthed.post("/accounts/password/", form).status_code == 200
    assert _live(officer) == 2 and _events(officer, "password_change") == 0


# --- A system administrator sets the password ----------------------------------------------------


@pytest.fixture
def admin_client(make_staff, client):
    admin = make_staff("sysadmin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    session = client.session
    from django_otp import DEVICE_ID_SESSION_KEY

    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=admin).persistent_id
    session.save()
    return client


@pytest.mark.parametrize("usable", ["true", "false"])
def test_a_password_set_by_an_admin_revokes_the_tokens(admin_client, officer, client, usable):
    plaintexts = _tokens(officer)
    url = f"/en/admin/accounts/user/{officer.pk}/password/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "revokes every API token of this user" in page.content.decode()
    form = {"usable_password": usable, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    if usable == "false":
        form["unset-password"] = "1"  # the admin's "Disable password-based authentication" button
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    officer.refresh_from_db()
    assert officer.has_usable_password() is (usable == "true")
    assert _live(officer) == 0
    assert all(_api_status(admin_client, plaintext) == 401 for plaintext in plaintexts)
    assert _events(officer, "password_set_by_admin") == 1


# --- Deactivated accounts and users without a unit -----------------------------------------------


def test_deactivating_an_account_revokes_its_tokens_for_good(officer, client):
    plaintext = _tokens(officer, ("x",))[0]
    officer.is_active = False
    officer.save()
    assert _api_status(client, plaintext) == 401
    officer.is_active = True
    officer.save()
    assert _live(officer) == 0
    assert _api_status(client, plaintext) == 401  # reactivation does not bring old tokens back


def test_a_user_without_any_unit_is_refused_and_one_left_with_a_unit_acts_only_there(officer, client):
    Membership.objects.create(user=officer, unit_id=officer.memberships.get().unit.parent_id, role="auditor")
    plaintext = _tokens(officer, ("x",))[0]
    officer.memberships.filter(unit__code="35.04").delete()
    me = client.get("/api/v1/staff/me", HTTP_AUTHORIZATION=f"Bearer {plaintext}").json()
    assert [unit["code"] for unit in me["units"]] == ["35"]
    officer.memberships.all().delete()
    assert _api_status(client, plaintext) == 401


def test_the_command_warns_when_it_mints_a_token_for_a_user_without_a_unit(make_staff, client):
    make_staff("baru")
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "baru", stdout=out, stderr=err)
    assert "serves no unit" in err.getvalue()
    assert _api_status(client, out.getvalue().strip().splitlines()[-1]) == 401


def test_a_system_admin_without_a_unit_keeps_using_tokens(make_staff, client):
    admin = make_staff("sysadmin", is_superuser=True)
    assert _api_status(client, _tokens(admin, ("x",))[0]) == 200


# --- Second factors: replacing them leaves the tokens --------------------------------------------


def test_replacing_the_authenticator_keeps_the_tokens(reauthed, officer):
    plaintext = _tokens(officer, ("x",))[0]
    assert reauthed.post("/accounts/security/authenticator/reset/").status_code == 302
    assert reauthed.get("/accounts/enrol/").status_code == 200
    pending = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert reauthed.post("/accounts/enrol/", {"code": device_code(pending)}).status_code == 302
    assert _api_status(reauthed, plaintext) == 200


def test_the_old_password_no_longer_reauthenticates_after_a_change(reauthed, officer):
    form = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "revoke_tokens": "on"}
    reauthed.post("/accounts/password/", form)
    officer.refresh_from_db()
    assert not officer.check_password(PASSWORD)
