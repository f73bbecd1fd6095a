"""verify_integrity never cries wolf (contract section 5): what the application wrote verifies.

Issue 10 item 1: a request registered at the desk with a received_at in +07:00 was hashed from the
in-memory datetime (``...T09:00:00+07:00``) while verification reads the row back in UTC.
"""

import pytest
from django.test import Client
from tests.disclosure_support import request_data
from tests.integrity_support import verify

from eppid.accounts.models import ApiToken
from eppid.accounts.services import api_token_create, api_token_revoke, api_token_touch

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "received_at",
    [
        "2025-01-06T09:00:00+07:00",
        "2025-01-06T09:00:00.123456+09:00",
        "2025-01-06T02:00:00-05:30",
        "2025-01-06T02:00:00Z",
        "2025-01-06T09:00:00",  # no offset: Asia/Jakarta, as the API documents
        "2025-01-06T09:00:00+18:00",  # beyond what PostgreSQL's timestamptz takes: stored as UTC
        "2025-01-05T20:00:00-23:59",
    ],
)
def test_a_desk_request_with_any_offset_verifies_intact(make_staff, received_at):
    officer = make_staff("desk", ("35.04", "officer"))
    staff = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=officer, name='t')[1]}")
    created = staff.post("/api/v1/staff/requests", request_data(channel="walk_in", received_at=received_at))
    assert created.status_code == 201, created.content
    assert verify() == (0, "intact: the log, the records and the files match\n")


def test_a_token_used_while_it_is_being_revoked_verifies_intact(make_staff):
    """The API loads the token, another request revokes it, then the first records the use with
    save(update_fields=["last_used_at"]): only that column is written, so the record is what the
    revocation logged, not what the stale instance in memory says."""
    owner = make_staff("script")
    token = api_token_create(user=owner, name="t")[0]
    in_use = ApiToken.objects.get(pk=token.pk)  # as the authenticating request loaded it
    assert api_token_revoke(token=ApiToken.objects.get(pk=token.pk), actor=owner)
    api_token_touch(token=in_use)
    assert verify() == (0, "intact: the log, the records and the files match\n")


@pytest.mark.parametrize("step", ["profile", "certificate"])
def test_deleting_a_staff_account_in_the_admin_verifies_intact(
    make_staff, verified_client, step, settings, tmp_path
):
    """A record that names who changed it (a unit's profile, its chosen certificate) is audited
    with that name: the admin's deletion of the account must not rewrite it unlogged."""
    from tests.signing_support import pki_setup

    from eppid.organisation.models import Unit
    from eppid.organisation.services import unit_profile_update
    from eppid.signing.services import unit_certificate_choose

    unit = Unit.objects.get(code="35.04")
    leaving = make_staff("leaving", is_superuser=True)
    if step == "profile":
        unit_profile_update(unit=unit, actor=leaving, data={"charter_guarantee": "Dilayani."})
    else:
        pki_setup(settings, tmp_path)
        unit_certificate_choose(unit=unit, name="unit-35", actor=leaving)
    admin = verified_client(make_staff("root", is_superuser=True))
    response = admin.post(f"/admin/accounts/user/{leaving.pk}/delete/", {"post": "yes"})
    assert response.status_code in (200, 302)
    assert verify() == (0, "intact: the log, the records and the files match\n")


def test_no_deletion_rewrites_an_audited_row_unlogged():
    """Django's SET_NULL, SET_DEFAULT and SET() update the rows that point at a deleted one in bulk,
    without a signal, hence without a log entry: verify_integrity would then report the row as
    edited. A key of an audited model either protects what it names or cascades (each deletion is
    logged)."""
    from django.db import models

    from eppid.integrity.registry import REGISTRY

    rewriting = [
        f"{spec.label}.{field.name}"
        for spec in REGISTRY.values()
        for field in spec.model._meta.concrete_fields
        if field.remote_field is not None
        and field.name in spec.fields
        and field.remote_field.on_delete not in (models.PROTECT, models.CASCADE, models.RESTRICT)
    ]
    assert rewriting == []
