"""No input gives a 500 when a consequence test is recorded (API and console), and what is stored
is clean text (NFC, no controls, no overrides): run on SQLite and on PostgreSQL."""

import json

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from tests.catalog_support import exemption_data
from tests.fuzz_support import PROBES, SETTINGS, json_junk, junk, probed

from eppid.accounts.services import api_token_create
from eppid.catalog.models import ConsequenceTest
from eppid.core.text import text_clean

pytestmark = pytest.mark.django_db

API_FIELDS = sorted({*exemption_data(), "unit", "occasion", "occasion_reference"})
FORM_FIELDS = [
    "document",
    "withheld",
    "occasion",
    "occasion_reference",
    "grounds",
    "legal_basis",
    "consequence",
    "public_interest",
    "until",
    "participants",
    "responsible",
    "retention",
]
TEXTS = {
    "document": False,
    "withheld": True,
    "legal_basis": True,
    "consequence": True,
    "public_interest": True,
    "participants": True,
    "occasion_reference": False,
}


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def ppid_api(make_staff, client):
    user = make_staff("fuzz.ppid", ("35.04", "ppid"))
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {api_token_create(user=user, name='fuzz')[1]}"
    return client


def assert_clean():
    for test in ConsequenceTest.objects.all():
        for field, multiline in TEXTS.items():
            value = getattr(test, field)
            assert text_clean(value, multiline=multiline) == value, (field, value)


@SETTINGS
@given(field=st.sampled_from(API_FIELDS), value=json_junk)
@probed("field", API_FIELDS, probes=(*PROBES, "a\ud800b"))
def test_recording_a_test_by_api(ppid_api, field, value):
    body = {"unit": "35.04", **exemption_data(), field: value}
    response = ppid_api.post("/api/v1/staff/exemptions", json.dumps(body), content_type="application/json")
    assert response.status_code in (201, 422), response.content[:500]
    assert_clean()


@SETTINGS
@given(field=st.sampled_from(FORM_FIELDS), value=junk)
@probed("field", FORM_FIELDS)
def test_recording_a_test_in_the_console(make_staff, verified_client, field, value):
    user = make_staff("fuzz.ppid.console", ("35.04", "ppid")) if not _users() else _users()[0]
    client = verified_client(user)
    data = exemption_data()
    form = {
        "document": data["document"],
        "withheld": data["information"],
        "occasion": "before_request",
        "grounds": "bawaslu_b",
        "legal_basis": data["legal_basis"],
        "consequence": data["consequence"],
        "public_interest": data["public_interest"],
        "until": data["until"],
        "participants": "\n".join(data["participants"]),
        field: value,
    }
    response = client.post(reverse("office:catalog-exemption-new", kwargs={"code": "35.04"}), form)
    assert response.status_code in (200, 302), response.status_code
    assert_clean()


def _users():
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(username="fuzz.ppid.console"))
