"""The register of objections (columns a-k): rows, files through the shared writer, staff API."""

import csv
import io
from datetime import date

import pytest
from django.utils import translation
from freezegun import freeze_time
from openpyxl import load_workbook
from tests.objection_support import at, decided_request, filed_request
from tests.spreadsheet_support import assert_csv_runs_no_formula, assert_xlsx_runs_no_formula

from eppid.integrity.models import LogEntry
from eppid.objections.register import RegisterPeriod, objection_register_table
from eppid.objections.services import dispute_record, objection_decide, objection_file
from eppid.organisation.models import Unit
from eppid.reports.models import ReportDownload
from eppid.reports.tables import table_csv, table_xlsx

pytestmark = pytest.mark.django_db

MARCH = RegisterPeriod(start=date(2026, 3, 1), end=date(2026, 3, 31))
URL = "/api/v1/staff/objections/register"


@pytest.fixture
def staff(make_staff):
    return {
        "atasan": make_staff("atasan", ("35.04", "superior")),
        "ppid": make_staff("ppid", ("35.04", "ppid")),
    }


@pytest.fixture
def book(staff):
    """Two objections of 35.04 in March 2026: one dismissed and taken to the Commission, one unanswered."""
    request, code = decided_request(staff["ppid"], at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 11, 9, 0)):
        disputed = objection_file(
            registration_number=request.registration_number,
            tracking_code=code,
            ground="a",
            statement='=HYPERLINK("http://evil")',
        ).objection
    with freeze_time(at(2026, 3, 17, 10, 0)):
        objection_decide(objection=disputed, actor=staff["atasan"], outcome="dismissed", explanation="No.")
    with freeze_time(at(2026, 3, 20, 10, 0)):
        dispute_record(objection=disputed, actor=staff["ppid"], filed_on="2026-03-19", case_number="7/2026")
    # ";" is the list separator of an Indonesian spreadsheet: what follows it is a cell of its own.
    other, other_code = filed_request(
        name="=cmd|' /C calc'!A0", address='Jl. Merdeka;=HYPERLINK("http://evil")', purpose="Riset;+1+1"
    )
    with freeze_time(at(2026, 3, 17, 10, 0)):
        unanswered = objection_file(
            registration_number=other.registration_number,
            tracking_code=other_code,
            ground="c",
            statement="x",
        ).objection
    return {"disputed": disputed, "unanswered": unanswered}


def _table(language="en"):
    # 10 June: past the dispute window of the unanswered one (due 7 May, window to 27 May).
    with freeze_time(at(2026, 6, 10, 10, 0)), translation.override(language):
        return objection_register_table(Unit.objects.get(code="35.04"), MARCH)


def test_rows_hold_columns_a_to_k_and_the_objectors_reaction(book):
    table = _table()
    assert [column.label[:2] for column in table.columns[:11]] == [f"{letter}." for letter in "abcdefghijk"]
    assert table.columns[11].label == "Deadline rules"  # the rule set each objection follows
    first, second = table.rows
    disputed = book["disputed"]
    assert first["number"] == disputed.number and first["received_on"] == date(2026, 3, 11)
    assert first["registration_number"] == disputed.request.registration_number
    assert first["decision"] == "Dismissed, with written reasons" and first["response_date"].date() == date(
        2026, 3, 17
    )
    assert "Komisi Informasi Provinsi Jawa Timur" in first["reaction"] and "7/2026" in first["reaction"]
    assert second["decision"] == "" and second["response_date"] is None
    assert second["reaction"] == "No dispute filed"
    assert second["objector"].startswith("=cmd")
    assert "Register of objections" in table.title and "35.04" in table.subtitle
    assert _table("id").rows[1]["reaction"] == "Tidak mengajukan sengketa"


def test_files_come_from_the_shared_writer_formula_safe(book):
    table = _table()
    parsed = list(csv.reader(io.StringIO(table_csv(table).decode("utf-8-sig"))))
    assert parsed[0][0].startswith("a.") and parsed[0][10].startswith("k.")
    assert parsed[1][1] == "2026-03-11" and parsed[1][8] == "2026-03-17"
    assert parsed[2][2].startswith("'=cmd")
    sheet = load_workbook(io.BytesIO(table_xlsx(table))).active
    header = 4  # title, subtitle, blank, header
    assert sheet.max_column == 12 and sheet.cell(row=header, column=11).value.startswith("k.")
    cell = sheet.cell(row=header + 2, column=3)
    assert cell.value.startswith("=cmd") and cell.data_type == "s"  # text, never a formula
    assert sheet.cell(row=header + 1, column=2).value.date() == date(2026, 3, 11)


def test_files_run_no_formula_whatever_separator_a_spreadsheet_uses(book, staff, client):
    for fmt, check in (("csv", assert_csv_runs_no_formula), ("xlsx", assert_xlsx_runs_no_formula)):
        response = _api(client, staff["ppid"], format=fmt)
        assert response.status_code == 200, response.content
        check(response.content)


# --- Staff API ----------------------------------------------------------------------------------


def _api(client, user, **params):
    from eppid.accounts.services import api_token_create

    _token, plaintext = api_token_create(user=user, name="register")
    query = {"unit": "35.04", "from": "2026-03-01", "to": "2026-03-31", **params}
    with freeze_time(at(2026, 6, 10, 10, 0)):
        return client.get(URL, query, HTTP_AUTHORIZATION=f"Bearer {plaintext}", HTTP_ACCEPT_LANGUAGE="en")


def test_api_json_is_recorded_as_a_download_in_the_log(book, staff, client):
    response = _api(client, staff["ppid"])
    assert response.status_code == 200, response.content
    body = response.json()
    assert [column["key"] for column in body["columns"]][:2] == ["number", "received_on"]
    assert [row["number"] for row in body["rows"]] == [book["disputed"].number, book["unanswered"].number]
    assert body["rows"][0]["response_date"] == "2026-03-17"
    download = ReportDownload.objects.get()
    assert (download.kind, download.format, download.row_count, download.unit.code) == (
        "objections_register",
        "json",
        2,
        "35.04",
    )
    assert (download.period_from, download.period_to, download.downloaded_by) == (
        date(2026, 3, 1),
        date(2026, 3, 31),
        staff["ppid"],
    )
    entry = LogEntry.objects.filter(object_type="reports.ReportDownload").get()
    assert entry.object_id == str(download.pk)


def test_api_csv_and_xlsx_files(book, staff, client):
    response = _api(client, staff["atasan"], format="csv")
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Disposition"] == (
        'attachment; filename="register-keberatan-35.04-2026-03-01-2026-03-31.csv"'
    )
    xlsx = _api(client, staff["atasan"], format="xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert load_workbook(io.BytesIO(xlsx.content)).active.max_column == 12
    assert sorted(ReportDownload.objects.values_list("format", flat=True)) == ["csv", "xlsx"]


def test_api_refusals_record_nothing(book, staff, make_staff, client):
    assert _api(client, staff["ppid"], to="2026-02-01").status_code == 422  # end before start
    assert _api(client, staff["ppid"], **{"from": "1 March"}).status_code == 422
    assert _api(client, staff["ppid"], format="pdf").status_code == 422
    assert _api(client, staff["ppid"], unit="99.99").status_code == 404
    unit_admin = make_staff("objections-unit-admin", ("35.04", "unit_admin"))
    assert _api(client, unit_admin).status_code == 403
    foreign = make_staff("objections-foreign", ("32.01", "superior"))
    assert _api(client, foreign).status_code == 404
    assert not ReportDownload.objects.exists()


def test_console_preview_lists_the_rows_and_links_its_downloads(book, staff, verified_client):
    from django.urls import reverse

    url = "/en" + reverse("office:objection-register", kwargs={"code": "35.04"})
    with translation.override("en"):
        response = verified_client(staff["ppid"]).get(url, {"from": "2026-03-01", "to": "2026-03-31"})
    assert response.status_code == 200
    page = response.content.decode()
    assert book["disputed"].number in page and book["unanswered"].number in page
    assert "2 objections" in page
    for fmt in ("xlsx", "csv"):
        assert f'href="?from=2026-03-01&amp;to=2026-03-31&amp;format={fmt}"' in page, fmt
    assert not ReportDownload.objects.exists()  # a preview is not a download
