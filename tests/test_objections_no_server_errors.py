"""No input gives a 500 on the objection pages: hypothesis junk to every citizen and console form
(the pattern of test_no_server_errors.py, with the junk strategy of tests/fuzz_support.py)."""

from urllib.parse import quote

import pytest
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st
from tests.fuzz_support import SETTINGS, junk
from tests.objection_support import at, decided_request

from eppid.objections.models import Objection


def _ok(response):
    assert response.status_code < 500, response.content[:500]


@pytest.mark.django_db
@SETTINGS
@given(values=st.lists(junk, min_size=6, max_size=6))
def test_citizen_objection_forms(client, values):
    _ok(client.post("/keberatan/", {"registration_number": values[0], "tracking_code": values[1]}))
    _ok(client.post("/en/keberatan/status/", {"registration_number": values[2], "tracking_code": values[3]}))
    _ok(client.post("/keberatan/alasan/", {"ground": values[4]}))
    _ok(client.post("/keberatan/pernyataan/", {"statement": values[5]}))
    _ok(client.post("/keberatan/periksa/"))
    _ok(client.get(f"/keberatan/berkala/{quote(values[0], safe='')}/"))
    _ok(client.get("/keberatan/berkala/", {"unit": values[1]}))
    _ok(client.post("/keberatan/berkala/unit/", {"unit": values[2]}))
    _ok(client.get("/keberatan/berkala/unit/", {"q": values[3]}))


@pytest.fixture
def verified_request(make_staff):
    ppid = make_staff("fuzz-ppid", ("35.04", "ppid"))
    return decided_request(ppid, at(2026, 3, 10, 11, 0))


@pytest.mark.django_db
@SETTINGS
@given(ground=junk, statement=junk)
def test_citizen_steps_with_a_verified_request(client, verified_request, ground, statement):
    request, code = verified_request
    with freeze_time(at(2026, 3, 11, 9, 0)):
        client.post(
            "/keberatan/", {"registration_number": request.registration_number, "tracking_code": code}
        )
        _ok(client.post("/keberatan/alasan/", {"ground": ground}))
        client.post("/keberatan/alasan/", {"ground": "a"})
        _ok(client.post("/keberatan/pernyataan/", {"statement": statement}))
        _ok(client.post("/en/keberatan/periksa/"))


@pytest.fixture
def console(make_staff, verified_client, verified_request):
    from eppid.objections.services import objection_file

    request, code = verified_request
    with freeze_time(at(2026, 3, 11, 9, 0)):
        objection_file(
            registration_number=request.registration_number, tracking_code=code, ground="d", statement="Why?"
        )
    user = make_staff("fuzz-atasan", ("35.04", "superior"))
    return verified_client(user), Objection.objects.get()


@pytest.mark.django_db
@SETTINGS
@given(values=st.lists(junk, min_size=8, max_size=8))
def test_console_objection_forms(console, values):
    client, objection = console
    base = f"/office/units/35.04/objections/{objection.number}/"
    _ok(client.get("/office/units/35.04/objections/", {"show": values[0], "page": values[1]}))
    _ok(client.get("/office/units/35.04/objections/register/", {"from": values[2], "to": values[3]}))
    _ok(client.get("/office/units/35.04/objections/register/", {"from": values[2], "format": values[4]}))
    _ok(client.get(f"/office/units/35.04/objections/{quote(values[5], safe='')}/"))
    _ok(client.post(base + "dispute/", {"filed_on": values[6], "stage": values[7], "case_number": values[0]}))
    _ok(client.post(base + "follow-up/", {"note": values[1]}))
    # Last: a valid decision ends the objection's open state for the following examples' forms.
    _ok(client.post(base + "decide/", {"outcome": values[2], "explanation": values[3]}))
