"""verify_integrity catches each tamper class and names the record; the log table refuses changes."""

import dataclasses
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, models, transaction
from django.db.models.fields.files import FieldFile
from tests.integrity_support import verify

from eppid.integrity.log import log_append
from eppid.integrity.models import LogEntry
from eppid.integrity.registry import REGISTRY, record_content
from eppid.integrity.triggers import log_triggers_drop
from eppid.law.models import ClosureDay
from eppid.organisation.models import Membership, Unit, UnitProfile


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_clean_database_verifies_intact(make_staff):
    user = make_staff("clean", ("35.04", "unit_admin"))
    UnitProfile.objects.create(unit=Unit.objects.get(code="35.04"), address="Jl. Ahmad Yani", updated_by=user)
    code, out = verify()
    assert (code, out.strip()) == (0, "intact: the log, the records and the files match")


@pytest.mark.tampers
def test_a_row_edited_with_sql_is_named(db):
    unit = Unit.objects.get(code="35.04")
    raw("UPDATE organisation_unit SET name = %s WHERE id = %s", ["Bawaslu Palsu", unit.pk])
    code, out = verify()
    assert code == 1
    assert f"records: organisation.Unit {unit.pk} (unit 35.04): differs from its last log entry" in out
    assert out.count("\n") == 1


@pytest.mark.tampers
def test_a_row_inserted_with_sql_is_named(make_staff):
    user = make_staff("inserter")
    raw(
        "INSERT INTO law_closureday (date, unit_code, reason, created_by_id, created_at)"
        " VALUES (%s, %s, %s, %s, %s)",
        ["2031-05-05", "35.04", "inserted", user.pk, "2031-01-01 00:00:00+00:00"],
    )
    pk = ClosureDay.objects.get(reason="inserted").pk
    code, out = verify()
    assert code == 1
    assert (
        f"records: law.ClosureDay {pk} (unit 35.04): has no log entry: inserted outside the application"
        in out
    )


@pytest.mark.tampers
def test_a_row_deleted_with_sql_is_named(make_staff):
    user = make_staff("member", ("35.04", "officer"))
    membership = Membership.objects.get(user=user)
    raw("DELETE FROM organisation_membership WHERE id = %s", [membership.pk])
    code, out = verify()
    assert code == 1
    assert f"records: organisation.Membership {membership.pk}: is gone, but the log never recorded" in out


def test_a_log_entry_edited_with_triggers_dropped_is_named(db):
    log_triggers_drop(connection)
    entry = LogEntry.objects.get(seq=5)
    raw(
        "UPDATE integrity_logentry SET canonical = %s WHERE seq = 5",
        [entry.canonical.replace('"action":"create"', '"action":"delete"')],
    )
    code, out = verify()
    assert code == 1
    assert "chain: log entry 5: its content does not match its leaf hash: edited" in out


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("action", "x"),
        ("actor", "user:999"),
        ("role", "ppid@00"),
        ("recorded_at", datetime(2020, 1, 1, tzinfo=UTC)),
        ("content_hash", "f" * 64),
        ("file_hashes", ["0" * 64]),
        ("object_type", "law.ClosureDay"),
        ("object_id", "999999"),
    ],
)
def test_a_log_entry_column_edited_beside_its_content_is_named(db, column, value):
    """The columns repeat the canonical text for searching, and the application reads them (a
    case's history, the leaf its receipt names): one edited alone is tampering too."""
    log_triggers_drop(connection)
    LogEntry.objects.filter(seq=5).update(**{column: value})

    code, out = verify()

    assert code == 1
    assert "chain: log entry 5: its columns do not match its content: edited" in out
    assert out.count("log entry 5: its columns do not match") == 1
    if column not in ("object_type", "object_id"):  # these also make its record look unlogged
        assert out.count("\n") == 1


def test_a_log_entry_deleted_with_triggers_dropped_is_named(db):
    log_triggers_drop(connection)
    raw("DELETE FROM integrity_logentry WHERE seq = 7")
    code, out = verify()
    assert code == 1
    assert "chain: log entries 7: missing: deleted from the log" in out


@pytest.mark.tampers
def test_a_stored_file_changed_is_named(db, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    profile = UnitProfile.objects.create(unit=Unit.objects.get(code="35.04"))
    name = default_storage.save("letters/charter.pdf", ContentFile(b"%PDF-1.7 original"))
    # No model of issue 4 stores files yet: give UnitProfile a stand-in FileField for this test.
    field = models.FileField(name="document")
    monkeypatch.setattr(
        UnitProfile, "document", property(lambda obj: FieldFile(obj, field, name)), raising=False
    )
    spec = REGISTRY[UnitProfile]
    monkeypatch.setitem(REGISTRY, UnitProfile, dataclasses.replace(spec, files=("document",)))
    with transaction.atomic():
        # What the receiver writes for a model that declares files: the bytes' SHA-256.
        log_append(
            action="update",
            object_type=spec.label,
            object_id=profile.pk,
            content=record_content(spec, profile),
            files=[b"%PDF-1.7 original"],
        )
    assert verify()[0] == 0
    Path(tmp_path, name).write_bytes(b"%PDF-1.7 forged")
    code, out = verify()
    assert code == 1
    assert f"files: organisation.UnitProfile {profile.pk} (unit 35.04): a stored file does not match" in out


@pytest.mark.parametrize(
    "statement", ["UPDATE integrity_logentry SET actor = 'x'", "DELETE FROM integrity_logentry"]
)
def test_the_log_table_refuses_update_and_delete(db, statement):
    count = LogEntry.objects.count()
    assert count > 0
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(statement)
    assert LogEntry.objects.count() == count
    assert not LogEntry.objects.filter(actor="x").exists()


def test_the_log_table_refuses_truncate_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("TRUNCATE integrity_logentry")
    assert LogEntry.objects.exists()


def test_an_unreachable_database_exits_2(tmp_path):
    env = {
        **os.environ,
        "EPPID_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/eppid.sqlite3",
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "verify_integrity", "--no-progress"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr[-2000:]
    assert "could not run" in result.stderr
    assert "Traceback" not in result.stderr
