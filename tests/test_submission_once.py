"""Filing once (decision 1670): the same key never files two requests. The API takes an
Idempotency-Key; the portal's check page makes a key per set of answers, so a double tap or a
resent form shows the confirmation of the one request it filed."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from tests.disclosure_support import pdf_upload, request_data
from tests.integrity_support import verify
from tests.request_support import answers, fill_until_check, step_url

from eppid.accounts.services import api_token_create
from eppid.casefiles import once as once_module
from eppid.casefiles.models import SubmissionKey
from eppid.casefiles.once import submission_keys_expire
from eppid.disclosure.models import InformationRequest
from eppid.disclosure.services import submit as submit_module
from eppid.integrity.models import LogEntry
from eppid.portal.request_wizard import SESSION_KEY

pytestmark = pytest.mark.django_db
KEY = "0f8fad5b-d9cb-469f-a165-70867728950e"


def _post(client, key=KEY, **overrides):
    body = request_data(**overrides)
    body["identity_document"] = pdf_upload()
    headers = {"HTTP_ACCEPT_LANGUAGE": "en", **({"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {})}
    return client.post("/api/v1/requests", body, **headers)


def _created() -> int:
    return LogEntry.objects.filter(object_type=InformationRequest._meta.label, action="create").count()


def test_a_retry_with_the_same_key_answers_with_the_first_request(client):
    first = _post(client)
    again = _post(client)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()  # the same number, tracking code, receipt and leaf
    assert InformationRequest.objects.count() == 1 and _created() == 1
    assert SubmissionKey.objects.get().tracking_code == first.json()["tracking_code"]
    status = client.get(
        f"/api/v1/requests/{first.json()['registration_number']}",
        HTTP_X_TRACKING_CODE=again.json()["tracking_code"],
    )
    assert status.status_code == 200
    assert verify()[0] == 0


def test_the_same_key_with_other_data_is_refused_and_files_nothing(client):
    _post(client)
    other = _post(client, information="Another document altogether")
    assert other.status_code == 422
    assert "already used for a different submission" in other.content.decode()
    in_indonesian = client.post(
        "/api/v1/requests",
        {**request_data(information="Lain"), "identity_document": pdf_upload()},
        HTTP_IDEMPOTENCY_KEY=KEY,
    )
    assert "Kunci ini sudah dipakai untuk pengajuan lain" in in_indonesian.content.decode()
    assert InformationRequest.objects.count() == 1


@pytest.mark.parametrize("key", ["short", "x" * 256, "has space inside", "kunci-\u00e9\u00e9\u00e9\u00e9"])
def test_a_malformed_key_is_a_clear_422(client, key):
    response = client.post(
        "/api/v1/requests",
        {**request_data(), "identity_document": pdf_upload()},
        HTTP_IDEMPOTENCY_KEY=key.encode("utf-8").decode("latin-1"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "8 to 255 visible characters" in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_without_a_key_each_post_files_a_request(client):
    assert _post(client, key=None).status_code == _post(client, key=None).status_code == 201
    assert InformationRequest.objects.count() == 2 and not SubmissionKey.objects.exists()


def test_a_twin_that_filed_at_the_same_time_answers_with_the_first(client, monkeypatch):
    first = _post(client).json()
    # The twin looked for the key before the first committed: it files, and the key's row stops it.
    real = submit_module._replay
    calls = []

    def not_yet(once, fingerprint):
        calls.append(1)
        return None if len(calls) == 1 else real(once, fingerprint)

    monkeypatch.setattr(submit_module, "_replay", not_yet)
    twin = _post(client)
    assert twin.status_code == 201 and twin.json() == first
    assert len(calls) == 2  # it filed, hit the key, and answered with the first request
    assert InformationRequest.objects.count() == 1 and _created() == 1
    assert verify()[0] == 0  # the twin's transaction left nothing behind


def test_keys_are_scoped_staff_per_user(client, make_staff):
    officer = make_staff("petugas", ("35.04", "officer"))
    token = api_token_create(user=officer, name="desk")[1]
    body = {**request_data(), "channel": "walk_in", "received_at": "2026-01-05T09:00:00+07:00"}
    body["identity_document"] = pdf_upload()
    staff = client.post(
        "/api/v1/staff/requests", body, HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY=KEY
    )
    assert staff.status_code == 201, staff.content.decode()
    public = _post(client)  # the same key from the public API: another scope, another request
    assert public.status_code == 201
    assert public.json()["registration_number"] != staff.json()["registration_number"]


def test_old_keys_are_removed_with_their_tracking_codes(client):
    _post(client)
    _post(client, key="another-key-0001", information="Other")
    SubmissionKey.objects.filter(key_hash=once_module.once_key("api", KEY).key_hash).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert submission_keys_expire() == 1
    assert SubmissionKey.objects.count() == 1
    assert InformationRequest.objects.count() == 2  # the requests stay


# --- The portal ----------------------------------------------------------------------------------


def _confirmation(client):
    page = client.get("/en/permohonan/selesai/").content.decode()
    return re.search(r'data-testid="registration-number">([^<]+)<', page).group(1)


def test_a_second_tap_on_send_shows_the_one_request_it_filed(client):
    fill_until_check(client, prefix="/en")
    assert client.get("/en/permohonan/periksa/").status_code == 200  # the key is made here
    session = client.session
    before = dict(session.items())
    assert before[SESSION_KEY]["submission_key"]

    assert client.post("/en/permohonan/periksa/")["Location"].endswith("/permohonan/selesai/")
    # The second tap was read with the session as it was before the first answered.
    session = client.session
    session.clear()
    session.update(before)
    session.save()
    again = client.post("/en/permohonan/periksa/")

    assert again.status_code == 302 and again["Location"].endswith("/permohonan/selesai/")
    number = _confirmation(client)
    assert InformationRequest.objects.get().registration_number == number
    assert SESSION_KEY not in client.session


def test_changing_an_answer_after_the_check_page_makes_a_new_key(client):
    fill_until_check(client, prefix="/en")
    client.get("/en/permohonan/periksa/")
    key = client.session[SESSION_KEY]["submission_key"]
    response = client.post(
        step_url("contact", "/en"),
        {**answers("individual")["contact"], "email": "other@example.org"},
    )
    assert response.status_code == 302
    assert "submission_key" not in client.session[SESSION_KEY]
    client.get("/en/permohonan/periksa/")
    assert client.session[SESSION_KEY]["submission_key"] != key
