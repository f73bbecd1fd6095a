"""The register of requests in the browser: preview with rows, its error state, both languages, axe."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time
from tests.browser.browser_support import session_sign_in
from tests.disclosure_support import pdf_upload, request_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer(make_staff):
    from eppid.disclosure.services import request_decide, request_submit

    user = make_staff("a11y.register", ("35.04", "officer"))
    received = datetime(2026, 1, 5, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    with freeze_time(received + timedelta(days=1)):  # registered then: the desk refuses older days
        request = request_submit(
            data=request_data(),
            identity_document=pdf_upload(),
            channel="walk_in",
            received_at=received,
            actor=user,
        ).request
        request_decide(
            request=request, actor=user, outcome="rejected", exemption_basis="h", explanation="Data pribadi"
        )
    return user


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_register_page_and_its_error_state(page, live_server, axe_check, officer, prefix):
    session_sign_in(page, live_server, officer)
    response = page.goto(
        f"{live_server.url}{prefix}office/units/35.04/requests/register/?from=2026-01-01&to=2026-01-31"
    )
    assert response.status == 200
    assert page.locator("main table tbody tr").count() == 1
    assert page.locator("main table").get_by_text("Siti Aminah").count() == 1
    assert page.locator("a[href*='/requests/register/xlsx/?from=2026-01-01']").count() == 1
    axe_check(page)

    page.locator("input[name=to]").fill("2025-12-31")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert page.title().startswith(("Galat: ", "Error: "))
    axe_check(page)
