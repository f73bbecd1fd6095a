"""The home page explains the service and leads to the unit list."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

# The page states the working days of the deadline rules in force, which live in the database.
pytestmark = pytest.mark.django_db


@pytest.fixture
def english_home(client):
    response = client.get("/en/")
    assert response.status_code == 200
    return response.content.decode()


def test_home_page_is_the_portal_home(client):
    with translation.override("id"):
        url = reverse("portal:home")
    assert url == "/"
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="id">' in response.content.decode()


@pytest.mark.parametrize(
    "section", ["ppid", "public-information", "how-to-request", "service-charter", "costs", "objections"]
)
def test_home_page_has_every_section(english_home, section):
    assert re.search(rf'<h2 id="{section}">', english_home)


def test_home_page_states_the_legal_time_limits_and_costs(english_home):
    text = re.sub(r"\s+", " ", english_home)
    assert "Law No. 14 of 2008" in text
    assert "within 10 working days" in text
    assert "once, by at most 7 working days" in text
    assert "within 30 working days" in text
    assert "Electronic copies are free" in text
    assert "registration number" in text


def test_home_page_has_one_main_heading(english_home):
    assert len(re.findall(r"<h1[ >]", english_home)) == 1


def test_home_page_links_only_to_pages_that_exist(client, english_home):
    for href in set(re.findall(r'href="(/[^"#]*)"', english_home)):
        assert client.get(href).status_code == 200, href


def test_home_page_searches_units_with_a_get_form(english_home):
    form = re.search(r'<form class="search-form" method="get" action="([^"]+)"', english_home)
    assert form, "the unit search form is missing"
    assert form.group(1) == reverse("portal:units")
    assert re.search(r'<input type="search"\s+id="unit-search"\s+name="q"', english_home)
    assert '<label for="unit-search">' in english_home
