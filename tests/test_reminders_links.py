"""Links in reminder and requester emails: a URL name that is gone raises, never falls back to
another page (the unit's page or the home page would hide a renamed page)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import NoReverseMatch, path

from eppid.reminders.links import console_request_path, status_page_path, survey_page_path

# This module is also the URL configuration of the tests below: no page of the site is in it.
urlpatterns = [path("only/", lambda request: None, name="only")]

REQUEST = SimpleNamespace(unit=SimpleNamespace(code="35.04"), registration_number="35.04-2026-0001")


def test_the_links_resolve_on_the_real_site():
    assert console_request_path(REQUEST).startswith("/office/units/35.04/")
    assert status_page_path(REQUEST) and survey_page_path(REQUEST).endswith("nomor=35.04-2026-0001")


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("link", [console_request_path, status_page_path, survey_page_path])
def test_a_missing_url_name_fails(link):
    with pytest.raises(NoReverseMatch):
        link(REQUEST)
