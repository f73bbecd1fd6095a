"""The verification page in a real browser, both languages: upload a PDF, look up a code; axe clean."""

import pytest
from tests.signing_support import issue_sample, pki_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pki(settings, tmp_path):
    return pki_setup(settings, tmp_path)


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_verification_page_upload_and_code(page, live_server, axe_check, pki, tmp_path, prefix):
    doc = issue_sample()
    signed = tmp_path / "tanda-bukti.pdf"
    signed.write_bytes(doc.signed_pdf())
    not_pdf = tmp_path / "catatan.pdf"
    not_pdf.write_bytes(b"this is not a PDF")

    response = page.goto(prefix + "verifikasi/")
    assert response.status == 200
    axe_check(page)

    # A file that is not a PDF: the error summary, the form again, no server error.
    page.set_input_files("#upload_file", str(not_pdf))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    axe_check(page)

    # The issued document: authentic, with its registered details.
    page.set_input_files("#upload_file", str(signed))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".panel--confirmation").is_visible()
    assert doc.code_display in page.content()
    axe_check(page)

    # The code, typed as a person would (lower case, spaces): the document's own page.
    page.goto(prefix + "verifikasi/")
    page.fill("#code_code", doc.code_display.lower().replace("-", " "))
    page.locator("main form[method=get] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"{prefix}verifikasi/{doc.code}/")
    assert "35.04-2026-00042" in page.content()
    axe_check(page)
