"""The orphan-file sweep: old files no row refers to go; referenced, fresh and protected ones stay."""

import io
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from tests.crypto_models import SecretNote, crypto_tables  # noqa: F401 (fixture)
from tests.signing_support import Written, issue_sample, pki_setup

from eppid.integrity import orphans
from eppid.integrity.fields import encrypted_file_write
from eppid.integrity.filehold import backup_hold
from eppid.scheduling import PERIODIC

pytestmark = pytest.mark.django_db

HOUR = 3600


def later() -> float:
    """The sweep's clock: every file written now is a day old by then. Read when used, not at
    import: a whole-suite run can reach this module more than an hour after collecting it."""
    return time.time() + 25 * HOUR


@pytest.fixture
def files(settings, tmp_path, crypto_tables, monkeypatch):  # noqa: F811
    settings.EPPID_DATA_KEYS_FILE = str(tmp_path / "keys" / "data-keys.json")
    settings.EPPID_BLIND_INDEX_KEY_FILE = str(tmp_path / "keys" / "blind-index.key")
    pki_setup(settings, tmp_path)  # MEDIA_ROOT = tmp_path/files
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(orphans, "_now", later)
    return root


def put(root: Path, name: str, data: bytes = b"x", *, mtime: float | None = None) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def note_with_scan(content: bytes) -> SecretNote:
    from datetime import UTC, datetime

    note = SecretNote(body="", created=datetime(2026, 1, 5, tzinfo=UTC))
    encrypted_file_write(note, "scan", content)
    note.save()
    return note


def test_fields_that_name_files_are_discovered_from_the_models(files):
    labels = {ref.label() for ref in orphans.file_references()}
    assert {
        "signing.IssuedDocument.file",
        "signing.IssuedDocument.source",
        "notifications.OutboundAttachment.content",
        "disclosure.InformationRequest.identity_document",
        "disclosure.ReleasedDocument.file",  # a plain FileField
        "integrity.SecretNote.scan",
    } <= labels


def test_a_referenced_file_survives_an_old_orphan_goes_a_fresh_one_stays(
    files, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the unsigned copy goes at commit
        doc = issue_sample()
    note = note_with_scan(b"KTP")
    old = put(files, "encrypted/ab/leftover.bin")
    fresh = put(files, "encrypted/ab/being-written.bin", mtime=later() - HOUR)  # an hour old by then
    result = orphans.orphans_sweep()
    assert result.orphans == ["encrypted/ab/leftover.bin"] and result.deleted == 1
    assert not old.exists() and fresh.exists()
    assert (files / doc.file).exists() and (files / note.scan).exists()
    assert doc.signed_pdf().startswith(b"%PDF")


def test_files_left_by_a_rolled_back_issue_are_swept(files, django_capture_on_commit_callbacks):
    class Rollback(Exception):
        pass

    written = Written()
    with pytest.raises(Rollback), transaction.atomic():
        issue_sample(journal=written)
        raise Rollback
    assert written and all((files / name).exists() for name in written)
    with django_capture_on_commit_callbacks(execute=True):
        kept = issue_sample(reference="35.04-2026-00043")
    assert sorted(orphans.orphans_sweep().orphans) == sorted(written)
    assert not any((files / name).exists() for name in written)
    assert kept.signed_pdf().startswith(b"%PDF")


def test_keys_checkpoints_signing_dir_hidden_files_and_links_are_never_touched(files, settings, tmp_path):
    # A careless configuration puts them inside the files directory: still out of bounds.
    settings.EPPID_CHECKPOINT_DIR = str(files / "checkpoints")
    settings.EPPID_SIGNING_DIR = str(files / "pki")
    settings.EPPID_DATA_KEYS_FILE = str(files / "data-keys.json")
    protected = [
        put(files, "checkpoints/latest"),
        put(files, "pki/unit-35.04.p12"),
        put(files, "data-keys.json"),
        put(files, ".hidden"),
    ]
    outside = put(tmp_path, "elsewhere.txt")
    (files / "link").symlink_to(outside)
    result = orphans.orphans_sweep()
    assert result.orphans == []
    assert all(path.exists() for path in protected) and outside.exists() and (files / "link").is_symlink()


def test_a_dry_run_lists_and_deletes_nothing(files):
    old = put(files, "released/aa/leftover")
    out = io.StringIO()
    call_command("sweep_orphan_files", "--dry-run", stdout=out)
    assert "would delete released/aa/leftover" in out.getvalue()
    assert "would delete 1 orphan file(s)" in out.getvalue()
    assert old.exists()
    out = io.StringIO()
    call_command("sweep_orphan_files", stdout=out)
    assert "deleted released/aa/leftover" in out.getvalue() and not old.exists()


def test_the_sweep_runs_daily_from_the_scheduler(files, settings):
    job = PERIODIC["storage.sweep_orphans"]
    assert job.interval() is None and job.hour() == settings.EPPID_ORPHAN_SWEEP_HOUR
    old = put(files, "encrypted/cd/leftover.bin")
    result = job.task.enqueue()
    assert result.return_value == 1 and not old.exists()
    assert job.task.enqueue().return_value == 0  # idempotent


# --- while a backup runs (decision 1693) ------------------------------------------------------------


@contextmanager
def backup_running_elsewhere():
    """Another process's backup, between its dump and its last file: it holds the stored files."""
    held, done = threading.Event(), threading.Event()

    def hold():
        try:
            with backup_hold():
                held.set()
                done.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(10)
    try:
        yield
    finally:
        done.set()
        thread.join()


@pytest.fixture
def own_data_dir(settings, tmp_path):
    """The SQLite hold is a file in the data directory: this test's own, not the shared one."""
    settings.DATA_DIR = tmp_path / "data"


def test_a_file_let_go_during_a_backup_stays_and_the_sweep_after_it_deletes_it(
    files, own_data_dir, django_capture_on_commit_callbacks
):
    note = note_with_scan(b"identity scan")
    old = files / note.scan
    with backup_running_elsewhere():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("rotate_keys", stdout=io.StringIO())
        assert old.exists(), "deleted while a backup that may have dumped its row was reading files"
        during = orphans.orphans_sweep()
        assert old.exists() and during.deleted == 0
    note.refresh_from_db()
    assert files / note.scan != old

    after = orphans.orphans_sweep()

    assert not old.exists() and after.orphans == [note_name(old, files)]
    assert (files / note.scan).exists()


def test_without_a_backup_a_let_go_file_is_deleted_at_once(files, django_capture_on_commit_callbacks):
    note = note_with_scan(b"identity scan")
    old = files / note.scan
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_keys", stdout=io.StringIO())
    assert not old.exists()


def note_name(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()
