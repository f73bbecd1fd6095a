"""verify_integrity on a live service: what others commit while it reads is never a finding.

The nightly check and an operator's run read the log, the records, the tree and the files while
the app servers, the worker and the scheduler keep writing. A row committed between reading the
log and reading the records once came out as "inserted outside the application" (CI, the stack's
scheduler writing an annual-report reminder), and a file replaced by rotate_keys between reading
its row and opening it as "missing". Both are false alarms: the run must read one consistent view
of the database, and a stored file that looks wrong must still look wrong when read again.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from tests.crypto_models import crypto_tables  # noqa: F401 (fixture: tables of test models)
from tests.integrity_support import run_on_fresh_database, verify
from tests.signing_support import issue_sample, pki_setup

from eppid.integrity import crypto_checks, verification

pytestmark = pytest.mark.django_db

CONCURRENT_WRITE_SCRIPT = """
import threading
from django.db import connection
from eppid.integrity import verification
from eppid.integrity.checkpoints import checkpoint_publish
from eppid.organisation.models import Unit

def write_elsewhere():
    # Another process's work, committed while the check runs: a new audited record (its log
    # entries and tree nodes) and a new checkpoint (its row and its latest.txt).
    Unit.objects.create(code="99.98", name="Bawaslu Uji", level="regency", region_name="Uji")
    checkpoint_publish()
    connection.close()

read_entries = verification._last_entries
written = []

def entries_then_a_concurrent_write(spec):
    last = read_entries(spec)
    if spec.label == "organisation.Unit" and not written:
        written.append(True)
        thread = threading.Thread(target=write_elsewhere)
        thread.start()
        thread.join()
    return last

checkpoint_publish()
verification._last_entries = entries_then_a_concurrent_write
findings = verification.findings_all()
print("written", len(written))
print("findings", len(findings))
for finding in findings:
    print(finding.line())
"""


def test_records_and_checkpoints_committed_during_the_run_are_no_finding(db, tmp_path):
    result = run_on_fresh_database(tmp_path, CONCURRENT_WRITE_SCRIPT)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert lines[-2:] == ["written 1", "findings 0"], result.stdout[-3000:]


@pytest.fixture
def pki(settings, tmp_path, crypto_tables):  # noqa: F811
    settings.EPPID_DATA_KEYS_FILE = str(tmp_path / "keys" / "data-keys.json")
    settings.EPPID_BLIND_INDEX_KEY_FILE = str(tmp_path / "keys" / "blind-index.key")
    return pki_setup(settings, tmp_path)


def rotate_once(original, django_capture_on_commit_callbacks):
    """``original`` wrapped: its first call first runs rotate_keys to the end (new copies under
    the new key, the old files deleted), as a concurrent operator would."""
    rotated = []

    def wrapper(*args, **kwargs):
        if not rotated:
            rotated.append(True)
            with django_capture_on_commit_callbacks(execute=True):
                call_command("rotate_keys", stdout=io.StringIO())
        return original(*args, **kwargs)

    wrapper.rotated = rotated
    return wrapper


@pytest.mark.parametrize(
    ("module", "name"),
    [
        (verification, "record_file_hashes"),  # check_files: the row read, then its file hashed
        (crypto_checks, "field_aad"),  # check_encrypted: the row read, then its file opened
    ],
)
def test_a_file_re_encrypted_between_reading_its_row_and_opening_it_is_no_finding(
    pki, monkeypatch, django_capture_on_commit_callbacks, module, name
):
    issue_sample()
    wrapped = rotate_once(getattr(module, name), django_capture_on_commit_callbacks)
    monkeypatch.setattr(module, name, wrapped)
    assert verification.findings_all() == []
    assert wrapped.rotated


@pytest.mark.tampers
def test_a_file_that_stays_missing_is_still_named_once_per_check(pki, settings):
    doc = issue_sample()
    (Path(settings.MEDIA_ROOT) / doc.file).unlink()
    code, out = verify()
    assert code == 1
    lines = [line for line in out.splitlines() if doc.code_display in line]
    assert [line.split(":")[0] for line in lines] == ["files", "encrypted"], out
