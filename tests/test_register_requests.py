"""The register of requests (buku register permohonan): rows, console page, downloads, API."""

import csv
import io
from datetime import date

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook
from tests.disclosure_support import NIK
from tests.register_support import (
    at,
    request_decide,
    request_extend,
    request_forward,
    request_start,
    request_withdraw,
    urls_loaded,  # noqa: F401 - autouse fixture
    walk_in,
)
from tests.spreadsheet_support import assert_csv_runs_no_formula, assert_xlsx_runs_no_formula

from eppid.disclosure.choices import Outcome
from eppid.disclosure.register import RegisterPeriod, register_table
from eppid.integrity.models import LogEntry
from eppid.law.models import EXEMPTION_KINDS
from eppid.law.selectors import ground_for_record
from eppid.organisation.models import Unit
from eppid.reports.models import ReportDownload

pytestmark = pytest.mark.django_db

JANUARY = RegisterPeriod(start=date(2026, 1, 1), end=date(2026, 1, 31))


@pytest.fixture
def officer(make_staff):
    return make_staff("register-officer", ("35.04", "officer"))


@pytest.fixture
def book(officer):
    """Five requests of 35.04 in January 2026 in different states, one in February, one elsewhere."""
    with freeze_time(at(2026, 2, 20, 10, 0)):
        granted = walk_in(at(2026, 1, 5, 9, 0), officer, name="Siti Aminah", occupation="Teacher")
        request_start(request=granted, actor=officer)
        request_decide(request=granted, actor=officer, outcome="granted", material="Minutes", fee_rupiah=0)
        rejected = walk_in(
            at(2026, 1, 6, 9, 0), officer, name="Budi", email="", phone="0812 0000 0000", delivery="pickup"
        )
        request_decide(
            request=rejected,
            actor=officer,
            outcome="rejected",
            exemption_basis="bawaslu_b",
            explanation="Names of witnesses",
        )
        not_held = walk_in(at(2026, 1, 7, 9, 0), officer, name="Citra", access_method="view", copy_format="")
        request_decide(
            request=not_held, actor=officer, outcome="not_held", held_by="KPU Kabupaten Tulungagung"
        )
        forwarded = walk_in(at(2026, 1, 8, 9, 0), officer, name="Dewi")
        request_forward(request=forwarded, actor=officer, unit_code="35", reason="Held by the province")
        withdrawn = walk_in(at(2026, 1, 9, 9, 0), officer, name="=cmd|' /C calc'!A0")
        request_withdraw(request=withdrawn, actor=officer)
        walk_in(at(2026, 2, 2, 9, 0), officer, name="February")
    with freeze_time(at(2026, 1, 12, 10, 0)):
        extended = walk_in(at(2026, 1, 12, 9, 0), officer, name="Eko", requester_type="individual")
        request_extend(request=extended, actor=officer, reason="Documents are in the archive")
    return {"granted": granted, "rejected": rejected, "forwarded": forwarded, "extended": extended}


def _rows(period=JANUARY, code="35.04"):
    return register_table(Unit.objects.get(code=code), period).rows


def test_rows_hold_the_columns_of_the_law(book):
    rows = _rows()
    assert [row["number"] for row in rows] == [1, 2, 3, 4, 5, 6]
    first = rows[0]
    assert first["registration_number"] == book["granted"].registration_number
    assert first["received_on"] == date(2026, 1, 5)
    assert first["name"] == "Siti Aminah"
    assert first["address"] == "Jl. Merdeka 1, Tulungagung"
    assert first["contact"] == "0355 123456 / siti@example.org"
    assert first["occupation"] == "Teacher"
    assert first["information"].startswith("Minutes of the plenary")
    assert first["purpose"] == "Research"
    assert first["held"] == "Ya"
    assert first["decision"] == str(Outcome.GRANTED.label)  # in the active language (Indonesian)
    assert first["notice_date"] is not None
    assert first["fee_rupiah"] == 0
    assert first["status"]
    assert first["forwarded_to"] == ""


def test_rejection_not_held_forwarding_and_extension_are_shown(book):
    rows = {row["registration_number"]: row for row in _rows()}
    rejected = rows[book["rejected"].registration_number]
    assert ground_for_record(EXEMPTION_KINDS, "bawaslu_b").label in rejected["refusal_reason"]
    assert "Names of witnesses" in rejected["refusal_reason"]
    assert rejected["contact"] == "0812 0000 0000"
    not_held = next(row for row in rows.values() if row["name"] == "Citra")
    assert not_held["held"] == "Tidak"
    assert "KPU Kabupaten Tulungagung" in not_held["refusal_reason"]
    assert not_held["copy_format"] == ""
    forwarded = rows[book["forwarded"].registration_number]
    book["forwarded"].refresh_from_db()
    assert forwarded["forwarded_to"].startswith(book["forwarded"].forwarded_to.registration_number)
    extended = rows[book["extended"].registration_number]
    assert extended["extended"] == "Ya"
    assert extended["due_date"] == book["extended"].due_date
    assert extended["decision"] == "" and extended["notice_date"] is None


def test_the_period_and_the_unit_bound_the_rows(book):
    assert [row["name"] for row in _rows(RegisterPeriod(date(2026, 2, 1), date(2026, 2, 28)))] == ["February"]
    assert len(_rows(RegisterPeriod(date(2026, 1, 5), date(2026, 1, 5)))) == 1
    # The forwarded copy is registered at 35 on the forwarding day (20 February).
    province = _rows(RegisterPeriod(date(2026, 1, 1), date(2026, 12, 31)), code="35")
    assert [row["name"] for row in province] == ["Dewi"]


def test_a_reversed_or_too_long_period_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        RegisterPeriod(date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(ValidationError):
        RegisterPeriod(date(2016, 1, 1), date(2026, 1, 1))


def test_the_nik_is_never_in_the_register(book):
    for row in _rows():
        assert all(NIK not in str(value) for value in row.values())


# --- Console ------------------------------------------------------------------------------------


def _page(client, fmt=None, code="35.04", start="2026-01-01", end="2026-01-31", lang=""):
    from django.urls import reverse

    name = "office:request-book-download" if fmt else "office:request-book"
    kwargs = {"code": code, **({"fmt": fmt} if fmt else {})}
    return client.get(lang + reverse(name, kwargs=kwargs), {"from": start, "to": end})


def test_console_preview_shows_the_rows(book, officer, verified_client):
    client = verified_client(officer)
    response = _page(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Siti Aminah" in html
    assert book["granted"].registration_number in html
    assert "February" not in html
    assert NIK not in html
    assert not ReportDownload.objects.exists()  # a preview is not a download
    # Its download links carry the period shown (the shared preview include).
    for fmt in ("xlsx", "csv"):
        assert f'/register/{fmt}/?from=2026-01-01&amp;to=2026-01-31"' in html, fmt


def test_console_default_period_is_this_year(officer, verified_client):
    from django.urls import reverse

    with freeze_time(at(2026, 5, 4, 10, 0)):
        response = verified_client(officer).get(reverse("office:request-book", kwargs={"code": "35.04"}))
    assert response.status_code == 200
    assert 'value="2026-01-01"' in response.content.decode()
    assert 'value="2026-05-04"' in response.content.decode()


def test_csv_download(book, officer, verified_client):
    response = _page(verified_client(officer), "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "register-permohonan-35.04-2026-01-01-2026-01-31.csv" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "No." and "Nama" in rows[0]
    assert len(rows) == 7
    names = [row[rows[0].index("Nama")] for row in rows[1:]]
    assert "'=cmd|' /C calc'!A0" in names  # neutralised
    assert NIK not in response.content.decode("utf-8-sig")


def test_xlsx_download_and_the_download_is_logged(book, officer, verified_client):
    before = LogEntry.objects.count()
    response = _page(verified_client(officer), "xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "Tulungagung" in sheet["A2"].value and "2026" in sheet["A2"].value
    assert sheet.freeze_panes == "A5"
    assert sheet["C5"].value.date() == date(2026, 1, 5)
    download = ReportDownload.objects.get()
    assert (download.unit.code, download.format, download.row_count) == ("35.04", "xlsx", 6)
    assert download.downloaded_by == officer
    assert download.period_from == date(2026, 1, 1) and download.period_to == date(2026, 1, 31)
    entry = LogEntry.objects.filter(object_type="reports.ReportDownload").get()
    assert entry.seq >= before


def test_bad_period_shows_an_error_and_downloads_nothing(officer, verified_client):
    client = verified_client(officer)
    response = _page(client, start="2026-02-01", end="2026-01-01")
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    response = _page(client, "csv", start="not a date")
    assert response.status_code == 400
    assert not ReportDownload.objects.exists()


def test_unknown_format_is_404(officer, verified_client):
    assert _page(verified_client(officer), "pdf").status_code == 404


def test_english_page(book, officer, verified_client):
    response = _page(verified_client(officer), lang="/en")
    assert response.status_code == 200
    assert "Register of requests" in response.content.decode()
    assert "Intended use" in response.content.decode()


# --- Staff API ----------------------------------------------------------------------------------


def _api(client, user, **params):
    from eppid.accounts.services import api_token_create

    _token, plaintext = api_token_create(user=user, name="register")
    query = {"unit": "35.04", "from": "2026-01-01", "to": "2026-01-31", **params}
    return client.get("/api/v1/staff/requests/register", query, HTTP_AUTHORIZATION=f"Bearer {plaintext}")


def test_api_json(book, officer, client):
    response = _api(client, officer)
    assert response.status_code == 200
    body = response.json()
    assert [column["key"] for column in body["columns"]][:3] == [
        "number",
        "registration_number",
        "received_on",
    ]
    assert body["rows"][0]["received_on"] == "2026-01-05"
    assert len(body["rows"]) == 6
    assert ReportDownload.objects.get().format == "json"


def test_api_csv_and_refusals(book, officer, make_staff, client):
    response = _api(client, officer, format="csv")
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    assert _api(client, officer, to="2025-01-01").status_code == 422
    assert _api(client, officer, format="pdf").status_code == 422
    assert _api(client, officer, unit="99.99").status_code == 404
    admin = make_staff("register-unit-admin", ("35.04", "unit_admin"))
    assert _api(client, admin).status_code == 403
    foreign = make_staff("register-foreign", ("32.01", "officer"))
    assert _api(client, foreign).status_code == 404


def test_downloads_run_no_formula_whatever_separator_a_spreadsheet_uses(officer, verified_client, client):
    # ";" is the list separator of an Indonesian spreadsheet: the text after it is a new cell.
    with freeze_time(at(2026, 2, 20, 10, 0)):
        walk_in(
            at(2026, 1, 5, 9, 0),
            officer,
            name='Siti;=HYPERLINK("http://evil.example","klik")',
            address="Jl. Merdeka 1;+1+cmd|' /C calc'!A0",
            occupation="Guru, @SUM(1+1)",
            information="Notulen;-1+1",
            purpose='Riset;"=1+1"',
        )
    console = verified_client(officer)
    for fmt, check in (("csv", assert_csv_runs_no_formula), ("xlsx", assert_xlsx_runs_no_formula)):
        response = _page(console, fmt)
        assert response.status_code == 200
        check(response.content)
        response = _api(client, officer, format=fmt)
        assert response.status_code == 200
        check(response.content)
    rows = list(csv.reader(io.StringIO(_page(console, "csv").content.decode("utf-8-sig")), delimiter=";"))
    assert any("'=HYPERLINK" in cell for row in rows for cell in row)  # readable, as text
