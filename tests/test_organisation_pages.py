import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("portal:units")


def codes(response):
    return [unit.code for unit in response.context["page"].object_list]


def test_list_is_paginated_links(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 553
    assert len(codes(response)) == 50
    html = response.content.decode()
    assert reverse("portal:unit", kwargs={"code": "11"}) in html
    assert "page=2" in html
    assert "<script" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "tulungagung"}, ["35.04"]),
        ({"q": "TULUNGAGUNG"}, ["35.04"]),
        ({"q": "35.04"}, ["35.04"]),
        ({"level": "national"}, ["00"]),
    ],
)
def test_search_and_filters(client, query, expected):
    assert codes(client.get(URL, query)) == expected


def test_parent_filter_and_pagination_keep_the_query(client):
    response = client.get(URL, {"level": "regency", "page": 2})
    assert response.context["page"].number == 2
    assert all(code.count(".") == 1 for code in codes(response))
    assert "level=regency" in response.content.decode()
    children = client.get(URL, {"parent": "35"})
    assert children.context["parent"].code == "35"
    assert all(code.startswith("35.") for code in codes(children))


def test_nothing_found_says_so(client):
    response = client.get(URL, {"q": "atlantis"}, HTTP_ACCEPT_LANGUAGE="en")
    assert codes(response) == []
    assert 'class="empty-state"' in response.content.decode()


def test_bad_input_is_a_form_error_not_a_crash(client):
    response = client.get(URL, {"q": "x" * 300, "level": "village", "page": "zzz"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"q", "level"}


def test_unit_page_shows_parent_children_and_charter(client):
    response = client.get(reverse("portal:unit", kwargs={"code": "35"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("portal:unit", kwargs={"code": "00"}) in html
    assert reverse("portal:unit", kwargs={"code": "35.04"}) in html
    assert len(response.context["charter"]) == 6
    assert all(item.is_default for item in response.context["charter"])


def test_english_unit_page(client):
    response = client.get("/en/units/35.04/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_unknown_unit_is_404(client):
    assert client.get(reverse("portal:unit", kwargs={"code": "99.99"})).status_code == 404
