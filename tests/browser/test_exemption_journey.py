"""Exempt information in the browser, in both languages (issue 12 item 4).

The unit's PPID holds a consequence test in the console (its error state first) and gets the
signed sheet; a citizen with JavaScript off reads the unit's exempt list (basis, consequence,
period, never the content) and downloads the signed sheet; after the period the daily job opens
the entry, and the citizen finds it as available at any time with the announcement. axe-core reads
every page on the way.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.browser.browser_support import continue_, open_pdf, session_sign_in
from tests.signing_support import assert_signed_and_intact, pki_setup

from eppid.catalog.exemptions import exemptions_expire
from eppid.catalog.models import ConsequenceTest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONSEQUENCE = "Pelapor dan saksi dapat terancam keselamatannya."
TEXT = {
    "": {
        "error": "Galat:",
        "sheet": "Lembar pengujian konsekuensi (PDF bertanda tangan)",
        "open": "setiap saat",
    },
    "/en": {"error": "Error:", "sheet": "Consequence test sheet (signed PDF)", "open": "at any time"},
}


def ppid_holds_the_test(page, axe_check, prefix, text) -> ConsequenceTest:
    page.goto(f"{prefix}/office/units/35.04/information/exemptions/", wait_until="load")
    axe_check(page)
    page.goto(f"{prefix}/office/units/35.04/information/exemptions/new/", wait_until="load")
    axe_check(page)
    # The error state: nothing but a period that already ended.
    page.locator("#id_until").fill("2001-01-01")
    continue_(page)
    assert page.title().startswith(text["error"])
    assert page.locator(".error-summary a[href='#id_document']").count() == 1
    axe_check(page)
    page.locator("#id_document").fill("Berkas penanganan pelanggaran nomor 12/Reg/2026")
    page.locator("#id_withheld").fill("Identitas pelapor dan saksi pada halaman 3-5")
    page.locator("input[name=grounds][value=bawaslu_b]").check()
    page.locator("#id_legal_basis").fill("Perbawaslu 1/2022 Pasal 18 ayat (2) huruf b")
    page.locator("#id_consequence").fill(CONSEQUENCE)
    page.locator("#id_public_interest").fill("Putusan diumumkan tanpa identitas saksi.")
    page.locator("#id_until").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    page.locator("#id_participants").fill("Ani Suryani (PPID)\nBudi Santoso (Kepala Subbagian Hukum)")
    continue_(page)
    test = ConsequenceTest.objects.get()
    assert page.url.endswith(f"{prefix}/office/units/35.04/information/{test.entry_id}/")
    assert CONSEQUENCE in page.locator("main").inner_text()
    axe_check(page)
    return test


def citizen_reads_the_exempt_list(page, axe, prefix, text, signing_dir) -> None:
    page.goto(f"{prefix}/units/35.04/informasi/dikecualikan/", wait_until="load")
    main = page.locator("main").inner_text()
    assert CONSEQUENCE in main and "Pasal 18" in main
    axe(page)
    assert_signed_and_intact(open_pdf(page, page.get_by_role("link", name=text["sheet"]).first), signing_dir)


def citizen_finds_it_open(page, axe, prefix, text, test) -> None:
    page.goto(f"{prefix}/informasi/{test.entry_id}/", wait_until="load")
    main = page.locator("main").inner_text()
    assert test.announcement in main and text["open"] in main
    axe(page)
    page.goto(f"{prefix}/units/35.04/informasi/dikecualikan/", wait_until="load")
    assert test.announcement in page.locator("main").inner_text()
    axe(page)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_consequence_test_to_a_signed_sheet_and_its_end(
    live_server, page, no_js_page, axe_check, axe_no_js, make_staff, settings, tmp_path, prefix
):
    signing_dir = pki_setup(settings, tmp_path)
    text = TEXT[prefix]
    ppid = make_staff("journey.ppid", ("35.04", "ppid"))
    session_sign_in(page, live_server, ppid)
    test = ppid_holds_the_test(page, axe_check, prefix, text)
    citizen_reads_the_exempt_list(no_js_page, axe_no_js, prefix, text, signing_dir)
    [opened] = exemptions_expire(today=test.until + timedelta(days=1))
    citizen_finds_it_open(no_js_page, axe_no_js, prefix, text, opened)
