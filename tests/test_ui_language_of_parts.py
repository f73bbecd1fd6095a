"""Language of parts (WCAG 3.1.2): what staff write is Bahasa Indonesia, so on an English page each
passage of it (an entry's title and summary, a consequence test's reasons) carries lang="id",
and a screen reader reads it with Indonesian pronunciation."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from tests.catalog_support import catalog_staff, exempt, exemption_data, published
from tests.disclosure_support import pdf_upload, request_data

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Languages(HTMLParser):
    """Each text of the body with the language of its nearest element that declares one."""

    def __init__(self):
        super().__init__()
        self.stack: list[str | None] = []
        self.texts: list[tuple[str, str]] = []
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        self.in_body = self.in_body or tag == "body"
        if tag not in VOID:
            self.stack.append(dict(attrs).get("lang"))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_body and data.strip():
            lang = next((lang for lang in reversed(self.stack) if lang), "")
            self.texts.append((" ".join(data.split()), lang))


def languages_of(html: str, passage: str) -> set[str]:
    parser = _Languages()
    parser.feed(html)
    found = {lang for text, lang in parser.texts if passage in text}
    assert found, f"{passage!r} is not on the page"
    return found


@pytest.fixture
def staff(make_staff):
    return catalog_staff(make_staff)


def test_an_entry_written_in_indonesian_is_marked_so_on_the_english_pages(client, staff):
    entry = published(*staff)
    html = client.get(f"/en/informasi/{entry.pk}/").content.decode()
    passages = ("Laporan keuangan semester I", "Anggaran dan realisasi belanja", "Kepala Subbagian Keuangan")
    for passage in passages:
        assert languages_of(html, passage) == {"id"}, passage
    listing = client.get("/en/units/35.04/informasi/").content.decode()
    assert languages_of(listing, "Laporan keuangan semester I") == {"id"}


def test_a_consequence_test_is_marked_indonesian_on_the_english_pages(client, staff):
    test = exempt(staff[1])
    data = exemption_data()
    for path in (f"/en/informasi/{test.entry_id}/", "/en/units/35.04/informasi/dikecualikan/"):
        html = client.get(path).content.decode()
        for passage in (data["consequence"], data["legal_basis"][:30]):
            assert languages_of(html, passage) == {"id"}, (path, passage)


def test_the_written_notice_marks_the_officers_words_indonesian_on_the_english_page(client, make_staff):
    from eppid.disclosure.services import request_decide, request_start, request_submit

    ppid = make_staff("ppid-lang", ("35.04", "ppid"))
    result = request_submit(data=request_data(), identity_document=pdf_upload())
    request_start(request=result.request, actor=ppid)
    request_decide(
        request=result.request,
        actor=ppid,
        outcome="partially_granted",
        explanation="Sebagian daftar memuat NIK pemilih.",
        exemption_basis="h",
        material="Daftar pemilih tanpa NIK.",
        redactions="Kolom NIK dihitamkan.",
        documents=[pdf_upload("dpt.pdf")],
    )
    number, code = result.request.registration_number, result.tracking_code
    lookup = {"registration_number": number, "tracking_code": code}
    html = client.post("/en/permohonan/status/", lookup).content.decode()
    passages = ("Sebagian daftar memuat NIK pemilih.", "Daftar pemilih tanpa NIK.", "Kolom NIK dihitamkan.")
    for passage in passages:
        assert languages_of(html, passage) == {"id"}, passage
    assert languages_of(html, "Minutes of the plenary meeting") == {"en"}  # the requester's own words
