"""Less CPU per signed submission, the same result (issue 14 item 2, decision 1650): the rule set read
with its rules in one query, the certificate choice read with the unit, a file this instance has
just written hashed (and attached) from its plaintext instead of read back and decrypted."""

from __future__ import annotations

import hashlib
import io
import json
import pickle
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import prefetch_related_objects
from django.test.utils import CaptureQueriesContext
from tests.crypto_models import crypto_tables  # noqa: F401 - verify reads every encrypted model's table
from tests.disclosure_support import pdf_upload, request_data
from tests.signing_support import pki_setup

from eppid.disclosure.services import request_submit
from eppid.integrity import crypto
from eppid.integrity.fields import encrypted_file_read, encrypted_file_written
from eppid.integrity.registry import record_file_hashes, spec_for
from eppid.law.deadlines import rule_set_in_force
from eppid.law.models import DeadlineRuleSet, Regime
from eppid.law.selectors import rule_set_with_rules, rules_for_receipt
from eppid.notifications.models import OutboundEmail
from eppid.organisation.models import Unit
from eppid.signing.keys import certificate_choice_read, key_for_unit, units_with_certificate_choice
from eppid.signing.models import IssuedDocument, UnitCertificate
from eppid.signing.services import unit_certificate_choose

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("crypto_tables")]


def _rules(rule_set) -> list[tuple]:
    return [(r.pk, r.step, r.working_days, r.basis, r.to_confirm) for r in rule_set.rules.all()]


@pytest.mark.parametrize("regime", [Regime.GENERAL, Regime.ELECTION])
@pytest.mark.parametrize("on", [date(2026, 1, 5), date(2026, 12, 5), date(2030, 6, 1)])
def test_the_rule_set_comes_with_its_rules_in_one_query(regime, on):
    expected = rule_set_in_force(on, regime)
    assert expected is not None
    prefetch_related_objects([expected], "rules")
    with CaptureQueriesContext(connection) as captured:
        found = rule_set_with_rules(on, regime)
        rules = _rules(found)
        parents = [rule.rule_set for rule in found.rules.all()]
    assert len(captured.captured_queries) == 1
    assert found.pk == expected.pk and found.name == expected.name
    assert rules == _rules(expected) and rules
    assert all(parent is found for parent in parents)  # one set instance, as a prefetch leaves them


def test_a_rule_set_without_rules_and_no_set_at_all_answer_as_before():
    empty = DeadlineRuleSet.objects.create(
        name="Empty", regime=Regime.GENERAL, effective_from=date(2090, 1, 1)
    )
    found = rule_set_with_rules(date(2090, 2, 1), Regime.GENERAL)
    assert found.pk == empty.pk and _rules(found) == []
    assert rule_set_with_rules(date(1990, 1, 1), Regime.GENERAL) is None
    choice = rules_for_receipt(unit_code="35.04", received_on=date(2026, 3, 2), election_information=False)
    assert choice.rule_set.pk == rule_set_in_force(date(2026, 3, 2)).pk


@pytest.fixture
def pki(settings, tmp_path):
    return pki_setup(settings, tmp_path)


def test_the_certificate_choice_read_with_the_unit_signs_with_the_same_key(pki, make_staff):
    unit = Unit.objects.get(code="35.04")
    unit_certificate_choose(unit=unit, name="unit-35.04", actor=make_staff("admin", ("35.04", "admin")))
    fresh = key_for_unit(Unit.objects.get(code="35.04"))
    read = certificate_choice_read(units_with_certificate_choice(Unit.objects).get(code="35.04"))
    with CaptureQueriesContext(connection) as captured:
        key = key_for_unit(read)
    assert captured.captured_queries == [] and key is fresh
    # Not marked: read now, as always (a unit kept from earlier never signs with an old choice).
    unmarked = units_with_certificate_choice(Unit.objects).get(code="35.04")
    choice = UnitCertificate.objects.get(unit=unit)
    choice.fingerprint = "0" * 64
    choice.save()
    with pytest.raises(Exception, match="was replaced"):
        key_for_unit(unmarked)


def test_a_unit_without_a_choice_read_with_the_unit_signs_with_the_default(pki, settings):
    settings.EPPID_SIGNING_DEFAULT_CERT = "unit-35.04"
    read = certificate_choice_read(units_with_certificate_choice(Unit.objects).get(code="35.01"))
    with CaptureQueriesContext(connection) as captured:
        key = key_for_unit(read)
    assert captured.captured_queries == [] and key.info.name == "unit-35.04"


def _entries(object_type: str, object_id) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT canonical FROM integrity_logentry WHERE object_type = %s AND object_id = %s ORDER BY seq",
            [object_type, str(object_id)],
        )
        return [json.loads(row[0]) for row in cursor.fetchall()]


def test_files_just_written_are_logged_and_attached_as_stored(pki, settings):
    settings.EPPID_SIGNING_DEFAULT_CERT = "unit-35.04"
    result = request_submit(data=request_data(), identity_document=pdf_upload())
    receipt = result.receipt
    stored = IssuedDocument.objects.get(pk=receipt.pk)
    signed = encrypted_file_read(stored, "file")  # read back from storage and decrypted
    assert encrypted_file_written(receipt, "file") == signed  # what this instance wrote
    assert encrypted_file_written(stored, "file") is None  # a fresh instance wrote nothing
    spec = spec_for(IssuedDocument)
    assert record_file_hashes(spec, receipt) == record_file_hashes(spec, stored)
    assert _entries(spec.label, receipt.pk)[-1]["file_sha256"] == [hashlib.sha256(signed).hexdigest()]
    request_spec = spec_for(type(result.request))
    identity = _entries(request_spec.label, result.request.pk)[-1]["file_sha256"]
    assert identity == record_file_hashes(
        request_spec, type(result.request).objects.get(pk=result.request.pk)
    )
    email = OutboundEmail.objects.get(reference__endswith=":received")
    [attachment] = list(email.attachments.all())
    assert encrypted_file_read(attachment, "content") == signed == receipt.signed_pdf()
    assert attachment.sha256 == receipt.sha256 == hashlib.sha256(signed).hexdigest()
    out = io.StringIO()
    try:
        call_command("verify_integrity", "--no-progress", stdout=out, stderr=io.StringIO())
    except CommandError as exc:  # pragma: no cover - the failure's text
        pytest.fail(out.getvalue() + str(exc))


@pytest.mark.tampers  # deletes a stored file behind the application's back
def test_what_was_written_is_forgotten_when_the_field_names_another_file_or_is_pickled(pki, settings):
    settings.EPPID_SIGNING_DEFAULT_CERT = "unit-35.04"
    receipt = request_submit(data=request_data(), identity_document=pdf_upload()).receipt
    assert encrypted_file_written(receipt, "file") is not None
    copy = pickle.loads(pickle.dumps(receipt))  # noqa: S301 - our own object
    assert encrypted_file_written(copy, "file") is None
    assert copy.signed_pdf() == receipt.signed_pdf()
    name = receipt.file
    receipt.file = ""
    assert encrypted_file_written(receipt, "file") is None
    receipt.file = name
    crypto.encrypted_file_delete(name)
    assert encrypted_file_written(receipt, "file") is not None  # same name: this instance's bytes
    with pytest.raises(OSError):
        IssuedDocument.objects.get(pk=receipt.pk).signed_pdf()


@pytest.mark.parametrize("seed", range(40))
def test_the_stamps_qr_code_is_drawn_as_pyhanko_draws_it(seed):
    import random

    import qrcode
    from pyhanko.pdf_utils.qr import PdfStreamQRImage

    from eppid.signing.pades import QR_MASK, qr_command_stream

    pick = random.Random(seed)  # noqa: S311 - test data
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    code = "".join(pick.choice(alphabet) for _ in range(10))
    url = f"https://{'e' * pick.randrange(5, 60)}.example.go.id/verifikasi/{code}/"
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=QR_MASK)
    qr.add_data(url)
    qr.make()
    assert qr_command_stream(qr) == qr.make_image(image_factory=PdfStreamQRImage).render_command_stream()
