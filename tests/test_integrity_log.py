"""The transparency log: entry bytes, hashes, chain, the lock, declared auditing, security events."""

import hashlib
import json

import pytest
import rfc8785
from django.db import connection, transaction
from django.urls import reverse
from tests.integrity_support import run_on_fresh_database

from eppid.integrity.log import GENESIS, LogOutsideTransaction, log_append
from eppid.integrity.models import LogEntry
from eppid.integrity.querysets import BulkUpdateRefused
from eppid.law.models import ClosureDay
from eppid.organisation.models import Membership, Unit, UnitProfile


def entries_for(obj):
    return list(LogEntry.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk)).order_by("seq"))


def test_entry_bytes_and_hashes_follow_the_contract(db):
    before = LogEntry.objects.order_by("-seq").first()
    with transaction.atomic():
        entry = log_append(
            action="test",
            object_type="demo.Thing",
            object_id=7,
            content={"b": 2, "a": "x"},
            files=[b"file bytes"],
        )
    body = json.loads(entry.canonical)
    assert entry.canonical.encode() == rfc8785.dumps(body)
    assert body["seq"] == entry.seq == (before.seq + 1 if before else 0)
    assert body["time"].endswith("Z")
    assert body["actor"] == "system"
    assert body["content_sha256"] == hashlib.sha256(b'{"a":"x","b":2}').hexdigest()
    assert body["file_sha256"] == [hashlib.sha256(b"file bytes").hexdigest()]
    assert body["object_id"] == "7"
    assert entry.leaf_hash == hashlib.sha256(b"\x00" + entry.canonical.encode()).hexdigest()
    prev = bytes.fromhex(before.chain_hash) if before else GENESIS
    assert body["prev_chain"] == prev.hex()
    assert entry.chain_hash == hashlib.sha256(prev + bytes.fromhex(entry.leaf_hash)).hexdigest()


def test_append_outside_a_transaction_is_refused(db, monkeypatch):
    monkeypatch.setattr(type(connection), "in_atomic_block", False, raising=False)
    with pytest.raises(LogOutsideTransaction):
        log_append(action="test", object_type="demo.Thing", object_id=1)


def test_entries_hold_no_personal_data(db, make_staff):
    user = make_staff(
        "siti.rahma", ("35.04", "officer"), email="siti@example.org", full_name="Siti Rahmawati"
    )
    text = " ".join(LogEntry.objects.values_list("canonical", flat=True))
    for secret in ("siti.rahma", "siti@example.org", "Rahmawati"):
        assert secret not in text
    assert entries_for(user)[0].action == "create"


def test_declared_models_log_create_update_delete_with_actor_and_role(make_staff, verified_client):
    admin = make_staff("admin.tulungagung", ("35.04", "unit_admin"))
    client = verified_client(admin)
    response = client.post(
        reverse("office:unit-profile", kwargs={"code": "35.04"}),
        {"address": "Jl. Pahlawan 1", "phone": "0355 123456", "email": "ppid@example.org"},
    )
    assert response.status_code in (200, 302)
    profile = UnitProfile.objects.filter(unit__code="35.04").first()
    assert profile is not None, response.content[:500]
    last = entries_for(profile)[-1]
    assert last.actor == f"user:{admin.pk}"
    assert last.role == "unit_admin"

    unit = Unit.objects.get(code="35.04")
    member = Membership.objects.create(user=admin, unit=unit, role="officer")
    member_pk = member.pk
    member.delete()
    actions = [
        e.action
        for e in LogEntry.objects.filter(object_type="organisation.Membership", object_id=str(member_pk))
    ]
    assert actions == ["create", "delete"]


def test_saving_without_a_declared_change_appends_nothing(make_staff):
    user = make_staff("budi")
    count = LogEntry.objects.count()
    user.save(update_fields=["last_login"])
    assert LogEntry.objects.count() == count
    user.full_name = "Budi"
    user.save()
    assert LogEntry.objects.count() == count + 1


def test_bulk_update_is_refused_and_bulk_delete_is_logged(make_staff):
    user = make_staff("ani")
    with pytest.raises(BulkUpdateRefused):
        Unit.objects.filter(code="35.04").update(name="changed")
    assert Unit.objects.get(code="35.04").name != "changed"
    closures = [
        ClosureDay.objects.create(date=f"2030-01-0{day}", reason="x", created_by=user) for day in (2, 3)
    ]
    ClosureDay.objects.filter(pk__in=[c.pk for c in closures]).delete()
    for closure in closures:
        assert [e.action for e in entries_for(closure)] == ["create", "delete"]


def test_logins_failures_and_logout_are_security_events(make_staff, client):
    user = make_staff("dewi", password="a long enough password")
    start = LogEntry.objects.order_by("-seq").first().seq
    client.post(reverse("accounts:login"), {"username": "dewi", "password": "wrong password"})
    client.post(reverse("accounts:login"), {"username": "nobody-here", "password": "wrong password"})
    client.post(reverse("accounts:login"), {"username": "dewi", "password": "a long enough password"})
    client.post(reverse("accounts:logout"))
    events = list(
        LogEntry.objects.filter(seq__gt=start, object_type="security").values_list("action", "object_id")
    )
    assert ("login_failed", str(user.pk)) in events
    assert ("login_failed", "") in events
    assert ("login", str(user.pk)) in events
    assert ("logout", str(user.pk)) in events
    assert "dewi" not in " ".join(LogEntry.objects.filter(seq__gt=start).values_list("canonical", flat=True))


def test_token_use_is_logged_once_a_minute(make_staff, client):
    from eppid.accounts.services import api_token_create

    user = make_staff("eko", ("35.04", "officer"))
    _token, secret = api_token_create(user=user, name="script")
    for _ in range(3):
        response = client.get("/api/v1/staff/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert response.status_code == 200
    uses = LogEntry.objects.filter(object_type="security", action="token_use", object_id=str(user.pk))
    assert uses.count() == 1


def test_anonymous_requests_log_as_public(db, client):
    start = LogEntry.objects.order_by("-seq").first().seq
    client.post(reverse("accounts:login"), {"username": "ghost", "password": "whatever it is"})
    entry = LogEntry.objects.get(seq__gt=start, action="login_failed")
    assert entry.actor == "public"


FRESH_DATABASE_SCRIPT = """
import threading
from django.db import connection, transaction
from eppid.integrity.log import log_append
from eppid.integrity.models import LogEntry
from eppid.integrity.verification import check_chain
from eppid.organisation.models import Unit

def work():
    for _ in range(20):
        with transaction.atomic():
            log_append(action="test", object_type="demo.Thing", object_id=1)
    connection.close()

start = LogEntry.objects.count()
threads = [threading.Thread(target=work) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
seqs = list(LogEntry.objects.values_list("seq", flat=True))
gapless = "gapless" if seqs == list(range(len(seqs))) else "GAPS"
print(gapless, len(seqs) - start, len(list(check_chain(None))))
assert not connection.in_atomic_block
unit = Unit.objects.create(code="99.99", name="Bawaslu Uji", level="regency", region_name="Uji")
entries = LogEntry.objects.filter(object_type="organisation.Unit", object_id=str(unit.pk))
print(",".join(f"{entry.action}/{entry.actor}" for entry in entries))
"""


def test_concurrent_appends_stay_gapless_and_autocommit_saves_are_logged(db, tmp_path):
    result = run_on_fresh_database(tmp_path, FRESH_DATABASE_SCRIPT)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert lines[-2].split() == ["gapless", "80", "0"]
    assert lines[-1] == "create/system"


def test_a_lockout_is_a_security_event(make_staff, client, settings):
    user = make_staff("fajar")
    start = LogEntry.objects.order_by("-seq").first().seq
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "fajar", "password": "not the password"})
    lockouts = LogEntry.objects.filter(seq__gt=start, object_type="security", action="lockout")
    assert list(lockouts.values_list("object_id", flat=True)) == [str(user.pk)]
