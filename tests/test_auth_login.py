"""Sign-in with password: hashing, session fixation, generic errors, lockout and rate limits."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from tests.auth_support import PASSWORD, ensure_units, sign_in_password

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _units(db):
    ensure_units()


@pytest.mark.real_hashers
def test_password_is_stored_with_argon2id(make_staff):
    user = make_staff("petugas", ("35.04", "officer"))
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD)


def test_login_issues_a_new_session_key(client, make_staff):
    make_staff("petugas", ("35.04", "officer"))
    client.get("/accounts/login/")
    session = client.session
    session["planted"] = "x"
    session.save()
    before = session.session_key
    response = sign_in_password(client, "petugas")
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != before
    assert client.session.session_key != before


def test_user_with_authenticator_goes_to_verify_page(client, make_staff):
    make_staff("petugas", ("35.04", "officer"))
    response = sign_in_password(client, "petugas")
    assert response["Location"] == reverse("accounts:verify")


def test_user_without_authenticator_goes_to_enrolment(client, django_user_model):
    django_user_model.objects.create_user("baru", password=PASSWORD)
    response = sign_in_password(client, "baru")
    assert response["Location"] == reverse("accounts:enrol")


def test_password_alone_does_not_open_the_console(client, make_staff):
    make_staff("petugas", ("35.04", "officer"))
    sign_in_password(client, "petugas")
    response = client.get("/office/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")


def test_wrong_password_and_unknown_user_get_the_same_message(client, make_staff, django_user_model):
    make_staff("petugas", ("35.04", "officer"))
    django_user_model.objects.create_user("pensiun", password=PASSWORD, is_active=False)
    wrong_password = sign_in_password(client, "petugas", "not the password at all")
    unknown_user = sign_in_password(client, "nobody-here", "not the password at all")
    inactive_user = sign_in_password(client, "pensiun")
    for response in (wrong_password, unknown_user, inactive_user):
        assert response.status_code == 200
        assert "Nama pengguna atau kata sandi salah." in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_empty_form_shows_translated_errors_in_indonesian(client):
    response = client.post("/accounts/login/", {})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_account_locks_after_five_failures(client, make_staff):
    make_staff("petugas", ("35.04", "officer"))
    with_english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    for _attempt in range(5):
        client.post(
            "/en/accounts/login/", {"username": "petugas", "password": "wrong-password!"}, **with_english
        )
    response = client.post(
        "/en/accounts/login/", {"username": "petugas", "password": PASSWORD}, **with_english
    )
    assert response.status_code == 429
    body = response.content.decode()
    assert "Try again in 15 minutes" in body
    assert int(response["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, make_staff):
    make_staff("petugas", ("35.04", "officer"))
    for _attempt in range(4):
        sign_in_password(client, "petugas", "wrong-password!")
    response = sign_in_password(client, "petugas")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")


def test_lockout_is_per_account_not_per_office(client, make_staff):
    make_staff("petugas", ("35.04", "officer"))
    make_staff("ppid", ("35.04", "ppid"))
    for _attempt in range(6):
        sign_in_password(client, "petugas", "wrong-password!")
    response = sign_in_password(client, "ppid")
    assert response.status_code == 302


def test_login_posts_are_rate_limited_per_address(client, make_staff, settings):
    settings.EPPID_LOGIN_RATE = "3/m"
    make_staff("petugas", ("35.04", "officer"))
    statuses = [sign_in_password(client, f"user{n}", "wrong-password!").status_code for n in range(3)] + [
        sign_in_password(client, "petugas").status_code
    ]
    assert statuses == [200, 200, 200, 429]
    assert sign_in_password(client, "petugas")["Retry-After"] == "60"
    assert "_auth_user_id" not in client.session


def test_rate_limit_can_be_switched_off(client, make_staff, settings):
    settings.EPPID_LOGIN_RATE = "3/m"
    settings.RATELIMIT_ENABLE = False
    make_staff("petugas", ("35.04", "officer"))
    for n in range(3):
        sign_in_password(client, f"user{n}", "wrong-password!")
    assert sign_in_password(client, "petugas").status_code == 302


def test_login_keeps_a_safe_next_and_drops_a_foreign_one(client, make_staff):
    from tests.auth_support import totp_code

    user = make_staff("petugas", ("35.04", "officer"))
    client.post("/accounts/login/?next=https://evil.example/", {"username": "petugas", "password": PASSWORD})
    response = client.post("/accounts/verify/", {"code": totp_code(user)})
    assert response["Location"] == reverse("office:dashboard")


def test_created_user_model_has_full_name():
    user = get_user_model().objects.create_user("x", password=PASSWORD, full_name="Siti Aminah")
    assert str(user) == "Siti Aminah"


def test_login_returns_to_the_page_that_asked_for_it(client, make_staff):
    from tests.auth_support import totp_code

    user = make_staff("petugas", ("35.04", "officer"))
    asked = client.get("/accounts/security/")
    assert asked["Location"] == "/accounts/login/?next=%2Faccounts%2Fsecurity%2F"
    page = client.get(asked["Location"]).content.decode()
    assert 'name="next" value="/accounts/security/"' in page
    client.post(
        "/accounts/login/", {"username": "petugas", "password": PASSWORD, "next": "/accounts/security/"}
    )
    response = client.post("/accounts/verify/", {"code": totp_code(user)})
    assert response["Location"] == "/accounts/security/"
    assert "no-store" in client.get("/accounts/security/")["Cache-Control"]


def test_logout_and_login_are_csrf_protected(make_staff):
    from django.test import Client

    make_staff("petugas", ("35.04", "officer"))
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "petugas", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session
