"""Issue 11 item 6: the exemption and objection grounds are data (law.LegalGround), not enums.

The letters the API speaks ("a".."j", "bawaslu_a".., "a".."g") are rows with their legal text
(Indonesian, with an English rendering), source, dates and a "to confirm" mark; the services,
forms, pages and the OpenAPI description read them. A ground added (or ended) in the data is
accepted (or refused) without a change in code.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation
from freezegun import freeze_time
from tests.crypto_models import crypto_tables  # noqa: F401 - verify reads every encrypted model's table
from tests.disclosure_support import request_data
from tests.law_support import new_ground
from tests.objection_support import at, decided_request

import eppid.urls  # noqa: F401 - the URLconf (ninja schemas) must load before freezegun fakes datetime
from eppid.disclosure.services import request_decide, request_start, request_submit
from eppid.law.models import EXEMPTION_KINDS, GroundKind
from eppid.law.selectors import ground_in_force, grounds_in_force

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("crypto_tables")]

NOW = "2026-03-02 03:00:00"  # Monday 2 March 2026, 10:00 in Jakarta


def codes(kind, on=date(2026, 3, 2)) -> list[str]:
    return [ground.code for ground in grounds_in_force(kind, on)]


def test_the_grounds_are_seeded_with_text_source_and_marks():
    assert codes(GroundKind.EXEMPTION) == list("abcdefghij")
    assert codes(GroundKind.ELECTION_EXEMPTION) == ["bawaslu_a", "bawaslu_b", "bawaslu_c"]
    assert codes(GroundKind.OBJECTION) == list("abcdefg")
    for ground in grounds_in_force(
        (GroundKind.EXEMPTION, GroundKind.ELECTION_EXEMPTION, GroundKind.OBJECTION)
    ):
        assert ground.text_id and ground.text_en and ground.label_id and ground.label_en and ground.source
        assert ground.to_confirm == (ground.kind == GroundKind.ELECTION_EXEMPTION)
    h = ground_in_force(GroundKind.EXEMPTION, "h")
    assert h.article == "UU 14/2008 Pasal 17 huruf h" and "rahasia pribadi" in h.text_id
    with translation.override("en"):
        assert h.label.startswith("Art. 17(h)") and "personal secrets" in h.text
    with translation.override("id"):
        assert h.label.startswith("Pasal 17 huruf h")
    objection = {ground.code: ground for ground in grounds_in_force(GroundKind.OBJECTION)}
    assert [code for code, ground in objection.items() if ground.settleable] == list("bcdefg")
    assert objection["c"].condition == "unanswered" and objection["b"].condition == "periodic"
    assert "Pasal 9" in objection["b"].text_id and objection["b"].guidance_en
    # The law came into force on 30 April 2010: nothing before.
    assert codes(GroundKind.EXEMPTION, date(2010, 4, 29)) == []


def test_the_catalog_selector_gives_the_exemptions_with_the_election_ones():
    grounds = grounds_in_force(EXEMPTION_KINDS, on=date(2026, 3, 2))
    assert [ground.code for ground in grounds] == [*"abcdefghij", "bawaslu_a", "bawaslu_b", "bawaslu_c"]
    assert all(ground.effective_from <= date(2026, 3, 2) for ground in grounds)


def test_a_ground_in_force_keeps_its_text_but_may_be_given_a_last_day():
    with freeze_time(NOW):
        h = ground_in_force(GroundKind.EXEMPTION, "h")
        h.text_en = "Rewritten"
        with translation.override("en"), pytest.raises(ValidationError, match="already in force"):
            h.full_clean()
        h.refresh_from_db()
        h.effective_until = date(2026, 6, 30)
        h.to_confirm = True
        h.full_clean()


def test_the_decision_takes_the_exemptions_in_force_from_the_data(make_staff):
    officer = make_staff("ppid", ("35.04", "ppid"))
    with freeze_time(NOW):
        new_ground(kind=GroundKind.EXEMPTION, code="k")
        ended = ground_in_force(GroundKind.EXEMPTION, "j")
        ended.effective_until = date(2026, 3, 1)
        ended.save()
        first = request_submit(data=request_data()).request
        second = request_submit(data=request_data()).request
        request_start(request=first, actor=officer)
        decision = request_decide(request=first, actor=officer, outcome="rejected", exemption_basis="k")
        assert decision.exemption_basis == "k"
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            request_decide(request=second, actor=officer, outcome="rejected", exemption_basis="j")
    message = refused.value.message_dict["exemption_basis"][0]
    assert "k" in message and ", j," not in message


def test_the_console_decision_form_shows_the_legal_text_beside_each_letter(make_staff, verified_client):
    officer = make_staff("ppid", ("35.04", "ppid"))
    client = verified_client(officer)
    with freeze_time(NOW):
        request = request_submit(data=request_data()).request
        page = client.get(
            f"/en/office/units/35.04/requests/{request.registration_number}/decide/"
        ).content.decode()
        page_id = client.get(
            f"/office/units/35.04/requests/{request.registration_number}/decide/"
        ).content.decode()
    assert "UU 14/2008 Pasal 17 huruf h: Public information that, if opened and given to a requester" in page
    assert "Perbawaslu 1/2022 Pasal 18 ayat (2) huruf b: The identities of informants" in page
    assert "UU 14/2008 Pasal 17 huruf h: Informasi Publik yang apabila dibuka" in page_id


def test_the_notice_names_the_ground_with_its_text(make_staff, client):
    officer = make_staff("ppid", ("35.04", "ppid"))
    request, code = decided_request(officer, at(2026, 3, 10, 11, 0), exemption_basis="bawaslu_b")
    with freeze_time(at(2026, 3, 11, 9, 0)):
        page = client.post(
            "/en/permohonan/status/",
            {"registration_number": request.registration_number, "tracking_code": code},
        ).content.decode()
    assert "Perbawaslu 1/2022 Art. 18(2)(b)" in page and "The identities of informants" in page


def test_the_objection_grounds_come_from_the_data(make_staff, client):
    officer = make_staff("ppid", ("35.04", "ppid"))
    request, code = decided_request(officer, at(2026, 3, 10, 11, 0))
    with freeze_time(at(2026, 3, 11, 9, 0)):
        new_ground(
            kind=GroundKind.OBJECTION,
            code="h",
            condition="answered_otherwise",
            effective_from=date(2026, 3, 11),
        )
        schema = str(client.get("/api/v1/openapi.json").json())
        assert "`h`: Test ground h" in schema and "`g`: (g) The information was provided later" in schema
        client.post(
            "/en/keberatan/", {"registration_number": request.registration_number, "tracking_code": code}
        )
        page = client.get("/en/keberatan/alasan/").content.decode()
        assert "The text of a test law." in page
        assert (
            "UU 14/2008 Pasal 35 ayat (1) huruf a" in page
            and "the refusal of a request for information" in page
        )
        response = client.post(
            "/api/v1/objections",
            {
                "registration_number": request.registration_number,
                "tracking_code": code,
                "reason": "h",
                "statement": "Not what I asked.",
            },
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    assert response.json()["reason"] == "h"


@pytest.mark.tampers
def test_a_ground_edited_in_the_database_is_reported():
    ground = ground_in_force(GroundKind.OBJECTION, "a")
    out = io.StringIO()
    call_command("verify_integrity", "--no-progress", stdout=out, stderr=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE law_legalground SET text_en = %s WHERE id = %s", ["Edited", ground.pk])
    with pytest.raises(CommandError):
        call_command("verify_integrity", "--no-progress", stdout=out, stderr=io.StringIO())
    assert "law.LegalGround" in out.getvalue() and "objection a" in out.getvalue()
