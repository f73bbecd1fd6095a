"""Bahasa Indonesia first: page language, the language switch, and a complete translation."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test.html import Element, parse_html

ROOT = Path(__file__).resolve().parent.parent


def switch_links(body):
    """(href, hreflang, lang) of every link in the language switch."""
    doc = parse_html(body)
    found = []

    def walk(node, inside):
        for child in getattr(node, "children", []):
            if not isinstance(child, Element):
                continue
            attrs = dict(child.attributes)
            here = inside or "language-switch" in (attrs.get("class") or "").split()
            if here and child.name == "a":
                found.append((attrs["href"], attrs.get("hreflang"), attrs.get("lang")))
            walk(child, here)

    walk(doc, False)
    return found


@pytest.mark.parametrize(("url", "lang"), [("/", "id"), ("/en/", "en"), ("/accounts/login/", "id")])
def test_html_lang_follows_the_url(db, client, url, lang):
    response = client.get(url)
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()


def test_unprefixed_pages_stay_indonesian_whatever_the_browser_asks(db, client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="id">' in response.content.decode()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", ("/en/", "en", "en")),
        ("/en/", ("/", "id", "id")),
        ("/accounts/login/?next=/office/", ("/en/accounts/login/?next=/office/", "en", "en")),
        ("/en/accounts/login/?next=/en/office/", ("/accounts/login/?next=/en/office/", "id", "id")),
    ],
)
def test_language_switch_links_to_the_same_page_in_the_other_language(db, client, url, expected):
    assert switch_links(client.get(url).content.decode()) == [expected]


def test_language_switch_on_a_missing_page(client):
    response = client.get("/en/no-such-page/?x=1")
    assert response.status_code == 404
    assert switch_links(response.content.decode()) == [("/no-such-page/?x=1", "id", "id")]


def test_following_the_switch_changes_the_language(db, client):
    href, _, _ = switch_links(client.get("/").content.decode())[0]
    assert '<html lang="en">' in client.get(href).content.decode()


def _gettext_available():
    if shutil.which("xgettext") and shutil.which("msgmerge"):
        return
    reason = "GNU gettext (xgettext, msgmerge) is not installed: run `make system-deps`"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.mark.translations
def test_every_message_is_translated_into_indonesian(tmp_path):
    """Extract the messages afresh from a copy of the sources and require a full translation."""
    _gettext_available()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.egg-info")
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=ignore)
    if (ROOT / "locale").is_dir():
        shutil.copytree(ROOT / "locale", tmp_path / "locale", ignore=ignore)
    shutil.copy2(ROOT / "manage.py", tmp_path / "manage.py")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("EPPID_", "DJANGO_"))}
    env.update(EPPID_DATA_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="eppid.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-obsolete"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    catalogue = polib.pofile(str(tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 0, "makemessages found no messages at all"
    problems = [
        f"untranslated: {entry.msgid!r} ({', '.join(path for path, _ in entry.occurrences)})"
        for entry in catalogue.untranslated_entries()
    ] + [f"fuzzy: {entry.msgid!r}" for entry in catalogue.fuzzy_entries()]
    assert not problems, f"{len(problems)} message(s) need a translation:\n" + "\n".join(problems)
