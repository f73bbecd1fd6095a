"""The whole life of a request in the browser, in both languages.

A citizen with JavaScript off files it from the home page and downloads the signed receipt; an
officer signs in with password and TOTP, starts it and decides it (partially granted, Pasal 17(h),
a released document); the citizen (JavaScript off) opens the status page, reads the decision and
the written notice, and downloads the signed notice and the released document. axe-core reads
every page on the way, error states included.
"""

from pathlib import Path

import pytest
from tests.browser.browser_support import (
    NAVIGATION_TIMEOUT,
    PASSWORD,
    continue_,
    documents_step,
    error_summary_focused,
    identity_steps,
    open_pdf,
    sign_in,
)
from tests.console_support import tiny_pdf
from tests.request_support import NIK, pdf_bytes
from tests.signing_support import assert_signed_and_intact, pki_setup

from eppid.disclosure.models import InformationRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "": {
        "lang": "id",
        "start": "Ajukan permohonan informasi",
        "error": "Galat:",
        "receipt": "Unduh tanda bukti (PDF, bertanda tangan elektronik)",
        "notice": "Unduh pemberitahuan tertulis (PDF, bertanda tangan elektronik)",
        "start_processing": "Mulai proses",
        "decide": "Putuskan dan terbitkan pemberitahuan tertulis",
        "completed": "Selesai",
        "outcome": "Dikabulkan sebagian",
        "basis": "Pasal 17 huruf h: mengungkap rahasia pribadi",
    },
    "/en": {
        "lang": "en",
        "start": "Request information",
        "error": "Error:",
        "receipt": "Download your receipt (PDF, signed)",
        "notice": "Download the written notice (PDF, signed)",
        "start_processing": "Start processing",
        "decide": "Decide and issue the written notice",
        "completed": "Completed",
        "outcome": "Partially granted",
        "basis": "Art. 17(h): would reveal personal secrets",
    },
}

RELEASED = tiny_pdf("DPT Kecamatan Kedungwaru")
REDACTIONS = "Kolom NIK dihitamkan (rahasia pribadi, Pasal 17 huruf h)."
MATERIAL = "Daftar pemilih tetap Kecamatan Kedungwaru tanpa NIK."


def follow(page, link):
    """Click a link and wait for the page it opens."""
    with page.expect_navigation(wait_until="load"):
        link.click()


def download(page, link) -> bytes:
    """Click a link that answers with an attachment and return the downloaded file's bytes."""
    with page.expect_download(timeout=NAVIGATION_TIMEOUT) as started:
        link.click()
    return Path(started.value.path()).read_bytes()


def citizen_files(page, axe, prefix, text, tmp_path, signing_dir) -> tuple[str, str]:
    """Home page to confirmation with JavaScript off; returns the registration number and code."""
    ktp = tmp_path / "ktp.pdf"
    ktp.write_bytes(pdf_bytes())

    page.goto(f"{prefix}/", wait_until="load")
    assert page.locator("html").get_attribute("lang") == text["lang"]
    axe(page)
    follow(page, page.get_by_role("link", name=text["start"]).first)
    assert page.url.endswith(f"{prefix}/permohonan/")
    axe(page)
    follow(page, page.locator("main a.button"))

    assert page.url.endswith(f"{prefix}/permohonan/unit/")
    axe(page)
    page.locator("main input[name=q]").fill("Tulungagung")
    continue_(page, "main form[role=search] button")
    page.locator("input[name=unit][value='35.04']").check()
    axe(page)
    continue_(page)

    identity_steps(page, axe, NIK)

    page.locator("#id_information").fill("Daftar pemilih tetap Kecamatan Kedungwaru pada Pemilu 2024.")
    page.locator("#id_purpose").fill("Bahan liputan.")
    axe(page)
    continue_(page)

    page.locator("input[name=access_method][value=copy]").check()
    page.locator("input[name=copy_format][value=softcopy]").check()
    page.locator("input[name=delivery][value=email]").check()
    axe(page)
    continue_(page)

    assert page.url.endswith(f"{prefix}/permohonan/documents/")
    documents_step(page, axe, ktp)

    assert page.url.endswith(f"{prefix}/permohonan/periksa/")
    assert "Budi Santoso" in page.locator("main").inner_text()
    axe(page)
    continue_(page)

    assert page.url.endswith(f"{prefix}/permohonan/selesai/")
    number = page.get_by_test_id("registration-number").inner_text().strip()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    due = page.get_by_test_id("due-date").inner_text().strip()
    request = InformationRequest.objects.get(registration_number=number)
    assert number.startswith("35.04-") and len(code) >= 22 and due
    assert request.due_date.year == int(due.split()[-1]) and str(request.due_date.day) == due.split()[0]
    axe(page)
    receipt = open_pdf(page, page.get_by_role("link", name=text["receipt"]))
    assert_signed_and_intact(receipt, signing_dir)
    return number, code


def officer_decides(page, axe_check, prefix, text, number, tmp_path, make_staff) -> None:
    officer = make_staff("lifecycle.ppid", ("35.04", "ppid"), password=PASSWORD)
    sign_in(page, officer, prefix=f"{prefix}/", check=axe_check)
    axe_check(page)  # the dashboard

    page.goto(f"{prefix}/office/units/35.04/requests/", wait_until="load")
    axe_check(page)
    follow(page, page.locator(f"main a:text-is('{number}')"))
    assert page.url.endswith(f"{prefix}/office/units/35.04/requests/{number}/")
    axe_check(page)

    follow(page, page.get_by_role("link", name=text["start_processing"]))
    axe_check(page)
    continue_(page)
    assert page.url.endswith(f"/requests/{number}/")
    assert InformationRequest.objects.get(registration_number=number).status == "in_progress"
    axe_check(page)

    follow(page, page.get_by_role("link", name=text["decide"]))
    axe_check(page)
    # The error state: partially granted, but no legal basis for what is withheld.
    page.locator("input[name=outcome][value=partially_granted]").check()
    page.locator("textarea[name=explanation]").fill("Sebagian data memuat NIK pemilih.")
    continue_(page)
    assert page.title().startswith(text["error"])
    assert page.locator(".error-summary").count() == 1
    assert page.locator(".error-summary a[href^='#id_exemption_basis']").count() == 1
    assert error_summary_focused(page)
    axe_check(page)

    document = tmp_path / "dpt-kedungwaru.pdf"
    document.write_bytes(RELEASED)
    page.locator("input[name=outcome][value=partially_granted]").check()
    page.locator("textarea[name=explanation]").fill("Sebagian data memuat NIK pemilih.")
    page.locator("input[name=exemption_basis][value=h]").check()
    page.locator("textarea[name=material]").fill(MATERIAL)
    page.locator("textarea[name=redactions]").fill(REDACTIONS)
    page.locator("input[name=documents]").set_input_files(str(document))
    continue_(page)
    assert page.url.endswith(f"/requests/{number}/")
    assert InformationRequest.objects.get(registration_number=number).status == "completed"
    assert page.locator(".notice-document").count() == 1
    axe_check(page)


def citizen_reads_the_decision(page, axe, prefix, text, number, code, signing_dir) -> None:
    page.goto(f"{prefix}/permohonan/status/", wait_until="load")
    axe(page)
    # The error state: the right number with a wrong code.
    page.locator("#id_registration_number").fill(number)
    page.locator("#id_tracking_code").fill(code[:-1] + ("A" if code[-1] != "A" else "B"))
    continue_(page)
    assert page.title().startswith(text["error"])
    assert page.locator(".error-summary").count() == 1
    axe(page)
    page.locator("#id_registration_number").fill(number)
    page.locator("#id_tracking_code").fill(code)
    continue_(page)

    assert page.get_by_test_id("status").text_content().strip() == text["completed"]
    notice = page.locator(".notice-document")
    assert notice.count() == 1
    for expected in (text["outcome"], text["basis"], MATERIAL, REDACTIONS, "dpt-kedungwaru.pdf"):
        assert expected in notice.inner_text(), expected
    axe(page)

    signed = open_pdf(page, page.get_by_role("link", name=text["notice"]))
    assert_signed_and_intact(signed, signing_dir)
    released = download(page, notice.get_by_role("link", name="dpt-kedungwaru.pdf"))
    assert released == RELEASED


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_request_from_filing_to_the_written_notice(
    no_js_page, axe_no_js, page, axe_check, make_staff, settings, tmp_path, prefix
):
    signing_dir = pki_setup(settings, tmp_path)
    text = TEXT[prefix]
    number, code = citizen_files(no_js_page, axe_no_js, prefix, text, tmp_path, signing_dir)
    officer_decides(page, axe_check, prefix, text, number, tmp_path, make_staff)
    citizen_reads_the_decision(no_js_page, axe_no_js, prefix, text, number, code, signing_dir)
