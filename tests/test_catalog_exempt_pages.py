"""Exempt information (DIK) as people read it: each ground cited once, the columns in the page's
language, the published list (DIP) apart from the exempt list, one open test per withheld
information, ISO dates in the test form, and the console naming entries by their DIP number."""

import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse as django_reverse
from django.utils import timezone, translation
from tests.auth_support import bearer_headers
from tests.catalog_support import catalog_staff, draft, exempt, exemption_data, published, snapshot

from eppid.catalog.exemption_papers import grounds_lines
from eppid.catalog.models import ConsequenceTest

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_staff):
    return catalog_staff(make_staff)


def reverse(name, **kwargs) -> str:
    """The Indonesian (unprefixed) path, whatever language the last request left active."""
    with translation.override("id"):
        return django_reverse(name, **kwargs)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def two_grounds(ppid, **overrides):
    return exempt(ppid, grounds=["bawaslu_b", "h"], exemption_basis="", **overrides)


# --- 1. Each ground cited once --------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_each_ground_is_cited_once_on_the_public_pages_and_the_console(
    staff, client, verified_client, prefix
):
    _officer, ppid = staff
    test = two_grounds(ppid)
    pages = [
        client.get(prefix + reverse("portal:information-entry", kwargs={"pk": test.entry_id})),
        client.get(prefix + reverse("portal:unit-exemptions", kwargs={"code": "35.04"})),
        verified_client(ppid).get(
            prefix + reverse("office:catalog-entry", kwargs={"code": "35.04", "pk": test.entry_id})
        ),
    ]
    # The short label of each ground, which holds its article: never the article twice.
    once = (
        ("Art. 18(2)(b): identities", "Art. 17(h): would reveal personal secrets")
        if prefix
        else ("Perbawaslu 1/2022 Pasal 18 ayat (2) huruf b: identitas", "Pasal 17 huruf h: mengungkap")
    )
    for page in pages:
        body = text(page)
        assert page.status_code == 200
        for label in once:
            assert body.count(label) == 1, label
        assert body.count("huruf b:") == (0 if prefix else 1)
        assert body.count("huruf h:") == (0 if prefix else 1)


def test_the_papers_cite_each_ground_once(staff):
    _officer, ppid = staff
    lines = grounds_lines(two_grounds(ppid))
    assert lines[0].startswith("Perbawaslu 1/2022 Pasal 18 ayat (2) huruf b: ")
    assert lines[1].startswith("UU 14/2008 Pasal 17 huruf h: ")
    assert all(line.count("Pasal") == 1 for line in lines), lines


# --- 2. The columns of an exempt entry in the page's language --------------------------------------


def test_an_exempt_entry_says_its_form_in_the_pages_language(staff, client):
    _officer, ppid = staff
    test = exempt(ppid)
    url = reverse("portal:information-entry", kwargs={"pk": test.entry_id})
    english = text(client.get("/en" + url))
    assert "Not available to the public: exempt information" in english
    assert "Tidak tersedia" not in english
    indonesian = text(client.get(url))
    assert "Tidak tersedia bagi publik" in indonesian
    # No empty retention row: the exemption period above says how long it is withheld.
    assert "Retention period" not in english
    api = client.get(f"/api/v1/information/{test.entry_id}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert api["format"] == "Not available to the public: exempt information"


def test_a_retention_given_for_an_exempt_entry_is_shown(staff, client):
    _officer, ppid = staff
    test = exempt(ppid, retention="10 tahun")
    english = text(client.get("/en" + reverse("portal:information-entry", kwargs={"pk": test.entry_id})))
    assert "Retention period" in english and "10 tahun" in english


# --- 3. The published list (DIP) and the exempt list (DIK) ----------------------------------------


def test_the_published_list_does_not_count_exempt_entries(staff, client):
    officer, ppid = staff
    published(officer, ppid, title="Laporan keuangan semester I")
    test = exempt(ppid)
    url = "/en" + reverse("portal:unit-information", kwargs={"code": "35.04"})
    body = text(client.get(url))
    assert "1 entry" in body and "Laporan keuangan semester I" in body
    assert test.document not in body
    national = text(client.get("/en" + reverse("portal:information")))
    assert test.document not in national and "1 entry" in national
    # Asked for by its category, the exempt entry is listed as exempt, not as published.
    exempt_only = text(client.get(url, {"category": "exempt"}))
    assert test.document in exempt_only and "1 entry" in exempt_only
    assert "published" not in exempt_only.split(test.document, 1)[1].split("</li>", 1)[0]
    assert "exempt since" in exempt_only
    # The API keeps the contract: exempt items are in the list, under category=exempt too.
    api = client.get("/api/v1/information?unit=35.04").json()
    assert {item["category"] for item in api["results"]} == {"periodic", "exempt"}


# --- 6. The consequence-test form and service -------------------------------------------------------


def test_the_until_field_is_prefilled_in_iso_form(staff, verified_client):
    _officer, ppid = staff
    page = text(verified_client(ppid).get(reverse("office:catalog-exemption-new", kwargs={"code": "35.04"})))
    expected = (timezone.localdate() + timedelta(days=365)).isoformat()
    assert f'name="until" value="{expected}"' in page


def test_the_entry_edit_form_shows_its_date_in_iso_form(staff, verified_client):
    officer, _ppid = staff
    entry = draft(officer)
    page = text(
        verified_client(officer).get(reverse("office:catalog-edit", kwargs={"code": "35.04", "pk": entry.pk}))
    )
    assert f'name="created" value="{entry.draft.made_on.isoformat()}"' in page


def test_the_same_withheld_information_is_not_tested_twice_while_exempt(staff, client, verified_client):
    _officer, ppid = staff
    first = exempt(ppid)
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        exempt(ppid, document=f"  {first.document.upper()} ")
    assert "document" in refused.value.message_dict
    assert snapshot() == before
    # The console says so, naming the entry's number; the API answers 422.
    form = {
        "document": first.document,
        "withheld": first.withheld,
        "occasion": "before_request",
        "grounds": ["bawaslu_b"],
        "legal_basis": first.legal_basis,
        "consequence": first.consequence,
        "public_interest": first.public_interest,
        "until": first.until.isoformat(),
        "participants": first.participants,
    }
    page = verified_client(ppid).post(
        "/en" + reverse("office:catalog-exemption-new", kwargs={"code": "35.04"}), form
    )
    assert page.status_code == 200 and "already exempt" in text(page)
    assert f"no. {first.entry.number}" in text(page)
    body = json.dumps({"unit": "35.04", **exemption_data()})
    api = client.post(
        "/api/v1/staff/exemptions", body, content_type="application/json", **bearer_headers(ppid)
    )
    assert api.status_code == 422 and "document" in api.json()["errors"]
    assert ConsequenceTest.objects.count() == 1
    # Another withheld part of the same document is another item of the exempt list.
    assert exempt(ppid, information="Nomor telepon pelapor").pk != first.pk


# --- 7. The console names entries by their number in the list ------------------------------------


def test_the_console_names_an_entry_by_its_dip_number(staff, verified_client):
    officer, ppid = staff
    draft(officer, title="Draf pertama")  # takes an id, never a number
    entry = published(officer, ppid)
    assert entry.pk != entry.number
    client = verified_client(ppid)
    page = text(client.get("/en" + reverse("office:catalog-entry", kwargs={"code": "35.04", "pk": entry.pk})))
    assert f"Entry no. {entry.number}" in page
    assert f"Entry {entry.pk}" not in page
    withdraw = text(
        client.get("/en" + reverse("office:catalog-withdraw", kwargs={"code": "35.04", "pk": entry.pk}))
    )
    assert f"Entry no. {entry.number}" in withdraw and f"Entry {entry.pk}" not in withdraw
    unnumbered = draft(officer, title="Draf kedua")
    page = text(
        client.get("/en" + reverse("office:catalog-entry", kwargs={"code": "35.04", "pk": unnumbered.pk}))
    )
    assert f"Entry {unnumbered.pk}" not in page and "Draft entry" in page


def test_an_opened_exemption_says_its_form_in_the_pages_language(staff, client):
    from eppid.catalog.exemptions import exemptions_expire

    _officer, ppid = staff
    until = timezone.localdate() + timedelta(days=1)
    test = exempt(ppid, until=until.isoformat())
    exemptions_expire(today=until + timedelta(days=1))
    url = reverse("portal:information-entry", kwargs={"pk": test.entry_id})
    assert "On request from the PPID" in text(client.get("/en" + url))
    assert "Melalui permohonan kepada PPID" in text(client.get(url))
