"""A citizen files a request with JavaScript disabled, from the home page to the confirmation page,
then looks it up on the status page; axe-core finds nothing on any page or error state, in both
languages."""

import pytest
from tests.browser.browser_support import continue_, documents_step, identity_steps
from tests.request_support import NIK, pdf_bytes

pytestmark = [pytest.mark.browser]

TEXT = {
    "": {"start": "Ajukan permohonan informasi", "lang": "id", "received": "Diterima"},
    "/en": {"start": "Request information", "lang": "en", "received": "Received"},
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_citizen_files_a_request_without_javascript(no_js_page, axe_no_js, prefix, tmp_path, settings):
    settings.RATELIMIT_ENABLE = True
    page = no_js_page
    text = TEXT[prefix]
    ktp = tmp_path / "ktp.pdf"
    ktp.write_bytes(pdf_bytes())

    page.goto(f"{prefix}/")
    assert page.locator("html").get_attribute("lang") == text["lang"]
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name=text["start"]).first.click()
    assert page.url.endswith(f"{prefix}/permohonan/")
    axe_no_js(page)
    page.locator("main a.button").click()

    # Unit: an error first, then a search that works without JavaScript.
    assert page.url.endswith("/permohonan/unit/")
    continue_(page)
    assert page.locator(".error-summary").count() == 1
    assert page.title().startswith("Galat:" if prefix == "" else "Error:")
    axe_no_js(page)
    page.locator("main input[name=q]").fill("Tulungagung")
    with page.expect_navigation(wait_until="load"):  # a GET form: the search is a navigation
        page.locator("main form[role=search] button").click()
    axe_no_js(page)
    page.locator("input[name=unit][value='35.04']").check()
    continue_(page)

    identity_steps(page, axe_no_js, NIK)

    page.locator("#id_information").fill("Notulen rapat pleno rekapitulasi 2024.")
    page.locator("#id_purpose").fill("Bahan tulisan.")
    axe_no_js(page)
    continue_(page)

    page.locator("input[name=access_method][value=copy]").check()
    continue_(page)  # no copy format: an error
    assert page.locator(".error-summary").count() == 1
    axe_no_js(page)
    page.locator("input[name=copy_format][value=softcopy]").check()
    page.locator("input[name=delivery][value=email]").check()
    continue_(page)

    assert page.url.endswith("/permohonan/documents/")
    documents_step(page, axe_no_js, ktp)

    assert page.url.endswith("/permohonan/periksa/")
    axe_no_js(page)
    # A change link goes to the step and comes back to the check page.
    page.locator("a[href$='/permohonan/contact/?change=1']").first.click()
    page.locator("#id_occupation").fill("Peneliti")
    continue_(page)
    assert page.url.endswith("/permohonan/periksa/")
    assert "Peneliti" in page.locator("main").inner_text()
    continue_(page)

    assert page.url.endswith("/permohonan/selesai/")
    number = page.get_by_test_id("registration-number").inner_text().strip()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert number.startswith("35.04-") and len(code) >= 22
    axe_no_js(page)
    # The header's language switch shows the same confirmation in the other language.
    with page.expect_navigation(wait_until="load"):
        page.locator("nav.language-switch a").first.click()
    assert page.locator("html").get_attribute("lang") == ("en" if prefix == "" else "id")
    assert page.get_by_test_id("tracking-code").inner_text().strip() == code

    # The status page: a wrong code first, then the right one.
    page.goto(f"{prefix}/permohonan/status/")
    axe_no_js(page)
    page.locator("#id_registration_number").fill(number)
    page.locator("#id_tracking_code").fill("wrong")
    continue_(page)
    assert page.locator(".error-summary").count() == 1
    axe_no_js(page)
    page.locator("#id_tracking_code").fill(code)
    continue_(page)
    assert page.get_by_test_id("status").text_content().strip() == text["received"]
    assert page.get_by_test_id("leaf-index").count() == 1
    axe_no_js(page)
