"""Recovery codes kept only as hashes, and no new authenticator on the strength of a password alone."""

import hashlib
import math
import re
import time

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from tests.auth_support import (
    PASSWORD,
    RECOVERY_CODE,
    device_code,
    ensure_units,
    recovery_codes_left,
    sign_in_password,
    totp_code,
)

from eppid.accounts.models import RecoveryCode, RecoveryCodeDevice
from eppid.accounts.recovery import ALPHABET
from eppid.accounts.services import recovery_codes_regenerate
from eppid.accounts.session import REAUTH_AT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _units(db, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    ensure_units()


@pytest.fixture
def officer(make_staff):
    return make_staff("petugas", ("35.04", "officer"))


def _fresh(client):
    session = client.session
    session[REAUTH_AT] = int(time.time())
    session.save()
    return client


def _stored_text() -> str:
    """Everything the database holds about recovery codes, as one string to search."""
    rows = list(RecoveryCode.objects.values_list("code_hash", flat=True))
    rows += list(StaticToken.objects.values_list("token", flat=True))
    return " ".join(rows).upper()


# --- Strength and storage --------------------------------------------------------------------------


def test_recovery_codes_carry_at_least_112_bits_from_an_unambiguous_alphabet(officer):
    codes = recovery_codes_regenerate(user=officer)
    assert len(codes) == 10 == len(set(codes))
    for code in codes:
        assert re.fullmatch(RECOVERY_CODE, code), code
        characters = code.replace("-", "")
        assert not set(characters) & set("0O1IL")
        assert len(characters) * math.log2(len(ALPHABET)) >= 112


def test_only_a_hash_of_each_recovery_code_is_stored(officer):
    codes = recovery_codes_regenerate(user=officer)
    assert StaticToken.objects.count() == 0
    stored = _stored_text()
    for code in codes:
        assert code.replace("-", "") not in stored
        assert code.replace("-", "")[:10] not in stored
    digests = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert digests == {hashlib.sha256(code.replace("-", "").encode()).hexdigest() for code in codes}


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code,
        lambda code: code.lower(),
        lambda code: code.replace("-", ""),
        lambda code: code.lower().replace("-", " "),
        lambda code: f" {code} ",
    ],
    ids=["printed", "lower", "no-dashes", "lower-spaces", "padded"],
)
def test_a_recovery_code_is_accepted_however_it_is_typed_and_only_once(client, officer, typed):
    codes = recovery_codes_regenerate(user=officer)
    sign_in_password(client, "petugas")
    assert client.post("/accounts/verify/", {"code": typed(codes[2])})["Location"] == reverse(
        "office:dashboard"
    )
    assert recovery_codes_left(officer) == 9
    client.post("/accounts/logout/")
    sign_in_password(client, "petugas")
    assert client.post("/accounts/verify/", {"code": codes[2]}).status_code == 200
    assert client.get("/office/").status_code == 302


def test_a_recovery_code_with_one_character_changed_is_refused(client, officer):
    code = recovery_codes_regenerate(user=officer)[0]
    wrong = ("3" if code[0] != "3" else "4") + code[1:]
    sign_in_password(client, "petugas")
    assert client.post("/accounts/verify/", {"code": wrong}).status_code == 200
    assert recovery_codes_left(officer) == 10


def test_reauthentication_accepts_a_recovery_code(verified_client, officer):
    codes = recovery_codes_regenerate(user=officer)
    client = verified_client(officer)
    response = client.post("/accounts/reauth/", {"password": PASSWORD, "code": codes[5].lower(), "next": ""})
    assert response["Location"] == reverse("accounts:security")
    assert recovery_codes_left(officer) == 9
    assert client.get("/accounts/tokens/").status_code == 200


def test_security_page_counts_only_unused_codes(verified_client, officer):
    codes = recovery_codes_regenerate(user=officer)
    client = verified_client(officer)
    client.post("/accounts/reauth/", {"password": PASSWORD, "code": codes[0], "next": ""})
    body = client.get("/en/accounts/security/").content.decode()
    assert "You have 9 unused recovery codes." in body


def test_existing_plaintext_codes_are_hashed_by_the_data_migration(client, officer):
    migration = __import__(
        "eppid.accounts.migrations.0004_hash_existing_recovery_codes", fromlist=["hash_static_codes"]
    )
    static = StaticDevice.objects.create(user=officer, name="backup", confirmed=True)
    StaticToken.objects.bulk_create(
        StaticToken(device=static, token=token) for token in ("a1b2c3d4e5", "ffee001122")
    )

    migration.hash_static_codes(apps, None)

    assert not StaticDevice.objects.exists()
    assert not StaticToken.objects.exists()
    assert "A1B2C3D4E5" not in _stored_text()
    assert RecoveryCodeDevice.objects.get(user=officer).codes.count() == 2
    # The old printed form ("a1b2c-c3d4e5" style, any case) still works, once.
    sign_in_password(client, "petugas")
    assert client.post("/accounts/verify/", {"code": "A1B2C-3D4E5"})["Location"] == reverse(
        "office:dashboard"
    )
    assert recovery_codes_left(officer) == 1


# --- No new authenticator with the password alone ---------------------------------------------------


def _assert_no_enrolment(client, user):
    """The password-only session gets to neither the QR code nor a pending authenticator."""
    response = client.get("/accounts/enrol/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()
    assert client.post("/accounts/enrol/", {"code": "123456"})["Location"] == reverse("accounts:verify")


def test_after_an_authenticator_reset_a_password_alone_cannot_enrol(verified_client, officer):
    recovery_codes_regenerate(user=officer)
    owner = _fresh(verified_client(officer))
    assert owner.post("/accounts/security/authenticator/reset/")["Location"] == reverse("accounts:enrol")

    attacker = Client()
    assert sign_in_password(attacker, "petugas")["Location"] == reverse("accounts:verify")
    _assert_no_enrolment(attacker, officer)
    assert attacker.get("/office/")["Location"] == reverse("accounts:verify")


def test_recovery_codes_left_without_authenticator_still_need_a_code(client, officer):
    codes = recovery_codes_regenerate(user=officer)
    TOTPDevice.objects.filter(user=officer).delete()

    assert sign_in_password(client, "petugas")["Location"] == reverse("accounts:verify")
    _assert_no_enrolment(client, officer)
    assert client.get("/office/")["Location"] == reverse("accounts:verify")

    # With a recovery code the user goes straight on to set up a new authenticator.
    assert client.post("/accounts/verify/", {"code": codes[0]})["Location"] == reverse("accounts:enrol")
    page = client.get("/accounts/enrol/")
    assert page.status_code == 200
    assert 'class="qr-code"' in page.content.decode()
    pending = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert client.post("/accounts/enrol/", {"code": device_code(pending)})["Location"] == reverse(
        "accounts:recovery-codes"
    )
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).count() == 1
    assert client.get("/office/").status_code == 200


def test_a_passkey_alone_still_needs_verification_not_enrolment(client, officer):
    TOTPDevice.objects.filter(user=officer).delete()
    credential_id = b"cred-only-passkey"
    WebAuthnCredential.objects.create(
        user=officer,
        name="Key",
        confirmed=True,
        credential_id=credential_id,
        credential_id_sha256=hashlib.sha256(credential_id).hexdigest(),
        public_key=b"not-a-real-key",
        sign_count=0,
    )
    assert sign_in_password(client, "petugas")["Location"] == reverse("accounts:verify")
    _assert_no_enrolment(client, officer)


def test_a_verified_session_without_authenticator_enrols_only_after_reauthentication(
    verified_client, officer
):
    codes = recovery_codes_regenerate(user=officer)
    client = verified_client(officer)
    TOTPDevice.objects.filter(user=officer).delete()
    # The fixture's session was bound to the deleted device: verify again with a code.
    client.post("/accounts/verify/", {"code": codes[0]})
    session = client.session
    session.pop(REAUTH_AT)
    session.save()
    response = client.get("/accounts/enrol/")
    assert response["Location"].startswith(reverse("accounts:reauth"))
    assert "next=%2Faccounts%2Fenrol%2F" in response["Location"]
    assert not TOTPDevice.objects.filter(user=officer).exists()


def test_with_an_authenticator_enrolment_is_only_by_explicit_replacement(verified_client, officer):
    client = _fresh(verified_client(officer))
    assert client.get("/accounts/enrol/")["Location"] == reverse("accounts:security")
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_a_user_with_no_factor_at_all_enrols_with_the_password(client, django_user_model):
    user = django_user_model.objects.create_user("baru", password=PASSWORD)
    assert sign_in_password(client, "baru")["Location"] == reverse("accounts:enrol")
    assert client.get("/accounts/enrol/").status_code == 200
    assert TOTPDevice.objects.filter(user=user, confirmed=False).count() == 1


def test_a_totp_code_still_verifies_after_the_change(client, officer):
    sign_in_password(client, "petugas")
    assert client.post("/accounts/verify/", {"code": totp_code(officer)})["Location"] == reverse(
        "office:dashboard"
    )


# --- The QR code's label --------------------------------------------------------------------------


def test_the_qr_code_label_is_escaped(client, django_user_model, monkeypatch):
    import eppid.office.signin_views as auth_views

    monkeypatch.setattr(auth_views, "_", lambda text: 'Scan "this" <b>now</b> & go')
    django_user_model.objects.create_user("baru", password=PASSWORD)
    sign_in_password(client, "baru")
    body = client.get("/accounts/enrol/").content.decode()
    assert 'aria-label="Scan &quot;this&quot; &lt;b&gt;now&lt;/b&gt; &amp; go"' in body
    assert "<b>now</b>" not in body
