"""The confirmation of a citizen wizard: shown once, again only through its own language switch
for a short while; a late second send of the check page lands on it, not on an empty wizard."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from freezegun import freeze_time
from tests.objection_support import at, filed_request
from tests.request_support import answers, fill_until_check, pdf_upload

from eppid.disclosure.models import InformationRequest
from eppid.objections.models import Objection
from eppid.portal.confirmation import CONFIRMATION_REPEAT_SECONDS

pytestmark = pytest.mark.django_db

OTHER = {"": "en", "/en": "id"}
PREFIX = {"en": "/en", "id": ""}


def _switch_link(page: str, target: str) -> str:
    link = re.search(rf'<a href="([^"]+)" hreflang="{target}"', page)
    assert link, page[:2000]
    return html.unescape(link.group(1))


def _code(page: str) -> str | None:
    found = re.search(r'data-testid="tracking-code">([^<]+)<', page)
    return found.group(1) if found else None


def _file_request(client, prefix: str) -> None:
    fill_until_check(client, prefix=prefix)
    assert client.post(f"{prefix}/permohonan/periksa/")["Location"].endswith("/permohonan/selesai/")


def _walk_periodic(client, prefix: str) -> None:
    data = answers("individual")
    for step in ("unit", "requester-type", "identity", "contact"):
        assert client.post(f"{prefix}/keberatan/berkala/{step}/", data[step]).status_code == 302
    statement = {"statement": "The 2025 financial report of the office is not on its website."}
    assert client.post(f"{prefix}/keberatan/berkala/statement/", statement).status_code == 302
    response = client.post(f"{prefix}/keberatan/berkala/documents/", {"identity_document": pdf_upload()})
    assert response["Location"].endswith("/keberatan/berkala/periksa/")


def _file_periodic(client, prefix: str) -> None:
    _walk_periodic(client, prefix)
    assert client.post(f"{prefix}/keberatan/berkala/periksa/")["Location"].endswith("/keberatan/selesai/")


# --- 1. the language switch keeps the confirmation ---------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["id-to-en", "en-to-id"])
def test_the_request_confirmation_survives_the_language_switch(client, prefix):
    _file_request(client, prefix)
    first = client.get(f"{prefix}/permohonan/selesai/").content.decode()
    code = _code(first)
    assert code
    target = OTHER[prefix]
    link = _switch_link(first, target)
    assert link.startswith(f"{PREFIX[target]}/permohonan/selesai/?tampil=")
    assert code not in link

    switched = client.get(link)
    page = switched.content.decode()
    assert switched.status_code == 200 and f'<html lang="{target}">' in page
    assert _code(page) == code
    number = InformationRequest.objects.get().registration_number
    assert number in page
    # ... and back again through the switched page's own link.
    back = client.get(_switch_link(page, "id" if target == "en" else "en"))
    assert _code(back.content.decode()) == code

    # A reload of the bare URL (or the next user of a shared computer) sees no code, and that
    # drops the confirmation: its link shows nothing any more either.
    gone = client.get(f"{prefix}/permohonan/selesai/").content.decode()
    assert code not in gone and _code(gone) is None
    assert _code(client.get(link).content.decode()) is None


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["id-to-en", "en-to-id"])
def test_the_periodic_objection_confirmation_survives_the_language_switch(client, prefix):
    with freeze_time(at(2026, 3, 2, 10, 0)):
        _file_periodic(client, prefix)
        first = client.get(f"{prefix}/keberatan/selesai/").content.decode()
        code = _code(first)
        assert code
        target = OTHER[prefix]
        link = _switch_link(first, target)
        assert link.startswith(f"{PREFIX[target]}/keberatan/selesai/?tampil=")
        page = client.get(link).content.decode()
    assert f'<html lang="{target}">' in page and _code(page) == code
    assert Objection.objects.get().number in page
    with freeze_time(at(2026, 3, 2, 10, 1)):
        gone = client.get(f"{PREFIX[target]}/keberatan/selesai/").content.decode()
        assert _code(gone) is None and code not in gone
        assert _code(client.get(link).content.decode()) is None


def test_the_link_works_only_for_a_short_while(client):
    with freeze_time(at(2026, 3, 2, 10, 0)) as clock:
        _file_request(client, "/en")
        first = client.get("/en/permohonan/selesai/").content.decode()
        code = _code(first)
        link = _switch_link(first, "id")
        clock.tick(timedelta(seconds=CONFIRMATION_REPEAT_SECONDS - 5))
        assert _code(client.get(link).content.decode()) == code
        clock.tick(timedelta(seconds=10))
        late = client.get(link).content.decode()
    assert _code(late) is None and code not in late
    assert "<h1>" in late and "sudah ditampilkan" in late


def test_a_wrong_or_missing_token_shows_nothing_and_drops_the_confirmation(client):
    _file_request(client, "/en")
    first = client.get("/en/permohonan/selesai/").content.decode()
    code = _code(first)
    link = _switch_link(first, "id")
    wrong = client.get("/permohonan/selesai/?tampil=" + "A" * 22).content.decode()
    assert _code(wrong) is None and code not in wrong
    assert _code(client.get(link).content.decode()) is None


def test_the_token_of_one_session_opens_nothing_in_another(client):
    from django.test import Client

    _file_request(client, "/en")
    link = _switch_link(client.get("/en/permohonan/selesai/").content.decode(), "id")
    stranger = Client().get(link).content.decode()
    assert _code(stranger) is None and "sudah ditampilkan" in stranger


def test_the_first_view_shows_the_confirmation_whatever_the_query(client):
    _file_request(client, "/en")
    page = client.get("/en/permohonan/selesai/?tampil=anything").content.decode()
    assert _code(page)


# --- 2. a late second send of the check page ---------------------------------------------------


def test_a_late_second_send_of_the_request_check_page_lands_on_the_confirmation(client):
    fill_until_check(client, prefix="/en")
    assert client.get("/en/permohonan/periksa/").status_code == 200
    assert client.post("/en/permohonan/periksa/")["Location"].endswith("/permohonan/selesai/")
    again = client.post("/en/permohonan/periksa/")  # after the first finished
    assert again.status_code == 302 and again["Location"].endswith("/permohonan/selesai/")
    page = client.get(again["Location"]).content.decode()
    assert _code(page) and InformationRequest.objects.get().registration_number in page
    assert InformationRequest.objects.count() == 1


def test_a_late_second_send_of_the_periodic_check_page_lands_on_the_confirmation(client):
    with freeze_time(at(2026, 3, 2, 10, 0)):
        _walk_periodic(client, "/en")
        assert client.get("/en/keberatan/berkala/periksa/").status_code == 200
        assert client.post("/en/keberatan/berkala/periksa/")["Location"].endswith("/keberatan/selesai/")
        again = client.post("/en/keberatan/berkala/periksa/")
        assert again.status_code == 302 and again["Location"].endswith("/keberatan/selesai/")
        page = client.get(again["Location"]).content.decode()
    assert _code(page) and Objection.objects.get().number in page


def test_a_late_second_send_of_the_objection_check_page_lands_on_the_confirmation(client):
    request, code = filed_request()
    start = {"registration_number": request.registration_number, "tracking_code": code}
    with freeze_time(at(2026, 3, 17, 9, 0)):
        assert client.post("/en/keberatan/", start).status_code == 302
        assert client.post("/en/keberatan/alasan/", {"ground": "c"}).status_code == 302
        assert client.post("/en/keberatan/pernyataan/", {"statement": "No answer came."}).status_code == 302
        assert client.get("/en/keberatan/periksa/").status_code == 200
        assert client.post("/en/keberatan/periksa/")["Location"].endswith("/keberatan/selesai/")
        again = client.post("/en/keberatan/periksa/")
        assert again.status_code == 302 and again["Location"].endswith("/keberatan/selesai/")
        page = client.get(again["Location"]).content.decode()
    assert Objection.objects.get().number in page and Objection.objects.count() == 1


def test_a_late_send_after_the_confirmation_was_shown_says_so(client):
    fill_until_check(client, prefix="/en")
    client.post("/en/permohonan/periksa/")
    code = _code(client.get("/en/permohonan/selesai/").content.decode())
    again = client.post("/en/permohonan/periksa/")
    assert again["Location"].endswith("/permohonan/selesai/")
    page = client.get(again["Location"]).content.decode()
    assert "already been shown" in page and code not in page


def test_a_get_of_an_empty_check_page_still_starts_the_wizard(client):
    _file_request(client, "/en")
    assert client.get("/en/permohonan/periksa/")["Location"].endswith("/permohonan/unit/")


# --- 4. and 5. words ---------------------------------------------------------------------------


def test_the_hidden_change_text_keeps_the_label_as_written(client):
    fill_until_check(client, prefix="/en")
    page = client.get("/en/permohonan/periksa/").content.decode()
    assert 'Change<span class="visually-hidden"> NIK</span>' in page
    assert 'Change<span class="visually-hidden"> Email address</span>' in page
    assert " nik</span>" not in page


@pytest.mark.parametrize("path", ["/en/permohonan/selesai/", "/en/keberatan/selesai/"])
def test_the_already_shown_page_is_titled_as_its_heading(client, path):
    page = client.get(path).content.decode()
    assert "<h1>This confirmation has already been shown</h1>" in page
    assert "<title>This confirmation has already been shown – e-PPID Bawaslu</title>" in page


def test_the_language_switch_adds_a_views_query_to_the_page_own(rf):
    from django.utils import translation

    from eppid.portal.templatetags.eppid_ui import language_url

    with translation.override("en"):
        url = language_url(rf.get("/en/permohonan/selesai/?a=1&tampil=old"), "id", {"tampil": "new"})
        plain = language_url(rf.get("/en/permohonan/selesai/?a=1"), "id")
    assert url == "/permohonan/selesai/?a=1&tampil=new"
    assert plain == "/permohonan/selesai/?a=1"
