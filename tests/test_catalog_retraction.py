"""Taking a published document out of public view without withdrawing its entry (decision 1697).

Two ways: publishing a version whose document is the redacted copy of an earlier version's
original retracts that original from every earlier version; the unit's PPID retracts one
published document by hand, with a reason. Either way the file stays stored (staff, backups and
verify_integrity keep it), the audited row says when, by whom and why, and the public sees the
document listed without a link: its URL answers 410 Gone.
"""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import translation
from tests.catalog_support import catalog_staff, entry_data, pdf_file, published, snapshot, verify
from tests.redaction_support import redaction_pdf

from eppid.catalog.choices import EntryStatus
from eppid.catalog.documents import document_bytes
from eppid.catalog.models import EntryDocument
from eppid.catalog.redaction import entry_document_redact
from eppid.catalog.services import (
    CatalogError,
    entry_document_retract,
    entry_draft_update,
    entry_publish,
    entry_version_start,
    entry_withdraw,
)
from eppid.integrity.models import LogEntry

pytestmark = pytest.mark.django_db

SECRET_TERMS = "Budi Santoso\n3201010101010001"
NIK = "3201010101010001"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def staff(make_staff):
    return catalog_staff(make_staff)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _with_personal_data(officer, ppid):
    """A published entry whose one document prints a name and a NIK, and that document."""
    entry = published(
        officer,
        ppid,
        documents=[pdf_file("notulen.pdf", redaction_pdf()), pdf_file("anggaran.pdf", text="Belanja modal")],
    )
    original = entry.current.links.order_by("position").first().document
    return entry, original


def _redacted_and_republished(officer, ppid):
    """(entry, original, copy): version 2 replaces the original by its redacted copy, published."""
    entry, original = _with_personal_data(officer, ppid)
    entry = entry_version_start(entry=entry, actor=officer)
    copy = entry_document_redact(
        entry=entry, document_id=original.pk, actor=officer, terms=SECRET_TERMS, ground="h"
    )
    entry = entry_publish(entry=entry, actor=ppid)
    return entry, original, copy


def _url(entry, doc) -> str:
    """The document's public URL, unprefixed (Indonesian); "/en" + it is the English one."""
    with translation.override("id"):
        return reverse(
            "portal:information-document", kwargs={"pk": entry.pk, "document": doc.pk, "name": doc.name}
        )


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _read(doc) -> bytes:
    with document_bytes(doc) as handle:
        return handle.read()


# --- Publishing the redacted copy retracts the original ----------------------------------------------


def test_publishing_the_redacted_copy_retracts_the_original_and_keeps_its_file(staff):
    officer, ppid = staff
    entry, original, copy = _redacted_and_republished(officer, ppid)
    original.refresh_from_db()
    assert original.retracted_at is not None and original.retracted_by == ppid
    assert original.replaced_by == copy and original.retracted_reason == ""
    # The row and its file stay: staff and backups keep it, verify_integrity compares it.
    assert NIK.encode() not in _read(copy) and len(_read(original)) == original.size
    assert LogEntry.objects.filter(
        object_type="catalog.EntryDocument", object_id=str(original.pk), action="update"
    ).exists()
    copy.refresh_from_db()
    assert copy.retracted_at is None
    assert verify()[0] == 0


def test_the_original_stays_public_until_the_copy_is_published(client, staff):
    officer, ppid = staff
    entry, original = _with_personal_data(officer, ppid)
    entry = entry_version_start(entry=entry, actor=officer)
    entry_document_redact(entry=entry, document_id=original.pk, actor=officer, terms=SECRET_TERMS, ground="h")
    assert client.get(_url(entry, original)).status_code == 200
    original.refresh_from_db()
    assert original.retracted_at is None


def test_the_original_answers_410_naming_the_redacted_copy(client, staff):
    officer, ppid = staff
    entry, original, copy = _redacted_and_republished(officer, ppid)
    response = client.get("/en" + _url(entry, original))
    assert response.status_code == 410 and response["Content-Type"].startswith("text/html")
    body = text(response)
    assert "replaced by a redacted copy" in body and copy.name in body and _url(entry, copy) in body
    assert NIK not in body
    indonesian = text(client.get(_url(entry, original)))
    assert "diganti dengan salinan yang dihitamkan" in indonesian
    assert client.get(_url(entry, copy)).status_code == 200
    other = entry.current.links.exclude(document=copy).get().document
    assert client.get(_url(entry, other)).status_code == 200  # the rest of the entry is untouched


def test_the_original_answers_problem_json_to_an_api_client(client, staff):
    officer, ppid = staff
    entry, original, copy = _redacted_and_republished(officer, ppid)
    response = client.get(_url(entry, original), HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 410 and response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == 410 and "redacted copy" in body["detail"]
    assert body["replaced_by"]["sha256"] == copy.sha256
    assert body["replaced_by"]["url"].endswith(_url(entry, copy))
    assert body["retracted"].endswith("Z") and body["entry"].endswith(f"/informasi/{entry.pk}/")
    assert "/en/" not in body["entry"]


def test_the_entry_page_lists_the_original_without_a_link(client, staff):
    officer, ppid = staff
    entry, original, copy = _redacted_and_republished(officer, ppid)
    page = text(client.get(f"/en/informasi/{entry.pk}/"))
    assert _url(entry, original) not in page and _url(entry, copy) in page
    assert "Replaced by a redacted copy" in page and original.sha256 in page


def test_search_feeds_and_exports_never_list_the_original(client, staff):
    officer, ppid = staff
    entry, original, _copy = _redacted_and_republished(officer, ppid)
    assert client.get("/api/v1/information", {"q": NIK}).json()["results"] == []
    item = client.get(f"/api/v1/information/{entry.pk}").json()
    assert original.sha256 not in json.dumps(item)
    for path in ("/api/v1/information.csv", "/api/v1/information.atom", "/sitemap.xml"):
        body = _body(client.get(path))
        assert original.sha256.encode() not in body and _url(entry, original).encode() not in body


def test_a_copy_redacted_again_retracts_the_first_copy_and_the_original_names_the_newest(client, staff):
    officer, ppid = staff
    entry, original, first = _redacted_and_republished(officer, ppid)
    entry = entry_version_start(entry=entry, actor=officer)
    second = entry_document_redact(
        entry=entry, document_id=first.pk, actor=officer, terms="Surabaya", ground="h"
    )
    entry = entry_publish(entry=entry, actor=ppid)
    first.refresh_from_db()
    assert first.retracted_at is not None and first.replaced_by == second
    assert client.get(_url(entry, first)).status_code == 410
    body = json.loads(client.get(_url(entry, original), HTTP_ACCEPT="application/json").content)
    assert body["replaced_by"]["sha256"] == second.sha256
    assert verify()[0] == 0


# --- Retracting one published document by hand -------------------------------------------------------


def test_the_ppid_retracts_one_document_with_a_reason_and_the_entry_stays(client, staff):
    officer, ppid = staff
    entry, doc = _with_personal_data(officer, ppid)
    entry_document_retract(entry=entry, document_id=doc.pk, actor=ppid, reason="Memuat NIK pelapor.")
    doc.refresh_from_db()
    assert doc.retracted_at is not None and doc.retracted_by == ppid and doc.replaced_by is None
    assert doc.retracted_reason == "Memuat NIK pelapor."
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PUBLISHED
    response = client.get("/en" + _url(entry, doc))
    assert response.status_code == 410 and "Memuat NIK pelapor." in text(response)
    item = client.get(f"/api/v1/information/{entry.pk}").json()
    [listed] = [d for d in item["documents"] if d["sha256"] == doc.sha256]
    assert listed["url"] is None and listed["retracted"] and listed["replaced_by"] is None
    others = [d for d in item["documents"] if d["sha256"] != doc.sha256]
    assert others and all(d["url"] for d in others)
    assert client.get("/api/v1/information", {"q": NIK}).json()["results"] == []
    assert client.get("/api/v1/information", {"q": "Belanja"}).json()["results"]  # the entry is still found
    csv = _body(client.get("/api/v1/information.csv"))
    assert doc.sha256.encode() not in csv
    assert _url(entry, doc).encode() not in client.get("/api/v1/information.atom").content
    page = text(client.get(f"/en/informasi/{entry.pk}/"))
    assert _url(entry, doc) not in page and "Memuat NIK pelapor." in page
    assert verify()[0] == 0


def test_bad_retractions_change_nothing(staff, make_staff):
    officer, ppid = staff
    entry, doc = _with_personal_data(officer, ppid)
    before = snapshot()
    for reason in ("", "   ", "bad\x07reason", "x" * 2001):
        with pytest.raises(ValidationError) as caught:
            entry_document_retract(entry=entry, document_id=doc.pk, actor=ppid, reason=reason)
        assert "reason" in caught.value.message_dict
    for document_id in ("abc", None, 999999):
        with pytest.raises(ValidationError) as caught:
            entry_document_retract(entry=entry, document_id=document_id, actor=ppid, reason="Salah unggah.")
        assert "document" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        entry_document_retract(entry=entry, document_id=doc.pk, actor=officer, reason="Salah unggah.")
    foreign_officer, foreign_ppid = catalog_staff(make_staff, "35")
    with pytest.raises(PermissionDenied):
        entry_document_retract(entry=entry, document_id=doc.pk, actor=foreign_ppid, reason="Salah unggah.")
    assert snapshot() == before
    entry_document_retract(entry=entry, document_id=doc.pk, actor=ppid, reason="Salah unggah.")
    before = snapshot()
    with pytest.raises(CatalogError):
        entry_document_retract(entry=entry, document_id=doc.pk, actor=ppid, reason="Sekali lagi.")
    other = entry.current.links.exclude(document=doc).get().document
    entry_withdraw(entry=entry, actor=ppid, reason="Ditarik.")
    before = snapshot()
    with pytest.raises(CatalogError):
        entry_document_retract(entry=entry, document_id=other.pk, actor=ppid, reason="Salah unggah.")
    assert snapshot() == before


def test_a_document_only_in_a_draft_is_not_retracted(staff):
    officer, ppid = staff
    entry, _doc = _with_personal_data(officer, ppid)
    entry = entry_version_start(entry=entry, actor=officer)
    entry_draft_update(entry=entry, actor=officer, data=entry_data(), documents=[pdf_file("baru.pdf")])
    new = EntryDocument.objects.get(name="baru.pdf")
    before = snapshot()
    with pytest.raises(CatalogError):
        entry_document_retract(entry=entry, document_id=new.pk, actor=ppid, reason="Salah unggah.")
    assert snapshot() == before


def test_a_retracted_document_redacted_in_a_new_version_is_then_replaced_by_the_copy(client, staff):
    officer, ppid = staff
    entry, doc = _with_personal_data(officer, ppid)
    entry_document_retract(entry=entry, document_id=doc.pk, actor=ppid, reason="Memuat NIK.")
    entry = entry_version_start(entry=entry, actor=officer)
    copy = entry_document_redact(
        entry=entry, document_id=doc.pk, actor=officer, terms=SECRET_TERMS, ground="h"
    )
    entry = entry_publish(entry=entry, actor=ppid)
    doc.refresh_from_db()
    assert doc.replaced_by == copy and doc.retracted_reason == "Memuat NIK."
    body = json.loads(client.get(_url(entry, doc), HTTP_ACCEPT="application/json").content)
    assert body["replaced_by"]["sha256"] == copy.sha256
    assert verify()[0] == 0


@pytest.mark.tampers
def test_tampering_with_a_retraction_is_found(staff):
    officer, ppid = staff
    entry, doc = _with_personal_data(officer, ppid)
    entry_document_retract(entry=entry, document_id=doc.pk, actor=ppid, reason="Memuat NIK.")
    assert verify()[0] == 0
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_entrydocument SET retracted_at = NULL WHERE id = %s", [doc.pk])
    code, printed = verify()
    assert code != 0 and f"document {doc.pk}" in printed


@pytest.mark.tampers
def test_tampering_with_a_replacement_is_found(staff):
    officer, ppid = staff
    _entry, original, _copy = _redacted_and_republished(officer, ppid)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_entrydocument SET replaced_by_id = NULL WHERE id = %s", [original.pk])
    assert verify()[0] != 0


# --- The console ----------------------------------------------------------------------------------------


def _retract_url(entry, doc) -> str:
    with translation.override("id"):
        return reverse(
            "office:catalog-document-retract", kwargs={"code": "35.04", "pk": entry.pk, "document": doc.pk}
        )


def test_the_console_retracts_and_shows_it_in_the_entrys_history(staff, verified_client):
    officer, ppid = staff
    entry, doc = _with_personal_data(officer, ppid)
    client = verified_client(ppid)
    entry_page = reverse("office:catalog-entry", kwargs={"code": "35.04", "pk": entry.pk})
    assert _retract_url(entry, doc) in client.get(entry_page).content.decode()
    form = client.get("/en" + _retract_url(entry, doc))
    assert form.status_code == 200 and doc.name in text(form)
    before = snapshot()
    empty = client.post("/en" + _retract_url(entry, doc), {"reason": ""})
    assert empty.status_code == 200 and "Give the reason" in text(empty)
    bad = client.post("/en" + _retract_url(entry, doc), {"reason": "a\x1bb"})
    assert bad.status_code == 200 and snapshot() == before
    done = client.post("/en" + _retract_url(entry, doc), {"reason": "Memuat NIK pelapor."})
    assert done.status_code == 302
    page = text(client.get(entry_page))
    assert "Retracted from public view" in page and "Memuat NIK pelapor." in page and ppid.username in page
    assert _retract_url(entry, doc) not in page
    # Staff keep the document.
    download = client.get(
        reverse("office:catalog-document", kwargs={"code": "35.04", "pk": entry.pk, "document": doc.pk})
    )
    assert download.status_code == 200
    again = client.post("/en" + _retract_url(entry, doc), {"reason": "Lagi."})
    assert again.status_code == 409 and "already" in text(again)
    assert verify()[0] == 0


def test_the_console_shows_the_replacement_and_the_redaction_form_warns(staff, verified_client):
    officer, ppid = staff
    entry, original = _with_personal_data(officer, ppid)
    entry = entry_version_start(entry=entry, actor=officer)
    client = verified_client(officer)
    redact = reverse(
        "office:catalog-document-redact", kwargs={"code": "35.04", "pk": entry.pk, "document": original.pk}
    )
    warning = text(client.get(redact))
    assert "original stays public in the earlier versions until" in warning
    entry_document_redact(entry=entry, document_id=original.pk, actor=officer, terms=SECRET_TERMS, ground="h")
    entry_publish(entry=entry, actor=ppid)
    page = text(client.get(reverse("office:catalog-entry", kwargs={"code": "35.04", "pk": entry.pk})))
    assert "Replaced by a redacted copy" in page


def test_an_officer_may_not_retract_and_a_foreign_document_is_404(staff, verified_client):
    officer, ppid = staff
    entry, doc = _with_personal_data(officer, ppid)
    other, other_doc = _with_personal_data(officer, ppid)
    assert verified_client(officer).post(_retract_url(entry, doc), {"reason": "x y"}).status_code == 403
    client = verified_client(ppid)
    assert client.get(_retract_url(entry, other_doc)).status_code == 404
    assert client.get(_retract_url(entry, doc).replace(f"/{doc.pk}/", "/999999/")).status_code == 404
    doc.refresh_from_db()
    assert doc.retracted_at is None


def test_a_served_document_is_revalidated_so_a_retraction_reaches_caches(client, staff):
    officer, ppid = staff
    entry, doc = _with_personal_data(officer, ppid)
    response = client.get(_url(entry, doc))
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    assert "max-age=86400" not in response["Cache-Control"]
    again = client.get(_url(entry, doc), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
