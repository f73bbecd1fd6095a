"""API tokens: format and storage, the management command, Bearer authentication, the tokens page."""

import hashlib
import json
import re
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from freezegun import freeze_time
from tests.auth_support import ensure_units

from eppid.accounts.models import ApiToken
from eppid.accounts.services import api_token_create, api_token_revoke
from eppid.accounts.session import REAUTH_AT

pytestmark = pytest.mark.django_db
TOKEN_SHAPE = re.compile(r"eppid_([0-9a-f]{12})_([A-Za-z0-9_-]{43})")


@pytest.fixture(autouse=True)
def _units(db):
    ensure_units()


@pytest.fixture
def officer(make_staff):
    return make_staff("petugas", ("35.04", "officer"), ("35", "auditor"), full_name="Petugas Tulungagung")


def _me(client, token=None, **headers):
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.get("/api/v1/staff/me", **headers)


def test_token_format_and_only_a_hash_is_stored(officer):
    token, plaintext = api_token_create(user=officer, name="rekap")
    match = TOKEN_SHAPE.fullmatch(plaintext)
    assert match, plaintext
    prefix, secret = match.groups()
    assert len(secret) * 6 >= 128
    token.refresh_from_db()
    assert token.prefix == prefix
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = " ".join(str(value) for value in ApiToken.objects.values_list().get(pk=token.pk))
    assert secret not in stored


def test_two_tokens_differ(officer):
    assert api_token_create(user=officer, name="a")[1] != api_token_create(user=officer, name="a")[1]


def test_command_prints_the_token_alone_on_the_last_line(officer, client):
    out = StringIO()
    call_command("create_api_token", "petugas", "--name", "skrip", stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert TOKEN_SHAPE.fullmatch(last)
    assert ApiToken.objects.get(user=officer).name == "skrip"
    assert _me(client, last).status_code == 200


def test_command_refuses_unknown_and_inactive_users(django_user_model):
    django_user_model.objects.create_user("pensiun", is_active=False)
    # Django turns a CommandError into a message on stderr and exit status 1 under manage.py.
    for username in ("nobody", "pensiun"):
        with pytest.raises(CommandError, match=username):
            call_command("create_api_token", username, stdout=StringIO())
    assert not ApiToken.objects.exists()


def test_me_returns_the_user_and_roles_per_unit(officer, client):
    _token, plaintext = api_token_create(user=officer, name="x")
    response = _me(client, plaintext)
    assert response.status_code == 200
    assert response.json() == {
        "username": "petugas",
        "full_name": "Petugas Tulungagung",
        "is_admin": False,
        "units": [
            {"code": "35", "name": "Bawaslu Provinsi Jawa Timur", "roles": ["auditor"]},
            {"code": "35.04", "name": "Bawaslu Kabupaten Tulungagung", "roles": ["officer"]},
        ],
    }


def test_me_for_a_system_admin(make_staff, client):
    admin = make_staff("admin", is_superuser=True)
    _token, plaintext = api_token_create(user=admin, name="x")
    assert _me(client, plaintext).json()["is_admin"] is True


def _assert_401(response):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["WWW-Authenticate"] == 'Bearer realm="e-PPID"'
    body = response.json()
    assert body["status"] == 401
    assert body["title"]
    assert body["detail"]
    assert "username" not in body


def test_missing_malformed_and_unknown_tokens_get_401(officer, client):
    _token, plaintext = api_token_create(user=officer, name="x")
    prefix = plaintext.split("_")[1]
    _assert_401(_me(client))
    _assert_401(_me(client, HTTP_AUTHORIZATION=f"Basic {plaintext}"))
    for bad in (
        "garbage",
        "eppid__",
        f"eppid_{prefix}_wrongsecret",
        plaintext[:-1] + "x",
        "eppid_" + "a" * 500,
    ):
        _assert_401(_me(client, bad))


def test_revoked_token_and_inactive_user_get_401(officer, client):
    token, plaintext = api_token_create(user=officer, name="x")
    _other, second = api_token_create(user=officer, name="y")
    assert api_token_revoke(token=token, actor=officer)
    _assert_401(_me(client, plaintext))
    assert _me(client, second).status_code == 200
    officer.is_active = False
    officer.save()
    _assert_401(_me(client, second))


def test_401_speaks_english_when_asked(officer, client):
    response = _me(client, "garbage", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["title"] == "Authentication required"


def test_only_owner_or_admin_may_revoke(officer, make_staff):
    token, _plaintext = api_token_create(user=officer, name="x")
    stranger = make_staff("lain", ("32.01", "officer"))
    assert api_token_revoke(token=token, actor=stranger) is False
    token.refresh_from_db()
    assert token.revoked_at is None
    admin = make_staff("admin", is_superuser=True)
    assert api_token_revoke(token=token, actor=admin) is True
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_last_used_is_recorded_at_most_once_a_minute(officer, client):
    token, plaintext = api_token_create(user=officer, name="x")
    start = timezone.now()
    with freeze_time(start):
        _me(client, plaintext)
    token.refresh_from_db()
    assert token.last_used_at == start
    with freeze_time(start + timedelta(seconds=30)):
        _me(client, plaintext)
    token.refresh_from_db()
    assert token.last_used_at == start
    with freeze_time(start + timedelta(seconds=61)):
        _me(client, plaintext)
    token.refresh_from_db()
    assert token.last_used_at == start + timedelta(seconds=61)


@pytest.fixture
def reauthed(verified_client, officer):
    client = verified_client(officer)
    session = client.session
    session[REAUTH_AT] = int(time.time())
    session.save()
    return client


def test_tokens_page_mints_once_lists_and_revokes(reauthed, officer):
    empty = reauthed.post("/accounts/tokens/", {"name": ""})
    assert empty.status_code == 200
    assert not ApiToken.objects.exists()

    response = reauthed.post("/accounts/tokens/", {"name": "Laporan bulanan"})
    body = response.content.decode()
    plaintext = TOKEN_SHAPE.search(body).group(0)
    token = ApiToken.objects.get(user=officer)
    assert token.name == "Laporan bulanan"
    listing = reauthed.get("/accounts/tokens/").content.decode()
    assert "Laporan bulanan" in listing
    assert plaintext not in listing

    assert reauthed.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405
    assert reauthed.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_cannot_revoke_someone_elses_token(reauthed, make_staff):
    other = make_staff("lain", ("35.04", "ppid"))
    token, _plaintext = api_token_create(user=other, name="x")
    assert reauthed.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_openapi_documents_the_bearer_scheme(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/staff/me" in schema["paths"]
    schemes = schema["components"]["securitySchemes"]
    assert any(scheme.get("scheme") == "bearer" for scheme in schemes.values())


def test_token_401_is_the_apis_one_401_problem(client):
    """The bearer check answers exactly like every other 401 of the API: one body, one challenge."""
    from ninja.errors import AuthenticationError

    from eppid.api.problems import on_http_error

    reference = on_http_error(None, AuthenticationError())
    for headers in (
        {},
        {"HTTP_AUTHORIZATION": "Bearer eppid_nope_nope"},
        {"HTTP_AUTHORIZATION": "Basic eA=="},
    ):
        response = client.get("/api/v1/staff/me", **headers)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == reference["WWW-Authenticate"]
        assert response.json() == json.loads(reference.content)
