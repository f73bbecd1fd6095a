"""Session lifetime: idle and absolute timeouts, logout, deactivation, and re-authentication.

A session gets a new key whenever a second factor is proved (ASVS 3.2.1 / 5.0 V7.2.4): the
password step already issues one (django.contrib.auth.login); without another at the second
factor, whoever held the cookie of the half-signed-in session (a shared computer, a proxy log)
would hold a fully verified console session once the owner typed the code.
"""

import re
import time
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from tests.auth_support import PASSWORD, ensure_units, sign_in_password, totp_code

from eppid.accounts.middleware import SESSION_AUTH_AT, SESSION_SEEN_AT
from eppid.accounts.session import REAUTH_AT

pytestmark = pytest.mark.django_db


def _session_exists(key):
    return import_module(settings.SESSION_ENGINE).SessionStore().exists(key)


@pytest.fixture(autouse=True)
def _units(db):
    ensure_units()


@pytest.fixture
def officer(make_staff):
    return make_staff("petugas", ("35.04", "officer"))


def _shift(client, key, seconds_ago):
    session = client.session
    session[key] = int(time.time()) - seconds_ago
    session.save()


def test_login_stamps_the_session(client, officer):
    before = int(time.time())
    client.post("/accounts/login/", {"username": "petugas", "password": PASSWORD})
    assert client.session[SESSION_AUTH_AT] >= before


def test_idle_session_ends_after_thirty_minutes(verified_client, officer):
    client = verified_client(officer)
    assert client.get("/office/").status_code == 200
    _shift(client, SESSION_SEEN_AT, 29 * 60)
    assert client.get("/office/").status_code == 200
    _shift(client, SESSION_SEEN_AT, 31 * 60)
    response = client.get("/office/")
    assert response["Location"] == reverse("accounts:login") + "?expired=1"
    assert client.get("/office/")["Location"].startswith(reverse("accounts:login"))


def test_session_ends_twelve_hours_after_sign_in_even_when_busy(verified_client, officer):
    client = verified_client(officer)
    _shift(client, SESSION_AUTH_AT, 12 * 3600 - 60)
    assert client.get("/office/").status_code == 200
    _shift(client, SESSION_AUTH_AT, 12 * 3600 + 1)
    response = client.get("/office/")
    assert response["Location"] == reverse("accounts:login") + "?expired=1"


def test_expired_page_tells_why(client):
    assert "Your session has ended" in client.get("/en/accounts/login/?expired=1").content.decode()


def test_logout_needs_post_and_kills_the_server_side_session(verified_client, officer):
    client = verified_client(officer)
    old_cookie = client.cookies["sessionid"].value
    assert client.get("/accounts/logout/").status_code == 200
    assert client.get("/office/").status_code == 200  # a GET signs nobody out
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not _session_exists(old_cookie)
    replay = Client()
    replay.cookies["sessionid"] = old_cookie
    assert replay.get("/office/")["Location"].startswith(reverse("accounts:login"))


def test_deactivating_an_account_ends_its_sessions(verified_client, officer):
    client = verified_client(officer)
    cookie = client.cookies["sessionid"].value
    assert client.get("/office/").status_code == 200
    officer.is_active = False
    officer.save()
    assert not _session_exists(cookie)
    assert client.get("/office/")["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/accounts/password/"),
        ("get", "/accounts/tokens/"),
        ("get", "/accounts/security/authenticator/reset/"),
        ("post", "/accounts/recovery-codes/new/"),
    ],
)
def test_sensitive_pages_ask_for_reauthentication(verified_client, officer, method, path):
    client = verified_client(officer)
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauth") + "?next=")


def test_reauthentication_needs_password_and_code_and_lasts_five_minutes(verified_client, officer, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = verified_client(officer)
    wrong = client.post("/accounts/reauth/", {"password": "wrong", "code": totp_code(officer), "next": "/x"})
    assert wrong.status_code == 200
    assert client.get("/accounts/tokens/").status_code == 302
    no_code = client.post("/accounts/reauth/", {"password": PASSWORD, "code": "123456"})
    assert no_code.status_code == 200
    response = client.post(
        "/accounts/reauth/", {"password": PASSWORD, "code": totp_code(officer), "next": "/accounts/tokens/"}
    )
    assert response["Location"] == "/accounts/tokens/"
    assert client.get("/accounts/tokens/").status_code == 200
    _shift(client, REAUTH_AT, 5 * 60 + 1)
    assert client.get("/accounts/tokens/").status_code == 302


def test_reauth_refuses_a_foreign_next(verified_client, officer):
    client = verified_client(officer)
    response = client.post(
        "/accounts/reauth/",
        {"password": PASSWORD, "code": totp_code(officer), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("accounts:security")


def test_password_guesses_on_reauth_are_capped(verified_client, officer, settings):
    settings.EPPID_LOGIN_RATE = "2/m"
    client = verified_client(officer)
    statuses = [
        client.post("/accounts/reauth/", {"password": "guess", "code": "1"}).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]


def _without_per_response_values(body: str, code: str) -> str:
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    return body.replace(f'value="{code}"', "")


def test_reauth_answers_a_wrong_password_and_a_wrong_code_alike(verified_client, officer, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = verified_client(officer)
    good_code = totp_code(officer)
    wrong_password = client.post("/en/accounts/reauth/", {"password": "wrong", "code": good_code, "next": ""})
    wrong_code = client.post("/en/accounts/reauth/", {"password": PASSWORD, "code": "000000", "next": ""})
    assert wrong_password.status_code == wrong_code.status_code == 200
    assert _without_per_response_values(wrong_password.content.decode(), good_code) == (
        _without_per_response_values(wrong_code.content.decode(), "000000")
    )
    assert "The password or the code is not correct." in wrong_code.content.decode()
    # The wrong password did not spend the good code: it still works with the right password.
    response = client.post("/accounts/reauth/", {"password": PASSWORD, "code": good_code, "next": ""})
    assert response.status_code == 302


# --- A new session key at the second factor ---------------------------------------------------


def _holder_of(key):
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = key
    return other


def test_proving_the_second_factor_gives_the_session_a_new_key(client, officer):
    sign_in_password(client, "petugas")
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.post("/accounts/verify/", {"code": totp_code(officer)})
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not _session_exists(before)
    assert client.get("/office/").status_code == 200
    # The cookie of the half-signed-in session opens nothing now.
    assert _holder_of(before).get("/office/")["Location"].startswith(reverse("accounts:login"))


def test_the_new_key_is_the_one_deactivation_ends(client, officer):
    sign_in_password(client, "petugas")
    client.post("/accounts/verify/", {"code": totp_code(officer)})
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    officer.is_active = False
    officer.save()
    assert not _session_exists(key)


def test_reauthentication_gives_the_session_a_new_key(client, officer):
    sign_in_password(client, "petugas")
    client.post("/accounts/verify/", {"code": totp_code(officer)})
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    # The next TOTP step: the one just used is spent.
    response = client.post(
        "/accounts/reauth/",
        {
            "password": PASSWORD,
            "code": totp_code(officer, at=time.time() + 30),
            "next": "/accounts/security/",
        },
    )
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not _session_exists(before)
    assert client.get("/accounts/security/").status_code == 200


def test_after_a_password_change_deactivation_still_ends_the_session(verified_client, officer):
    client = verified_client(officer)
    session = client.session
    session[REAUTH_AT] = int(time.time())
    session.save()
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a new long passphrase 42",
            "new_password2": "a new long passphrase 42",
        },
    )
    assert response.status_code == 302
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/accounts/security/").status_code == 200
    officer.is_active = False
    officer.save()
    assert not _session_exists(key)
