"""Free text through every channel gets the one rule of eppid.core.text (issue 10, items 4 and 11).

Found by a probe on PostgreSQL: a NUL in a text field of the API reached the database and gave a
500; on SQLite it was stored. A right-to-left override made a name show reversed in the console,
a name of zero-width spaces filled a required field, DEL was accepted. Every test here failed
before the rule existed, on both databases.
"""

import json

import pytest
from freezegun import freeze_time
from tests.disclosure_support import pdf_upload, request_data
from tests.objection_support import at, decided_request
from tests.request_support import NIK, step_url

from eppid.accounts.services import api_token_create
from eppid.disclosure.models import InformationRequest
from eppid.disclosure.services import request_submit
from eppid.objections.models import Objection

pytestmark = pytest.mark.django_db

CONTROL = "Remove the control characters from this text."
BIDI = "Remove the text-direction control characters (such as a right-to-left override) from this text."
REQUIRED = "This field is required."
ZERO_WIDTH = "\u200b\u200b\u200b"
RLO_NAME = "\u202eharimA itiS"  # shows as "Siti Amirah" reversed


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


def api_file(client, **overrides):
    body = {**request_data(**overrides), "identity_document": pdf_upload()}
    return client.post("/api/v1/requests", body, HTTP_ACCEPT_LANGUAGE="en")


def staff(make_staff, username, *roles):
    user = make_staff(username, *roles)
    return {
        "HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}",
        "HTTP_ACCEPT_LANGUAGE": "en",
    }


def post_json(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


@pytest.mark.parametrize("field", ["information", "occupation", "purpose", "name", "address", "group_name"])
@pytest.mark.parametrize("bad", ["a\x00b", "a\x7fb", "a\x85b"])
def test_control_characters_in_a_filed_request_are_a_422(client, field, bad):
    response = api_file(
        client, requester_type="group" if field == "group_name" else "individual", **{field: bad}
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"][field] == [CONTROL]
    assert not InformationRequest.objects.exists()


def test_a_right_to_left_override_is_refused_in_every_language(client):
    response = api_file(client, name=RLO_NAME)
    assert response.status_code == 422 and response.json()["errors"]["name"] == [BIDI]
    indonesian = client.post(
        "/api/v1/requests", {**request_data(name="a\u2066b"), "identity_document": pdf_upload()}
    )
    assert indonesian.json()["errors"]["name"] == [
        "Hapus karakter kendali arah teks (seperti penimpaan kanan-ke-kiri) dari teks ini."
    ]


def test_a_name_of_zero_width_spaces_is_missing(client):
    response = api_file(client, name=ZERO_WIDTH, address="\ufeff \u3164")
    assert response.status_code == 422
    assert response.json()["errors"]["name"] == [REQUIRED]
    assert response.json()["errors"]["address"] == [REQUIRED]


def test_a_single_line_field_refuses_line_breaks_and_tabs(client):
    response = api_file(client, name="Siti\nAminah", occupation="a\tb")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"name", "occupation"}
    assert api_file(client, information="Line one\nline two\ttabbed").status_code == 201


def test_text_is_stored_in_nfc_and_trimmed(client):
    decomposed = "Dang Thi\u0323 Ngo\u0323c Ha\u0302n"
    response = api_file(client, name=f"\u200b {decomposed} \ufeff", address="Jl. Merdeka\u2028Tulungagung")
    assert response.status_code == 201, response.content
    row = InformationRequest.objects.get()
    assert row.name == "Dang Thị Ngọc Hân"
    assert row.address == "Jl. Merdeka\nTulungagung"


def test_a_lone_surrogate_in_json_is_a_422(client, make_staff):
    ppid = make_staff("ppid", ("35.04", "ppid"))
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    body = {
        "registration_number": request.registration_number,
        "tracking_code": code,
        "reason": "a",
        "statement": "Saya keberatan \ud800",
    }
    with freeze_time(at(2026, 3, 11, 9, 0)):
        response = post_json(client, "/api/v1/objections", body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == {
        "statement": ["This text contains broken characters (invalid Unicode). Type it again."]
    }
    assert not Objection.objects.exists()


def test_an_objection_statement_with_nul_is_a_422(client, make_staff):
    ppid = make_staff("ppid", ("35.04", "ppid"))
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    body = {"registration_number": request.registration_number, "tracking_code": code, "reason": "a"}
    response = post_json(
        client, "/api/v1/objections", {**body, "statement": "a\x00b"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422 and response.json()["errors"]["statement"] == [CONTROL]
    periodic = {
        key: value
        for key, value in request_data(name="Si\x00ti").items()
        if key in {"unit", "requester_type", "name", "nik", "email", "phone", "address", "occupation"}
    }
    response = client.post(
        "/api/v1/objections/periodic",
        {**periodic, "statement": "No report", "identity_document": pdf_upload()},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422 and response.json()["errors"]["name"] == [CONTROL]


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("extend", {"reason": "a\x00b"}, "reason"),
        ("forward", {"unit": "35", "reason": "a\x00b"}, "reason"),
        ("decision", {"outcome": "rejected", "exemption_basis": "a", "explanation": "a\x00b"}, "explanation"),
        ("decision", {"outcome": "not_held", "held_by": "KPU\x00"}, "held_by"),
        ("decision", {"outcome": "granted", "material": "a\u202eb"}, "material"),
    ],
)
def test_staff_request_actions_refuse_bad_text(client, make_staff, action, body, field):
    headers = staff(make_staff, "officer", ("35.04", "officer"), ("35", "officer"))
    filed = request_submit(data=request_data(), identity_document=pdf_upload())
    url = f"/api/v1/staff/requests/{filed.request.registration_number}/{action}"
    response = post_json(client, url, body, **headers)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    filed.request.refresh_from_db()
    assert filed.request.status == "received" and not filed.request.extended


def test_staff_objection_actions_refuse_bad_text(client, make_staff):
    ppid = make_staff("ppid", ("35.04", "ppid"))
    request, code = decided_request(ppid, at(2026, 3, 10, 11, 0))
    body = {"registration_number": request.registration_number, "tracking_code": code, "reason": "a"}
    with freeze_time(at(2026, 3, 11, 9, 0)):
        number = post_json(client, "/api/v1/objections", {**body, "statement": "Saya keberatan"}).json()[
            "objection_number"
        ]
    headers = staff(make_staff, "atasan", ("35.04", "superior"))
    url = f"/api/v1/staff/objections/{number}"
    with freeze_time(at(2026, 3, 17, 10, 0)):
        decided = post_json(
            client, f"{url}/decision", {"outcome": "dismissed", "explanation": "a\x00b"}, **headers
        )
        assert decided.status_code == 422 and decided.json()["errors"]["explanation"] == [CONTROL]
        invisible = post_json(
            client, f"{url}/decision", {"outcome": "dismissed", "explanation": ZERO_WIDTH}, **headers
        )
        assert invisible.status_code == 422 and "explanation" in invisible.json()["errors"]
    assert Objection.objects.get().decided_at is None


@pytest.mark.parametrize("path", ["/api/v1/staff/requests", "/api/v1/staff/objections"])
@pytest.mark.parametrize("status", ["%00", "a%00", "%E2%80%AEx"])
def test_staff_list_filters_refuse_bad_text(client, make_staff, path, status):
    headers = staff(make_staff, "officer", ("35.04", "officer"), ("35.04", "superior"))
    response = client.get(f"{path}?status={status}", **headers)
    assert response.status_code == 422, response.content
    assert "status" in response.json()["errors"]


def test_register_query_refuses_bad_text(client, make_staff):
    headers = staff(make_staff, "officer", ("35.04", "officer"))
    response = client.get(
        "/api/v1/staff/requests/register?unit=35.04%00&from=2026-01-01&to=2026-12-31", **headers
    )
    assert response.status_code == 422


# The portal and the console: the same rule, shown on the form.


def wizard_to_identity(client):
    client.post(step_url("unit", "/en"), {"unit": "35.04"})
    client.post(step_url("requester-type", "/en"), {"requester_type": "individual"})


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (RLO_NAME, BIDI),
        ("Bu\x7fdi", CONTROL),
        ("Bu\x00di", CONTROL),
        (ZERO_WIDTH, "Enter the full name."),
        ("\u3164\u3164", "Enter the full name."),
    ],
)
def test_the_wizard_refuses_the_same_names(client, name, message):
    wizard_to_identity(client)
    response = client.post(step_url("identity", "/en"), {"name": name, "nik": NIK})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_wizard_stores_nfc(client):
    wizard_to_identity(client)
    response = client.post(step_url("identity", "/en"), {"name": " Ngo\u0323c \u200b", "nik": NIK})
    assert response.status_code == 302
    from eppid.portal.request_wizard import SESSION_KEY

    assert client.session[SESSION_KEY]["steps"]["identity"]["name"] == "Ngọc"


def test_the_desk_register_refuses_an_override_in_the_name(make_staff, verified_client):
    from datetime import timedelta

    from django.utils import timezone
    from tests.console_support import request_data as desk_data

    officer = make_staff("petugas", ("35.04", "officer"))
    when = timezone.localtime(timezone.now() - timedelta(days=2))
    data = desk_data(
        channel="post", received_date=when.date().isoformat(), received_time=when.strftime("%H:%M")
    )
    data.pop("unit")
    response = verified_client(officer).post(
        "/en/office/units/35.04/requests/new/", {**data, "name": RLO_NAME, "information": ZERO_WIDTH}
    )
    errors = response.context["form"].errors
    assert errors["name"] == [BIDI] and errors["information"] == [REQUIRED]
    assert not InformationRequest.objects.exists()


def test_console_actions_refuse_bad_text(make_staff, verified_client):
    officer = make_staff("petugas", ("35.04", "officer"))
    filed = request_submit(data=request_data(), identity_document=pdf_upload())
    client = verified_client(officer)
    url = f"/en/office/units/35.04/requests/{filed.request.registration_number}/extend/"
    response = client.post(url, {"reason": "a\u202eb"})
    assert response.context["form"].errors["reason"] == [BIDI]
    response = client.post(url, {"reason": ZERO_WIDTH})
    assert response.context["form"].errors["reason"] == [REQUIRED]
    filed.request.refresh_from_db()
    assert not filed.request.extended


def test_the_services_refuse_what_the_forms_refuse():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        request_submit(data=request_data(name=RLO_NAME, purpose="x\x00"), identity_document=pdf_upload())
    assert set(caught.value.message_dict) == {"name", "purpose"}
    assert not InformationRequest.objects.exists()
