"""A session gets a new key whenever a second factor is proved (ASVS 3.2.1 / 5.0 V7.2.4).

The password step already issues a new key (django.contrib.auth.login). Without a new one at the
second factor, whoever held the cookie of the half-signed-in session (a shared computer, a proxy
log) would hold a fully verified console session once the owner typed the code.
"""

import time
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from tests.auth_support import PASSWORD, ensure_units, sign_in_password, totp_code

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
