"""A citizen objects on ground (b) without a request, JavaScript off, from the start page to the
confirmation: the wizard the request wizard shares its pages with; axe-core on every page and
error state (a step's and the check page's, whose summary takes the focus), in both languages."""

import pytest
from tests.browser.browser_support import (
    assert_error_state,
    continue_,
    documents_step,
    error_summary_focused,
    identity_steps,
)
from tests.request_support import NIK, pdf_bytes

pytestmark = [pytest.mark.browser]

WIZARD = "/keberatan/berkala/"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_citizen_objects_on_ground_b_without_javascript(no_js_page, axe_no_js, prefix, tmp_path):
    from eppid.portal.request_wizard import upload_dir

    page = no_js_page
    ktp = tmp_path / "ktp.pdf"
    ktp.write_bytes(pdf_bytes())

    page.goto(f"{prefix}{WIZARD}?unit=35.04")
    axe_no_js(page)
    page.locator("main a.button").click()

    # The office chosen by the link is checked, and stays listed when a search finds nothing.
    assert page.url.endswith(f"{WIZARD}unit/")
    assert page.locator("input[name=unit][value='35.04']").is_checked()
    page.locator("main input[name=q]").fill("Tidak Ada Kantor Seperti Ini")
    continue_(page, "main form[role=search] button")
    assert page.url.endswith("?q=Tidak+Ada+Kantor+Seperti+Ini")
    assert page.locator("input[name=unit]").count() == 1
    axe_no_js(page)
    continue_(page)

    identity_steps(page, axe_no_js, NIK)

    page.locator("#id_statement").fill("Laporan keuangan 2025 tidak ada di laman kantor.")
    axe_no_js(page)
    continue_(page)

    assert page.url.endswith(f"{WIZARD}documents/")
    documents_step(page, axe_no_js, ktp)

    assert page.url.endswith(f"{WIZARD}periksa/")
    axe_no_js(page)
    # The encrypted upload is gone (swept): the check page says so, its summary takes the focus.
    for entry in upload_dir().iterdir():
        entry.unlink()
    continue_(page)
    assert_error_state(page, axe_no_js)
    assert error_summary_focused(page)
    page.locator(f".error-summary a[href$='{WIZARD}documents/?change=1']").click()
    documents_step(page, axe_no_js, ktp)
    assert page.url.endswith(f"{WIZARD}periksa/")
    continue_(page)

    assert page.url.endswith("/keberatan/selesai/")
    assert page.get_by_test_id("objection-number").inner_text().strip().startswith("KEB-35.04-")
    assert len(page.get_by_test_id("tracking-code").inner_text().strip()) >= 22
    axe_no_js(page)
