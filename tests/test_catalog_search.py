"""Search of the information list (issue 12 item 6), on whichever database the run uses.

PostgreSQL: full-text search (``simple`` with ``unaccent``) plus trigram correction of misspelt
words; SQLite: FTS5. Both through the one selector, the public page and the API.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from tests.catalog_support import catalog_staff, entry_data, pdf_file, published, text_pdf

from eppid.catalog.models import SearchDocument
from eppid.catalog.search_query import engine
from eppid.catalog.selectors import information_search, search_highlights
from eppid.catalog.services import entry_draft_update, entry_publish, entry_version_start, entry_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_staff):
    return catalog_staff(make_staff)


def titles(**filters) -> list[str]:
    return [entry.current.title for entry in information_search(order="relevance", **filters)]


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_engine_is_the_databases_own():
    assert engine() == {"postgresql": "postgresql", "sqlite": "fts5"}[connection.vendor]


def test_a_word_inside_a_pdf_is_found_any_case_and_accent(staff):
    officer, ppid = staff
    published(
        officer,
        ppid,
        title="Laporan tahunan",
        documents=[pdf_file("a.pdf", text_pdf("Rekapitulasi pengawasan kampanye di Tulungagung"))],
    )
    published(officer, ppid, title="Profil kantor", documents=[])
    assert titles(q="rekapitulasi") == ["Laporan tahunan"]
    assert titles(q="REKAPITULASI Kampanye") == ["Laporan tahunan"]  # every word, any case
    assert titles(q="rékapitulasi") == ["Laporan tahunan"]  # accents do not matter
    assert titles(q="rekapitulasi profil") == []  # every word is needed


def test_a_misspelt_word_finds_the_word_meant(staff):
    if connection.vendor != "postgresql":
        pytest.skip("FTS5 has no fuzzy matching (spellfix1 is not in Python's sqlite3): PostgreSQL only")
    officer, ppid = staff
    published(officer, ppid, title="Pengawasan kampanye", documents=[])
    published(officer, ppid, title="Profil kantor", documents=[])
    assert titles(q="pengawasn") == ["Pengawasan kampanye"]
    assert titles(q="kampanye pengawassan") == ["Pengawasan kampanye"]


def test_the_title_ranks_above_the_summary_above_the_documents(staff):
    officer, ppid = staff
    published(
        officer,
        ppid,
        title="Lain A",
        documents=[pdf_file("a.pdf", text_pdf("Dokumen tentang netralitas ASN"))],
    )
    published(officer, ppid, title="Netralitas aparatur", documents=[])
    published(officer, ppid, title="Lain B", summary="Ringkasan tentang netralitas.", documents=[])
    assert titles(q="netralitas") == ["Netralitas aparatur", "Lain B", "Lain A"]
    # The API keeps the contract's order: newest first.
    assert [item["title"] for item in _api({"q": "netralitas"})["results"]] == [
        "Lain B",
        "Netralitas aparatur",
        "Lain A",
    ]


def _api(params):
    from django.test import Client

    response = Client().get("/api/v1/information", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_filters_unit_with_descendants_category_and_year(staff, make_staff):
    officer, ppid = staff
    published(officer, ppid, title="Hibah kabupaten 2024", year="2024", documents=[])
    published(officer, ppid, title="Hibah kabupaten serta merta", category="immediate", documents=[])
    province_officer, province_ppid = catalog_staff(make_staff, "35")
    published(province_officer, province_ppid, code="35", title="Hibah provinsi", documents=[])
    other_officer, other_ppid = catalog_staff(make_staff, "33")
    published(other_officer, other_ppid, code="33", title="Hibah Jawa Tengah", documents=[])
    from eppid.organisation.models import Unit

    province = Unit.objects.get(code="35")
    assert set(titles(q="hibah", unit=province)) == {"Hibah provinsi"}
    assert set(titles(q="hibah", unit=province, include_descendants=True)) == {
        "Hibah provinsi",
        "Hibah kabupaten 2024",
        "Hibah kabupaten serta merta",
    }
    assert titles(q="hibah", category="immediate") == ["Hibah kabupaten serta merta"]
    assert titles(q="hibah", year=2024) == ["Hibah kabupaten 2024"]
    items = _api({"q": "hibah", "unit": "35", "include_descendants": "true", "year": "2024"})["results"]
    assert [item["title"] for item in items] == ["Hibah kabupaten 2024"]


def test_withdrawn_entries_and_replaced_versions_are_not_found(staff):
    officer, ppid = staff
    gone = published(officer, ppid, title="Pengumuman lelang", documents=[])
    renewed = published(
        officer,
        ppid,
        title="Jadwal lama",
        documents=[pdf_file("j.pdf", text_pdf("Jadwal sosialisasi pertama"))],
    )
    assert titles(q="lelang") == ["Pengumuman lelang"]
    entry_withdraw(entry=gone, actor=ppid, reason="Salah unggah dokumen.")
    assert titles(q="lelang") == []
    assert not SearchDocument.objects.filter(entry=gone).exists()

    entry_version_start(entry=renewed, actor=officer)
    renewed.refresh_from_db()
    old_document = renewed.draft.links.get().document_id
    entry_draft_update(
        entry=renewed,
        actor=officer,
        data=entry_data(title="Jadwal baru"),
        documents=[pdf_file("k.pdf", text_pdf("Jadwal verifikasi faktual"))],
        remove=[old_document],
    )
    assert titles(q="sosialisasi") == ["Jadwal lama"]  # the draft is not public yet
    assert titles(q="verifikasi") == []
    entry_publish(entry=renewed, actor=ppid)
    assert titles(q="verifikasi") == ["Jadwal baru"]
    assert titles(q="sosialisasi") == []


def test_the_rebuild_command_indexes_what_the_services_did(staff):
    officer, ppid = staff
    published(
        officer,
        ppid,
        title="Daftar aset",
        documents=[pdf_file("a.pdf", text_pdf("Inventaris kendaraan dinas"))],
    )
    SearchDocument.objects.all().delete()
    assert titles(q="inventaris") == []
    out = io.StringIO()
    call_command("catalog_search_rebuild", stdout=out)
    assert "1 published" in out.getvalue()
    assert titles(q="inventaris") == ["Daftar aset"]


def test_the_results_page_marks_the_words_and_escapes_everything_else(client, staff):
    officer, ppid = staff
    published(
        officer,
        ppid,
        title='<script>alert("x")</script> Anggaran <b>desa</b>',
        summary="Anggaran & realisasi <img src=x onerror=alert(1)>",
        documents=[],
    )
    published(
        officer,
        ppid,
        title="Lain",
        documents=[pdf_file("a.pdf", text_pdf("Anggaran <i>pilkada</i> serentak"))],
    )
    html = page(client.get(reverse("portal:information"), {"q": "anggaran"}))
    assert "<mark>Anggaran</mark>" in html
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>desa</b>" not in html
    # The document's passage is shown without its tags: escaped (FTS5) or left out (ts_headline).
    assert "<i>pilkada" not in html and "pilkada" in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html
    marks = search_highlights(information_search(q="anggaran"), "anggaran")
    for highlight in marks.values():
        for part in (highlight.title, highlight.snippet):
            assert re.sub(r"</?mark>", "", str(part)).count("<") == 0


@pytest.mark.parametrize(
    "q",
    [
        "x" * 5000,
        "anggaran\x00desa",
        "\x00",
        '"',
        '"anggaran',
        "anggaran*",
        "*",
        "NEAR(anggaran desa)",
        "NEAR(",
        "title:anggaran",
        "anggaran OR desa AND NOT x",
        "-anggaran ^desa {a b}",
        "a'b\\c;--",
        "\ud7ff\ue000\ue001",
        " ".join(["kata"] * 300),
        "!!! ??? ...",
    ],
)
def test_bad_queries_never_fail(client, staff, q):
    officer, ppid = staff
    published(officer, ppid, title="Anggaran desa", documents=[])
    assert client.get(reverse("portal:information"), {"q": q}).status_code == 200
    assert (
        client.get("/en" + reverse("portal:unit-information", kwargs={"code": "35.04"}), {"q": q}).status_code
        == 200
    )
    api = client.get("/api/v1/information", {"q": q})
    assert api.status_code in (200, 422), api.status_code
    list(information_search(q=q, order="relevance"))
    search_highlights(information_search(q=q), q)


def test_signs_alone_find_nothing(staff):
    officer, ppid = staff
    published(officer, ppid, documents=[])
    assert titles(q="***") == []
    assert len(titles(q="")) == 1


def test_every_public_page_has_the_search_box_in_both_languages(client, staff):
    officer, ppid = staff
    published(officer, ppid, title="Realisasi belanja", documents=[])
    for prefix, action in (("", "/informasi/"), ("/en", "/en/informasi/")):
        for path in ("/", "/units/35.04/", "/verifikasi/"):
            html = page(client.get(prefix + path))
            assert f'<form class="site-search" method="get" action="{action}" role="search"' in html, path
    results = page(client.get("/en/informasi/", {"q": "realisasi"}))
    assert "<mark>Realisasi</mark>" in results and '<html lang="en">' in results
    # The results page has the full search form (with the filters) instead of the header's box.
    assert 'class="site-search"' not in results and 'name="q"' in results


def test_the_results_page_ranks_the_newest_matches_only(client, staff, monkeypatch):
    from eppid.catalog import selectors

    officer, ppid = staff
    for title in ("Arsip pemilu satu", "Arsip pemilu dua", "Arsip pemilu tiga"):
        published(officer, ppid, title=title, documents=[])
    monkeypatch.setattr(selectors, "RANK_WINDOW", 2)
    assert set(titles(q="arsip")) == {"Arsip pemilu dua", "Arsip pemilu tiga"}
    html = page(client.get("/en/informasi/", {"q": "arsip"}))
    assert "Only the 2 newest matches are shown" in html
    assert len(_api({"q": "arsip"})["results"]) == 3  # the API lists every match


def test_a_scan_without_text_is_flagged_on_the_console_entry_page(staff, verified_client):
    from django.utils import translation
    from tests.catalog_support import draft, scan_pdf

    officer, _ppid = staff
    entry = draft(officer, documents=[pdf_file("scan.pdf", scan_pdf())])
    with translation.override("en"):
        url = reverse("office:catalog-entry", kwargs={"code": "35.04", "pk": entry.pk})
    html = page(verified_client(officer).get(url))
    assert "No text found: probably a scan" in html and "Citizens cannot find it by its words" in html
