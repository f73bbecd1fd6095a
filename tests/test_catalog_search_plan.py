"""How the results page's ranked window is read (decision 1530): the same results whichever
way PostgreSQL finds the newest matches, a province with the units below it from the search
row's region, and a page that reads only its own entries."""

import pytest
from django.db import connection
from django.db.models import Q
from tests.catalog_support import catalog_staff, pdf_file, published, text_pdf

from eppid.catalog import search_plan, search_query
from eppid.catalog.models import SearchDocument
from eppid.catalog.selectors import information_search, search_highlights

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_staff):
    return catalog_staff(make_staff)


def _titles(**filters) -> list[str]:
    return [entry.current.title for entry in information_search(order="relevance", **filters)]


def test_the_search_row_holds_the_region_of_its_unit(staff, make_staff):
    officer, ppid = staff
    regency = published(officer, ppid, title="Hibah kabupaten", documents=[])
    province_officer, province_ppid = catalog_staff(make_staff, "35")
    province = published(province_officer, province_ppid, code="35", title="Hibah provinsi", documents=[])
    assert SearchDocument.objects.get(entry=regency).region == "35"
    assert SearchDocument.objects.get(entry=province).region == "35"


@pytest.mark.parametrize("walk", [True, False])
def test_the_same_results_whichever_way_the_newest_matches_are_found(staff, make_staff, monkeypatch, walk):
    if connection.vendor != "postgresql":
        pytest.skip("the choice of plan is PostgreSQL's (FTS5 has one way)")
    monkeypatch.setattr(search_plan, "walk_is_cheaper", lambda *args: walk)
    officer, ppid = staff
    published(officer, ppid, title="Lain A", documents=[pdf_file("a.pdf", text_pdf("Netralitas ASN"))])
    published(officer, ppid, title="Netralitas aparatur", year="2024", documents=[])
    published(officer, ppid, title="Lain B", summary="Tentang netralitas.", documents=[])
    other_officer, other_ppid = catalog_staff(make_staff, "33")
    published(other_officer, other_ppid, code="33", title="Netralitas Jawa Tengah", documents=[])
    from eppid.organisation.models import Unit

    # Title before summary before documents; equal ranks newest first.
    everywhere = ["Netralitas Jawa Tengah", "Netralitas aparatur", "Lain B", "Lain A"]
    assert _titles(q="netralitas") == everywhere
    province = Unit.objects.get(code="35")
    assert _titles(q="netralitas", unit=province, include_descendants=True) == [
        "Netralitas aparatur",
        "Lain B",
        "Lain A",
    ]
    assert _titles(q="netralitas", year=2024) == ["Netralitas aparatur"]
    assert _titles(q="netralitas tidakada") == []


def test_a_page_reads_only_its_own_entries(staff, django_assert_num_queries):
    officer, ppid = staff
    for title in ("Arsip satu", "Arsip dua", "Arsip tiga"):
        published(officer, ppid, title=title, documents=[])
    results = information_search(q="arsip", order="relevance")
    with django_assert_num_queries(0):
        assert results.count() == 3 and len(results) == 3
    with django_assert_num_queries(2):  # the entries with their unit and version, their documents
        page = results[1:3]
    assert [entry.current.title for entry in page] == [entry.current.title for entry in list(results)[1:3]]
    assert all(hasattr(entry, "rank") for entry in page)
    # PostgreSQL marks the words of a page as it reads it; FTS5 asks its own table.
    with django_assert_num_queries(0 if connection.vendor == "postgresql" else 1):
        marks = search_highlights(page, "arsip")
    assert {entry.pk for entry in page} == set(marks)
    assert all("<mark>Arsip</mark>" in marks[entry.pk].title for entry in page)


def test_the_marks_read_with_a_page_are_those_asked_for_alone(staff):
    officer, ppid = staff
    published(officer, ppid, title="Anggaran <b>hibah</b>", summary="Realisasi anggaran.", documents=[])
    published(officer, ppid, title="Lain", summary="Dana hibah & anggaran desa.", documents=[])
    page = information_search(q="anggaran hibah", order="relevance")[0:2]
    alone = search_query.highlights([entry.pk for entry in page], ["anggaran", "hibah"])
    assert search_highlights(page, "anggaran hibah") == alone
    assert "&lt;b&gt;<mark>hibah</mark>&lt;/b&gt;" in alone[page[0].pk].title
    # Other words than those the page was found with: marked anew.
    other = search_highlights(page, "realisasi")
    assert "<mark>Realisasi</mark>" in other[page[0].pk].snippet
    assert page[1].pk not in other or "<mark>" not in other[page[1].pk].title  # FTS5 returns matches only


def _stats(monkeypatch, words: dict[str, float]) -> None:
    stats = {"rows": 1_000_000.0, "distinct": {"unit_id": 553, "region": 39, "year": 8}, "words": words}
    stats["rare"] = 0.005
    monkeypatch.setattr(search_plan, "_table_stats", lambda: stats)


def test_a_common_word_walks_newest_first_a_rare_one_uses_the_words_index(monkeypatch):
    _stats(monkeypatch, {"laporan": 0.9, "hibah": 0.1})
    assert search_plan.walk_is_cheaper(["laporan"], {}, Q(), 500)
    assert search_plan.walk_is_cheaper(["laporan"], {}, Q(unit_id__in=[1, 2, 3]), 500)
    assert search_plan.walk_is_cheaper(["hibah"], {}, Q(unit=1), 500)  # a unit's rows are few
    assert not search_plan.walk_is_cheaper(["tarecuse"], {}, Q(), 500)  # not listed: rare
    assert not search_plan.walk_is_cheaper(["laporan", "tarecuse"], {}, Q(year=2024), 500)
    # A misspelt word counts as the known words it is matched to.
    assert search_plan.walk_is_cheaper(["laporn"], {"laporn": ["laporan"]}, Q(), 500)


def test_without_statistics_nothing_is_forced(monkeypatch):
    _stats(monkeypatch, {})
    assert not search_plan.walk_is_cheaper(["laporan"], {}, Q(), 500)


def test_the_spelling_is_looked_up_only_when_the_words_find_nothing(staff, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("FTS5 has no spelling help")
    officer, ppid = staff
    published(officer, ppid, title="Anggaran kegiatan", documents=[])
    asked = []
    lookup = search_query._alternatives
    monkeypatch.setattr(search_query, "_alternatives", lambda words: asked.append(words) or lookup(words))
    assert _titles(q="anggaran") == ["Anggaran kegiatan"]
    assert asked == []  # found: every word is known, none has alternatives
    assert _titles(q="angaran") == ["Anggaran kegiatan"]
    assert asked == [["angaran"]]
    assert _titles(q="anggaran", year=1999) == []  # known words, nothing found: none to offer
    assert asked[-1] == ["anggaran"]
    marks = search_highlights(information_search(q="angaran", order="relevance")[0:1], "angaran")
    assert "<mark>Anggaran</mark>" in next(iter(marks.values())).title


def test_the_words_of_a_row_are_kept_in_the_row():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL storage setting (FTS5 keeps its own table)")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'catalog_searchdocument'::regclass AND attname = 'vector'"
        )
        assert cursor.fetchone()[0] == "m"  # MAIN: compressed if it can be, out of line only if it must
