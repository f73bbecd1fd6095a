"""The 503 page (eppid.core.unavailable; decision 1550) read by axe in both languages.

The page is what a citizen sees while the database or Redis is out of reach, so it is reached
here the way it is in production, through a real page of the portal, with no URL of its own:
for the length of one navigation every query fails with the ``OperationalError`` of a connection
that PostgreSQL cut (a restart). The failure is put on the connection class, not on one
connection as in tests/test_core_unavailable.py, because the live server answers from its own
thread; it is put on opening a cursor, since Django checks a connection it already holds before
every request without a query, and a cut connection fails at the query.
"""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connections

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CUT = "terminating connection due to administrator command"
TITLES = {"id": "Layanan sementara tidak tersedia", "en": "Service temporarily unavailable"}


@contextmanager
def database_down():
    """Every query of every thread fails (the live server's thread included)."""
    wrapper = type(connections["default"])
    with mock.patch.object(wrapper, "create_cursor", side_effect=OperationalError(CUT)):
        yield


@pytest.mark.parametrize(("url", "language"), [("/units/", "id"), ("/en/units/", "en")])
def test_the_service_unavailable_page_has_no_accessibility_violations(page, axe_check, url, language):
    with database_down():
        response = page.goto(url, wait_until="load")
        # The stylesheet and icon come from the static files, which need no database.
        page.wait_for_load_state("networkidle")
    assert response.status == 503
    assert response.headers["retry-after"] == str(settings.EPPID_UNAVAILABLE_RETRY_SECONDS)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("main h1").inner_text().strip() == TITLES[language]
    assert TITLES[language] in page.title()
    axe_check(page)
