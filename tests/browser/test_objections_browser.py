"""End to end in Chromium: a citizen (JavaScript off) objects to a rejection, the atasan PPID (signed
in with password and TOTP) dismisses it with reasons; axe on every page, in both languages,
error states included."""

from __future__ import annotations

import pytest
from tests.auth_support import totp_code
from tests.browser.browser_support import NoScriptAxe, assert_error_state, submit
from tests.disclosure_support import request_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and private passphrase"


@pytest.fixture
def rejected(make_staff):
    """A request to Bawaslu Kabupaten Tulungagung, rejected today by its PPID: (request, code)."""
    from eppid.disclosure.services import request_decide, request_start, request_submit

    ppid = make_staff("browser.ppid", ("35.04", "ppid"))
    result = request_submit(data=request_data())
    request_start(request=result.request, actor=ppid)
    request_decide(
        request=result.request, actor=ppid, outcome="rejected", explanation="Exempt.", exemption_basis="h"
    )
    return result.request, result.tracking_code


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_citizen_objects_and_the_atasan_dismisses_with_reasons(
    browser, live_server, axe_check, make_staff, rejected, prefix
):
    request, code = rejected
    citizen = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="id-ID")
    citizen.set_default_timeout(15_000)
    page = citizen.new_page()
    check = NoScriptAxe(browser, live_server.url, axe_check)

    # The objection start page, and its error state.
    page.goto(prefix + "keberatan/")
    check(page)
    submit(page)
    assert_error_state(page, check)

    # From the request's status page: the "File an objection" button POSTs on, no code in a URL.
    page.goto(prefix + "permohonan/status/")
    page.locator("input[name=registration_number]").fill(request.registration_number)
    page.locator("input[name=tracking_code]").fill(code)
    submit(page)
    check(page)
    page.locator("main form[action$='/keberatan/'] button[type=submit]").click()
    page.wait_for_url("**/keberatan/alasan/")
    assert code not in page.url
    check(page)
    # Step 1: nothing chosen is an error; the grounds that do not fit are listed with reasons.
    assert page.locator("[data-testid=closed-grounds] dt").count() >= 1, page.content()[-6000:]
    submit(page)
    assert_error_state(page, check)
    page.locator("input[name=ground][value=a]").check()
    submit(page)
    page.wait_for_url("**/keberatan/pernyataan/")
    check(page)
    submit(page)
    assert_error_state(page, check)
    page.locator("textarea[name=statement]").fill("The refusal names no consequence test.")
    submit(page)
    page.wait_for_url("**/keberatan/periksa/")
    check(page)
    submit(page)
    page.wait_for_url("**/keberatan/selesai/")
    check(page)
    number = page.locator("[data-testid=objection-number]").inner_text().strip()
    assert number.startswith("KEB-35.04-")

    # The objection's own status page.
    page.goto(prefix + "keberatan/status/")
    check(page)
    page.locator("input[name=registration_number]").fill(number)
    page.locator("input[name=tracking_code]").fill(code)
    submit(page)
    assert page.locator("[data-testid=objection-status]").count() == 1
    check(page)

    # Ground b without a request: its entry and first step.
    page.goto(prefix + "keberatan/berkala/?unit=35.04")
    check(page)
    page.goto(prefix + "keberatan/berkala/unit/")
    check(page)

    # The atasan PPID signs in with password and TOTP.
    atasan = make_staff("browser.atasan", ("35.04", "superior"), password=PASSWORD)
    office = browser.new_context(base_url=live_server.url, locale="id-ID")
    office.set_default_timeout(15_000)
    staff = office.new_page()
    staff.goto(prefix + "accounts/login/")
    staff.locator("input[name=username]").fill("browser.atasan")
    staff.locator("input[name=password]").fill(PASSWORD)
    staff.locator("main button[type=submit]").click()
    staff.wait_for_url("**/accounts/verify/**")
    code_form = staff.locator("main form:has(input[autocomplete=one-time-code])")
    code_form.locator("input[autocomplete=one-time-code]").fill(totp_code(atasan))
    code_form.locator("button[type=submit]").click()
    staff.wait_for_url("**/office/")
    axe_check(staff)

    base = f"{prefix}office/units/35.04/objections/"
    for path in (
        "office/units/35.04/",
        "office/units/35.04/objections/",
        "office/units/35.04/objections/register/",
    ):
        response = staff.goto(prefix + path)
        assert response.status == 200, path
        axe_check(staff)
    staff.goto(base + "?show=overdue")
    axe_check(staff)
    staff.goto(base + number + "/")
    axe_check(staff)
    staff.goto(base + number + "/decide/")
    axe_check(staff)
    # Dismissing without reasons is refused; with reasons it is recorded.
    staff.locator("input[name=outcome][value=dismissed]").check()
    submit(staff)
    assert_error_state(staff, axe_check)
    staff.locator("input[name=outcome][value=dismissed]").check()
    staff.locator("textarea[name=explanation]").fill("Article 17(h): the minutes hold personal data.")
    submit(staff)
    staff.wait_for_url("**/response/")
    assert "Article 17(h)" in staff.locator("main").inner_text()
    axe_check(staff)
    staff.goto(base + number + "/")
    axe_check(staff)
    staff.goto(base + "register/?from=2000-01-01&to=1999-01-01")
    assert_error_state(staff, axe_check)

    # The citizen sees the dismissal and the road to the Komisi Informasi.
    page.goto(prefix + "keberatan/status/")
    page.locator("input[name=registration_number]").fill(number)
    page.locator("input[name=tracking_code]").fill(code)
    submit(page)
    assert page.locator("[data-testid=dispute-window]").count() == 1
    assert "Komisi Informasi Provinsi" in page.locator("[data-testid=dispute-window]").inner_text()
    check(page)
    check.close()
    citizen.close()
    office.close()
