"""An officer signs in with TOTP, opens the inbox, starts and decides a request with a document.

axe reads every page on the way, and the inbox and the decision form (with its error state) in
English too.
"""

import pytest
from tests.browser.browser_support import PASSWORD, error_summary_focused, session_sign_in, sign_in
from tests.console_support import make_request, tiny_pdf

from eppid.disclosure.models import InformationRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_starts_and_decides_a_request_with_a_document(page, make_staff, axe_check, tmp_path):
    officer = make_staff("browser.officer", ("35.04", "ppid"), password=PASSWORD)
    item = make_request()
    number = item.registration_number
    sign_in(page, officer)
    axe_check(page)  # the dashboard, with its reminder counts

    for prefix in ("/en/", "/"):
        page.goto(f"{prefix}office/units/35.04/requests/")
        assert page.locator(f"a:has-text('{number}')").count() == 1
        axe_check(page)

    page.locator(f"a:has-text('{number}')").click()
    page.wait_for_load_state()
    axe_check(page)
    page.locator("main form button[type=submit]:has-text('NIK')").click()  # unmask
    page.wait_for_load_state()
    assert "3504011201900001" in page.content()
    axe_check(page)

    page.goto(f"/office/units/35.04/requests/{number}/start/")
    axe_check(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/requests/{number}/")
    assert InformationRequest.objects.get(pk=item.pk).status == "in_progress"
    axe_check(page)

    for prefix in ("/en/", "/"):
        page.goto(f"{prefix}office/units/35.04/requests/{number}/decide/")
        axe_check(page)
        page.locator("input[name=outcome][value=rejected]").check()
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".error-summary").count() == 1
        assert error_summary_focused(page)
        axe_check(page)

    document = tmp_path / "dpt.pdf"
    document.write_bytes(tiny_pdf("DPT"))
    page.locator("input[name=outcome][value=partially_granted]").check()
    page.locator("textarea[name=explanation]").fill("Sebagian data memuat NIK pemilih.")
    page.locator("input[name=exemption_basis][value=h]").check()
    page.locator("textarea[name=material]").fill("Daftar pemilih tetap tanpa NIK.")
    page.locator("textarea[name=redactions]").fill("Kolom NIK dihitamkan (rahasia pribadi).")
    page.locator("input[name=documents]").set_input_files(str(document))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/requests/{number}/")
    assert InformationRequest.objects.get(pk=item.pk).status == "completed"
    assert page.locator(".notice-document").count() == 1
    assert "dpt.pdf" in page.content()
    axe_check(page)
    page.goto(f"/en/office/units/35.04/requests/{number}/")
    axe_check(page)


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_other_request_pages_and_errors_are_accessible(page, live_server, make_staff, axe_check, prefix):
    session_sign_in(page, live_server, make_staff("browser.ppid", ("35.04", "ppid")))
    group = make_request(requester_type="group", group_name="Forum Warga", authorisation=True)
    number = group.registration_number
    base = f"{prefix}office/units/35.04/requests/"
    for path in ("?status=open", "?due_within=abc", "new/", f"{number}/"):
        page.goto(base + path)
        axe_check(page)
    for action in ("extend/", "forward/", "withdraw/", "new/"):
        page.goto(base + (action if action == "new/" else f"{number}/{action}"))
        axe_check(page)
        page.locator("main form[method=post] button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".error-summary").count() == 1, action
        axe_check(page)
