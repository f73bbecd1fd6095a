"""Console pages: the unit's unsigned documents with a retry, and the unit admin's certificate choice."""

import pytest
from tests.signing_support import issue_sample, pki_setup

from eppid.signing.models import DocumentStatus, UnitCertificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def pki(settings, tmp_path):
    return pki_setup(settings, tmp_path)


def test_staff_see_pending_documents_and_can_retry(pki, make_staff, verified_client, tmp_path):
    p12 = pki / "unit-35.04.p12"
    p12.rename(tmp_path / "away.p12")
    doc = issue_sample()
    client = verified_client(make_staff("officer", ("35.04", "officer")))
    text = client.get("/en/office/units/35.04/documents/").content.decode()
    assert doc.code_display in text
    assert "unit-35.04.p12 not found" in text
    (tmp_path / "away.p12").rename(p12)
    response = client.post("/en/office/units/35.04/documents/retry/")
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.SIGNED
    text = client.get("/en/office/units/35.04/documents/").content.decode()
    assert "Every document of this unit is signed." in text


def test_unit_admin_chooses_the_certificate(pki, make_staff, verified_client):
    client = verified_client(make_staff("admin35", ("35.04", "unit_admin")))
    page = client.get("/en/office/units/35.04/signing/").content.decode()
    assert "unit-35.04" in page and "unit-35" in page
    response = client.post("/en/office/units/35.04/signing/", {"name": "unit-35"})
    assert response.status_code == 302
    choice = UnitCertificate.objects.get(unit__code="35.04")
    assert choice.name == "unit-35" and len(choice.fingerprint) == 64
    assert issue_sample().certificate_name == "unit-35"


def test_choosing_an_unknown_certificate_is_refused(pki, make_staff, verified_client):
    client = verified_client(make_staff("admin35", ("35.04", "unit_admin")))
    response = client.post("/en/office/units/35.04/signing/", {"name": "../etc/passwd"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert UnitCertificate.objects.get(unit__code="35.04").name == "unit-35.04"


def test_replaced_certificate_file_is_not_used_silently(pki, settings):
    from eppid.signing.pki import demo_pki_init

    (pki / "unit-35.04.p12").unlink()
    demo_pki_init()  # a new key under the same name: the chosen fingerprint no longer matches
    choice = UnitCertificate.objects.get(unit__code="35.04")
    assert issue_sample().status == DocumentStatus.SIGNED  # demo init re-chose its own certificate
    choice.fingerprint = "0" * 64
    choice.save()
    doc = issue_sample()
    assert doc.status == DocumentStatus.PENDING
    assert "choose it again" in doc.last_error


def test_unit_without_certificate_shows_why(pki, make_staff, verified_client):
    UnitCertificate.objects.filter(unit__code="35.04").delete()
    client = verified_client(make_staff("admin35", ("35.04", "unit_admin")))
    text = client.get("/en/office/units/35.04/signing/").content.decode()
    assert "This unit cannot sign now." in text
