"""Retracting a published document in the browser, in both languages: the console's form works
without script and names the field in its error state; the public pages of the entry and of the
retracted document (410) pass axe-core (decision 1697)."""

import pytest
from tests.browser.browser_support import continue_, session_sign_in
from tests.catalog_support import pdf_file, published
from tests.redaction_support import redaction_pdf

from eppid.catalog.redaction import entry_document_redact
from eppid.catalog.services import entry_publish, entry_version_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_retraction_pages(live_server, page, axe_check, make_staff, prefix):
    officer = make_staff("tarik.petugas", ("35.04", "officer"))
    ppid = make_staff("tarik.ppid", ("35.04", "ppid"))
    entry = published(
        officer, ppid, documents=[pdf_file("notulen.pdf", redaction_pdf()), pdf_file("anggaran.pdf")]
    )
    original, other = (link.document for link in entry.current.links.order_by("position"))
    entry = entry_version_start(entry=entry, actor=officer)
    entry_document_redact(
        entry=entry, document_id=original.pk, actor=officer, terms="Budi Santoso", ground="h"
    )
    entry = entry_publish(entry=entry, actor=ppid)

    session_sign_in(page, live_server, ppid)
    page.goto(f"{live_server.url}{prefix}/office/units/35.04/information/{entry.pk}/", wait_until="load")
    axe_check(page)
    with page.expect_navigation(wait_until="load"):
        page.locator(f"main a[href$='/documents/{other.pk}/retract/']").first.click()
    axe_check(page)
    continue_(page)
    assert page.locator(".error-summary a[href='#id_reason']").count() == 1
    axe_check(page)
    page.locator("#id_reason").fill("Memuat data pribadi.")
    continue_(page)
    assert page.url.endswith(f"{prefix}/office/units/35.04/information/{entry.pk}/")
    axe_check(page)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}{prefix}/informasi/{entry.pk}/", wait_until="load")
    assert page.locator(f"main a[href*='/dokumen/{original.pk}/']").count() == 0
    axe_check(page)
    for doc in (original, other):
        response = page.goto(
            f"{live_server.url}{prefix}/informasi/{entry.pk}/dokumen/{doc.pk}/{doc.name}", wait_until="load"
        )
        assert response.status == 410
        axe_check(page)
