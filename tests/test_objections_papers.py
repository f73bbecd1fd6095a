"""Signed receipt and response, emails, reminders to the superiors, and the register (a-k)."""

import csv
import io

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook
from tests.objection_support import at, decided_request, filed_request
from tests.test_disclosure_documents import assert_signed_and_unmodified, pdf_words

from eppid.notifications.models import OutboundEmail
from eppid.objections.models import ObjectionReminder
from eppid.objections.papers import dispute_paragraph
from eppid.objections.register import objection_register_file, objection_register_rows
from eppid.objections.reminders import objection_reminders_send
from eppid.objections.services import dispute_record, objection_decide, objection_file
from eppid.reports.tables import table_csv, table_xlsx
from signing_support import pki_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_staff):
    return {
        "atasan": make_staff("atasan", ("35.04", "superior"), email="atasan@example.org"),
        "ppid": make_staff("ppid", ("35.04", "ppid"), email="ppid@example.org"),
    }


def emails_to(address: str) -> list:
    return [email for email in OutboundEmail.objects.all() if email.to == address]


def signed_bytes(doc) -> bytes:
    with doc.file.open("rb") as handle:
        return handle.read()


def on_refusal(staff, statement="The exemption does not apply."):
    request, code = decided_request(staff["ppid"], at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 11, 9, 0)):
        return objection_file(
            registration_number=request.registration_number,
            tracking_code=code,
            ground="a",
            statement=statement,
        ).objection


def test_receipt_and_response_are_signed_and_say_what_the_law_requires(settings, tmp_path, staff):
    pki = pki_setup(settings, tmp_path)
    objection = on_refusal(staff)
    receipt = objection.receipt
    assert receipt.is_signed and receipt.kind == "objection_receipt" and receipt.reference == objection.number
    data = signed_bytes(receipt)
    assert_signed_and_unmodified(data, pki, tmp_path)
    words = pdf_words(data, tmp_path)
    assert (
        objection.number in words
        and "30 April 2026" in words
        and objection.request.registration_number in words
    )
    with freeze_time(at(2026, 3, 17, 10, 0)):
        objection_decide(
            objection=objection, actor=staff["atasan"], outcome="dismissed", explanation="Art. 17(h)."
        )
    response = objection.response
    assert response.is_signed and response.kind == "objection_response"
    data = signed_bytes(response)
    assert_signed_and_unmodified(data, pki, tmp_path)
    words = pdf_words(data, tmp_path)
    # The paragraph may break across pages in the PDF: check its text, then that it is printed.
    paragraph = dispute_paragraph(objection)
    assert "Komisi Informasi Provinsi Jawa Timur" in paragraph and "14 April 2026" in paragraph
    assert "Provinsi Jawa Timur dalam 14 hari kerja" in words and "14 April 2026" in words
    assert "Art. 17(h)." in words
    subjects = [email.subject for email in emails_to("siti@example.org")]
    assert len([subject for subject in subjects if objection.number in subject]) == 2  # filed, decided


def test_reminders_go_to_the_superiors_3_and_1_days_before_and_overdue_once_each(staff):
    on_refusal(staff)  # due Thursday 30 April 2026
    with freeze_time(at(2026, 4, 24, 7, 0)):  # 4 WD before
        assert objection_reminders_send() == 0
    with freeze_time(at(2026, 4, 27, 7, 0)):  # 3 WD before
        assert objection_reminders_send() == 1 and objection_reminders_send() == 0
    with freeze_time(at(2026, 4, 29, 7, 0)):
        assert objection_reminders_send() == 1
    with freeze_time(at(2026, 5, 4, 7, 0)):
        assert objection_reminders_send() == 1 and objection_reminders_send() == 0
    kinds = list(ObjectionReminder.objects.order_by("sent_at").values_list("kind", flat=True))
    assert kinds == ["before_3", "before_1", "overdue"]
    assert len(emails_to("atasan@example.org")) == 3 and not emails_to("ppid@example.org")


def test_the_register_has_columns_a_to_k_and_the_objectors_reaction(staff):
    objection = on_refusal(staff, statement='=HYPERLINK("http://evil")')
    with freeze_time(at(2026, 3, 17, 10, 0)):
        objection_decide(objection=objection, actor=staff["atasan"], outcome="dismissed", explanation="No.")
    with freeze_time(at(2026, 3, 20, 10, 0)):
        dispute_record(objection=objection, actor=staff["ppid"], filed_on="2026-03-19", case_number="7/2026")
    other, code = filed_request(name="=cmd|' /C calc'!A0")
    with freeze_time(at(2026, 3, 17, 10, 0)):
        objection_file(
            registration_number=other.registration_number, tracking_code=code, ground="c", statement="x"
        )
    from datetime import date

    with freeze_time(at(2026, 6, 10, 10, 0)):  # past the window of the unanswered one (2 June)
        rows = objection_register_rows(objection.unit, date(2026, 3, 1), date(2026, 3, 31))
        content = objection_register_file(
            objection.unit, date(2026, 3, 1), date(2026, 3, 31), fmt="csv", language="en"
        )
        xlsx = objection_register_file(objection.unit, date(2026, 3, 1), date(2026, 3, 31), fmt="xlsx")
    assert [len(row) for row in rows] == [11, 11]
    assert rows[0][3] == objection.request.registration_number and "7/2026" in rows[0][10]
    assert rows[1][10] == "No dispute filed" or rows[1][10] == "Tidak mengajukan sengketa"
    assert content.startswith("\ufeff".encode())
    parsed = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert parsed[0][0].startswith("a.") and parsed[0][10].startswith("k.")
    assert parsed[2][2].startswith("'=cmd")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.cell(row=3, column=3).value.startswith("'=cmd") and sheet.max_column == 11


def test_tables_neutralise_formulas_in_both_formats():
    rows = [["=1+1", "+SUM(A1)", "-2", "@x", "plain", 5]]
    text = table_csv(["h"] * 6, rows).decode("utf-8-sig")
    assert "'=1+1" in text and "'+SUM(A1)" in text and "'@x" in text and ",plain,5" in text
    sheet = load_workbook(io.BytesIO(table_xlsx(["h"] * 6, rows))).active
    assert [cell.value for cell in sheet[2]] == ["'=1+1", "'+SUM(A1)", "'-2", "'@x", "plain", 5]
