"""Redacting a document of an entry's draft: the copy replaces the original, records who removed
how much on which ground, is audited, and is what gets published (issue 12 item 8)."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from tests.catalog_support import catalog_staff, draft, pdf_file, snapshot, verify
from tests.redaction_support import PUBLIC_LINE, redaction_pdf, text_pypdf

from eppid.catalog import selectors
from eppid.catalog.documents import document_bytes
from eppid.catalog.models import EntryDocument
from eppid.catalog.redaction import entry_document_redact
from eppid.catalog.services import CatalogError, entry_publish
from eppid.integrity.models import LogEntry
from eppid.redaction.models import Redaction

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def staff(make_staff):
    return catalog_staff(make_staff)


def _entry(officer):
    return draft(officer, documents=[pdf_file("surat.pdf", redaction_pdf())])


def _only_document(entry):
    return entry.draft.links.get().document


def test_the_redacted_copy_replaces_the_original_and_is_published(staff):
    officer, ppid = staff
    entry = _entry(officer)
    original = _only_document(entry)
    copy = entry_document_redact(
        entry=entry,
        document_id=original.pk,
        actor=officer,
        terms="Budi Santoso\n3201010101010001",
        ground="h",
    )
    assert not EntryDocument.objects.filter(pk=original.pk).exists()  # the unredacted file is gone
    entry.refresh_from_db()
    assert _only_document(entry) == copy and copy.name == "surat-dihitamkan.pdf"
    assert "Budi" not in copy.text and PUBLIC_LINE in copy.text
    redaction = copy.redaction
    assert (redaction.term_count, redaction.match_count, redaction.area_count) == (2, 3, 0)
    assert redaction.ground == "h" and redaction.created_by == officer
    assert redaction.source_sha256 == original.sha256 and redaction.sha256 == copy.sha256
    assert redaction.reference == str(entry.pk) and redaction.purpose == "catalog"
    assert LogEntry.objects.filter(object_type="redaction.Redaction", object_id=str(redaction.pk)).exists()

    entry = entry_publish(entry=entry, actor=ppid)
    [published] = selectors.version_documents(entry.current)
    with document_bytes(published) as handle:
        served = handle.read()
    assert "Budi" not in text_pypdf(served) and PUBLIC_LINE in text_pypdf(served)
    assert verify()[0] == 0


def test_bad_marks_change_nothing(staff):
    officer, _ppid = staff
    entry = _entry(officer)
    doc = _only_document(entry)
    before = snapshot()
    for kwargs, field in (
        ({"areas": "5 1 1 10 10", "ground": "h"}, "areas"),
        ({"areas": "1 1 1 900 10", "ground": "h"}, "areas"),
        ({"terms": "Siti Aminah", "ground": "h"}, "terms"),
        ({"terms": "Budi", "ground": "zz"}, "ground"),
        ({"ground": "h"}, "areas"),
    ):
        with pytest.raises(ValidationError) as caught:
            entry_document_redact(entry=entry, document_id=doc.pk, actor=officer, **kwargs)
        assert field in caught.value.message_dict
    assert snapshot() == before and not Redaction.objects.exists()


def test_only_a_draft_document_and_only_staff_who_draft(staff, make_staff):
    officer, ppid = staff
    entry = _entry(officer)
    doc = _only_document(entry)
    entry_publish(entry=entry, actor=ppid)
    with pytest.raises(CatalogError):
        entry_document_redact(entry=entry, document_id=doc.pk, actor=officer, terms="Budi", ground="h")
    auditor = make_staff("auditor-35.04", ("35.04", "auditor"))
    with pytest.raises(PermissionDenied):
        entry_document_redact(entry=entry, document_id=doc.pk, actor=auditor, terms="Budi", ground="h")


def test_the_console_redacts_without_javascript(staff, verified_client):
    officer, _ppid = staff
    entry = _entry(officer)
    doc = _only_document(entry)
    client = verified_client(officer)
    page = client.get(
        reverse("office:catalog-entry", kwargs={"code": "35.04", "pk": entry.pk})
    ).content.decode()
    url = reverse(
        "office:catalog-document-redact", kwargs={"code": "35.04", "pk": entry.pk, "document": doc.pk}
    )
    assert url in page
    form = re.sub(r"\s+", " ", client.get(url).content.decode())
    assert "<td>210</td><td>297</td>" in form.replace(" ", "")
    bad = client.post(url, {"ground": "h", "areas": "1 1 1 900 10"})
    assert bad.status_code == 200 and "outside the page" in bad.content.decode()
    bad = client.post(url, {"ground": "h", "terms": "x"})
    assert "needs 2 to 200 characters" in bad.content.decode()
    response = client.post(url, {"ground": "h", "terms": "Budi Santoso", "areas": "1 20 30 200 37"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "surat-dihitamkan.pdf" in page and "Redacted copy: 1 areas and 1 words" in page
    assert verify()[0] == 0


def test_a_document_of_another_entry_is_404(staff, verified_client):
    officer, _ppid = staff
    entry, other = _entry(officer), _entry(officer)
    url = reverse(
        "office:catalog-document-redact",
        kwargs={"code": "35.04", "pk": entry.pk, "document": _only_document(other).pk},
    )
    assert verified_client(officer).get(url).status_code == 404
