"""Every ``{% url %}`` in a template names a URL that exists.

``{% url 'name' as var %}`` gives an empty string, not an error, when the name is gone: a renamed
page would leave a link to nowhere that no page test notices. This test makes every URL name in
every template (the ``as`` form included) fail loudly instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import get_resolver

import eppid

URL_TAG = re.compile(r"""{%\s*url\s+(["'])([\w:.-]+)\1""")
TEMPLATES = sorted(Path(eppid.__file__).parent.rglob("templates/**/*.*"))


def url_name_exists(name: str) -> bool:
    resolver = get_resolver()
    *namespaces, view = name.split(":")
    for namespace in namespaces:
        if namespace not in resolver.namespace_dict:
            return False
        resolver = resolver.namespace_dict[namespace][1]
    return view in resolver.reverse_dict


def template_url_names() -> list[tuple[str, str]]:
    found = []
    for template in TEMPLATES:
        for match in URL_TAG.finditer(template.read_text(encoding="utf-8")):
            found.append((str(template.relative_to(Path(eppid.__file__).parent)), match.group(2)))
    return found


def test_the_templates_name_urls_the_as_form_included():
    names = template_url_names()
    assert len(names) > 50
    assert ("templates/base.html", "portal:information") in names  # {% url 'portal:information' as ... %}


def test_every_url_name_in_a_template_exists():
    missing = [f"{where}: {name}" for where, name in template_url_names() if not url_name_exists(name)]
    assert missing == []


@pytest.mark.parametrize("name", ["portal:no-such-page", "nowhere:home", "office:units-renamed"])
def test_a_missing_name_is_found(name):
    assert not url_name_exists(name)
    assert url_name_exists("portal:units") and url_name_exists("office:unit")
