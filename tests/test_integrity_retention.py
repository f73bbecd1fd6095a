"""Retention (UU 27/2022): apply_retention clears personal fields of old rows only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from tests.crypto_models import SecretNote, UuidNote, crypto_tables  # noqa: F401 (fixture)

from eppid.integrity.fields import encrypted_file_write
from eppid.integrity.retention import retention_apply, retention_register, retention_unregister

NIK = "3504011201900001"


@pytest.fixture
def registered(db, crypto_tables, tmp_path, settings):  # noqa: F811
    settings.EPPID_DATA_KEYS_FILE = str(tmp_path / "keys" / "data-keys.json")
    settings.EPPID_BLIND_INDEX_KEY_FILE = str(tmp_path / "keys" / "blind-index.key")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EPPID_RETENTION_DAYS = 1826
    settings.TEST_SHORT_RETENTION = 30
    retention_register(SecretNote, date_field="created", fields_to_clear=["body", "nik", "nik_index", "scan"])
    retention_register(
        UuidNote, date_field="closed", fields_to_clear=["body"], period_setting="TEST_SHORT_RETENTION"
    )
    yield tmp_path
    retention_unregister(SecretNote)
    retention_unregister(UuidNote)


def note(age_days: int) -> SecretNote:
    created = timezone.now() - timedelta(days=age_days)
    item = SecretNote(created=created, title=f"{age_days} days", body="Budi", nik=NIK, nik_index="f" * 64)
    encrypted_file_write(item, "scan", b"KTP")
    item.save()
    return item


def raw(pk, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM test_crypto_secretnote WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_clears_only_rows_older_than_the_period(registered, django_capture_on_commit_callbacks):
    old = note(1827)
    young = note(1825)
    old_file = Path(registered / "media" / old.scan)

    with django_capture_on_commit_callbacks(execute=True):
        cleared = retention_apply()

    assert cleared["integrity.SecretNote"] == 1
    gone = SecretNote.objects.get(pk=old.pk)
    assert (gone.body, gone.nik, gone.nik_index, gone.scan, gone.title) == ("", None, "", "", "1827 days")
    assert raw(old.pk, "nik") is None
    assert not old_file.exists()
    kept = SecretNote.objects.get(pk=young.pk)
    assert (kept.body, kept.nik, kept.nik_index) == ("Budi", NIK, "f" * 64)
    assert Path(registered / "media" / kept.scan).exists()


def test_each_model_uses_its_own_period_setting_and_date_fields_count_whole_days(registered):
    today = timezone.localdate()
    old = UuidNote.objects.create(body="lama", closed=today - timedelta(days=31))
    edge = UuidNote.objects.create(body="batas", closed=today - timedelta(days=30))

    cleared = retention_apply()

    assert cleared["integrity.UuidNote"] == 1
    assert UuidNote.objects.get(pk=old.pk).body == ""
    assert UuidNote.objects.get(pk=edge.pk).body == "batas"


def test_running_twice_changes_nothing_the_second_time(registered):
    note(2000)
    retention_apply()

    assert retention_apply()["integrity.SecretNote"] == 0


def test_a_longer_period_keeps_everything(registered, settings):
    settings.EPPID_RETENTION_DAYS = 3650
    item = note(2000)

    assert retention_apply()["integrity.SecretNote"] == 0
    assert SecretNote.objects.get(pk=item.pk).nik == NIK


def test_command_reports_counts(registered):
    note(1900)
    note(10)
    out = StringIO()

    call_command("apply_retention", stdout=out)

    assert "integrity.SecretNote: 1 records anonymised" in out.getvalue()
    assert SecretNote.objects.exclude(nik__isnull=True).count() == 1


def test_registration_refuses_fields_that_cannot_be_cleared(db, crypto_tables):  # noqa: F811
    with pytest.raises(ImproperlyConfigured, match="neither NULL"):
        retention_register(SecretNote, date_field="created", fields_to_clear=["created"])
    with pytest.raises(ImproperlyConfigured, match="date"):
        retention_register(SecretNote, date_field="title", fields_to_clear=["body"])


def test_a_bad_period_setting_fails_clearly(registered, settings):
    settings.EPPID_RETENTION_DAYS = 0
    note(3000)

    with pytest.raises(ImproperlyConfigured, match="EPPID_RETENTION_DAYS"):
        retention_apply()


def test_naive_now_is_accepted(registered):
    note(1900)

    assert retention_apply(now=datetime.now(tz=UTC).replace(tzinfo=None))["integrity.SecretNote"] == 1


def test_the_scheduler_applies_retention_every_day(registered, settings, django_capture_on_commit_callbacks):
    from eppid.scheduling.runner import scheduler_tick

    settings.EPPID_VERIFY_HOUR = settings.EPPID_ORPHAN_SWEEP_HOUR = settings.EPPID_REMINDER_HOUR = 24
    settings.EPPID_RETENTION_HOUR = 0
    old, young = note(1827), note(10)
    with django_capture_on_commit_callbacks(execute=True):
        first = [job.name for job in scheduler_tick()]
    assert "integrity.apply_retention" in first
    assert SecretNote.objects.get(pk=old.pk).nik is None
    assert SecretNote.objects.get(pk=young.pk).nik == NIK
    assert "integrity.apply_retention" not in [job.name for job in scheduler_tick()]  # once a day
