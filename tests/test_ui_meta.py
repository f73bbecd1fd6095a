"""What browsers and search engines look for on every citizen page: an icon and a description."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/units/", "/units/35.04/", "/units/35.04/informasi/", "/informasi/", "/permohonan/"]


def description(html: str) -> str:
    return re.search(r'<meta name="description" content="([^"]+)">', html).group(1)


@pytest.mark.parametrize("path", PAGES)
def test_every_citizen_page_has_a_translated_description_and_an_icon(client, path):
    indonesian = client.get(path).content.decode()
    english = client.get(f"/en{path}").content.decode()
    assert 50 <= len(description(english)) <= 300
    assert description(indonesian) != description(english)  # translated
    assert 'rel="icon"' in indonesian and "favicon.svg" in indonesian


def test_the_unit_page_describes_its_unit(client):
    assert "Bawaslu Kabupaten Tulungagung" in description(client.get("/en/units/35.04/").content.decode())


def test_the_icon_is_served_and_favicon_ico_leads_to_it(client):
    page = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    served = client.get(icon)
    assert served.status_code == 200 and b"<svg" in b"".join(served.streaming_content)
    legacy = client.get("/favicon.ico")
    assert legacy.status_code == 301 and legacy["Location"] == icon


def title(html: str) -> str:
    return " ".join(re.search(r"<title>(.*?)</title>", html, re.S).group(1).split())


@pytest.mark.parametrize(("path", "page_two"), [("/units/", "Halaman 2 dari"), ("/en/units/", "Page 2 of")])
def test_a_later_page_of_a_list_has_its_own_title(client, path, page_two):
    first, second = (title(client.get(path, query).content.decode()) for query in ({}, {"page": "2"}))
    assert first != second and page_two in second  # WCAG 2.4.2: each page says where it is
