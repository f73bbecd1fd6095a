"""The mandatory second factor: enrolment with QR code, recovery codes, verification, replay."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time
from tests.auth_support import (
    PASSWORD,
    RECOVERY_CODE,
    device_code,
    ensure_units,
    recovery_codes_left,
    sign_in_password,
    totp_code,
)

from eppid.accounts.models import RecoveryCode
from eppid.accounts.recovery import recovery_code_digest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _units(db):
    ensure_units()


@pytest.fixture
def newcomer(client, django_user_model):
    """A staff user signed in with the password who has no authenticator yet."""
    user = django_user_model.objects.create_user("baru", password=PASSWORD)
    sign_in_password(client, "baru")
    return user


def _pending_device(user):
    return TOTPDevice.objects.get(user=user, confirmed=False)


def test_enrolment_page_shows_inline_svg_qr_and_grouped_secret(client, newcomer):
    response = client.get("/accounts/enrol/")
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r'<svg role="img" aria-label="[^"]+" class="qr-code"', body)
    assert "<script" not in body
    assert "<img" not in body
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', body).group(1)
    groups = secret.split(" ")
    assert all(len(group) == 4 for group in groups[:-1])
    import base64

    device = _pending_device(newcomer)
    assert base64.b32encode(device.bin_key).decode().rstrip("=") == "".join(groups)


def test_enrolment_page_reuses_the_pending_device(client, newcomer):
    client.get("/accounts/enrol/")
    client.get("/accounts/enrol/")
    assert TOTPDevice.objects.filter(user=newcomer).count() == 1


def test_wrong_enrolment_code_confirms_nothing(client, newcomer):
    client.get("/accounts/enrol/")
    response = client.post("/accounts/enrol/", {"code": "000000"})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert not TOTPDevice.objects.filter(user=newcomer, confirmed=True).exists()
    assert client.get("/office/").status_code == 302


def test_enrolment_confirms_device_and_shows_ten_recovery_codes_once(client, newcomer):
    client.get("/accounts/enrol/")
    response = client.post("/accounts/enrol/", {"code": device_code(_pending_device(newcomer))})
    assert response["Location"] == reverse("accounts:recovery-codes")
    assert TOTPDevice.objects.filter(user=newcomer, confirmed=True).count() == 1

    page = client.get("/accounts/recovery-codes/").content.decode()
    codes = re.findall(rf"<li><code>({RECOVERY_CODE})</code></li>", page)
    assert len(codes) == 10 == len(set(codes))
    stored = set(RecoveryCode.objects.filter(device__user=newcomer).values_list("code_hash", flat=True))
    assert stored == {recovery_code_digest(code) for code in codes}

    again = client.get("/accounts/recovery-codes/").content.decode()
    assert not any(code in again for code in codes)
    # The session is now verified: the console opens.
    assert client.get("/office/").status_code == 200


def test_user_with_an_authenticator_cannot_enrol_another(client, make_staff):
    user = make_staff("petugas", ("35.04", "officer"))
    sign_in_password(client, "petugas")
    response = client.get("/accounts/enrol/")
    assert response["Location"] == reverse("accounts:verify")
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_verify_with_totp_opens_the_console(client, make_staff):
    user = make_staff("petugas", ("35.04", "officer"))
    sign_in_password(client, "petugas")
    response = client.post("/accounts/verify/", {"code": totp_code(user)})
    assert response["Location"] == reverse("office:dashboard")
    assert client.get("/office/").status_code == 200


def test_a_totp_code_cannot_be_replayed(client, make_staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = make_staff("petugas", ("35.04", "officer"))
    now = datetime.now(tz=UTC)
    with freeze_time(now, tick=False):
        code = totp_code(user)
        sign_in_password(client, "petugas")
        assert client.post("/accounts/verify/", {"code": code}).status_code == 302
        client.post("/accounts/logout/")
        sign_in_password(client, "petugas")
        response = client.post("/accounts/verify/", {"code": code})
    assert response.status_code == 200
    assert "Kode tersebut tidak valid" in response.content.decode()
    assert client.get("/office/").status_code == 302
    device = TOTPDevice.objects.get(user=user)
    with freeze_time(now + timedelta(seconds=device.step), tick=False):
        assert client.post("/accounts/verify/", {"code": totp_code(user)}).status_code == 302


def test_recovery_code_works_once(client, make_staff, settings):
    from eppid.accounts.services import recovery_codes_regenerate

    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    user = make_staff("petugas", ("35.04", "officer"))
    codes = recovery_codes_regenerate(user=user)
    sign_in_password(client, "petugas")
    # Typed in lower case, with spaces instead of the printed dashes: still the same code.
    response = client.post("/accounts/verify/", {"code": codes[0].lower().replace("-", " ")})
    assert response["Location"] == reverse("office:dashboard")
    assert recovery_codes_left(user) == 9
    client.post("/accounts/logout/")
    sign_in_password(client, "petugas")
    response = client.post("/accounts/verify/", {"code": codes[0]})
    assert response.status_code == 200
    assert client.get("/office/").status_code == 302
    assert client.post("/accounts/verify/", {"code": codes[1]}).status_code == 302


def test_another_users_code_does_not_verify(client, make_staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    make_staff("petugas", ("35.04", "officer"))
    other = make_staff("ppid", ("35.04", "ppid"))
    sign_in_password(client, "petugas")
    assert client.post("/accounts/verify/", {"code": totp_code(other)}).status_code == 200
    assert client.get("/office/").status_code == 302


@pytest.mark.parametrize(
    "path",
    ["/office/", "/en/office/", "/admin/", "/accounts/security/", "/accounts/tokens/", "/accounts/reauth/"],
)
def test_nothing_staff_side_opens_before_the_second_factor(client, make_staff, path):
    make_staff("petugas", ("35.04", "officer"), is_superuser=True)
    sign_in_password(client, "petugas")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")


@pytest.mark.parametrize("path", ["/accounts/verify/", "/accounts/logout/", "/accounts/password-reset/"])
def test_the_way_to_the_second_factor_stays_open(client, make_staff, path):
    make_staff("petugas", ("35.04", "officer"))
    sign_in_password(client, "petugas")
    assert client.get(path).status_code == 200


def test_enrolment_page_open_before_the_second_factor(client, newcomer):
    assert client.get("/accounts/enrol/").status_code == 200
    assert client.get("/office/")["Location"] == reverse("accounts:enrol")


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/accounts/security/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    assert client.get("/accounts/enrol/").status_code == 302


def test_enrolment_page_works_under_the_strict_csp(client, newcomer):
    response = client.get("/accounts/enrol/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "style=" not in response.content.decode()
