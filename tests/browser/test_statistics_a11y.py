"""The public statistics pages in a browser without JavaScript, both languages: axe clean."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_statistics_pages_without_javascript(no_js_page, axe_no_js, prefix):
    for path in ("statistik/", "units/35/statistik/", "units/35.04/statistik/"):
        response = no_js_page.goto(prefix + path)
        assert response.status == 200
        assert no_js_page.locator("svg[role=img] title").count() == 6
        axe_no_js(no_js_page)
    # The year form works without a script: a GET form.
    no_js_page.goto(prefix + "units/35/statistik/")
    no_js_page.locator("input[name=scope][value=unit]").check()
    no_js_page.locator("main form button[type=submit]").click()
    no_js_page.wait_for_load_state()
    assert "scope=unit" in no_js_page.url
    axe_no_js(no_js_page)
    response = no_js_page.goto(prefix + "units/35/statistik/?year=1999")
    assert response.status == 422
    axe_no_js(no_js_page)
