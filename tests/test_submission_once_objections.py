"""Filing an objection once (decision 1670): a ground-b objection without a request and an
objection on a request, through the API with an Idempotency-Key and through the portal's check
pages, are filed once however often they are sent."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from tests.disclosure_support import request_data
from tests.integrity_support import verify
from tests.objection_support import at, filed_request
from tests.request_support import answers, pdf_upload

from eppid.casefiles.models import SubmissionKey
from eppid.objections.models import Objection
from eppid.objections.services import filing
from eppid.portal import objection_views
from eppid.portal.objection_periodic_views import SESSION_KEY

pytestmark = pytest.mark.django_db
KEY = "6b1c8f0e-periodic-objection-key"
IDENTITY = {"unit", "requester_type", "name", "nik", "email", "phone", "address", "occupation"}


def _post(client, statement="No 2025 financial report.", key=KEY):
    data = {k: v for k, v in request_data().items() if k in IDENTITY}
    return client.post(
        "/api/v1/objections/periodic",
        {**data, "statement": statement, "identity_document": pdf_upload()},
        HTTP_IDEMPOTENCY_KEY=key,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_a_retry_answers_with_the_objection_filed_first(client):
    with freeze_time(at(2026, 3, 17, 9, 0)):
        first = _post(client)
        again = _post(client)
        other = _post(client, statement="Another complaint altogether.")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()  # the same number and tracking code
    assert other.status_code == 422 and "already used for a different submission" in other.content.decode()
    assert Objection.objects.count() == 1
    assert SubmissionKey.objects.get().case_label == "objections.Objection"
    assert verify()[0] == 0


def test_a_key_used_for_a_request_is_refused_for_an_objection(client):
    body = {**request_data(), "identity_document": pdf_upload()}
    assert client.post("/api/v1/requests", body, HTTP_IDEMPOTENCY_KEY=KEY).status_code == 201
    with freeze_time(at(2026, 3, 17, 9, 0)):
        response = _post(client)
    assert response.status_code == 422
    assert not Objection.objects.exists()


def _tapped_twice(client, check: str, state_key: str):
    """Show the check page (its key is made), send, then send again with the session as the second
    tap read it (before the first answered); returns the second answer."""
    assert client.get(check).status_code == 200
    before = dict(client.session.items())
    assert before[state_key]["submission_key"]
    assert client.post(check)["Location"].endswith("/keberatan/selesai/")
    session = client.session
    session.clear()
    session.update(before)
    session.save()
    return client.post(check)


def _walk(client):
    data = answers("individual")
    for step in ("unit", "requester-type", "identity", "contact"):
        assert client.post(f"/en/keberatan/berkala/{step}/", data[step]).status_code == 302
    statement = {"statement": "The 2025 financial report of the office is not on its website."}
    assert client.post("/en/keberatan/berkala/statement/", statement).status_code == 302
    client.post("/en/keberatan/berkala/documents/", {"identity_document": pdf_upload()})


def test_a_second_tap_on_send_shows_the_one_objection_it_filed(client):
    with freeze_time(at(2026, 3, 2, 10, 0)):
        _walk(client)
        again = _tapped_twice(client, "/en/keberatan/berkala/periksa/", SESSION_KEY)
        assert again["Location"].endswith("/keberatan/selesai/")
        done = client.get("/en/keberatan/selesai/")
    objection = Objection.objects.get()
    assert done.context["done"]["number"] == objection.number
    assert done.context["done"]["tracking_code"]


def test_a_twin_that_filed_at_the_same_time_answers_with_the_first(client, monkeypatch):
    with freeze_time(at(2026, 3, 17, 9, 0)):
        first = _post(client).json()
        real, calls = filing._replay, []

        def not_yet(once, fingerprint):
            calls.append(1)
            return None if len(calls) == 1 else real(once, fingerprint)

        monkeypatch.setattr(filing, "_replay", not_yet)
        twin = _post(client)
    assert twin.status_code == 201 and twin.json() == first and len(calls) == 2
    assert Objection.objects.count() == 1
    assert verify()[0] == 0  # the twin's transaction, its receipt and files left nothing behind


# --- an objection on a request ---------------------------------------------------------------


def _object(client, request, code, statement="No answer came.", key=KEY):
    body = {
        "registration_number": request.registration_number,
        "tracking_code": code,
        "reason": "c",
        "statement": statement,
    }
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        "/api/v1/objections", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **headers
    )


def test_a_retried_objection_on_a_request_answers_with_the_first_not_already_open(client):
    request, code = filed_request()
    with freeze_time(at(2026, 3, 17, 9, 0)):
        first = _object(client, request, code)
        again = _object(client, request, code)
        other = _object(client, request, code, statement="Something else.")
        unkeyed = _object(client, request, code, key="")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert other.status_code == 422 and "already used for a different submission" in other.content.decode()
    assert unkeyed.status_code == 422 and "already open for this request" in unkeyed.content.decode()
    assert Objection.objects.count() == 1
    assert verify()[0] == 0


def test_a_keyed_retry_with_a_wrong_tracking_code_is_still_404(client):
    request, code = filed_request()
    with freeze_time(at(2026, 3, 17, 9, 0)):
        assert _object(client, request, code).status_code == 201
        assert _object(client, request, "WRONG-CODE-1234").status_code == 404


def test_a_twin_that_waited_on_the_request_answers_with_the_first(client, monkeypatch):
    request, code = filed_request()
    with freeze_time(at(2026, 3, 17, 9, 0)):
        first = _object(client, request, code).json()
        real, calls = filing._replay, []

        def not_yet(once, fingerprint):  # the twin checked before the first committed
            calls.append(1)
            return None if len(calls) == 1 else real(once, fingerprint)

        monkeypatch.setattr(filing, "_replay", not_yet)
        twin = _object(client, request, code)
    assert twin.status_code == 201 and twin.json() == first and len(calls) == 2
    assert Objection.objects.count() == 1


def test_a_second_tap_on_send_objection_shows_the_one_objection_it_filed(client):
    request, code = filed_request()
    start = {"registration_number": request.registration_number, "tracking_code": code}
    with freeze_time(at(2026, 3, 17, 9, 0)):
        assert client.post("/en/keberatan/", start).status_code == 302
        assert client.post("/en/keberatan/alasan/", {"ground": "c"}).status_code == 302
        assert client.post("/en/keberatan/pernyataan/", {"statement": "No answer came."}).status_code == 302
        again = _tapped_twice(client, "/en/keberatan/periksa/", objection_views.SESSION_KEY)
        assert again["Location"].endswith("/keberatan/selesai/")  # not "already open"
        done = client.get("/en/keberatan/selesai/")
    assert done.context["done"]["number"] == Objection.objects.get().number


def test_changing_the_statement_makes_a_new_key(client):
    request, code = filed_request()
    start = {"registration_number": request.registration_number, "tracking_code": code}
    with freeze_time(at(2026, 3, 17, 9, 0)):
        client.post("/en/keberatan/", start)
        client.post("/en/keberatan/alasan/", {"ground": "c"})
        client.post("/en/keberatan/pernyataan/", {"statement": "No answer came."})
        client.get("/en/keberatan/periksa/")
        first = client.session[objection_views.SESSION_KEY]["submission_key"]
        client.post("/en/keberatan/pernyataan/?change=1", {"statement": "Still no answer.", "change": "1"})
        assert "submission_key" not in client.session[objection_views.SESSION_KEY]
        client.get("/en/keberatan/periksa/")
        assert client.session[objection_views.SESSION_KEY]["submission_key"] not in ("", first)
