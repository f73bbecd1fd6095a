"""No input gives a 500: hypothesis throws arbitrary text at every public and staff form and endpoint.

Runs on both databases in CI (`make test`, then `make test` with DATABASE_URL on PostgreSQL);
PostgreSQL refuses NUL characters in queries and stored text, which is exactly the kind of input
that turns a forgotten validation into a server error. The API has its own: test_api_fuzz.py.
"""

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.fuzz_support import SETTINGS, junk


def _ok(response):
    assert response.status_code < 500, response.content[:500]


@pytest.mark.django_db
@SETTINGS
@given(q=junk, level=junk, parent=junk, page=junk)
def test_public_unit_search(client, q, level, parent, page):
    _ok(client.get("/units/", {"q": q, "level": level, "parent": parent, "page": page}))
    _ok(client.get("/en/units/", {"q": q}))


@pytest.mark.django_db
@SETTINGS
@given(code=junk)
def test_public_unit_page(client, code):
    _ok(client.get(f"/units/{quote(code, safe='')}/"))
    _ok(client.get(f"/api/v1/units/{quote(code, safe='')}"))


VALID_UNIT_QUERY = {"q": "jawa", "level": "province", "parent": "00", "page": "1", "page_size": "10"}


@pytest.mark.django_db
@SETTINGS
@given(name=st.sampled_from(sorted(VALID_UNIT_QUERY)), value=junk)
def test_units_api(client, name, value):
    # One odd parameter among valid ones: otherwise an early 422 hides what a query would do.
    _ok(client.get("/api/v1/units", {**VALID_UNIT_QUERY, name: value}))
    _ok(client.get("/units/", {**VALID_UNIT_QUERY, name: value}))


@pytest.mark.django_db
@SETTINGS
@given(username=junk, password=junk, email=junk, authorization=junk)
def test_sign_in_and_reset_forms(client, username, password, email, authorization):
    _ok(client.post("/accounts/login/", {"username": username, "password": password}))
    _ok(client.post("/accounts/password-reset/", {"email": email}))
    _ok(client.get("/api/v1/staff/me", HTTP_AUTHORIZATION=authorization))
    _ok(client.get("/api/v1/staff/me", HTTP_AUTHORIZATION=f"Bearer {authorization}"))


@pytest.fixture
def admin_client(make_staff, verified_client):
    user = make_staff("fuzz-admin", ("35.04", "unit_admin"))
    return verified_client(user)


@pytest.mark.django_db
@SETTINGS
@given(values=st.lists(junk, min_size=12, max_size=12))
def test_staff_forms(admin_client, values):
    from eppid.organisation.services import PROFILE_FIELDS

    profile = dict(zip(PROFILE_FIELDS, values, strict=False))
    _ok(admin_client.post("/office/units/35.04/profile/", profile))
    _ok(admin_client.post("/office/units/35.04/members/", {"username": values[0], "role": values[1]}))
    _ok(
        admin_client.post(
            "/office/calendar/closures/new/", {"date": values[2], "unit": values[3], "reason": values[4]}
        )
    )
    _ok(admin_client.post("/accounts/reauth/", {"password": values[5], "code": values[6]}))
    _ok(admin_client.get(f"/office/units/{quote(values[7], safe='')}/"))
    _ok(
        admin_client.post(
            "/office/calendar/elections/new/",
            {
                "name": values[8],
                "starts_on": values[9],
                "ends_on": values[10],
                "unit": values[11],
                "basis": values[0],
            },
        )
    )


WIZARD_FIELDS = {
    "unit": ["unit"],
    "requester-type": ["requester_type"],
    "identity": ["name", "nik", "group_name", "legal_entity_number"],
    "contact": ["email", "phone", "address", "occupation"],
    "information": ["information", "purpose", "election_information"],
    "access": ["access_method", "copy_format", "delivery"],
}


@pytest.fixture
def wizard_client(client):
    from tests.request_support import fill_until_check

    fill_until_check(client, requester_type="group")
    return client


@pytest.mark.django_db
@SETTINGS
@given(step=st.sampled_from(sorted(WIZARD_FIELDS)), values=st.lists(junk, min_size=4, max_size=4), q=junk)
def test_request_wizard_steps(wizard_client, step, values, q):
    data = dict(zip(WIZARD_FIELDS[step], values, strict=False))
    _ok(wizard_client.post(f"/permohonan/{step}/", {**data, "change": values[0]}))
    _ok(wizard_client.post(f"/en/permohonan/{step}/?change=1", data))
    _ok(wizard_client.get("/permohonan/unit/", {"q": q, "change": values[1]}))
    _ok(wizard_client.get("/permohonan/", {"unit": q}))
    _ok(wizard_client.get("/permohonan/periksa/"))


@pytest.mark.django_db
@SETTINGS
@given(
    content=st.binary(max_size=2000),
    name=junk,
    kind=st.sampled_from([b"", b"%PDF-1.7\n", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"]),
)
def test_request_wizard_uploads(wizard_client, content, name, kind):
    from django.core.files.uploadedfile import SimpleUploadedFile

    filename = "".join(ch for ch in name if ch not in "/\\\x00")[:50].strip() or "x"
    if filename.strip(".") == "":
        filename = "x"  # a browser never sends "." or ".." as a file name
    upload = SimpleUploadedFile(filename, kind + content)
    _ok(wizard_client.post("/permohonan/documents/", {"identity_document": upload}))


@pytest.mark.django_db
@SETTINGS
@given(number=junk, code=junk)
def test_request_status_page(client, settings, number, code):
    settings.RATELIMIT_ENABLE = False
    _ok(client.post("/permohonan/status/", {"registration_number": number, "tracking_code": code}))
    _ok(client.get(f"/permohonan/dokumen/{quote(code, safe='') or 'x'}/"))


@pytest.mark.django_db
@SETTINGS
@given(email=junk, code=junk, token=junk)
def test_serta_merta_subscription_pages(client, email, code, token):
    _ok(client.post("/units/35.04/langganan/", {"email": email}))
    _ok(client.post(f"/units/{quote(code, safe='')}/langganan/", {"email": "a@example.org"}))
    for kind in ("konfirmasi", "berhenti"):
        _ok(client.get(f"/langganan/{kind}/{quote(token, safe='')}/"))
        _ok(client.post(f"/langganan/{kind}/{quote(token, safe='')}/"))
