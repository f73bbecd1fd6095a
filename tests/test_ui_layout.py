"""The shared layout (base.html): skip link, navigation, language switch, title and messages."""

from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template import engines
from django.test import RequestFactory
from django.test.html import Element, parse_html
from django.urls import reverse
from django.utils import translation

from eppid.portal.templatetags.eppid_ui import language_url


def find_all(node, tag, **attrs):
    """Every ``tag`` element whose attributes include ``attrs`` (``class_`` for class)."""
    wanted = {key.rstrip("_"): value for key, value in attrs.items()}
    found = []
    for child in getattr(node, "children", []):
        if isinstance(child, Element):
            have = dict(child.attributes)
            if child.name == tag and all(have.get(k) == v for k, v in wanted.items()):
                found.append(child)
            found.extend(find_all(child, tag, **attrs))
    return found


def text_of(node):
    if isinstance(node, str):
        return node
    return " ".join(text_of(child) for child in node.children).strip()


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, parse_html(response.content.decode())


def test_skip_link_is_the_first_link_and_targets_main(db, client):
    _, doc = page(client, "/")
    links = find_all(doc, "a")
    assert dict(links[0].attributes)["href"] == "#main"
    assert len(find_all(doc, "main", id="main")) == 1


def test_anonymous_navigation_offers_home_and_staff_sign_in(db, client):
    _, doc = page(client, "/")
    nav = find_all(doc, "nav", class_="site-nav")[0]
    hrefs = [dict(a.attributes)["href"] for a in find_all(nav, "a")]
    assert reverse("portal:home") in hrefs
    assert reverse("accounts:login") in hrefs
    assert reverse("office:dashboard") not in hrefs
    current = find_all(nav, "a", **{"aria-current": "page"})
    assert [dict(a.attributes)["href"] for a in current] == [reverse("portal:home")]


def test_navigation_links_to_the_unit_list(db, client):
    _, doc = page(client, "/")
    nav = find_all(doc, "nav", class_="site-nav")[0]
    assert find_all(nav, "a", href=reverse("portal:units"))


def test_signed_in_navigation_offers_console_and_a_sign_out_form(make_staff, verified_client):
    client = verified_client(make_staff("nav.user"))
    _, doc = page(client, "/en/")
    nav = find_all(doc, "nav", class_="site-nav")[0]
    assert find_all(nav, "a", href="/en/office/")
    forms = find_all(nav, "form", method="post", action="/en/accounts/logout/")
    assert len(forms) == 1
    assert find_all(forms[0], "input", type="hidden", name="csrfmiddlewaretoken")
    assert find_all(forms[0], "button", type="submit")
    assert not find_all(nav, "a", href="/en/accounts/login/")


def test_sign_out_form_signs_out(make_staff, verified_client):
    client = verified_client(make_staff("leaving.user"))
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get("/office/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_page_has_no_inline_script_or_style(db, client):
    response, doc = page(client, "/")
    for script in find_all(doc, "script"):
        assert dict(script.attributes).get("src"), "inline <script> would be blocked by the CSP"
        assert not script.children
    assert not find_all(doc, "style")
    assert " style=" not in response.content.decode()


def _render(template_source, context, request):
    return engines["django"].from_string(template_source).render(context, request)


def test_title_is_prefixed_with_error_when_the_form_has_errors(db):
    from django import forms

    class NameForm(forms.Form):
        name = forms.CharField()

    request = RequestFactory().get("/en/")
    source = '{% extends "base.html" %}{% block title %}Your name{% endblock %}'
    with translation.override("en"):
        with_errors = parse_html(_render(source, {"form": NameForm(data={})}, request))
        clean = parse_html(_render(source, {"form": NameForm(data={"name": "Ana"})}, request))
    assert text_of(find_all(with_errors, "title")[0]).startswith("Error: Your name")
    assert text_of(find_all(clean, "title")[0]).startswith("Your name")


def test_messages_are_shown_as_a_notice(db):
    request = RequestFactory().get("/en/")
    request.session = {}
    request._messages = FallbackStorage(request)
    request._messages.add(constants.SUCCESS, "Profile saved.")
    source = '{% extends "base.html" %}{% block title %}T{% endblock %}'
    with translation.override("en"):
        doc = parse_html(_render(source, {}, request))
    region = find_all(doc, "div", class_="messages", role="status")
    assert len(region) == 1
    assert "Profile saved." in text_of(region[0])


def test_language_url_swaps_prefix_and_keeps_the_query_string():
    factory = RequestFactory()
    with translation.override("id"):
        assert language_url(factory.get("/accounts/login/?next=/office/"), "en") == (
            "/en/accounts/login/?next=/office/"
        )
    with translation.override("en"):
        assert language_url(factory.get("/en/?q=jawa"), "id") == "/?q=jawa"
        assert language_url(factory.get("/en/no-such-page/"), "id") == "/no-such-page/"
    with translation.override("id"):
        assert language_url(factory.get("/no-such-page/?a=1"), "en") == "/en/no-such-page/?a=1"


def test_language_url_never_points_to_another_host():
    with translation.override("en"):
        assert language_url(RequestFactory().get("/en//evil.example/x"), "id") == "/evil.example/x"
