"""The information list's public pages (no JavaScript) and the console's pages."""

import hashlib
import re

import pytest
from django.urls import reverse
from tests.catalog_support import (
    catalog_staff,
    draft,
    entry_data,
    pdf_file,
    published,
    snapshot,
    text_pdf,
    verify,
)

from eppid.catalog.choices import EntryStatus
from eppid.catalog.models import EntryDocument, InformationEntry
from eppid.catalog.services import entry_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_staff):
    return catalog_staff(make_staff)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- Public pages --------------------------------------------------------------------------------


def test_the_unit_page_links_to_its_list(client):
    response = client.get(reverse("portal:unit", kwargs={"code": "35.04"}))
    assert reverse("portal:unit-information", kwargs={"code": "35.04"}) in response.content.decode()


def test_a_units_list_shows_its_entries_and_optionally_those_below(client, staff, make_staff):
    officer, ppid = staff
    published(officer, ppid, title="Laporan kabupaten")
    jatim_officer, jatim_ppid = catalog_staff(make_staff, "35")
    published(jatim_officer, jatim_ppid, code="35", title="Laporan provinsi")
    draft(jatim_officer, code="35", title="Draf rahasia")

    url = reverse("portal:unit-information", kwargs={"code": "35"})
    only = text(client.get(url))
    assert "Laporan provinsi" in only and "Laporan kabupaten" not in only and "Draf rahasia" not in only
    below = text(client.get(url, {"below": "on"}))
    assert "Laporan provinsi" in below and "Laporan kabupaten" in below
    assert client.get(reverse("portal:unit-information", kwargs={"code": "99"})).status_code == 404


def test_the_national_page_lists_every_unit_and_filters(client, staff, make_staff):
    officer, ppid = staff
    published(
        officer, ppid, title="Anggaran kabupaten", documents=[pdf_file("a.pdf", text_pdf("Kampanye damai"))]
    )
    published(officer, ppid, title="Banjir", category="immediate", type="public_threat", documents=[])
    jatim_officer, jatim_ppid = catalog_staff(make_staff, "35")
    published(jatim_officer, jatim_ppid, code="35", title="Profil provinsi", type="profile")

    url = reverse("portal:information")
    everything = text(client.get(url))
    assert all(title in everything for title in ("Anggaran kabupaten", "Banjir", "Profil provinsi"))
    by_word = text(client.get(url, {"q": "kampanye"}))  # a word inside the PDF only
    assert "Anggaran kabupaten" in by_word and "Banjir" not in by_word
    by_category = text(client.get(url, {"category": "immediate"}))
    assert "Banjir" in by_category and "Profil provinsi" not in by_category
    by_type = text(client.get(url, {"type": "profile"}))
    assert "Profil provinsi" in by_type and "Banjir" not in by_type
    bad = client.get(url, {"category": "secret", "year": "x"})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()


def test_the_list_works_in_english(client, staff):
    officer, ppid = staff
    published(officer, ppid)
    response = client.get("/en" + reverse("portal:information"))
    assert response.status_code == 200 and '<html lang="en">' in response.content.decode()


def test_an_entry_page_shows_the_seven_columns_documents_sha256_and_signature_state(client, staff):
    officer, ppid = staff
    content = text_pdf("isi laporan")
    entry = published(officer, ppid, documents=[pdf_file("laporan.pdf", content)])
    page = text(client.get(reverse("portal:information-entry", kwargs={"pk": entry.pk})))
    version = entry.current
    for value in (version.title, version.holder, version.responsible, version.made_place, version.format):
        assert value in page
    assert version.retention in page and hashlib.sha256(content).hexdigest() in page
    assert "Tidak bertanda tangan" in page
    doc = EntryDocument.objects.get(entry=entry)
    link = reverse(
        "portal:information-document", kwargs={"pk": entry.pk, "document": doc.pk, "name": doc.name}
    )
    assert link in page
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == content


def test_a_document_e_ppid_signed_says_so(client, staff, settings, tmp_path):
    from tests.signing_support import issue_sample, pki_setup

    pki_setup(settings, tmp_path)
    issued = issue_sample()
    officer, ppid = staff
    entry = published(officer, ppid, documents=[pdf_file("laporan-tahunan.pdf", issued.signed_pdf())])
    page = client.get(reverse("portal:information-entry", kwargs={"pk": entry.pk})).content.decode()
    assert reverse("signing:verify-code", kwargs={"code": issued.code}) in page


def test_another_signature_is_not_called_an_e_ppid_signature(client, staff):
    from tests.signing_support import stranger_signed_pdf

    officer, ppid = staff
    entry = published(officer, ppid, documents=[pdf_file("bertanda.pdf", stranger_signed_pdf())])
    assert EntryDocument.objects.get(entry=entry).signature_embedded
    page = client.get(reverse("portal:information-entry", kwargs={"pk": entry.pk})).content.decode()
    assert reverse("signing:verify") in page


def test_an_entry_without_documents_offers_a_prefilled_request(client, staff):
    officer, ppid = staff
    entry = published(officer, ppid, title="Rekap pengawasan kampanye", documents=[])
    page = client.get(reverse("portal:information-entry", kwargs={"pk": entry.pk})).content.decode()
    match = re.search(r'href="(/permohonan/\?[^"]+)"', page)
    assert match, "no request link"
    start = client.get(match.group(1).replace("&amp;", "&"))
    assert start.status_code == 200
    step = client.get(reverse("portal:request-step", kwargs={"step": "information"}))
    # The wizard asks the earlier questions first; the information is kept for its own step.
    assert step.status_code == 302
    session = client.session
    stored = str(session.items())
    assert "Rekap pengawasan kampanye" in stored and "35.04" in stored


def test_an_entry_with_documents_offers_no_request_link(client, staff):
    officer, ppid = staff
    entry = published(officer, ppid)
    page = client.get(reverse("portal:information-entry", kwargs={"pk": entry.pk})).content.decode()
    assert "/permohonan/?" not in page


def test_a_withdrawn_entry_answers_410_with_its_reason_and_no_document(client, staff):
    officer, ppid = staff
    entry = published(officer, ppid)
    doc = EntryDocument.objects.get(entry=entry)
    entry_withdraw(entry=entry, actor=ppid, reason="Diganti dokumen yang benar.")
    response = client.get(reverse("portal:information-entry", kwargs={"pk": entry.pk}))
    assert response.status_code == 410 and "Diganti dokumen yang benar." in response.content.decode()
    assert doc.sha256 in response.content.decode()
    download = client.get(
        reverse("portal:information-document", kwargs={"pk": entry.pk, "document": doc.pk, "name": "x.pdf"})
    )
    assert download.status_code == 410


def test_drafts_and_their_documents_are_404(client, staff):
    officer, _ppid = staff
    entry = draft(officer)
    doc = EntryDocument.objects.get(entry=entry)
    assert client.get(reverse("portal:information-entry", kwargs={"pk": entry.pk})).status_code == 404
    url = reverse("portal:information-document", kwargs={"pk": entry.pk, "document": doc.pk, "name": "a.pdf"})
    assert client.get(url).status_code == 404


def test_sitemap_and_robots(client, staff):
    officer, ppid = staff
    entry = published(officer, ppid)
    hidden = draft(officer)
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and b"sitemap-information.xml" in index.content
    section = client.get("/sitemap-information.xml").content.decode()
    assert f"/informasi/{entry.pk}/" in section and f"/en/informasi/{entry.pk}/" in section
    assert f"/informasi/{hidden.pk}/" not in section
    assert 'hreflang="en"' in section
    units = client.get("/sitemap-units.xml").content.decode()
    assert "/units/35.04/" in units
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots and "Disallow: /office/" in robots


# --- Console pages -------------------------------------------------------------------------------


def console(code="35.04", **kwargs):
    return reverse("office:catalog", kwargs={"code": code, **kwargs})


def test_an_officer_drafts_with_a_pdf_in_the_console(staff, verified_client):
    officer, _ppid = staff
    client = verified_client(officer)
    data = {**entry_data(), "documents": [pdf_file("laporan.pdf")]}
    response = client.post(reverse("office:catalog-new", kwargs={"code": "35.04"}), data)
    assert response.status_code == 302, text(response)
    entry = InformationEntry.objects.get()
    assert response["Location"] == reverse("office:catalog-entry", kwargs={"code": "35.04", "pk": entry.pk})
    assert entry.status == EntryStatus.DRAFT and entry.draft.links.count() == 1
    page = text(client.get(response["Location"]))
    assert "laporan.pdf" in page
    assert reverse("office:catalog-publish", kwargs={"code": "35.04", "pk": entry.pk}) not in page
    listing = text(client.get(console()))
    assert entry.draft.title in listing
    doc = EntryDocument.objects.get()
    staff_copy = client.get(
        reverse("office:catalog-document", kwargs={"code": "35.04", "pk": entry.pk, "document": doc.pk})
    )
    assert staff_copy.status_code == 200


def test_form_errors_are_shown_and_change_nothing(staff, verified_client):
    officer, _ppid = staff
    client = verified_client(officer)
    before = snapshot()
    data = {**entry_data(title="", created="2999-01-01"), "documents": [pdf_file("x.docx", b"PK\x03\x04zzz")]}
    response = client.post(reverse("office:catalog-new", kwargs={"code": "35.04"}), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "error-summary" in body and "x.docx" in body
    assert snapshot() == before


def test_the_ppid_publishes_renews_and_withdraws_in_the_console(staff, verified_client):
    officer, ppid = staff
    entry = draft(officer)
    client = verified_client(ppid)
    page = text(client.get(reverse("office:catalog-entry", kwargs={"code": "35.04", "pk": entry.pk})))
    publish = reverse("office:catalog-publish", kwargs={"code": "35.04", "pk": entry.pk})
    assert publish in page
    assert client.get(publish).status_code == 200
    assert client.post(publish).status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PUBLISHED
    conflict = client.post(publish)
    assert conflict.status_code == 409 and "error-summary" in conflict.content.decode()

    renew = reverse("office:catalog-new-version", kwargs={"code": "35.04", "pk": entry.pk})
    assert client.post(renew).status_code == 302
    edit = reverse("office:catalog-edit", kwargs={"code": "35.04", "pk": entry.pk})
    form = client.get(edit)
    assert form.status_code == 200 and "Laporan keuangan semester I" in form.content.decode()
    doc = EntryDocument.objects.get(entry=entry)
    changed = {**entry_data(title="Versi dua"), "remove": [str(doc.pk)], "documents": [pdf_file("baru.pdf")]}
    assert client.post(edit, changed).status_code == 302
    assert client.post(publish).status_code == 302
    entry.refresh_from_db()
    assert entry.current.version == 2 and entry.current.title == "Versi dua"

    withdraw = reverse("office:catalog-withdraw", kwargs={"code": "35.04", "pk": entry.pk})
    empty = client.post(withdraw, {"reason": ""})
    assert empty.status_code == 200 and "error-summary" in empty.content.decode()
    assert client.post(withdraw, {"reason": "Salah unggah."}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN
    assert verify()[0] == 0


def test_editing_an_entry_without_a_draft_sends_back_to_the_entry(staff, verified_client):
    officer, ppid = staff
    entry = published(officer, ppid)
    response = verified_client(officer).get(
        reverse("office:catalog-edit", kwargs={"code": "35.04", "pk": entry.pk})
    )
    assert response.status_code == 302


def test_an_entry_of_another_unit_is_404_in_the_console(staff, make_staff, verified_client):
    officer, _ppid = staff
    entry = draft(officer)
    jatim = make_staff("petugas-jatim", ("35", "officer"))
    client = verified_client(jatim)
    assert (
        client.get(reverse("office:catalog-entry", kwargs={"code": "35", "pk": entry.pk})).status_code == 404
    )


def test_the_unit_overview_shows_the_checklist_gaps(staff, verified_client):
    officer, ppid = staff
    published(officer, ppid, type="profile")
    page = text(verified_client(ppid).get(reverse("office:unit", kwargs={"code": "35.04"})))
    assert reverse("office:catalog-checklist", kwargs={"code": "35.04"}) in page
    assert "Laporan keuangan" in page or "Financial reports" in page  # finances: missing
    assert reverse("office:catalog", kwargs={"code": "35.04"}) in page
    checklist = verified_client(ppid).get(reverse("office:catalog-checklist", kwargs={"code": "35.04"}))
    assert checklist.status_code == 200
