"""A rejection or partial grant citing an exempt entry of the unit (console and API): the basis is
taken from the consequence test; a foreign-unit, ordinary or ended exemption is refused clearly."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from freezegun import freeze_time
from tests.auth_support import bearer_headers
from tests.catalog_support import catalog_staff, exempt, published, verify
from tests.console_support import make_request

from eppid.catalog.exemption_citations import request_decide_citing
from eppid.catalog.exemptions import exemptions_expire
from eppid.catalog.models import ExemptionCitation
from eppid.disclosure.models import Decision

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def staff(make_staff):
    return catalog_staff(make_staff)


def decide(client, user, number, language="en", **body):
    body = {"outcome": "rejected", "explanation": "Tertutup.", **body}
    return client.post(
        f"/api/v1/staff/requests/{number}/decision",
        json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
        **bearer_headers(user),
    )


def test_the_api_decision_takes_its_basis_from_the_exempt_entry(staff, client):
    officer, ppid = staff
    test = exempt(ppid, grounds=["h", "bawaslu_b"], exemption_basis="")
    item = make_request()
    response = decide(client, officer, item.registration_number, exemption=test.entry_id, exemption_basis="a")
    assert response.status_code == 200, response.content
    decision = Decision.objects.get(request=item)
    assert decision.exemption_basis == "h"
    assert ExemptionCitation.objects.get().test == test and decision.exemption_citation.test == test
    assert verify()[0] == 0


def test_a_partial_grant_may_cite_it_too(staff):
    officer, ppid = staff
    test = exempt(ppid)
    item = make_request()
    decision = request_decide_citing(
        request=item,
        actor=officer,
        outcome="partially_granted",
        exemption=test.entry_id,
        material="Putusan tanpa identitas saksi.",
    )
    assert decision.exemption_basis == "bawaslu_b"


@pytest.mark.parametrize("outcome", ["granted", "not_held"])
def test_only_a_refusal_cites_an_exemption(staff, client, outcome):
    officer, ppid = staff
    test = exempt(ppid)
    item = make_request()
    response = decide(client, officer, item.registration_number, outcome=outcome, exemption=test.entry_id)
    assert response.status_code == 422 and "exemption" in response.json()["errors"]
    assert not Decision.objects.exists()


def test_a_foreign_units_exemption_is_refused_clearly(staff, client, make_staff):
    officer, _ppid = staff
    other = make_staff("ppid-jabar", ("32.01", "ppid"))
    test = exempt(other, "32.01")
    item = make_request()
    response = decide(client, officer, item.registration_number, exemption=test.entry_id)
    assert response.status_code == 422
    [message] = response.json()["errors"]["exemption"]
    assert "own unit" in message and test.unit.name in message
    indonesian = decide(client, officer, item.registration_number, language="id", exemption=test.entry_id)
    assert "unitnya sendiri" in indonesian.json()["errors"]["exemption"][0]
    item.refresh_from_db()
    assert item.status == "received" and not Decision.objects.exists()


def test_an_ordinary_or_unknown_entry_is_refused(staff, client):
    officer, ppid = staff
    entry = published(officer, ppid)
    item = make_request()
    for value in (entry.pk, 999999, 0, -3):
        response = decide(client, officer, item.registration_number, exemption=value)
        assert response.status_code == 422 and "exemption" in response.json()["errors"], value
    assert not Decision.objects.exists()


def test_an_ended_exemption_is_refused(staff, client):
    officer, ppid = staff
    until = timezone.localdate() + timedelta(days=1)
    test = exempt(ppid, until=until.isoformat())
    item = make_request()
    with freeze_time(timezone.now() + timedelta(days=2)):
        response = decide(client, officer, item.registration_number, exemption=test.entry_id)
        assert response.status_code == 422
        assert "ended" in response.json()["errors"]["exemption"][0]
        exemptions_expire()
        again = decide(client, officer, item.registration_number, exemption=test.entry_id)
    assert again.status_code == 422 and "ended" in again.json()["errors"]["exemption"][0]
    assert not Decision.objects.exists()


def test_the_end_of_an_ended_exemption_is_written_in_the_readers_language(staff, client):
    officer, ppid = staff
    until = timezone.localdate() + timedelta(days=1)
    test = exempt(ppid, until=until.isoformat())
    item = make_request()
    english = f"ended on {until.day} {until.strftime('%B')} {until.year}"
    with freeze_time(timezone.now() + timedelta(days=2)):
        response = decide(client, officer, item.registration_number, exemption=test.entry_id)
    assert english in response.json()["errors"]["exemption"][0]


def test_the_console_decision_form_offers_the_units_exempt_entries(staff, verified_client, make_staff):
    officer, ppid = staff
    other = make_staff("ppid-jabar", ("32.01", "ppid"))
    mine, foreign = exempt(ppid), exempt(other, "32.01")
    item = make_request()
    client = verified_client(officer)
    url = reverse("office:request-decide", kwargs={"code": "35.04", "number": item.registration_number})
    page = client.get(url).content.decode()
    assert f'value="{mine.entry_id}"' in page and f'value="{foreign.entry_id}"' not in page
    data = {
        "outcome": "rejected",
        "explanation": "Tertutup.",
        "exemption_basis": "",
        "exemption": str(mine.entry_id),
        "held_by": "",
        "material": "",
        "redactions": "",
        "fee_rupiah": "0",
    }
    refused = client.post(url, {**data, "exemption": str(foreign.entry_id)})
    assert refused.status_code == 200 and not Decision.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Decision.objects.get(request=item).exemption_basis == "bawaslu_b"
    detail = client.get(
        reverse("office:request", kwargs={"code": "35.04", "number": item.registration_number})
    )
    link = reverse("portal:information-entry", kwargs={"pk": mine.entry_id})
    assert f'href="{link}"' in detail.content.decode()
