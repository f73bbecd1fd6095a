"""attest_record settles a finding a person confirmed, in public; it settles nothing else."""

import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from tests.disclosure_support import pdf_upload, request_data
from tests.integrity_support import verify

from eppid.disclosure.models import InformationRequest
from eppid.disclosure.services import request_submit
from eppid.integrity.log import log_append
from eppid.integrity.models import LogEntry
from eppid.integrity.registry import REGISTRY, record_content
from eppid.organisation.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.tampers]  # each test logs a wrong hash on purpose


def attest(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("attest_record", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def logged_with_the_bug(db):
    """A request whose last entry hashed received_at in +07:00, as entries before decision 1200 did."""
    request = request_submit(data=request_data(), identity_document=pdf_upload()).request
    spec = REGISTRY[InformationRequest]
    content = record_content(spec, request)
    content["received_at"] = request.received_at.astimezone(ZoneInfo("Asia/Jakarta")).isoformat()
    with transaction.atomic():
        log_append(action="update", object_type=spec.label, object_id=request.pk, content=content)
    code, out = verify()
    assert code == 1 and f"disclosure.InformationRequest {request.pk} " in out
    assert "differs from its last log entry" in out
    return request


def test_a_confirmed_finding_is_settled_in_public(logged_with_the_bug, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="correct horse battery staple")
    code, out, _ = attest("disclosure.InformationRequest", str(logged_with_the_bug.pk), "--by", "root")
    assert code == 0
    assert f"attested: disclosure.InformationRequest {logged_with_the_bug.pk} " in out
    assert "(was: differs from its last log entry" in out
    assert verify() == (0, "intact: the log, the records and the files match\n")
    entry = LogEntry.objects.filter(object_id=str(logged_with_the_bug.pk)).order_by("-seq").first()
    assert (entry.action, entry.actor, entry.object_type) == (
        "attest",
        f"user:{admin.pk}",
        "disclosure.InformationRequest",
    )


def test_only_an_active_system_administrator_may_attest(logged_with_the_bug, make_staff):
    make_staff("ppid", ("35.04", "ppid"))
    code, _, err = attest("disclosure.InformationRequest", str(logged_with_the_bug.pk), "--by", "ppid")
    assert code == 1 and "ppid is not an active system administrator" in err
    assert verify()[0] == 1


def test_a_record_that_matches_or_is_gone_is_not_attested(db, django_user_model):
    django_user_model.objects.create_superuser("root", password="correct horse battery staple")
    unit = Unit.objects.get(code="35.04")
    code, _, err = attest("organisation.Unit", str(unit.pk), "999999", "--by", "root")
    assert code == 1
    assert "matches its last log entry: nothing to settle" in err
    assert "organisation.Unit 999999 does not exist" in err
    assert attest("organisation.Nothing", "1", "--by", "root")[0] == 1
    assert LogEntry.objects.filter(action="attest").count() == 0


def test_a_record_the_log_says_was_deleted_stays_a_finding(db, django_user_model):
    django_user_model.objects.create_superuser("root", password="correct horse battery staple")
    unit = Unit.objects.get(code="35.04")
    with transaction.atomic():
        log_append(action="delete", object_type="organisation.Unit", object_id=unit.pk, content={})
    code, _, err = attest("organisation.Unit", str(unit.pk), "--by", "root")
    assert code == 1 and "the log says it was deleted, yet the row exists" in err
    assert verify()[0] == 1
