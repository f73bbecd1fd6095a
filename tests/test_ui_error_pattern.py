"""The error pattern on every page that refuses input, forms and query parameters alike (GOV.UK):
the title starts with "Galat:"/"Error:", the summary at the top links only to fields that are on
the page, and the field in error carries its own message, tied to it by aria-describedby."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year

PREFIX = {"/": "Galat:", "/en/": "Error:"}

# (method, path without the language prefix, data): each one refused, with an error summary.
REFUSED = [
    ("post", "verifikasi/", {}),
    ("post", "verifikasi/", {"file": b"not a pdf at all"}),
    ("get", "verifikasi/", {"code": "hello"}),
    ("get", "units/35.04/statistik/", {"year": "abc"}),
    ("get", "units/35.04/statistik/", {"scope": "world"}),
    ("get", "units/35/statistik/", {"scope": "world"}),
    ("get", "units/35.04/kesiapan/", {"year": "1999"}),
    ("get", "units/35.04/kesiapan/", {"format": "docx"}),
    ("get", "units/35.04/kesiapan/", {"scope": "world"}),
]


def _fetch(client, prefix, method, path, data):
    if "file" in data:
        data = {"file": SimpleUploadedFile("x.pdf", data["file"], content_type="application/pdf")}
    return getattr(client, method)(prefix + path, data)


def _title(html: str) -> str:
    return " ".join(re.search(r"<title>(.*?)</title>", html, re.S).group(1).split())


def _summary_targets(html: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    return re.findall(r'href="#([^"]+)"', summary)


@pytest.mark.parametrize("prefix", ["/", "/en/"])
@pytest.mark.parametrize(("method", "path", "data"), REFUSED)
def test_a_refused_page_says_error_in_its_title_and_links_only_to_its_fields(
    client, prefix, method, path, data
):
    html = _fetch(client, prefix, method, path, data).content.decode()
    assert 'class="error-summary"' in html
    assert _title(html).startswith(PREFIX[prefix] + " "), _title(html)
    for target in _summary_targets(html):
        assert f'id="{target}"' in html, f"the summary links to #{target}, which is not on the page"


@pytest.mark.parametrize(
    ("path", "query"),
    [("/units/35.04/statistik/", {"year": "abc"}), ("/units/35.04/kesiapan/", {"year": "1999"})],
)
def test_the_year_in_error_carries_its_own_message(client, path, query):
    html = client.get(path, query).content.decode()
    select = re.search(r'<select[^>]*name="year"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in select
    described = re.search(r'aria-describedby="([^"]+)"', select).group(1).split()
    assert "id_year_error" in described
    message = re.search(r'id="id_year_error"[^>]*>(.*?)</', html, re.S)
    assert message and message.group(1).strip()
