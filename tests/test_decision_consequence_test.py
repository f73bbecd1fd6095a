"""A refusal claims a consequence test only when it cites one.

The written notice of a rejection or partial grant names the legal basis; it says the information
was withheld "after a consequence test" only when the decision cites one (an exempt entry of the
unit, catalog.ConsequenceTest). The entry stays optional (contract: "may name exemption: id"), and
the console's decide form reminds the PPID of the duty to test first, citing the article from the
law's data (law.LegalReference ``consequence_duty``), without blocking the decision.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from tests.catalog_support import catalog_staff, exempt
from tests.console_support import make_request
from tests.signing_support import pdf_words

from eppid.disclosure import papers
from eppid.disclosure.models import Decision
from eppid.disclosure.services import request_decide
from eppid.law.selectors import citation_text

pytestmark = pytest.mark.django_db

CLAIMS = ("uji konsekuensi", "consequence test")


@pytest.fixture
def staff(make_staff):
    return catalog_staff(make_staff)


@pytest.fixture
def issued(monkeypatch):
    """The notice PDFs as issued (each decision renders its notice once, in its transaction)."""
    pdfs: list[bytes] = []
    render = papers.notice_pdf

    def spy(*args, **kwargs):
        pdfs.append(render(*args, **kwargs))
        return pdfs[-1]

    monkeypatch.setattr(papers, "notice_pdf", spy)
    return pdfs


def decide_url(item) -> str:
    with translation.override("en"):
        return reverse("office:request-decide", kwargs={"code": "35.04", "number": item.registration_number})


def form(**overrides) -> dict:
    data = {
        "outcome": "rejected",
        "explanation": "Data pribadi pemohon lain.",
        "exemption_basis": "h",
        "exemption": "",
        "held_by": "",
        "material": "",
        "redactions": "",
        "fee_rupiah": "0",
    }
    data.update(overrides)
    return data


def test_a_refusal_citing_no_test_states_its_basis_without_claiming_one(staff, issued, tmp_path):
    officer, ppid = staff
    request_decide(
        request=make_request(), actor=ppid, outcome="rejected", exemption_basis="h", explanation="Pribadi."
    )
    text = pdf_words(issued[-1], tmp_path)
    assert "Pasal 17 huruf h" in text and "mengungkap rahasia pribadi" in text
    for claim in CLAIMS:
        assert claim not in text, claim


def test_a_refusal_citing_an_exempt_entry_says_which_test(staff, verified_client, issued, tmp_path):
    officer, ppid = staff
    test = exempt(ppid)
    item = make_request()
    response = verified_client(ppid).post(decide_url(item), form(exemption_basis="", exemption=test.entry_id))
    assert response.status_code == 302
    text = pdf_words(issued[-1], tmp_path)
    assert "setelah uji konsekuensi" in text and "Pasal 18 ayat (2) huruf b" in text


def test_the_api_citing_an_exempt_entry_says_so_and_without_one_does_not(staff, api_client, issued, tmp_path):
    officer, ppid = staff
    test = exempt(ppid)
    client = api_client(ppid)
    for exemption, claimed in ((test.entry_id, True), (None, False)):
        body = {"outcome": "rejected", "explanation": "Tertutup.", "exemption_basis": "h"}
        if exemption is not None:
            body["exemption"] = exemption
        number = make_request().registration_number
        response = client.post(
            f"/api/v1/staff/requests/{number}/decision", body, content_type="application/json"
        )
        assert response.status_code == 200, response.content
        assert ("uji konsekuensi" in pdf_words(issued[-1], tmp_path)) is claimed


def test_the_console_warns_of_the_duty_to_test_and_still_records_a_refusal_without_one(
    staff, verified_client, issued, tmp_path
):
    officer, ppid = staff
    item = make_request()
    client = verified_client(ppid)
    with translation.override("en"):
        duty = citation_text("consequence_duty")
    assert duty  # from the law's data, never written into the template
    page = client.get(decide_url(item)).content.decode()
    assert duty in page
    assert "test the consequences of opening the information before withholding it" in page

    response = client.post(decide_url(item), form(), follow=True)
    assert response.redirect_chain and Decision.objects.get(request=item).exemption_basis == "h"
    after = response.content.decode()
    assert "without citing a consequence test" in after and duty in after
    text = pdf_words(issued[-1], tmp_path)
    for claim in CLAIMS:
        assert claim not in text, claim


def test_a_grant_or_a_cited_test_gets_no_warning(staff, verified_client):
    officer, ppid = staff
    test = exempt(ppid)
    client = verified_client(ppid)
    granted = client.post(
        decide_url(make_request()), form(outcome="granted", exemption_basis=""), follow=True
    )
    cited = client.post(
        decide_url(make_request()), form(exemption_basis="", exemption=test.entry_id), follow=True
    )
    for response in (granted, cited):
        assert response.redirect_chain
        assert "without citing a consequence test" not in response.content.decode()
