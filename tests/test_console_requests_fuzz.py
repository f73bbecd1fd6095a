"""No input to the request console gives a 500: hypothesis posts junk to every form and filter."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.console_support import make_request
from tests.text_strategies import hostile_form_text

pytestmark = pytest.mark.django_db

junk = st.one_of(
    hostile_form_text,
    st.text(max_size=200),
    st.sampled_from(["", " ", "\x00", "-1", "0", "99999999999999999999", "2026-02-30", "25:61", "a" * 6000]),
)
FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture
def setup(make_staff, verified_client):
    client = verified_client(make_staff("fuzz-ppid", ("35.04", "ppid")))
    return client, make_request().registration_number


def _file_name(text: str) -> str:
    """A name the client can send (no path separators, not empty), with a junk extension."""
    extension = "".join(ch for ch in text if ch.isalnum())[:10]
    return f"document.{extension}" if extension else "document"


def _ok(response):
    assert response.status_code < 500, response.status_code


@FUZZ
@given(values=st.lists(junk, min_size=16, max_size=16))
def test_request_console_forms_never_fail(setup, values):
    client, number = setup
    base = f"/office/units/35.04/requests/{number}/"
    _ok(
        client.get(
            "/office/units/35.04/requests/", {"status": values[0], "due_within": values[1], "page": values[2]}
        )
    )
    _ok(client.post(base + "extend/", {"reason": values[3]}))
    _ok(client.post(base + "forward/", {"unit": values[4], "reason": values[5]}))
    decision = {
        "outcome": values[6],
        "explanation": values[7],
        "exemption_basis": values[8],
        "held_by": values[9],
        "material": values[10],
        "fee_rupiah": values[11],
        "documents": [SimpleUploadedFile(_file_name(values[12]), values[13].encode("utf-8", "replace"))],
    }
    _ok(client.post(base + "decide/", decision))
    fields = ("channel", "received_date", "received_time", "requester_type", "name", "nik", "email", "phone")
    _ok(client.post("/office/units/35.04/requests/new/", dict(zip(fields, values[8:16], strict=True))))
    _ok(client.get(f"/office/units/35.04/requests/{values[14][:40]}/"))
    _ok(client.post(base + "withdraw/", {"note": values[15]}))
