"""The information list in the browser, in both languages.

An officer drafts an entry with a PDF in the console (its error state first), the unit's PPID
publishes it, and a citizen with JavaScript off goes from the unit's page to its information list,
finds the entry by a word that is only inside the PDF, opens it and downloads the PDF, whose
SHA-256 is the one the page states. axe-core reads every page on the way.
"""

import hashlib
from pathlib import Path

import pytest
from django.utils import timezone
from tests.browser.browser_support import NAVIGATION_TIMEOUT, continue_, session_sign_in
from tests.browser.conftest import new_tab
from tests.console_support import tiny_pdf

from eppid.catalog.models import InformationEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = tiny_pdf("Rekapitulasi pengawasan Kedungwaru")
TITLE = "Laporan pengawasan tahapan kampanye"

TEXT = {
    "": {
        "lang": "id",
        "error": "Galat:",
        "publish": "Umumkan",
        "list": "Informasi yang diumumkan kantor ini",
    },
    "/en": {
        "lang": "en",
        "error": "Error:",
        "publish": "Publish",
        "list": "Information this office publishes",
    },
}


def follow(page, link):
    with page.expect_navigation(wait_until="load"):
        link.click()


def officer_drafts(page, axe_check, prefix, text, tmp_path) -> InformationEntry:
    page.goto(f"{prefix}/office/units/35.04/information/", wait_until="load")
    axe_check(page)
    page.goto(f"{prefix}/office/units/35.04/information/new/", wait_until="load")
    axe_check(page)
    # The error state: no title, and a date in the future.
    page.locator("input[name=category][value=periodic]").check()
    page.locator("#id_created").fill("2999-01-01")
    continue_(page)
    assert page.title().startswith(text["error"])
    assert page.locator(".error-summary a[href='#id_title']").count() == 1
    axe_check(page)

    document = tmp_path / "laporan-pengawasan.pdf"
    document.write_bytes(PDF)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Hasil pengawasan tahapan kampanye di setiap kecamatan.")
    page.locator("input[name=category][value=periodic]").check()
    page.locator("select[name=type]").select_option("election_results")
    page.locator("#id_responsible").fill("Kepala Subbagian Hukum, Humas, Data dan Informasi")
    page.locator("#id_created").fill(timezone.localdate().isoformat())
    page.locator("#id_format").fill("Softcopy (PDF)")
    page.locator("#id_retention").fill("5 tahun")
    page.locator("input[name=documents]").set_input_files(str(document))
    continue_(page)
    entry = InformationEntry.objects.get()
    assert page.url.endswith(f"{prefix}/office/units/35.04/information/{entry.pk}/")
    assert "laporan-pengawasan.pdf" in page.locator("main").inner_text()
    axe_check(page)
    return entry


def ppid_publishes(page, axe_check, prefix, text, entry) -> None:
    page.goto(f"{prefix}/office/units/35.04/information/{entry.pk}/", wait_until="load")
    axe_check(page)
    follow(page, page.locator("main").get_by_role("link", name=text["publish"], exact=True))
    axe_check(page)
    continue_(page)
    entry.refresh_from_db()
    assert entry.status == "published"
    axe_check(page)
    page.goto(f"{prefix}/office/units/35.04/", wait_until="load")  # the overview with the checklist
    axe_check(page)
    page.goto(f"{prefix}/office/units/35.04/information/checklist/", wait_until="load")
    axe_check(page)


def citizen_finds_and_downloads(page, axe, prefix, text) -> None:
    page.goto(f"{prefix}/units/35.04/", wait_until="load")
    assert page.locator("html").get_attribute("lang") == text["lang"]
    follow(page, page.get_by_role("link", name=text["list"]))
    assert page.url.endswith(f"{prefix}/units/35.04/informasi/")
    axe(page)
    # A word that is only inside the PDF.
    page.locator("main input[name=q]").fill("Kedungwaru")
    continue_(page, "main form[role=search] button[type=submit]")
    axe(page)
    follow(page, page.get_by_role("link", name=TITLE))
    axe(page)
    digest = hashlib.sha256(PDF).hexdigest()
    assert digest in page.locator("main").inner_text()
    with page.expect_download(timeout=NAVIGATION_TIMEOUT) as started:
        page.get_by_role("link", name="laporan-pengawasan.pdf").first.click()
    data = Path(started.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == digest
    page.goto(f"{prefix}/informasi/", wait_until="load")  # the national page
    axe(page)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_officer_drafts_ppid_publishes_citizen_finds_and_downloads(
    browser, live_server, page, no_js_page, axe_check, axe_no_js, make_staff, tmp_path, prefix
):
    text = TEXT[prefix]
    officer = make_staff("journey.officer", ("35.04", "officer"))
    ppid = make_staff("journey.ppid", ("35.04", "ppid"))
    session_sign_in(page, live_server, officer)
    entry = officer_drafts(page, axe_check, prefix, text, tmp_path)

    ppid_page = new_tab(browser, live_server)
    try:
        session_sign_in(ppid_page, live_server, ppid)
        ppid_publishes(ppid_page, axe_check, prefix, text, entry)
    finally:
        ppid_page.context.close()

    citizen_finds_and_downloads(no_js_page, axe_no_js, prefix, text)
