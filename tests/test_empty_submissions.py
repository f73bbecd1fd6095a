"""An empty POST is a submission like any other: it gets the error summary, never a blank form."""

import pytest

pytestmark = pytest.mark.django_db

SUMMARY = 'class="error-summary"'


def test_empty_sign_in(client):
    response = client.post("/accounts/login/", {})
    assert response.status_code == 200
    assert SUMMARY in response.content.decode()


def test_empty_second_factor(client, make_staff):
    make_staff("empty-verify", ("35.04", "officer"), password="a long private passphrase")
    client.post("/accounts/login/", {"username": "empty-verify", "password": "a long private passphrase"})
    response = client.post("/accounts/verify/", {})
    assert response.status_code == 200
    assert SUMMARY in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/reauth/",
        "/office/units/35.04/members/",
        "/office/calendar/closures/new/",
    ],
)
def test_empty_staff_forms(make_staff, verified_client, path):
    user = make_staff("empty-admin", ("35.04", "unit_admin"), is_superuser=True, is_staff=True)
    response = verified_client(user).post(path, {})
    assert response.status_code == 200, path
    assert SUMMARY in response.content.decode(), path
