"""Internal text never reaches people: source notes, survey caveats, timeline notes and error
messages in the page's language and in words (not codes); help texts translated per request."""

import re

import pytest
from django.urls import reverse as django_reverse
from django.utils import translation
from freezegun import freeze_time
from tests.catalog_support import catalog_staff, draft
from tests.console_support import make_request
from tests.objection_support import at, objection_filed_on_refusal, objection_staff

pytestmark = pytest.mark.django_db


def reverse(name, **kwargs) -> str:
    """The Indonesian (unprefixed) path, whatever language the last request left active."""
    with translation.override("id"):
        return django_reverse(name, **kwargs)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- 4(a) the source notes of the information types ------------------------------------------------


def test_the_checklist_shows_its_source_notes_in_indonesian(make_staff, verified_client):
    _officer, ppid = catalog_staff(make_staff)
    client = verified_client(ppid)
    for url in ("/office/units/35.04/", reverse("office:catalog-checklist", kwargs={"code": "35.04"})):
        body = text(client.get(url))
        assert "list as copied in the PPID Sumbar handbook" not in body
        assert "secondary sources; text not checked" not in body
        assert "disalin dalam buku panduan PPID Sumbar" in body
    english = text(client.get("/en" + reverse("office:catalog-checklist", kwargs={"code": "35.04"})))
    assert "list as copied in the PPID Sumbar handbook" in english


# --- 4(b) the survey's caveats ---------------------------------------------------------------------


def test_the_survey_caveats_are_translated(make_staff, verified_client):
    officer = make_staff("petugas", ("35.04", "officer"))
    body = text(verified_client(officer).get("/office/units/35.04/survey/"))
    assert "population = requests decided in the period" not in body
    assert "weight 1/9" not in body and "bobot 1/9" in body
    english = text(verified_client(officer).get("/en/office/units/35.04/survey/"))
    assert "weight 1/9 (printed 0.111)" in english


# --- 4(c) the request's timeline names the document viewed ----------------------------------------


def test_the_request_timeline_names_the_identity_document_in_words(make_staff, verified_client):
    officer = make_staff("petugas", ("35.04", "officer"))
    item = make_request(requester_type="group", group_name="Forum Warga", authorisation=True)
    client = verified_client(officer)
    kwargs = {"code": "35.04", "number": item.registration_number}
    client.get(reverse("office:request-identity", kwargs=kwargs))
    client.get(reverse("office:request-authorisation", kwargs=kwargs))
    body = text(client.get(reverse("office:request", kwargs=kwargs)))
    assert "identity_document" not in body and "authorisation_document" not in body
    assert "Dokumen identitas" in body and "Surat kuasa" in body


# --- 4(d) the objection's timeline -----------------------------------------------------------------


def test_the_objection_timeline_shows_notes_in_words(make_staff, verified_client):
    staff = objection_staff(make_staff)
    objection = objection_filed_on_refusal(staff)[0].objection
    with freeze_time(at(2026, 3, 12, 9, 0)):
        body = text(
            verified_client(staff["atasan"]).get(f"/en/office/units/35.04/objections/{objection.number}/")
        )
    assert "<td>rejected</td>" not in body and "<td>a</td>" not in body
    assert "<td>Rejected</td>" in body
    assert "refused on the ground of an exemption" in body.split("<caption", 2)[-1]


# --- 4(e) error messages name choices in words ---------------------------------------------------


def test_the_decision_form_asks_for_a_ground_in_words(make_staff, verified_client):
    client = verified_client(make_staff("petugas", ("35.04", "officer")))
    item = make_request()
    url = reverse("office:request-decide", kwargs={"code": "35.04", "number": item.registration_number})
    data = {"outcome": "rejected", "explanation": "Tidak.", "material": "", "fee_rupiah": "0"}
    response = client.post(url, data)
    errors = " ".join(response.context["form"].errors["exemption_basis"])
    assert "bawaslu_a" not in errors and ", b, c" not in errors
    assert "bawaslu_a" not in text(response).split("error-summary", 1)[1].split("</div>", 1)[0]


def test_the_readiness_page_names_the_scopes_in_words(make_staff, verified_client):
    client = verified_client(make_staff("ppid", ("35.04", "ppid")))
    response = client.get("/en/office/units/35.04/readiness/?scope=zzz")
    assert response.status_code == 422
    body = text(response)
    assert "unit, tree" not in body and "This unit alone" in body.split("error-summary", 1)[1]


# --- 5. help texts follow the request's language --------------------------------------------------


@pytest.mark.parametrize(
    "prefix, expected, other",
    [("/en", "PDF only, up to", "Hanya PDF"), ("", "Hanya PDF", "PDF only, up to")],
)
def test_the_documents_help_is_in_the_pages_language(make_staff, verified_client, prefix, expected, other):
    officer, ppid = catalog_staff(make_staff)
    client = verified_client(officer)
    entry = draft(officer)
    for name, kwargs in (("office:catalog-new", {}), ("office:catalog-edit", {"pk": entry.pk})):
        body = text(client.get(prefix + reverse(name, kwargs={"code": "35.04", **kwargs})))
        assert expected in body and other not in body
    exemption = text(
        verified_client(ppid).get(prefix + reverse("office:catalog-exemption-new", kwargs={"code": "35.04"}))
    )
    participants = "One per line, with the position" if prefix else "Satu per baris, dengan jabatannya"
    assert participants in exemption
