"""Data keys and the blind-index key: files, formats, production refusal, rotate_keys."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from tests.crypto_models import SecretNote, UuidNote, crypto_tables  # noqa: F401 (fixture)
from tests.production_keys import production_data_keys_env as production_key_env
from tests.settings_support import production_env, refusal

from eppid.integrity import crypto, keyring
from eppid.integrity.fields import encrypted_file_read, encrypted_file_write
from eppid.integrity.rotation import encrypted_models

WHEN = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def keys(tmp_path, settings):
    settings.EPPID_DATA_KEYS_FILE = str(tmp_path / "keys" / "data-keys.json")
    settings.EPPID_BLIND_INDEX_KEY_FILE = str(tmp_path / "keys" / "blind-index.key")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "keys"


@pytest.fixture
def notes(db, crypto_tables, keys):  # noqa: F811
    return keys


def stored(model, column, pk):
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def kid_of(value: str) -> str:
    return value.split(":")[1]


# --- key files ------------------------------------------------------------------------------------


def test_development_generates_owner_only_key_files(keys):
    keyring.data_keys()
    keyring.blind_index_key()

    assert stat.S_IMODE(keys.stat().st_mode) == 0o700
    for name in ("data-keys.json", "blind-index.key"):
        assert stat.S_IMODE((keys / name).stat().st_mode) == 0o600
    document = json.loads((keys / "data-keys.json").read_text())
    assert list(document["keys"]) == [document["current"]]


def test_keys_are_not_derived_from_the_secret_key(keys, settings):
    first = keyring.data_keys()
    settings.SECRET_KEY = "another-" + "x" * 60

    assert keyring.data_keys() == first
    assert settings.SECRET_KEY.encode() not in first.keys.values()


def test_text_format_with_a_marked_current_key(tmp_path):
    one, two = keyring.new_key_b64(), keyring.new_key_b64()
    keys = keyring.parse_data_keys(f"# old first\nold: {one}\n*new: {two}\n")

    assert keys.current == "new"
    assert set(keys.keys) == {"old", "new"}


def test_text_format_first_line_is_current():
    keys = keyring.parse_data_keys(f"a: {keyring.new_key_b64()}\nb: {keyring.new_key_b64()}\n")

    assert keys.current == "a"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no key"),
        ("k1: c2hvcnQ=", "32 bytes"),
        ("k1 no colon", "expected 'kid: base64key'"),
        ("bad:id: AAAA", "valid base64|letters"),
        ('{"current": "x", "keys": {"k1": "%s"}}', "current key 'x'"),
        ("{not json", "not valid JSON"),
    ],
)
def test_malformed_key_files_are_refused_with_the_reason(text, reason):
    if "%s" in text:
        text = text % keyring.new_key_b64()
    with pytest.raises(keyring.KeyFileError, match=reason):
        keyring.parse_data_keys(text)


def test_missing_file_in_production_is_not_generated(tmp_path, settings):
    settings.PRODUCTION = True
    settings.EPPID_DATA_KEYS_FILE = str(tmp_path / "absent.json")

    with pytest.raises(keyring.KeyFileError, match="cannot read"):
        keyring.data_keys()
    assert not (tmp_path / "absent.json").exists()


def test_key_generator_runs_without_django():
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-m", "eppid.integrity.keyring", "data-key"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )

    parsed = keyring.parse_data_keys(result.stdout)
    assert len(parsed.keys[parsed.current]) == 32


# --- production refusal ---------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["EPPID_DATA_KEYS_FILE", "EPPID_BLIND_INDEX_KEY_FILE"])
def test_production_refuses_to_start_without_a_key_file(tmp_path, missing):
    stderr = refusal(production_env(tmp_path, **{missing: None}))

    assert missing in stderr.splitlines()[-1]


def test_production_refuses_a_malformed_or_world_readable_key_file(tmp_path):
    env = production_env(tmp_path)
    Path(env["EPPID_DATA_KEYS_FILE"]).write_text("k1: c2hvcnQ=\n")
    os.chmod(env["EPPID_BLIND_INDEX_KEY_FILE"], 0o644)

    last = refusal(env).splitlines()[-1]

    assert "32 bytes" in last
    assert "EPPID_BLIND_INDEX_KEY_FILE" in last and "chmod 600" in last


def test_production_key_env_is_accepted(tmp_path):
    paths = production_key_env(tmp_path)

    assert keyring.key_file_problems(paths["EPPID_DATA_KEYS_FILE"], paths["EPPID_BLIND_INDEX_KEY_FILE"]) == []


# --- rotation -------------------------------------------------------------------------------------


def test_rotation_discovers_models_from_the_registry(crypto_tables):  # noqa: F811
    found = {model: {f.name for f in fields} for model, fields in encrypted_models()}

    assert found[SecretNote] == {"body", "nik", "scan"}
    assert found[UuidNote] == {"body"}


def test_rotate_keys_re_encrypts_values_and_files_under_a_new_key(notes, django_capture_on_commit_callbacks):
    note = SecretNote(body="Budi", nik="3504011201900001", created=WHEN)
    encrypted_file_write(note, "scan", b"KTP Budi")
    note.save()
    empty = SecretNote.objects.create(body="", nik=None, created=WHEN)
    other = UuidNote.objects.create(body="rahasia", closed=WHEN.date())
    old_kid = keyring.data_keys().current
    old_file = note.scan

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_keys", batch_size=1, stdout=StringIO())

    new_kid = keyring.data_keys().current
    assert new_kid != old_kid and old_kid in keyring.data_keys().keys
    assert kid_of(stored(SecretNote, "body", note.pk)) == new_kid
    assert kid_of(stored(SecretNote, "nik", note.pk)) == new_kid
    assert kid_of(stored(SecretNote, "body", empty.pk)) == new_kid
    assert stored(SecretNote, "nik", empty.pk) is None
    fresh = SecretNote.objects.get(pk=note.pk)
    assert (fresh.body, fresh.nik, encrypted_file_read(fresh, "scan")) == (
        "Budi",
        "3504011201900001",
        b"KTP Budi",
    )
    assert fresh.scan != old_file and crypto.encrypted_file_key_id(fresh.scan) == new_kid
    assert not (Path(notes.parent / "media") / old_file).exists()
    assert UuidNote.objects.get(pk=other.pk).body == "rahasia"


def test_old_ciphertexts_still_decrypt_after_a_new_key_before_re_encryption(notes):
    note = SecretNote.objects.create(body="lama", created=WHEN)
    old_kid = kid_of(stored(SecretNote, "body", note.pk))

    keyring.data_keys_add_current()

    assert kid_of(stored(SecretNote, "body", note.pk)) == old_kid
    assert SecretNote.objects.get(pk=note.pk).body == "lama"
    assert kid_of(crypto.encrypt(b"x", aad=b"a")) != old_kid


def test_rotate_keys_is_idempotent(notes):
    SecretNote.objects.create(body="sekali", created=WHEN)
    call_command("rotate_keys", stdout=StringIO())
    before = list(SecretNote.objects.values_list("body", flat=True))

    out = StringIO()
    call_command("rotate_keys", reencrypt_only=True, stdout=out)

    assert list(SecretNote.objects.values_list("body", flat=True)) == before
    assert "0 values and 0 files re-encrypted" in out.getvalue()


def test_rotate_keys_reports_values_it_cannot_decrypt_and_leaves_them(notes):
    good = SecretNote.objects.create(body="baik", created=WHEN)
    bad = SecretNote.objects.create(body="rusak", created=WHEN)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE test_crypto_secretnote SET body = %s WHERE id = %s",
            [stored(SecretNote, "body", good.pk), bad.pk],
        )
    damaged = stored(SecretNote, "body", bad.pk)
    err = StringIO()

    with pytest.raises(CommandError, match="1 values could not be decrypted"):
        call_command("rotate_keys", stdout=StringIO(), stderr=err)

    assert f"{bad.pk}.body" in err.getvalue() and "baik" not in err.getvalue()
    assert stored(SecretNote, "body", bad.pk) == damaged
    assert SecretNote.objects.get(pk=good.pk).body == "baik"


def test_rotate_keys_in_production_explains_instead_of_writing_the_key_file(notes, settings):
    keyring.data_keys()
    before = (notes / "data-keys.json").read_bytes()
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="--reencrypt-only"):
        call_command("rotate_keys", stdout=StringIO())

    assert (notes / "data-keys.json").read_bytes() == before


def test_operator_rotation_in_production(notes, settings):
    note = SecretNote.objects.create(body="operator", created=WHEN)
    path = Path(settings.EPPID_DATA_KEYS_FILE)
    old = keyring.data_keys()
    lines = "".join(f"{kid}: {crypto._b64(key)}\n" for kid, key in old.keys.items())
    path.write_text(f"*knew: {keyring.new_key_b64()}\n" + lines)
    settings.PRODUCTION = True

    call_command("rotate_keys", reencrypt_only=True, stdout=StringIO())

    assert kid_of(stored(SecretNote, "body", note.pk)) == "knew"
    assert SecretNote.objects.get(pk=note.pk).body == "operator"


def test_production_refuses_a_blind_index_key_equal_to_a_data_key(tmp_path):
    paths = production_key_env(tmp_path)
    data = keyring.parse_data_keys(Path(paths["EPPID_DATA_KEYS_FILE"]).read_text())
    Path(paths["EPPID_BLIND_INDEX_KEY_FILE"]).write_text(crypto._b64(data.keys[data.current]))

    problems = keyring.key_file_problems(paths["EPPID_DATA_KEYS_FILE"], paths["EPPID_BLIND_INDEX_KEY_FILE"])

    assert problems == ["EPPID_BLIND_INDEX_KEY_FILE must hold a key of its own, not one of the data keys"]


# --- verify_integrity check -----------------------------------------------------------------------


def test_check_encrypted_finds_swapped_tampered_and_missing_values(notes):
    from eppid.integrity.crypto_checks import check_encrypted

    fine = SecretNote.objects.create(body="baik", nik="3504011201900001", created=WHEN)
    swapped = SecretNote.objects.create(body="tukar", created=WHEN)
    with_file = SecretNote(body="berkas", created=WHEN)
    encrypted_file_write(with_file, "scan", b"KTP")
    with_file.save()
    with connection.cursor() as cursor:
        moved = stored(SecretNote, "body", fine.pk)
        cursor.execute("UPDATE test_crypto_secretnote SET body = %s WHERE id = %s", [moved, swapped.pk])
    (Path(notes.parent / "media") / with_file.scan).unlink()
    advanced = []

    findings = list(check_encrypted(advanced.append))

    assert sorted(f.subject for f in findings) == sorted(
        [f"integrity.SecretNote {swapped.pk}.body", f"integrity.SecretNote {with_file.pk}.scan"]
    )
    assert all(f.check == "encrypted" and "baik" not in f.problem for f in findings)
    assert sum(advanced) == 3


def test_check_encrypted_is_quiet_when_everything_opens(notes):
    from eppid.integrity.crypto_checks import check_encrypted

    SecretNote.objects.create(body="a", nik="3504011201900001", created=WHEN)
    UuidNote.objects.create(body="b", closed=WHEN.date())

    assert list(check_encrypted(None)) == []
