"""Issue 11 item 6: every text that states a number of working days takes it from the rule set.

A new public-information rule set with other numbers comes into force today; every page, email,
paper (PDF) and API description that states a day count must then state the new numbers, and no
text may still say one of the old ones (7, 10, 14 or 30 working days). A text with a number
written into it would fail here.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from freezegun import freeze_time
from tests.disclosure_support import pdf_upload, request_data
from tests.request_support import fill_until_check
from tests.signing_support import pdf_words

import eppid.urls  # noqa: F401 - the URLconf (ninja schemas) must load before freezegun fakes datetime
from eppid.disclosure import papers
from eppid.disclosure.models import InformationRequest
from eppid.disclosure.services import request_decide, request_start
from eppid.law.calendar import add_working_days
from eppid.law.models import DeadlineRule, DeadlineRuleSet
from eppid.notifications.models import OutboundEmail
from eppid.objections import papers as objection_papers
from eppid.objections.models import Objection
from eppid.objections.services import objection_decide

pytestmark = pytest.mark.django_db

NOW = "2026-03-02 03:00:00"  # Monday 2 March 2026, 10:00 in Jakarta
NEW = {
    "request_response": 11,
    "request_extension": 8,
    "objection_filing": 33,
    "objection_response": 29,
    "dispute_filing": 16,
    "objection_followup": 12,
}
OLD = re.compile(r"\b(7|10|14|30)\s+(working days?|hari kerja)\b")


def says(text: str, days: int) -> bool:
    return re.search(rf"\b{days}\s+(working days?|hari kerja)\b", text) is not None


def check(text: str, *days: int) -> None:
    missing = [number for number in days if not says(text, number)]
    assert not missing, f"{missing} working days not stated in: {text[:3000]}"
    old = OLD.search(text)
    assert old is None, f"an old number is still stated: {old.group(0)!r}"


@pytest.fixture
def amended(db):
    """The public-information rule set with other numbers, in force from today (2 March 2026)."""
    with freeze_time(NOW):
        rule_set = DeadlineRuleSet.objects.create(
            name="Amended KIP law (test)",
            regime="general",
            effective_from=date(2026, 3, 2),
            legal_basis="A test amendment of UU 14/2008",
        )
        for step, days in NEW.items():
            DeadlineRule.objects.create(
                rule_set=rule_set, step=step, working_days=days, basis=f"Amendment {step}"
            )
        yield rule_set


@pytest.fixture
def staff(make_staff):
    return {
        "ppid": make_staff("ppid", ("35.04", "ppid")),
        "atasan": make_staff("atasan", ("35.04", "superior")),
    }


def page(client, url, *, method="get", data=None) -> str:
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def filed(client) -> tuple[InformationRequest, str]:
    body = request_data()
    body["identity_document"] = pdf_upload()
    response = client.post("/api/v1/requests", body)
    assert response.status_code == 201, response.content
    data = response.json()
    return InformationRequest.objects.get(registration_number=data["registration_number"]), data[
        "tracking_code"
    ]


def emails_about(request, event: str) -> str:
    reference = f"request:{request.registration_number}:{event}"
    return "\n".join(email.body for email in OutboundEmail.objects.filter(reference=reference))


def test_general_pages_state_the_rules_in_force(amended, client):
    for url in ("/", "/en/", "/units/35.04/", "/en/units/35.04/"):
        check(page(client, url), 11, 8)
    check(page(client, "/en/"), 11, 8, 33, 29, 16)
    for url in ("/keberatan/", "/en/keberatan/"):
        check(page(client, url), 33, 29)


def test_a_request_its_papers_emails_and_pages_follow_the_rules(
    amended, client, staff, verified_client, tmp_path
):
    request, code = filed(client)
    assert request.rule_set == amended
    assert request.due_date == add_working_days(date(2026, 3, 2), 11, "35.04")
    check(pdf_words(papers.receipt_pdf(request, leaf_index=0, leaf_hash="0" * 64), tmp_path), 11, 8)
    check(emails_about(request, "received"), 11, 8)
    check(
        page(
            client,
            "/en/permohonan/status/",
            method="post",
            data={"registration_number": request.registration_number, "tracking_code": code},
        ),
        11,
        8,
    )

    officer = verified_client(staff["ppid"])
    detail = f"/en/office/units/35.04/requests/{request.registration_number}/"
    check(page(officer, detail), 11, 8)
    check(page(officer, detail + "extend/"), 8)
    response = officer.post(detail + "extend/", {"reason": "The archive is being moved."}, follow=True)
    check(response.content.decode(), 8)
    request.refresh_from_db()
    assert request.due_date == add_working_days(request.original_due_date, 8, "35.04")
    check(emails_about(request, "extended"), 8)

    request_start(request=request, actor=staff["ppid"])
    decision = request_decide(
        request=request, actor=staff["ppid"], outcome="rejected", exemption_basis="h", explanation="Private."
    )
    check(pdf_words(papers.notice_pdf(decision), tmp_path), 33)
    check(emails_about(request, "decided"), 33)
    status = page(
        client,
        "/en/permohonan/status/",
        method="post",
        data={"registration_number": request.registration_number, "tracking_code": code},
    )
    check(status, 33)
    check(page(officer, detail), 33)


def test_an_objection_its_papers_and_pages_follow_the_rules(
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
    assert objection.rule_set == amended
    assert objection.due_date == add_working_days(date(2026, 3, 2), 29, "35.04")
    check(pdf_words(objection_papers.receipt_pdf(objection, leaf_index=0, leaf_hash="0" * 64), tmp_path), 29)

    superior = verified_client(staff["atasan"])
    check(page(superior, f"/en/office/units/35.04/objections/{objection.number}/"), 29, 16)
    objection_decide(objection=objection, actor=staff["atasan"], outcome="dismissed", explanation="Exempt.")
    objection.refresh_from_db()
    check(pdf_words(objection_papers.response_pdf(objection), tmp_path), 16)
    status = page(
        client,
        "/en/keberatan/status/",
        method="post",
        data={"registration_number": objection.number, "tracking_code": code},
    )
    check(status, 29, 16)


def test_the_confirmation_pages_follow_the_rules(amended, client):
    fill_until_check(client, prefix="/en")
    response = client.post("/en/permohonan/periksa/", follow=True)
    check(response.content.decode(), 8)
    request = InformationRequest.objects.get()
    assert request.rule_set == amended


def test_the_api_description_states_the_rules_in_force(amended, client):
    schema = client.get("/api/v1/openapi.json").json()
    text = str(schema)
    assert "[[law:" not in text
    assert OLD.search(text) is None
    extend = schema["paths"]["/api/v1/staff/requests/{number}/extend"]["post"]
    check(extend["description"], 8)
    assert "7" not in extend["summary"] + extend["description"]
    assert says(text, 11) and says(text, 3)  # the election_information field: both rule sets
