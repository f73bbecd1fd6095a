"""`manage.py backup` / `manage.py restore` (contract section 1), run as an operator runs them.

One source site (migrated, demo data, stored files) is backed up once per module; every test
restores that archive, or a damaged copy, into its own fresh site with an empty database. With
DATABASE_URL pointing at PostgreSQL the sites use scratch databases on the same server.
"""

from __future__ import annotations

import secrets
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pyrage
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from tests.site_support import ON_POSTGRES, Site, backup_verify_key, pg_admin


def _new_site(path: Path, cleanup: list[str]) -> Site:
    path.mkdir(mode=0o700, parents=True)
    if not ON_POSTGRES:
        return Site(path)
    name = f"backup_scratch_{secrets.token_hex(6)}"
    pg_admin(f'CREATE DATABASE "{name}"')
    cleanup.append(name)
    return Site(path, database=name)


@pytest.fixture(scope="module")
def _databases():
    created: list[str] = []
    yield created
    for name in created:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _check(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@dataclass
class Source:
    site: Site
    archive: Path
    identity: Path
    verify_key: str
    tables: dict
    files: dict


@pytest.fixture(scope="module")
def source(tmp_path_factory, _databases) -> Source:
    site = _new_site(tmp_path_factory.mktemp("backup") / "source", _databases)
    _check(site.manage("migrate", "--no-input", "-v0"))
    _check(site.manage("load_demo"))
    # As production does every few minutes: its checkpoint file stays in the source's data
    # directory; the restored database holds the checkpoint's row.
    _check(site.manage("publish_checkpoint"))
    (site.files / "requests" / "35.04").mkdir(parents=True)
    (site.files / "requests" / "35.04" / "identity.pdf").write_bytes(
        b"%PDF-1.7\n" + secrets.token_bytes(70_000)
    )
    (site.files / "notice.txt").write_text("Pemberitahuan tertulis\n", encoding="utf-8")
    archive = site.data_dir.parent / "site.backup"
    _check(site.manage("backup", "--output", str(archive)))
    keys = site.data_dir / "keys"
    return Source(
        site=site,
        archive=archive,
        identity=keys / "backup-identity.txt",
        verify_key=backup_verify_key(keys / "backup-signing.key"),
        tables=site.tables(),
        files=site.stored_files(),
    )


@pytest.fixture
def target(tmp_path, _databases, source) -> Site:
    site = _new_site(tmp_path / "target", _databases)
    site.extra_env["EPPID_BACKUP_VERIFY_KEY"] = source.verify_key
    # The restore drill (docs/operations.md, section 9): the personal-data keys travel apart from
    # the archive and are put back first; without them the encrypted columns cannot be read.
    keys = source.site.data_dir / "keys"
    site.extra_env["EPPID_DATA_KEYS_FILE"] = str(keys / "data-keys.json")
    site.extra_env["EPPID_BLIND_INDEX_KEY_FILE"] = str(keys / "blind-index.key")
    # So does the log's signing key: the restored checkpoints are signed with it.
    site.extra_env["EPPID_LOG_SIGNING_KEY_FILE"] = str(keys / "log-signing.key")
    return site


def restore(site: Site, archive: Path, identity: Path, *options: str) -> subprocess.CompletedProcess:
    return site.manage("restore", str(archive), "--identity", str(identity), *options)


def drill(site: Site, archive: Path, identity: Path) -> subprocess.CompletedProcess:
    """The restore drill (docs/operations.md 9.4): a new, empty data directory adopts the restored
    database's newest checkpoint."""
    return restore(site, archive, identity, "--adopt-checkpoint")


def assert_untouched(site: Site) -> None:
    assert site.tables() == {}, "a refused restore wrote to the database"
    assert site.stored_files() == {}, "a refused restore wrote stored files"


# --- the archive ------------------------------------------------------------------------------


def _decrypt(source: Source, tmp_path: Path) -> Path:
    identity = pyrage.x25519.Identity.from_str(source.identity.read_text().strip().splitlines()[-1])
    plain = tmp_path / "plain.tar"
    plain.write_bytes(pyrage.decrypt(source.archive.read_bytes(), [identity]))
    return plain


def _reencrypt(source: Source, plain: Path, tmp_path: Path) -> Path:
    """What anyone holding the public recipient can do: encrypt a forged tar to our backups' key."""
    identity = pyrage.x25519.Identity.from_str(source.identity.read_text().strip().splitlines()[-1])
    forged = tmp_path / "forged.backup"
    forged.write_bytes(pyrage.encrypt(plain.read_bytes(), [identity.to_public()]))
    return forged


def _flip_byte_of_member(plain: Path, member: str, at: int = 0) -> None:
    with tarfile.open(plain) as tar:
        offset = tar.getmember(member).offset_data + at
    data = bytearray(plain.read_bytes())
    data[offset] ^= 0x01
    plain.write_bytes(bytes(data))


def test_archive_is_encrypted_and_holds_a_signed_manifest_of_every_member(source, tmp_path):
    assert source.archive.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert b"petugas.tulungagung" not in source.archive.read_bytes()
    assert oct(source.archive.stat().st_mode & 0o777) == "0o600"
    import json

    with tarfile.open(_decrypt(source, tmp_path)) as tar:
        names = set(tar.getnames())
        manifest = json.loads(tar.extractfile("manifest.json").read())
    database = "database.dump" if ON_POSTGRES else "database.sqlite3"
    # The demo data brings its own stored files (encrypted identity documents, signed PDFs).
    assert {
        "manifest.json",
        "manifest.sig",
        database,
        "files/requests/35.04/identity.pdf",
        "files/notice.txt",
    } <= names
    assert all(name.startswith("files/") for name in names - {"manifest.json", "manifest.sig", database})
    assert any(name.startswith("files/encrypted/") for name in names), "the demo requests' files are missing"
    assert set(manifest["members"]) == names - {"manifest.json", "manifest.sig"}
    assert manifest["members"]["files/notice.txt"]["size"] == len(source.files["notice.txt"])
    assert manifest["database_vendor"] == ("postgresql" if ON_POSTGRES else "sqlite")
    assert manifest["migrations"]["organisation"].startswith("00")
    assert manifest["created_at"].endswith("Z")
    assert oct((source.site.data_dir / "keys").stat().st_mode & 0o777) == "0o700"
    assert oct(source.identity.stat().st_mode & 0o777) == "0o600"


# --- restore ----------------------------------------------------------------------------------


def test_restore_into_an_empty_database_gives_identical_data_and_files(source, target):
    (target.data_dir / "keys").mkdir(mode=0o700)

    result = drill(target, source.archive, source.identity)

    assert result.returncode == 0, result.stdout + result.stderr
    restored = target.tables()
    assert len(source.tables["organisation_unit"]) == 553
    assert len(source.tables["accounts_user"]) == 6
    assert {name: len(rows) for name, rows in restored.items()} == {
        name: len(rows) for name, rows in source.tables.items()
    }
    for table in ("accounts_user", "organisation_unit", "organisation_membership", "otp_totp_totpdevice"):
        assert restored[table] == source.tables[table], table
    assert restored == source.tables
    assert target.stored_files() == source.files
    assert list((target.data_dir / "keys").iterdir()) == []
    assert "intact" in result.stdout
    adopted = (target.data_dir / "checkpoints" / "latest.txt").read_text()
    assert adopted == (source.site.data_dir / "checkpoints" / "latest.txt").read_text()
    assert "Adopted checkpoint" in result.stdout


def test_a_new_data_directory_without_the_checkpoint_file_is_reported_unless_adopted(source, target):
    """Restoring where the published checkpoint's file is missing may hide a rollback (an old
    archive restored after the file was deleted): a finding, until the operator says it is a drill
    or a new machine (--adopt-checkpoint), as the drill's steps do."""
    result = restore(target, source.archive, source.identity)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "checkpoint file: is missing although checkpoints were published" in result.stdout
    assert not (target.data_dir / "checkpoints" / "latest.txt").exists()


def test_adopting_a_checkpoint_over_an_existing_file_is_refused_before_anything_is_restored(source, target):
    (target.data_dir / "checkpoints").mkdir()
    (target.data_dir / "checkpoints" / "latest.txt").write_text("the production checkpoint\n")
    result = drill(target, source.archive, source.identity)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "--adopt-checkpoint refused" in result.stderr
    assert_untouched(target)
    assert (target.data_dir / "checkpoints" / "latest.txt").read_text() == "the production checkpoint\n"


def test_restore_never_replaces_the_checkpoint_file_and_reports_what_it_finds(source, target):
    # The newest published checkpoint lives outside the database and must survive any restore;
    # one that the restored log does not match is a finding (here: not even a signed note).
    (target.data_dir / "checkpoints").mkdir()
    (target.data_dir / "checkpoints" / "latest.txt").write_text("newer checkpoint\n")

    result = restore(target, source.archive, source.identity)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "checkpoint file" in result.stdout
    assert (target.data_dir / "checkpoints" / "latest.txt").read_text() == "newer checkpoint\n"


def test_restored_site_serves_and_can_be_backed_up_again(source, target, tmp_path):
    _check(drill(target, source.archive, source.identity))

    # The restored site signs its next backup with its own key; the original key verifies nothing of it.
    again = tmp_path / "again.backup"
    _check(target.manage("backup", "--output", str(again), EPPID_BACKUP_VERIFY_KEY=""))
    assert again.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert target.manage("check").returncode == 0


@pytest.mark.parametrize("where", ["header", "middle", "last"])
def test_an_archive_with_one_byte_changed_is_refused_and_nothing_is_written(source, target, tmp_path, where):
    data = bytearray(source.archive.read_bytes())
    position = {"header": 40, "middle": len(data) // 2, "last": len(data) - 1}[where]
    data[position] ^= 0x01
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(bytes(data))

    result = restore(target, damaged, source.identity)

    assert result.returncode == 1, result.stderr
    assert "modified" in result.stderr
    assert_untouched(target)


def test_a_changed_member_reencrypted_to_our_recipient_is_refused_by_its_sha256(source, target, tmp_path):
    plain = _decrypt(source, tmp_path)
    _flip_byte_of_member(plain, "files/requests/35.04/identity.pdf", at=5000)

    result = restore(target, _reencrypt(source, plain, tmp_path), source.identity)

    assert result.returncode == 1, result.stderr
    assert "files/requests/35.04/identity.pdf" in result.stderr
    assert "SHA-256" in result.stderr
    assert_untouched(target)


def test_a_changed_database_member_is_refused(source, target, tmp_path):
    plain = _decrypt(source, tmp_path)
    _flip_byte_of_member(plain, "database.dump" if ON_POSTGRES else "database.sqlite3", at=200)

    result = restore(target, _reencrypt(source, plain, tmp_path), source.identity)

    assert result.returncode == 1, result.stderr
    assert "SHA-256" in result.stderr
    assert_untouched(target)


def test_a_changed_manifest_is_refused_by_its_signature(source, target, tmp_path):
    plain = _decrypt(source, tmp_path)
    _flip_byte_of_member(plain, "manifest.json", at=10)

    result = restore(target, _reencrypt(source, plain, tmp_path), source.identity)

    assert result.returncode == 1, result.stderr
    assert "signature" in result.stderr
    assert_untouched(target)


def test_an_archive_signed_by_another_key_is_refused(source, target, tmp_path):
    foreign = tmp_path / "foreign-signing.key"
    foreign.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    archive = tmp_path / "foreign.backup"
    _check(
        source.site.manage(
            "backup",
            "--output",
            str(archive),
            EPPID_BACKUP_SIGNING_KEY_FILE=str(foreign),
            EPPID_BACKUP_VERIFY_KEY=backup_verify_key(foreign),
        )
    )

    result = restore(target, archive, source.identity)

    assert result.returncode == 1, result.stderr
    assert "another key" in result.stderr
    assert_untouched(target)


def test_an_archive_for_another_recipient_is_refused(source, target, tmp_path):
    other = tmp_path / "other-identity.txt"
    other.write_text(f"{pyrage.x25519.Identity.generate()}\n")

    result = restore(target, source.archive, other)

    assert result.returncode == 1, result.stderr
    assert "another recipient" in result.stderr
    assert_untouched(target)


def test_restore_into_a_non_empty_database_is_refused_and_changes_nothing(source):
    result = source.site.manage(
        "restore",
        str(source.archive),
        "--identity",
        str(source.identity),
        EPPID_BACKUP_VERIFY_KEY=source.verify_key,
    )

    assert result.returncode == 1, result.stderr
    assert "not empty" in result.stderr
    assert source.site.tables() == source.tables
    assert source.site.stored_files() == source.files


def test_restore_without_a_usable_identity_cannot_run(source, target, tmp_path):
    result = restore(target, source.archive, tmp_path / "missing-identity.txt")

    assert result.returncode == 2, result.stderr
    assert "missing-identity.txt" in result.stderr
    assert_untouched(target)


def test_production_restore_requires_an_identity_file():
    from eppid.integrity.backup import BackupFailed
    from eppid.integrity.backup.keys import restore_identities

    with pytest.raises(BackupFailed, match="--identity"):
        _production_call(restore_identities, None)


def _production_call(function, *args):
    from django.test import override_settings

    with override_settings(EPPID_ENV="production"):
        return function(*args)


def test_production_backup_needs_a_configured_recipient_and_never_generates_keys(tmp_path):
    from django.test import override_settings

    from eppid.integrity.backup import BackupFailed
    from eppid.integrity.backup.keys import backup_recipients, signing_key_path

    with override_settings(EPPID_ENV="production", DATA_DIR=tmp_path, EPPID_BACKUP_RECIPIENTS=[]):
        with pytest.raises(BackupFailed, match="EPPID_BACKUP_RECIPIENT"):
            backup_recipients()
        with pytest.raises(BackupFailed, match="EPPID_BACKUP_SIGNING_KEY_FILE"):
            signing_key_path()
    assert not (tmp_path / "keys").exists()


# --- after restoring: verify_integrity decides ------------------------------------------------


@pytest.mark.parametrize(
    ("verify_exit", "expected"),
    [(0, None), (1, 1), (2, 2)],
)
def test_restore_fails_when_verify_integrity_finds_tampering(monkeypatch, verify_exit, expected):
    from django.core.management import CommandError

    from eppid.integrity.management.commands import restore as restore_command

    calls = []

    def fake_verify(name, **kwargs):
        calls.append(name)
        if verify_exit:
            raise CommandError("verify_integrity: 1 finding", returncode=verify_exit)

    monkeypatch.setattr(restore_command, "get_commands", lambda: {"verify_integrity": "eppid.integrity"})
    monkeypatch.setattr(restore_command, "call_command", fake_verify)
    command = restore_command.Command()

    if expected is None:
        command._verify()
    else:
        with pytest.raises(CommandError) as raised:
            command._verify()
        assert raised.value.returncode == expected
        message = "found tampering" if expected == 1 else "could not run"
        assert message in str(raised.value)
    assert calls == ["verify_integrity"]


def test_restore_without_the_personal_data_keys_is_reported_not_silent(source, tmp_path, _databases):
    site = _new_site(tmp_path / "keyless", _databases)
    site.extra_env["EPPID_BACKUP_VERIFY_KEY"] = source.verify_key
    result = restore(site, source.archive, source.identity)
    assert result.returncode != 0
    assert "no data key with id" in result.stdout + result.stderr


# As the release before signing 0007 left a site: that migration not applied, and each document's
# last entry without created_at (the declaration of that release).
_EARLIER_RELEASE = """
from django.db import transaction
from eppid.integrity.log import log_append
from eppid.integrity.models import LogEntry
from eppid.integrity.registry import REGISTRY, record_content
from eppid.signing.models import IssuedDocument
spec = REGISTRY[IssuedDocument]
with transaction.atomic():
    for doc in IssuedDocument.objects.all():
        content = {k: v for k, v in record_content(spec, doc).items() if k != "created_at"}
        last = LogEntry.objects.filter(object_type=spec.label, object_id=str(doc.pk)).latest("seq")
        files = last.file_hashes
        log_append(action="update", object_type=spec.label, object_id=doc.pk, content=content, files=files)
print(IssuedDocument.objects.count())
"""


def test_an_archive_of_an_earlier_release_restores_intact(tmp_path, _databases, source):
    """The drill restores last night's archive with the same release or a newer one (docs/operations.md
    9.4): the records are compared with this release's declarations only once the archive's database
    has this release's migrations."""
    old = _new_site(tmp_path / "old", _databases)
    _check(old.manage("migrate", "--no-input", "-v0"))
    _check(old.manage("load_demo"))
    _check(old.manage("migrate", "signing", "0006", "--no-input", "-v0"))
    assert int(_check(old.manage("shell", "-c", _EARLIER_RELEASE)).stdout.split()[-1]) > 0
    checked = old.manage("verify_integrity", "--no-progress")
    assert checked.returncode == 2, checked.stdout + checked.stderr  # could not run: not a finding
    assert "migrate" in checked.stderr and "records:" not in checked.stdout
    archive = tmp_path / "old.backup"
    _check(old.manage("backup", "--output", str(archive)))
    new = _new_site(tmp_path / "new", _databases)
    keys = old.data_dir / "keys"
    new.extra_env["EPPID_BACKUP_VERIFY_KEY"] = backup_verify_key(keys / "backup-signing.key")
    new.extra_env["EPPID_DATA_KEYS_FILE"] = str(keys / "data-keys.json")
    new.extra_env["EPPID_BLIND_INDEX_KEY_FILE"] = str(keys / "blind-index.key")
    result = _check(restore(new, archive, keys / "backup-identity.txt"))
    assert "signing.0007_created_at_audited" in result.stdout
    assert "intact" in result.stdout


# --- one point in time (decision 1693) --------------------------------------------------------------
# A stored file the dumped database names is in the archive even when the running service deletes
# it between the dump and the file pass: the backup runs with a hook after its dump that runs
# another process deleting stored files, as rotate_keys or the task worker does.

BACKUP_WITH_A_DELETION_AFTER_THE_DUMP = """
import subprocess, sys
from django.core.management import call_command
from eppid.integrity.backup import database

dump = database.dump

def dump_then_rotate(target):
    dump(target)
    # Another process re-encrypts every file and deletes the old ones after its commit.
    result = subprocess.run([sys.executable, "manage.py", "rotate_keys"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    print(result.stdout)

database.dump = dump_then_rotate
call_command("backup", "--output", {archive!r})
"""


@pytest.fixture
def live_source(tmp_path, _databases) -> Site:
    site = _new_site(tmp_path / "source", _databases)
    _check(site.manage("migrate", "--no-input", "-v0"))
    _check(site.manage("load_demo"))
    _check(site.manage("publish_checkpoint"))
    return site


def test_files_deleted_after_the_dump_are_still_in_the_archive_and_the_drill_passes(
    live_source, tmp_path, _databases
):
    before = set(live_source.stored_files())
    assert before, "the demo data stores files"
    archive = tmp_path / "site.backup"

    script = BACKUP_WITH_A_DELETION_AFTER_THE_DUMP.format(archive=str(archive))
    result = _check(live_source.manage("shell", "-c", script))
    assert "files re-encrypted" in result.stdout

    keys = live_source.data_dir / "keys"
    target = _new_site(tmp_path / "target", _databases)
    target.extra_env.update(
        EPPID_BACKUP_VERIFY_KEY=backup_verify_key(keys / "backup-signing.key"),
        EPPID_DATA_KEYS_FILE=str(keys / "data-keys.json"),
        EPPID_BLIND_INDEX_KEY_FILE=str(keys / "blind-index.key"),
        EPPID_LOG_SIGNING_KEY_FILE=str(keys / "log-signing.key"),
    )
    restored = drill(target, archive, keys / "backup-identity.txt")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "intact" in restored.stdout
    assert before <= set(target.stored_files())
