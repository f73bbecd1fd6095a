"""The contract's information-list endpoints (api-v1.md, "Public information list (DIP and DIK)")."""

import csv
import hashlib
import io
import json
import xml.etree.ElementTree as ET

import pytest
from tests.auth_support import bearer_headers
from tests.catalog_support import (
    catalog_staff,
    draft,
    entry_data,
    pdf_file,
    published,
    snapshot,
    text_pdf,
    verify,
)

from eppid.catalog.services import entry_withdraw

pytestmark = pytest.mark.django_db

ITEM_KEYS = {
    "id",
    "title",
    "summary",
    "category",
    "unit",
    "responsible",
    "created",
    "updated",
    "format",
    "retention",
    "documents",
}
DOCUMENT_KEYS = {"name", "url", "sha256", "size"}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def staff(make_staff):
    return catalog_staff(make_staff)


def create(client, user, data=None, files=(), **headers):
    body = dict(entry_data() if data is None else data)
    body.setdefault("unit", "35.04")
    if files:
        body["documents"] = list(files)
    return client.post("/api/v1/staff/information", body, **bearer_headers(user), **headers)


# --- Public list and detail -------------------------------------------------------------------


def test_the_list_has_the_contract_shape_newest_first(client, staff):
    officer, ppid = staff
    older = published(officer, ppid, title="Lama")
    newer = published(officer, ppid, title="Baru", documents=[pdf_file("a.pdf", text_pdf("isi"))])
    response = client.get("/api/v1/information")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2 and body["next"] is None and body["previous"] is None
    assert [item["id"] for item in body["results"]] == [newer.pk, older.pk]
    item = body["results"][0]
    assert set(item) >= ITEM_KEYS
    assert item["category"] == "periodic" and item["unit"] == "35.04"
    assert item["created"] == entry_data()["created"]
    assert item["responsible"] == "Kepala Subbagian Keuangan"
    assert item["format"] == "Softcopy (PDF)" and item["retention"] == "5 tahun"
    assert item["updated"].endswith("Z") or "+" in item["updated"]
    [document] = item["documents"]
    assert set(document) >= DOCUMENT_KEYS
    assert document["sha256"] == hashlib.sha256(text_pdf("isi")).hexdigest()
    assert document["size"] == len(text_pdf("isi"))
    download = client.get(document["url"].removeprefix("http://testserver"))
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == document["sha256"]


def test_drafts_are_never_public(client, staff):
    officer, _ppid = staff
    entry = draft(officer)
    assert client.get("/api/v1/information").json()["count"] == 0
    assert client.get(f"/api/v1/information/{entry.pk}").status_code == 404
    assert client.get("/api/v1/information/999999").status_code == 404
    assert client.get("/api/v1/information/99999999999999999999999").status_code == 404


def test_one_item_by_id(client, staff):
    officer, ppid = staff
    entry = published(officer, ppid)
    response = client.get(f"/api/v1/information/{entry.pk}")
    assert response.status_code == 200
    assert response.json()["id"] == entry.pk and set(response.json()) >= ITEM_KEYS


def test_pagination(client, staff):
    officer, ppid = staff
    for number in range(3):
        published(officer, ppid, title=f"Entri {number}")
    body = client.get("/api/v1/information?page=2&page_size=2").json()
    assert body["count"] == 3 and len(body["results"]) == 1 and body["previous"] and body["next"] is None
    assert client.get("/api/v1/information?page_size=1001").status_code == 422


def test_q_finds_words_of_the_title_the_summary_and_the_pdf(client, staff):
    officer, ppid = staff
    in_pdf = published(
        officer, ppid, title="A", documents=[pdf_file("x.pdf", text_pdf("Sosialisasi pengawasan"))]
    )
    in_title = published(officer, ppid, title="Anggaran Sosialisasi", documents=[])
    other = published(officer, ppid, title="Lain", summary="Tidak relevan.", documents=[])

    def ids(query):
        return {item["id"] for item in client.get("/api/v1/information", {"q": query}).json()["results"]}

    assert ids("sosialisasi") == {in_pdf.pk, in_title.pk}
    assert ids("SOSIALISASI pengawasan") == {in_pdf.pk}
    assert ids("relevan") == {other.pk}
    assert ids("tidak ada kata ini") == set()


def test_unit_and_include_descendants(client, staff, make_staff):
    officer, ppid = staff
    regency = published(officer, ppid)
    jatim_officer, jatim_ppid = catalog_staff(make_staff, "35")
    province = published(jatim_officer, jatim_ppid, code="35")

    def ids(**params):
        response = client.get("/api/v1/information", params)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["results"]}

    assert ids(unit="35") == {province.pk}
    assert ids(unit="35", include_descendants="true") == {province.pk, regency.pk}
    assert ids(unit="35.04", include_descendants="true") == {regency.pk}
    assert ids(unit="00", include_descendants="true") == {province.pk, regency.pk}
    assert ids(unit="00") == set()
    assert ids(unit="", category="", year="", q="", include_descendants="") == {province.pk, regency.pk}


def test_category_and_year_filters(client, staff):
    officer, ppid = staff
    periodic = published(officer, ppid, year="2025", created="2025-02-01")
    immediate = published(officer, ppid, category="immediate", type="public_threat")

    def ids(**params):
        return {item["id"] for item in client.get("/api/v1/information", params).json()["results"]}

    assert ids(category="periodic") == {periodic.pk}
    assert ids(category="immediate") == {immediate.pk}
    assert ids(category="exempt") == set()
    assert ids(year="2025") == {periodic.pk}
    assert ids(type="finances") == {periodic.pk}


@pytest.mark.parametrize(
    "query",
    ["category=secret", "year=dua", "unit=99.99", "include_descendants=maybe", "type=nope", "q=a%00b"],
)
def test_bad_filters_are_422(client, query):
    response = client.get(f"/api/v1/information?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"]


def test_a_withdrawn_entry_leaves_the_list_and_keeps_its_reason(client, staff):
    officer, ppid = staff
    entry = entry_withdraw(entry=published(officer, ppid), actor=ppid, reason="Dokumen keliru.")
    assert client.get("/api/v1/information").json()["count"] == 0
    body = client.get(f"/api/v1/information/{entry.pk}").json()
    assert body["status"] == "withdrawn" and body["withdrawal_reason"] == "Dokumen keliru."
    assert body["documents"][0]["url"] is None and len(body["documents"][0]["sha256"]) == 64


def test_an_exempt_entry_is_listed_under_exempt_and_never_with_its_documents(client, staff):
    officer, ppid = staff
    entry = published(officer, ppid)
    doc = entry.current.links.get().document
    # What the consequence test (issue 12 item 4) will set; no form or endpoint of ours can.
    version = entry.current
    version.category = "exempt"
    version.save()
    body = client.get("/api/v1/information?category=exempt").json()
    assert [item["id"] for item in body["results"]] == [entry.pk]
    assert body["results"][0]["documents"] == []
    assert client.get("/api/v1/information?category=periodic").json()["count"] == 0
    page = client.get(f"/informasi/{entry.pk}/").content.decode()
    assert doc.sha256 not in page
    assert client.get(f"/informasi/{entry.pk}/dokumen/{doc.pk}/a.pdf").status_code == 410
    assert verify()[0] == 0


# --- CSV and Atom -----------------------------------------------------------------------------


def test_csv_has_a_header_row_and_the_same_items(client, staff):
    officer, ppid = staff
    entry = published(officer, ppid, title="=HYPERLINK(1)")
    published(officer, ppid, category="immediate", type="public_threat", title="Banjir")
    response = client.get("/api/v1/information.csv?category=periodic")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert ITEM_KEYS - {"documents"} <= set(rows[0]) and "documents" in rows[0]
    assert [row["id"] for row in rows] == [str(entry.pk)]
    assert rows[0]["title"] == "'=HYPERLINK(1)"  # a spreadsheet shows it as text
    assert rows[0]["documents_sha256"] == entry.current.links.get().document.sha256


def test_atom_is_a_valid_atom_1_0_feed(client, staff):
    officer, ppid = staff
    entries = [published(officer, ppid, title=f"Entri {n}") for n in range(3)]
    response = client.get("/api/v1/information.atom?page_size=2")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed, parsed to check it
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287 4.1.1: a feed has exactly one id, title and updated, and an author (or every entry has).
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    assert feed.find(f"{ATOM}link[@rel='next']") is not None
    items = feed.findall(f"{ATOM}entry")
    assert [item.find(f"{ATOM}title").text for item in items] == ["Entri 2", "Entri 1"]
    for item in items:
        for name in ("id", "title", "updated"):
            assert len(item.findall(f"{ATOM}{name}")) == 1, name
        assert item.find(f"{ATOM}link[@rel='alternate']") is not None
        assert item.find(f"{ATOM}link[@rel='enclosure']").get("type") == "application/pdf"
    last = ET.fromstring(client.get("/api/v1/information.atom?page_size=2&page=2").content)  # noqa: S314
    assert [e.find(f"{ATOM}title").text for e in last.findall(f"{ATOM}entry")] == ["Entri 0"]
    assert last.find(f"{ATOM}link[@rel='next']") is None
    assert entries


def test_dcat_catalogue_lists_the_whole_list_and_each_unit(client, staff):
    officer, ppid = staff
    published(officer, ppid)
    response = client.get("/api/v1/catalog.jsonld")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/ld+json")
    body = json.loads(response.content)
    assert body["@type"] == "dcat:Catalog" and "dcat" in body["@context"]
    identifiers = [dataset["dct:identifier"] for dataset in body["dcat:dataset"]]
    assert identifiers == ["dip", "dip-35.04"]
    unit_set = body["dcat:dataset"][1]
    types = {d["dcat:mediaType"] for d in unit_set["dcat:distribution"]}
    assert types == {"text/csv", "application/atom+xml", "application/json"}
    csv_url = next(
        d["dcat:downloadURL"] for d in unit_set["dcat:distribution"] if d["dcat:mediaType"] == "text/csv"
    )
    assert client.get(csv_url.removeprefix("http://testserver")).status_code == 200


# --- Staff: create and publish ----------------------------------------------------------------


def test_an_officer_creates_a_draft_with_documents(client, staff):
    officer, _ppid = staff
    response = create(client, officer, files=[pdf_file("a.pdf"), pdf_file("b.pdf", text="kedua")])
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "status"} and body["status"] == "draft"
    from eppid.catalog.models import InformationEntry

    entry = InformationEntry.objects.get(pk=body["id"])
    assert entry.draft.links.count() == 2 and entry.created_by == officer
    assert client.get(f"/api/v1/information/{body['id']}").status_code == 404
    assert verify()[0] == 0


def test_the_ppid_publishes_and_it_is_public_at_once(client, staff):
    officer, ppid = staff
    entry_id = create(client, officer).json()["id"]
    response = client.post(f"/api/v1/staff/information/{entry_id}/publish", **bearer_headers(ppid))
    assert response.status_code == 200
    assert response.json() == {"id": entry_id, "status": "published"}
    assert [item["id"] for item in client.get("/api/v1/information").json()["results"]] == [entry_id]
    again = client.post(f"/api/v1/staff/information/{entry_id}/publish", **bearer_headers(ppid))
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"
    assert verify()[0] == 0


def test_an_officer_may_not_publish_and_a_foreign_unit_is_404(client, staff, make_staff):
    officer, _ppid = staff
    entry_id = create(client, officer).json()["id"]
    assert (
        client.post(f"/api/v1/staff/information/{entry_id}/publish", **bearer_headers(officer)).status_code
        == 403
    )
    foreign = make_staff("ppid-bandung", ("32.01", "ppid"))
    assert (
        client.post(f"/api/v1/staff/information/{entry_id}/publish", **bearer_headers(foreign)).status_code
        == 404
    )
    assert (
        client.post("/api/v1/staff/information/999999/publish", **bearer_headers(officer)).status_code == 404
    )
    assert client.post(f"/api/v1/staff/information/{entry_id}/publish").status_code == 401


def test_create_in_a_foreign_unit_is_404_and_without_the_right_403(client, make_staff):
    foreign = make_staff("petugas-bandung", ("32.01", "officer"))
    assert create(client, foreign).status_code == 404
    auditor = make_staff("auditor", ("35.04", "auditor"))
    assert create(client, auditor).status_code == 403
    unit_admin = make_staff("admin-unit", ("35.04", "unit_admin"))
    assert create(client, unit_admin).status_code == 403


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"unit": ""}, "unit"),
        ({"unit": "99.99"}, "unit"),
        ({"category": "exempt"}, "category"),
        ({"category": ""}, "category"),
        ({"created": "31-01-2026"}, "created"),
        ({"title": ""}, "title"),
        ({"title": "x" * 301}, "title"),
    ],
)
def test_bad_input_is_422_in_the_callers_language_and_changes_nothing(client, staff, changes, field):
    officer, _ppid = staff
    before = snapshot()
    data = {**entry_data(), "unit": "35.04", **changes}
    english = create(client, officer, data, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 422, english.content
    assert field in english.json()["errors"]
    indonesian = create(client, officer, data, HTTP_ACCEPT_LANGUAGE="id")
    assert indonesian.status_code == 422
    assert indonesian.json()["errors"][field] != english.json()["errors"][field]
    assert snapshot() == before


def test_a_non_pdf_document_is_422_and_changes_nothing(client, staff):
    officer, _ppid = staff
    before = snapshot()
    response = create(client, officer, files=[pdf_file("laporan.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 50)])
    assert response.status_code == 422
    assert "laporan.pdf" in response.json()["errors"]["documents"][0]
    assert snapshot() == before
