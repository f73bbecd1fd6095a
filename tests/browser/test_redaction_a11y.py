"""Redaction and the publication of released documents in the browser, in both languages: the
forms work with a plain browser form (no script needed), their error state names the field, and
axe-core reads every page on the way."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.browser.browser_support import continue_, session_sign_in
from tests.catalog_support import draft
from tests.console_support import make_request
from tests.redaction_support import redaction_pdf

from eppid.catalog.models import InformationEntry
from eppid.disclosure.services import request_decide, request_start
from eppid.disclosure.services.redaction import request_document_redact
from eppid.redaction.models import Redaction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf():
    return SimpleUploadedFile("surat.pdf", redaction_pdf(), content_type="application/pdf")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_redaction_and_publication_pages(live_server, page, axe_check, make_staff, tmp_path, prefix):
    ppid = make_staff("redaksi.ppid", ("35.04", "ppid"))
    entry = draft(ppid, documents=[_pdf()])
    session_sign_in(page, live_server, ppid)

    page.goto(f"{prefix}/office/units/35.04/information/{entry.pk}/", wait_until="load")
    with page.expect_navigation(wait_until="load"):
        page.locator("main a[href$='/redact/']").first.click()
    axe_check(page)
    page.locator("input[name=ground][value=h]").check()
    page.locator("#id_areas").fill("9 10 10 20 20")
    continue_(page)
    assert page.locator(".error-summary a[href='#id_areas']").count() == 1
    axe_check(page)
    page.locator("#id_areas").fill("")
    page.locator("#id_terms").fill("Budi Santoso")
    continue_(page)
    assert page.url.endswith(f"{prefix}/office/units/35.04/information/{entry.pk}/")
    assert "surat-dihitamkan.pdf" in page.locator("main").inner_text()
    axe_check(page)

    info_request = make_request(name="Budi Santoso")
    number = info_request.registration_number
    page.goto(f"{prefix}/office/units/35.04/requests/{number}/redact/", wait_until="load")
    axe_check(page)
    source = tmp_path / "surat.pdf"
    source.write_bytes(redaction_pdf())
    page.locator("input[name=document]").set_input_files(str(source))
    page.locator("input[name=ground][value=h]").check()
    page.locator("#id_terms").fill("Budi Santoso\n3201010101010001")
    continue_(page)
    assert Redaction.objects.filter(purpose="request").count() == 1
    axe_check(page)  # the request page with its redacted copy

    request_start(request=info_request, actor=ppid)
    copy = request_document_redact(
        request=info_request, actor=ppid, document=_pdf(), terms="Budi Santoso", ground="h"
    )
    request_decide(request=info_request, actor=ppid, outcome="granted", material="Surat", redacted=[copy.pk])
    page.goto(f"{prefix}/office/units/35.04/requests/{number}/publish/", wait_until="load")
    axe_check(page)
    page.locator("#id_title").fill("")
    continue_(page)
    assert page.locator(".error-summary a[href='#id_title']").count() == 1
    axe_check(page)
    page.locator("#id_title").fill("Surat jawaban anggaran belanja modal")
    page.locator("#id_summary").fill("Realisasi anggaran belanja modal.")
    page.locator("#id_responsible").fill("Kepala Subbagian Keuangan")
    page.locator("#id_retention").fill("5 tahun")
    continue_(page)
    published = InformationEntry.objects.get(status="published")
    assert page.url.endswith(f"{prefix}/office/units/35.04/information/{published.pk}/")
    axe_check(page)
