"""Passkeys: an optional second factor, registered only from a fresh, verified session."""

import hashlib
import json
import re
import time

import pytest
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential
from tests.auth_support import PASSWORD, ensure_units, sign_in_password, totp_code

from eppid.accounts.session import REAUTH_AT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _units(db):
    ensure_units()


@pytest.fixture
def officer(make_staff):
    return make_staff("petugas", ("35.04", "officer"))


def _fresh(client):
    session = client.session
    session[REAUTH_AT] = int(time.time())
    session.save()
    return client


def _passkey(user, name="YubiKey"):
    credential_id = f"cred-{user.pk}-{name}".encode()
    return WebAuthnCredential.objects.create(
        user=user,
        name=name,
        confirmed=True,
        credential_id=credential_id,
        credential_id_sha256=hashlib.sha256(credential_id).hexdigest(),
        public_key=b"not-a-real-key",
        sign_count=0,
    )


def _assert_no_inline_script(body):
    for tag in re.findall(r"<script[^>]*>", body):
        assert 'src="' in tag or 'type="application/json"' in tag, tag
    assert "style=" not in body


def test_passkeys_page_needs_reauthentication(verified_client, officer):
    response = verified_client(officer).get("/accounts/passkeys/")
    assert response["Location"].startswith(reverse("accounts:reauth"))


def test_passkeys_page_serves_the_package_script_without_inline_code(verified_client, officer):
    body = _fresh(verified_client(officer)).get("/accounts/passkeys/").content.decode()
    assert 'src="/static/django_otp_webauthn/otp_webauthn_register.js"' in body
    assert 'id="passkey-register-button"' in body
    config = json.loads(
        re.search(r'id="otp_webauthn_config" type="application/json">(.*?)</script>', body).group(1)
    )
    assert config["beginRegistrationUrl"] == "/accounts/webauthn/registration/begin/"
    _assert_no_inline_script(body)


def test_registration_begins_only_in_a_fresh_verified_session(client, verified_client, officer):
    sign_in_password(client, "petugas")
    password_only = client.post("/accounts/webauthn/registration/begin/", content_type="application/json")
    assert password_only.status_code == 302
    assert "otp_webauthn_register_state" not in client.session

    verified = verified_client(officer)
    stale = verified.post("/accounts/webauthn/registration/begin/", content_type="application/json")
    assert stale.status_code == 403
    assert stale.json()["code"] == "reauthentication_required"

    fresh = _fresh(verified).post("/accounts/webauthn/registration/begin/", content_type="application/json")
    assert fresh.status_code == 200
    options = fresh.json()
    assert options["rp"]["name"] == "e-PPID Bawaslu"
    assert options["challenge"]


def test_passkey_sign_in_is_a_second_factor_only(client, officer):
    anonymous = client.post("/accounts/webauthn/authentication/begin/", content_type="application/json")
    assert anonymous.status_code == 403
    assert anonymous.json()["code"] == "passwordless_login_disabled"
    _passkey(officer)
    sign_in_password(client, "petugas")
    response = client.post("/accounts/webauthn/authentication/begin/", content_type="application/json")
    assert response.status_code == 200
    assert response.json()["challenge"]


def test_verify_page_offers_a_passkey_only_to_users_who_have_one(client, officer):
    sign_in_password(client, "petugas")
    assert 'id="passkey-verification-button"' not in client.get("/accounts/verify/").content.decode()
    _passkey(officer)
    body = client.get("/accounts/verify/").content.decode()
    assert 'id="passkey-verification-button"' in body
    assert 'src="/static/django_otp_webauthn/otp_webauthn_auth.js"' in body
    _assert_no_inline_script(body)


def test_remove_own_passkey_only(verified_client, officer, make_staff):
    mine = _passkey(officer)
    theirs = _passkey(make_staff("lain", ("35.04", "ppid")))
    client = _fresh(verified_client(officer))
    assert "YubiKey" in client.get("/accounts/passkeys/").content.decode()
    assert client.post(f"/accounts/passkeys/{theirs.pk}/remove/").status_code == 404
    assert client.post(f"/accounts/passkeys/{mine.pk}/remove/").status_code == 302
    assert not WebAuthnCredential.objects.filter(pk=mine.pk).exists()
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()


def _verified_with(client, user, device):
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_passkey_sign_in_returns_to_where_the_sign_in_began(client, officer, monkeypatch):
    from django_otp_webauthn.helpers import WebAuthnHelper

    credential = _passkey(officer)
    # The signature check itself runs in tests/browser/test_passkeys.py with a real authenticator.
    monkeypatch.setattr(WebAuthnHelper, "authenticate_complete", lambda self, **kwargs: credential)
    client.post("/accounts/login/?next=/accounts/security/", {"username": "petugas", "password": PASSWORD})
    assert client.post("/accounts/webauthn/authentication/begin/").status_code == 200
    response = client.post("/accounts/webauthn/authentication/complete/", {}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["redirect_url"] == "/accounts/security/"
    assert client.get("/accounts/security/").status_code == 200


def test_removing_the_passkey_the_session_was_verified_with_keeps_the_session(client, officer):
    credential = _passkey(officer)
    _verified_with(client, officer, credential)
    assert client.get("/accounts/passkeys/")["Location"].startswith(reverse("accounts:reauth"))
    confirmed = client.post(
        "/accounts/reauth/", {"password": PASSWORD, "code": totp_code(officer), "next": "/accounts/passkeys/"}
    )
    assert confirmed["Location"] == "/accounts/passkeys/"
    removed = client.post(f"/accounts/passkeys/{credential.pk}/remove/")
    assert removed["Location"] == reverse("accounts:passkeys")
    assert not WebAuthnCredential.objects.filter(pk=credential.pk).exists()
    assert client.get("/office/").status_code == 200


def test_passkey_script_messages_follow_the_page_language(client, officer):
    _passkey(officer)
    sign_in_password(client, "petugas")
    for prefix, catalogue in (("", "/accounts/passkeys/jsi18n/"), ("/en", "/en/accounts/passkeys/jsi18n/")):
        assert f'src="{catalogue}"' in client.get(f"{prefix}/accounts/verify/").content.decode()
    # Open before the second factor: the verification page needs it.
    indonesian = client.get("/accounts/passkeys/jsi18n/")
    assert indonesian.status_code == 200
    assert "Verifikasi berhasil." in indonesian.content.decode()
    assert "Verifikasi berhasil." not in client.get("/en/accounts/passkeys/jsi18n/").content.decode()
