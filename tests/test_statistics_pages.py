"""Public statistics pages (issue 13 item 2): charts as SVG with their tables, downloads, no ranking."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.utils import timezone
from freezegun import freeze_time
from tests.statistics_support import TODAY, register, unit, urls_loaded  # noqa: F401 - fixtures

from eppid.reports.statistics import statistics_for_unit

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("register")
def test_a_province_with_its_regencies_in_both_languages(client):
    with freeze_time(TODAY):
        page = client.get("/units/35/statistik/", {"year": "2026"})
        english = client.get("/en/units/35/statistik/", {"year": "2026", "scope": "tree"})
        alone = client.get("/en/units/35/statistik/", {"year": "2026", "scope": "unit"})
    assert page.status_code == 200 and english.status_code == 200
    html = english.content.decode()
    # Every chart is an SVG image with a title and a description, and its data table beside it.
    charts = re.findall(r'<svg class="chart__svg" role="img" aria-labelledby="([^"]+)"', html)
    assert len(charts) == 6
    for ids in charts:
        for name in ids.split():
            assert f'id="{name}"' in html
    assert html.count('<table class="table">') >= 7  # one per chart, and the units below
    assert "What became of the requests" in html and ">Art. 17(h)</text>" in html
    assert "Requests and objections received in 2026 by this unit and every unit below it" in html
    # The regencies in the order of their codes (never ranked by their numbers), then the province itself.
    row = r'<th scope="row">\s*(?:<a href="/en/units/([\d.]+)/statistik/|(Bawaslu Provinsi Jawa Timur itse'
    row += "lf))"
    rows = re.findall(row, html)
    codes = [code or "itself" for code, _own in rows]
    assert codes[-1] == "itself" and codes[:-1] == sorted(codes[:-1]) and {"35.03", "35.04"} <= set(codes)
    indonesian = page.content.decode()
    assert "Apa yang terjadi dengan permohonan" in indonesian and ">Pasal 17 huruf h</text>" in indonesian
    assert "Units below" not in alone.content.decode()


@pytest.mark.usefixtures("register")
def test_downloads_carry_the_same_numbers(client):
    with freeze_time(TODAY):
        as_json = client.get("/units/35.04/statistik.json", {"year": "2026"})
        as_csv = client.get("/en/units/35.04/statistik.csv", {"year": "2026"})
        expected = statistics_for_unit(unit("35.04"), 2026, "unit")
    assert as_json["Content-Disposition"] == 'attachment; filename="statistik-35.04-2026-unit.json"'
    assert json.loads(as_json.content) == expected
    assert as_csv["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    received = next(row for row in rows if row["Measure"] == "Requests received")
    assert received["Value"] == "9"
    refused_h = next(row for row in rows if row["Code"] == "h" and row["Section"].startswith("Refusals"))
    assert refused_h["Value"] == "1"


def test_the_national_page_lists_the_provinces(client):
    page = client.get("/en/statistik/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Statistics: Bawaslu Republik Indonesia" in html
    assert html.count("/statistik/?year=") >= 38
    assert "(553 units)" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "abc"}, "Enter a year as four digits"),
        ({"year": "1999"}, "Choose a year from 2008"),
        ({"scope": "everything"}, "Choose one of: unit, tree."),
    ],
)
def test_bad_parameters_are_a_clear_422(client, query, message):
    page = client.get("/en/units/35/statistik/", query)
    assert page.status_code == 422 and message in page.content.decode()
    download = client.get("/en/units/35/statistik.csv", query)
    assert download.status_code == 422 and message in download.content.decode()


def test_unknown_units_and_formats_are_404(client):
    assert client.get("/units/99.99/statistik/").status_code == 404
    assert client.get("/units/99.99/statistik.json").status_code == 404
    assert client.get("/units/35.04/statistik.xml").status_code == 404


def test_the_unit_page_links_to_its_statistics(client):
    assert "/units/35.04/statistik/" in client.get("/units/35.04/").content.decode()


def test_the_console_statistics_page_shows_the_service(make_staff, verified_client):
    user = make_staff("ppid", ("35", "ppid"))
    page = verified_client(user).get("/en/office/units/35/statistics/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"Information service in {timezone.localdate().year}" in html and "Requests received" in html
    assert "will appear here once" not in html
