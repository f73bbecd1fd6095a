"""Issue 11 item 6: every text that cites an article takes the citation from law.LegalReference.

New references with other articles come into force today (the old rows get their last day
yesterday); every page, email, paper (PDF) and message that cites one must then cite the new
article, in the reader's language, and no longer the old one. A citation written into a text
would fail here. The day counts have the same test in test_law_texts_follow_rules.py.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from freezegun import freeze_time
from tests.catalog_support import exempt
from tests.disclosure_support import pdf_upload, request_data
from tests.signing_support import pdf_words

import eppid.urls  # noqa: F401 - the URLconf (ninja schemas) must load before freezegun fakes datetime
from eppid.catalog.exemption_papers import sheet_pdf
from eppid.disclosure import papers
from eppid.disclosure.models import InformationRequest
from eppid.disclosure.services import request_decide, request_forward, request_start
from eppid.law.models import LegalReference, ReferenceKey
from eppid.law.selectors import citation_text, yearly_due
from eppid.notifications.models import OutboundEmail
from eppid.objections import papers as objection_papers
from eppid.objections.models import Objection
from eppid.objections.register import objection_register_columns
from eppid.objections.services import objection_decide
from eppid.organisation.models import Unit
from eppid.reports.annual import annual_report_build, annual_report_pdf

pytestmark = pytest.mark.django_db

NOW = "2026-03-02 03:00:00"  # Monday 2 March 2026, 10:00 in Jakarta
TODAY = date(2026, 3, 2)
NEW = {
    key: (f"UU 1/2026 Pasal {901 + index}", f"UU 1/2026 Article {901 + index}")
    for index, key in enumerate(ReferenceKey.values)
}
UNCONFIRMED = "notice_contents"


def old_citations() -> dict[str, tuple[str, str]]:
    return {row.key: (row.citation_id, row.citation_en) for row in LegalReference.objects.all()}


@pytest.fixture
def amended(db):
    """Every reference replaced from today; the notice's new article is still to be confirmed."""
    with freeze_time(NOW):
        old = old_citations()
        assert set(old) == set(ReferenceKey.values), "the data migration seeds every key"
        for row in LegalReference.objects.all():
            row.effective_until = date(2026, 3, 1)
            row.full_clean()  # a row in force may be given its last day
            row.save()
        for key, (citation_id, citation_en) in NEW.items():
            LegalReference.objects.create(
                key=key,
                citation_id=citation_id,
                citation_en=citation_en,
                source="A test amendment",
                effective_from=TODAY,
                to_confirm=key == UNCONFIRMED,
            )
        yield old


def check(text: str, old: dict, key: str, *languages: str) -> None:
    """``text`` cites the new article of ``key`` (in each of ``languages``), never the old one."""
    for language in languages or ("en",):
        new = NEW[key][0 if language == "id" else 1]
        assert new in text, f"{key}: {new!r} not cited in: {text[:3000]}"
    for previous in old[key]:
        # "Pasal 35 ayat (1) huruf a" is a ground's own article (law.LegalGround), not this citation.
        assert re.search(re.escape(previous) + r"(?![\w(]| huruf)", text) is None, (key, previous)


@pytest.fixture
def staff(make_staff):
    return {
        "ppid": make_staff("ppid", ("35.04", "ppid")),
        "atasan": make_staff("atasan", ("35.04", "superior")),
    }


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def filed(client) -> tuple[InformationRequest, str]:
    body = request_data()
    body["identity_document"] = pdf_upload()
    response = client.post("/api/v1/requests", body)
    assert response.status_code == 201, response.content
    data = response.json()
    number = data["registration_number"]
    return InformationRequest.objects.get(registration_number=number), data["tracking_code"]


def test_the_selector_follows_the_dates_and_marks_what_is_to_confirm(amended):
    with translation.override("en"):
        assert citation_text("annual_report", on=date(2026, 3, 1)) == amended["annual_report"][1]
        assert citation_text("annual_report", on=TODAY) == NEW["annual_report"][1]
        assert citation_text("annual_report", on=date(2009, 1, 1)) == amended["annual_report"][1]
        assert "to be confirmed" in citation_text(UNCONFIRMED, on=TODAY)
        assert citation_text("no_such_key") == ""
    with translation.override("id"):
        assert citation_text("annual_report", on=TODAY) == NEW["annual_report"][0]


def test_a_request_its_pages_papers_and_emails_cite_the_data(
    amended, client, staff, verified_client, tmp_path
):
    request, _code = filed(client)
    officer = verified_client(staff["ppid"])
    request_start(request=request, actor=staff["ppid"])
    decide = page(officer, f"/en/office/units/35.04/requests/{request.registration_number}/decide/")
    check(decide, amended, "notice_contents")
    check(decide, amended, "consequence_duty")  # the duty to test before withholding
    assert "to be confirmed against the official text" in decide

    decision = request_decide(
        request=request, actor=staff["ppid"], outcome="rejected", exemption_basis="h", explanation="Private."
    )
    check(pdf_words(papers.notice_pdf(decision), tmp_path), amended, "notice_contents", "id", "en")

    other, _code = filed(client)
    request_forward(request=other, actor=staff["ppid"], unit_code="35.05", reason="Held there.")
    reference = f"request:{other.registration_number}:forwarded"
    body = "\n".join(email.body for email in OutboundEmail.objects.filter(reference=reference))
    assert body
    language = "en" if NEW["notice_forwarding"][1] in body else "id"
    check(body, amended, "notice_forwarding", language)


def test_an_objection_its_pages_papers_register_and_messages_cite_the_data(
    amended, client, staff, verified_client, tmp_path
):
    request, code = filed(client)
    request_start(request=request, actor=staff["ppid"])
    request_decide(
        request=request, actor=staff["ppid"], outcome="rejected", exemption_basis="h", explanation="x"
    )
    response = client.post(
        "/api/v1/objections",
        {
            "registration_number": request.registration_number,
            "tracking_code": code,
            "reason": "a",
            "statement": "No.",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    objection = Objection.objects.get(number=response.json()["objection_number"])

    superior = verified_client(staff["atasan"])
    check(
        page(superior, f"/en/office/units/35.04/objections/{objection.number}/decide/"),
        amended,
        "objection_reasons",
    )
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        objection_decide(objection=objection, actor=staff["atasan"], outcome="dismissed", explanation=" ")
    check(str(refused.value), amended, "objection_reasons")
    with translation.override("en"):
        columns = " ".join(column.label for column in objection_register_columns())
    check(columns, amended, "objection_grounds")

    objection_decide(objection=objection, actor=staff["atasan"], outcome="dismissed", explanation="Exempt.")
    objection.refresh_from_db()
    check(pdf_words(objection_papers.response_pdf(objection), tmp_path), amended, "objection_response", "id")

    check(page(client, "/en/keberatan/berkala/"), amended, "periodic_information")
    check(page(client, "/en/units/35.04/statistik/?year=2026"), amended, "objection_grounds")


def test_the_catalogue_and_the_annual_report_cite_the_data(amended, staff, verified_client, tmp_path):
    ppid = verified_client(staff["ppid"])
    check(page(ppid, "/en/office/units/35.04/information/exemptions/new/"), amended, "consequence_test")
    test = exempt(staff["ppid"])
    check(pdf_words(sheet_pdf(test), tmp_path), amended, "consequence_test", "id")

    # The deadline names its own article (law.YearlyDeadline.basis, data of its own): set aside.
    deadline_basis = yearly_due("annual_report", 2025).basis
    annual = page(ppid, "/en/office/units/35.04/annual-report/?year=2025").replace(deadline_basis, "")
    check(annual, amended, "annual_report")
    unit = Unit.objects.get(code="35.04")
    report = annual_report_build(unit, 2025, "unit")
    check(pdf_words(annual_report_pdf(unit, report), tmp_path), amended, "annual_report", "id")


def test_a_reference_in_force_keeps_its_citation_and_the_admin_edits_the_rows(
    amended, make_staff, verified_client
):
    row = LegalReference.objects.get(key="annual_report", effective_from=TODAY)
    row.citation_id = "UU 1/2026 Pasal 1"
    with pytest.raises(ValidationError):
        row.full_clean()
    row.refresh_from_db()
    row.to_confirm_note = "Check the official gazette."
    row.to_confirm = True
    row.full_clean()  # the mark may change

    admin = verified_client(make_staff("admin", is_superuser=True))
    listing = admin.get("/en/admin/law/legalreference/")
    assert listing.status_code == 200 and NEW["annual_report"][0] in listing.content.decode()
    change = admin.get(f"/en/admin/law/legalreference/{row.pk}/change/")
    assert change.status_code == 200
    assert admin.get(f"/en/admin/law/legalreference/{row.pk}/delete/").status_code == 403
    added = admin.post(
        "/en/admin/law/legalreference/add/",
        {
            "key": "annual_report",
            "citation_id": "UU 2/2027 Pasal 7",
            "citation_en": "UU 2/2027 Article 7",
            "source": "A later test amendment",
            "effective_from": "2027-01-01",
        },
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    with translation.override("id"):
        assert citation_text("annual_report", on=date(2027, 1, 1)) == "UU 2/2027 Pasal 7"
        assert citation_text("annual_report", on=TODAY) == NEW["annual_report"][0]
