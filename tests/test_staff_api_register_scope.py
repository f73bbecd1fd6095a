"""Registering a request through the staff API names its unit in the body. Units are public, so a
unit the caller does not serve is not an object they may not see (404) but one they may not
register in: 403, "authenticated but not allowed" (contract section 2), as inside their own unit
without the right. Nothing is registered either way."""

import pytest
from tests.auth_support import bearer_headers, ensure_units

from eppid.disclosure.models import InformationRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _units(db):
    ensure_units()


def _register(client, user, unit="35.04"):
    return client.post("/api/v1/staff/requests", {"unit": unit, "name": "Rina"}, **bearer_headers(user))


@pytest.mark.parametrize(
    "membership",
    [("35", "officer"), ("35", "ppid"), ("32.01", "officer")],
    ids=["ancestor-officer", "ancestor-ppid", "other-province"],
)
def test_a_unit_the_caller_does_not_serve_is_403(client, make_staff, membership):
    foreign = make_staff("foreign", membership)
    response = _register(client, foreign)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert not InformationRequest.objects.exists()


@pytest.mark.parametrize("role", ["auditor", "unit_admin", "superior"])
def test_the_own_unit_without_the_right_is_403(client, make_staff, role):
    member = make_staff("member", ("35.04", role))
    assert _register(client, member).status_code == 403
    assert not InformationRequest.objects.exists()


def test_the_own_unit_with_the_right_gets_to_validation(client, make_staff):
    officer = make_staff("petugas", ("35.04", "officer"))
    assert _register(client, officer).status_code == 422
