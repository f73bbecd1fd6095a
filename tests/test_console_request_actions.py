"""The officer console's actions on a request, through the test client: happy path and each error."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from tests.console_support import make_request, pdf_upload

from eppid.disclosure.models import InformationRequest, ReleasedDocument
from eppid.law.calendar import add_working_days

pytestmark = pytest.mark.django_db


def url(name, item, code="35.04"):
    with translation.override("id"):
        return "/en" + reverse(f"office:{name}", kwargs={"code": code, "number": item.registration_number})


def reload(item):
    return InformationRequest.objects.get(pk=item.pk)


@pytest.fixture
def officer_client(make_staff, verified_client):
    return verified_client(make_staff("petugas", ("35.04", "officer")))


def test_action_pages_need_handle_cases(make_staff, verified_client):
    item = make_request()
    auditor = verified_client(make_staff("auditor", ("35.04", "auditor")))
    for name in ("request-start", "request-extend", "request-forward", "request-withdraw", "request-decide"):
        assert auditor.get(url(name, item)).status_code == 403
        assert auditor.post(url(name, item), {"reason": "x", "note": "x"}).status_code == 403
    assert reload(item).status == "received"


def test_start_processing_then_a_second_start_is_refused(officer_client):
    item = make_request()
    assert officer_client.get(url("request-start", item)).status_code == 200
    response = officer_client.post(url("request-start", item), follow=True)
    assert response.redirect_chain[-1][0] == url("request", item)
    assert reload(item).status == "in_progress"
    assert "Processing has started" in response.content.decode()
    again = officer_client.post(url("request-start", item))
    assert again.status_code == 409
    assert "There is a problem" in again.content.decode()
    assert "can be started" in again.content.decode()


def test_extend_needs_a_reason(officer_client):
    item = make_request()
    response = officer_client.post(url("request-extend", item), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not reload(item).extended


def test_extend_once_by_seven_working_days_and_not_twice(officer_client):
    item = make_request()
    response = officer_client.post(
        url("request-extend", item), {"reason": "The archive is at the provincial office."}
    )
    assert response.status_code == 302
    extended = reload(item)
    assert extended.extended
    assert extended.due_date == add_working_days(extended.original_due_date, 7, "35.04")
    shown = officer_client.get(response["Location"]).content.decode()
    day = extended.due_date
    assert f"extended by 7 working days, to {day.day} {day:%B} {day.year}." in shown  # as people write it
    again = officer_client.post(url("request-extend", item), {"reason": "Still looking."})
    assert again.status_code == 409
    assert "only once" in again.content.decode()
    assert reload(item).due_date == extended.due_date


def test_extend_after_the_due_date_is_refused_with_a_clear_message(officer_client):
    item = make_request(received_at=timezone.now() - timedelta(days=40))
    response = officer_client.post(url("request-extend", item), {"reason": "Too late."})
    assert response.status_code == 409
    assert "The due date has passed" in response.content.decode()
    assert not reload(item).extended


def test_forward_to_another_unit(officer_client, make_staff, verified_client):
    item = make_request()
    form = officer_client.get(url("request-forward", item))
    options = dict(form.context["form"].fields["unit"].choices)
    assert "32.01" in options and "35.04" not in options
    response = officer_client.post(
        url("request-forward", item), {"unit": "32.01", "reason": "Bogor holds it."}, follow=True
    )
    original = reload(item)
    assert original.status == "forwarded"
    new = original.forwarded_to
    assert new.unit.code == "32.01" and new.tracking_hash == original.tracking_hash
    assert new.registration_number in response.content.decode()
    assert "forwarded to Bawaslu Kabupaten Bogor" in response.content.decode()
    with translation.override("id"):
        new_url = reverse("office:request", kwargs={"code": "32.01", "number": new.registration_number})
        old_url = reverse("office:request", kwargs={"code": "35.04", "number": original.registration_number})
    assert f'href="/en{new_url}"' in response.content.decode()
    bogor = verified_client(make_staff("bogor", ("32.01", "officer")))
    assert f'href="{old_url}"' in bogor.get(new_url).content.decode()


def test_forward_errors(officer_client):
    item = make_request()
    missing = officer_client.post(url("request-forward", item), {"unit": "", "reason": ""})
    assert set(missing.context["form"].errors) == {"unit", "reason"}
    own = officer_client.post(url("request-forward", item), {"unit": "35.04", "reason": "x"})
    assert own.context["form"].errors["unit"]
    assert reload(item).status == "received"


def test_withdraw_on_the_requesters_wish(officer_client):
    item = make_request()
    empty = officer_client.post(url("request-withdraw", item), {"note": ""})
    assert empty.context["form"].errors["note"]
    response = officer_client.post(url("request-withdraw", item), {"note": "Asked by email on 3 March."})
    assert response.status_code == 302
    assert reload(item).status == "withdrawn"
    closed = officer_client.post(url("request-withdraw", item), {"note": "Again."})
    assert closed.status_code == 409
    assert "withdrawn" in closed.content.decode()


def _decision(**overrides):
    data = {
        "outcome": "granted",
        "explanation": "The list is public.",
        "exemption_basis": "",
        "held_by": "",
        "material": "The final voters list of Kedungwaru, PDF.",
        "redactions": "",
        "fee_rupiah": "0",
    }
    data.update(overrides)
    return data


def test_decide_with_documents_shows_the_notice(officer_client):
    item = make_request()
    documents = [pdf_upload("dpt.pdf", "DPT"), pdf_upload("lampiran.pdf", "Lampiran")]
    data = {**_decision(), "documents": documents}
    response = officer_client.post(url("request-decide", item), data, follow=True)
    assert response.redirect_chain[-1][0] == url("request", item)
    assert reload(item).status == "completed"
    assert sorted(ReleasedDocument.objects.values_list("name", flat=True)) == ["dpt.pdf", "lampiran.pdf"]
    page = response.content.decode()
    for item_label in (
        "(a) Is the information held by us?",
        "(b) Who holds it",
        "(c) Decision",
        "(d) Material",
        "(e) Blacked-out parts",
        "(f) Delivery and format",
        "(g) Cost and how to pay",
    ):
        assert item_label in page
    assert "The final voters list of Kedungwaru" in page
    assert "Free of charge." in page
    assert "dpt.pdf" in page
    released = ReleasedDocument.objects.get(name="dpt.pdf")
    download = officer_client.get(reverse("portal:request-document", kwargs={"token": released.access_token}))
    assert download.status_code == 200 and released.access_token in page
    assert "Decided" in page  # the timeline


def test_decide_rejection_needs_a_legal_basis(officer_client):
    item = make_request()
    response = officer_client.post(url("request-decide", item), _decision(outcome="rejected", material=""))
    assert response.status_code == 200
    assert response.context["form"].errors["exemption_basis"]
    assert reload(item).status == "received"


def test_decide_partial_grant_with_basis_and_fee(officer_client):
    item = make_request()
    data = _decision(
        outcome="partially_granted", exemption_basis="h", redactions="NIK of voters.", fee_rupiah="15000"
    )
    page = officer_client.post(url("request-decide", item), data, follow=True).content.decode()
    assert reload(item).decision.exemption_basis == "h"
    assert "Art. 17(h)" in page and "NIK of voters." in page and "15,000" in page
    # The timeline names the outcome in words, not by its code.
    assert "partially_granted" not in page and "Partially granted" in page


def test_decide_not_held_needs_who_holds_it(officer_client):
    item = make_request()
    missing = officer_client.post(url("request-decide", item), _decision(outcome="not_held", material=""))
    assert missing.context["form"].errors["held_by"]
    done = officer_client.post(
        url("request-decide", item), _decision(outcome="not_held", material="", held_by="KPU Tulungagung")
    )
    assert done.status_code == 302
    assert reload(item).decision.held_by == "KPU Tulungagung"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"), "is not a PDF"),
        (SimpleUploadedFile("page.html", b"<html><body>hi</body></html>"), "is not a PDF"),
    ],
)
def test_decide_refuses_a_wrong_document_type(officer_client, upload, message):
    item = make_request()
    response = officer_client.post(url("request-decide", item), {**_decision(), "documents": [upload]})
    assert message in " ".join(response.context["form"].errors["documents"])
    assert reload(item).status == "received"
    assert not ReleasedDocument.objects.exists()


def test_decide_refuses_a_document_over_the_size_limit(officer_client, settings):
    settings.EPPID_RELEASE_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    item = make_request()
    response = officer_client.post(url("request-decide", item), {**_decision(), "documents": [big]})
    assert "larger than 1 MB" in " ".join(response.context["form"].errors["documents"])
    assert reload(item).status == "received"


def test_decide_twice_is_refused(officer_client):
    item = make_request()
    officer_client.post(url("request-decide", item), _decision())
    again = officer_client.post(url("request-decide", item), _decision())
    assert again.status_code == 409
    assert "cannot be decided" in again.content.decode()


def test_the_request_page_links_the_signed_notice_pdf(officer_client, settings, tmp_path):
    from tests.signing_support import pki_setup

    pki_setup(settings, tmp_path)
    item = make_request()
    page = officer_client.post(url("request-decide", item), _decision(), follow=True).content.decode()
    notice = reload(item).decision.notice
    assert notice is not None and notice.status == "signed"
    link = re.search(r'href="([^"]+)">Download the signed notice \(PDF\)', page).group(1)
    pdf = officer_client.get(link)
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(b"%PDF-")


def test_a_notice_waiting_for_its_signature_is_announced_not_linked(officer_client):
    item = make_request()  # no signing certificate configured in this test: the notice stays pending
    page = officer_client.post(url("request-decide", item), _decision(), follow=True).content.decode()
    notice = reload(item).decision.notice
    assert notice is not None and notice.status != "signed"
    assert "Download the signed notice" not in page
    assert "being prepared" in page
