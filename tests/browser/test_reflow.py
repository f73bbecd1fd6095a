"""Reflow (WCAG 1.4.10): at 320 CSS pixels no page scrolls sideways; a wide table scrolls inside
its own region, which the keyboard can reach (axe's scrollable-region-focusable at that width)."""

import pytest
from django.utils import timezone
from tests.browser.browser_support import session_sign_in

from eppid.notifications.models import EmailStatus, OutboundEmail
from eppid.notifications.services import email_queue
from eppid.organisation.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year
PHONE = {"width": 320, "height": 640}
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("prefix", ["/", "/en/"])
@pytest.mark.parametrize("path", ["transparansi/", f"units/35.04/kesiapan/?year={YEAR}"])
def test_citizen_pages_fit_a_small_phone(page, axe_check, prefix, path):
    page.set_viewport_size(PHONE)
    assert page.goto(prefix + path).status == 200
    assert page.evaluate(SIDEWAYS) <= 0
    axe_check(page)


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_the_console_unit_page_fits_a_small_phone(page, live_server, axe_check, make_staff, prefix):
    session_sign_in(page, live_server, make_staff("reflow.ppid", ("35.04", "ppid")))
    page.set_viewport_size(PHONE)
    assert page.goto(prefix + "office/units/35.04/").status == 200
    assert page.evaluate(SIDEWAYS) <= 0
    axe_check(page)


def test_a_wide_table_with_hidden_text_stays_in_its_region(page, live_server, axe_check, make_staff):
    """The outbox's "Retry now" buttons carry visually hidden text in the table's last column:
    positioned absolutely, it must not widen the page beyond its scrolling region."""
    email = email_queue(
        to="budi.santoso@example.com",
        subject="Tanda bukti permohonan 35.04-2026-00042",
        body="Permohonan Anda telah kami terima.",
        unit=Unit.objects.get(code="35.04"),
        reference="35.04-2026-00042",
    )
    failed = {"status": EmailStatus.FAILED, "attempts": 5, "last_error": "refused"}
    OutboundEmail.objects.filter(pk=email.pk).update(**failed)
    session_sign_in(page, live_server, make_staff("reflow.officer", ("35.04", "officer")))
    page.set_viewport_size(PHONE)
    assert page.goto("/office/units/35.04/outbox/").status == 200
    assert page.locator("main table tbody tr").count() == 1
    assert page.evaluate(SIDEWAYS) <= 0
    axe_check(page)


# WCAG 1.4.12: the text-spacing bookmarklet's values must lose no content and add no sideways scroll.
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }"
    " p { margin-bottom: 2em !important; }"
)


@pytest.mark.parametrize(
    "path", ["/transparansi/", "/permohonan/", "/verifikasi/", f"/units/35.04/kesiapan/?year={YEAR}"]
)
def test_wider_text_spacing_still_fits_a_small_phone(browser, live_server, path):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, bypass_csp=True)
    tab = context.new_page()
    assert tab.goto(path).status == 200
    tab.add_style_tag(content=TEXT_SPACING)
    assert tab.evaluate(SIDEWAYS) <= 0
    context.close()
