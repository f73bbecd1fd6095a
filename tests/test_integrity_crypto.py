"""Personal data at rest: AES-256-GCM values bound to their place, blind index, encrypted files."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core import checks
from django.core.exceptions import FieldError
from django.db import connection, models, transaction
from django.test.utils import isolate_apps
from tests.crypto_models import SecretNote, UuidNote, crypto_tables  # noqa: F401 (fixture)

from eppid.integrity import crypto, keyring
from eppid.integrity.fields import (
    EncryptedRowMixin,
    EncryptedTextField,
    encrypted_file_read,
    encrypted_file_write,
)

NIK = "3504011201900001"
WHEN = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def keys(tmp_path, settings):
    settings.EPPID_DATA_KEYS_FILE = str(tmp_path / "keys" / "data-keys.json")
    settings.EPPID_BLIND_INDEX_KEY_FILE = str(tmp_path / "keys" / "blind-index.key")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "keys"


@pytest.fixture
def notes(db, crypto_tables, keys):  # noqa: F811
    return keys


def raw_column(model, column: str, pk) -> str:
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def set_raw_column(model, column: str, pk, value) -> None:
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.execute(
            f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s",  # noqa: S608
            [value, pk],
        )


# --- crypto primitives ----------------------------------------------------------------------------


def test_round_trip_and_format(keys):
    value = crypto.encrypt(b"Siti Aminah", aad=b"t.c:1")

    version, kid, nonce, sealed = value.split(":")
    assert (version, kid) == ("v1", keyring.data_keys().current)
    assert len(base64.b64decode(nonce)) == 12
    assert b"Siti" not in base64.b64decode(sealed)
    assert crypto.decrypt(value, aad=b"t.c:1") == b"Siti Aminah"


def test_same_plaintext_encrypts_differently_each_time(keys):
    assert crypto.encrypt(b"x", aad=b"a") != crypto.encrypt(b"x", aad=b"a")


def test_wrong_aad_fails(keys):
    value = crypto.encrypt(b"secret", aad=b"t.c:1")

    with pytest.raises(crypto.DecryptionError, match="authentication failed"):
        crypto.decrypt(value, aad=b"t.c:2")


def test_wrong_key_fails(keys, settings, tmp_path):
    value = crypto.encrypt(b"secret", aad=b"a")
    kid = value.split(":")[1]
    other = tmp_path / "other.txt"
    other.write_text(f"{kid}: {keyring.new_key_b64()}\n")
    settings.EPPID_DATA_KEYS_FILE = str(other)

    with pytest.raises(crypto.DecryptionError, match="authentication failed"):
        crypto.decrypt(value, aad=b"a")


def test_unknown_key_id_fails_clearly(keys):
    value = crypto.encrypt(b"secret", aad=b"a").split(":")
    value[1] = "removed"

    with pytest.raises(crypto.DecryptionError, match="no data key with id 'removed'"):
        crypto.decrypt(":".join(value), aad=b"a")


@pytest.mark.parametrize("part", [2, 3])
def test_one_flipped_byte_fails(keys, part):
    pieces = crypto.encrypt(b"Jl. Ahmad Yani 1", aad=b"a").split(":")
    blob = bytearray(base64.b64decode(pieces[part]))
    blob[len(blob) // 2] ^= 0x01
    pieces[part] = base64.b64encode(bytes(blob)).decode()

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(":".join(pieces), aad=b"a")


@pytest.mark.parametrize("garbage", ["", "plain text", "v1:k:!!:??", "v2:k:AAAA:AAAA", "v1:k:AAAA:AAAA"])
def test_malformed_values_fail_clearly(keys, garbage):
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(garbage, aad=b"a")


def test_blind_index_is_stable_purpose_separated_and_key_dependent(keys, settings, tmp_path):
    first = crypto.blind_index(NIK, purpose="nik")

    assert first == crypto.blind_index(NIK, purpose="nik")
    assert len(first) == 64 and int(first, 16) >= 0
    assert first != crypto.blind_index(NIK, purpose="phone")
    assert first != crypto.blind_index("3504011201900002", purpose="nik")

    other = tmp_path / "other-blind.key"
    other.write_text(keyring.new_key_b64())
    settings.EPPID_BLIND_INDEX_KEY_FILE = str(other)
    assert crypto.blind_index(NIK, purpose="nik") != first


def test_blind_index_key_is_not_a_data_key(keys):
    assert keyring.blind_index_key() not in keyring.data_keys().keys.values()


@pytest.mark.parametrize(
    ("nik", "masked"),
    [(NIK, "3504********0001"), (" 3504011201900001 ", "3504********0001"), ("12345", "*****"), ("", "")],
)
def test_mask_nik(nik, masked):
    assert crypto.mask_nik(nik) == masked


# --- fields ---------------------------------------------------------------------------------------


def test_field_round_trip_and_no_plaintext_in_the_database(notes):
    note = SecretNote.objects.create(title="a", body="Budi Santoso", nik=NIK, created=WHEN)

    stored = raw_column(SecretNote, "body", note.pk)
    assert stored.startswith("v1:") and "Budi" not in stored
    assert NIK not in raw_column(SecretNote, "nik", note.pk)
    fresh = SecretNote.objects.get(pk=note.pk)
    assert (fresh.body, fresh.nik) == ("Budi Santoso", NIK)


@pytest.mark.parametrize("spelling", [str.upper, lambda text: text.replace("-", ""), "urn:uuid:{}".format])
def test_a_row_id_given_as_text_in_any_spelling_binds_the_row_it_is_read_from(notes, spelling):
    """The AAD names the row id as the database gives it back, not as the program spelt it."""
    row_id = uuid.uuid4()
    note = SecretNote(row_id=spelling(str(row_id)), body="Budi Santoso", nik=NIK, created=WHEN)
    note.save()
    fresh = SecretNote.objects.get(pk=note.pk)
    assert (fresh.row_id, fresh.body, fresh.nik) == (row_id, "Budi Santoso", NIK)


def test_changing_a_value_re_encrypts_and_unchanged_values_keep_their_ciphertext(notes):
    note = SecretNote.objects.create(body="old", nik=NIK, created=WHEN)
    before_nik = raw_column(SecretNote, "nik", note.pk)

    fresh = SecretNote.objects.get(pk=note.pk)
    fresh.body = "new"
    fresh.save()

    assert SecretNote.objects.get(pk=note.pk).body == "new"
    assert raw_column(SecretNote, "nik", note.pk) == before_nik


def test_null_stays_null(notes):
    note = SecretNote.objects.create(body="b", nik=None, created=WHEN)

    assert raw_column(SecretNote, "nik", note.pk) is None
    assert SecretNote.objects.get(pk=note.pk).nik is None
    assert SecretNote.objects.filter(nik__isnull=True).count() == 1


def test_swapping_ciphertexts_between_rows_fails(notes):
    first = SecretNote.objects.create(nik=NIK, created=WHEN)
    second = SecretNote.objects.create(nik="3504015005850002", created=WHEN)
    a, b = raw_column(SecretNote, "nik", first.pk), raw_column(SecretNote, "nik", second.pk)

    set_raw_column(SecretNote, "nik", first.pk, b)
    set_raw_column(SecretNote, "nik", second.pk, a)

    for pk in (first.pk, second.pk):
        with pytest.raises(crypto.DecryptionError):
            _ = SecretNote.objects.get(pk=pk).nik


def test_moving_a_ciphertext_to_another_column_fails(notes):
    note = SecretNote.objects.create(body="Budi", nik=NIK, created=WHEN)
    set_raw_column(SecretNote, "body", note.pk, raw_column(SecretNote, "nik", note.pk))

    with pytest.raises(crypto.DecryptionError):
        _ = SecretNote.objects.get(pk=note.pk).body


def test_uuid_primary_key_binds_too(notes):
    note = UuidNote.objects.create(body="rahasia", closed=WHEN.date())

    assert UuidNote.objects.get(pk=note.pk).body == "rahasia"
    aad = f"test_crypto_uuidnote.body:{note.pk}".encode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM test_crypto_uuidnote")
        assert crypto.decrypt(cursor.fetchone()[0], aad=aad) == b"rahasia"


def test_bulk_create_encrypts(notes):
    SecretNote.objects.bulk_create([SecretNote(body=f"orang {n}", created=WHEN) for n in range(3)])

    assert sorted(note.body for note in SecretNote.objects.all()) == ["orang 0", "orang 1", "orang 2"]
    assert all(
        raw_column(SecretNote, "body", pk).startswith("v1:")
        for pk in SecretNote.objects.values_list("pk", flat=True)
    )


def test_deferred_field_loads_and_decrypts(notes):
    note = SecretNote.objects.create(body="tertunda", created=WHEN)

    assert SecretNote.objects.defer("body").get(pk=note.pk).body == "tertunda"


def test_writes_that_bypass_the_instance_are_refused(notes):
    note = SecretNote.objects.create(body="a", created=WHEN)

    with pytest.raises(TypeError, match="encrypted"), transaction.atomic():
        SecretNote.objects.filter(pk=note.pk).update(body="plaintext")
    with pytest.raises(TypeError, match="encrypted"), transaction.atomic():
        SecretNote.objects.bulk_update([SecretNote(pk=note.pk, row_id=note.row_id, body="x")], ["body"])
    assert SecretNote.objects.get(pk=note.pk).body == "a"


def test_filtering_on_an_encrypted_value_is_refused(notes):
    with pytest.raises(FieldError, match="Unsupported lookup"):
        SecretNote.objects.filter(nik=NIK).count()


def test_search_by_blind_index(notes):
    SecretNote.objects.create(nik=NIK, nik_index=crypto.blind_index(NIK, purpose="nik"), created=WHEN)
    SecretNote.objects.create(nik="3504015005850002", created=WHEN)

    found = SecretNote.objects.get(nik_index=crypto.blind_index(NIK, purpose="nik"))
    assert found.nik == NIK


@isolate_apps("eppid.integrity")
def test_model_without_a_row_id_is_refused_by_the_system_check():
    class Leaky(models.Model):
        secret = EncryptedTextField()

        class Meta:
            app_label = "integrity"

        def __str__(self) -> str:
            return "leaky"

    errors = [e for e in Leaky.check() if isinstance(e, checks.Error)]
    assert [e.id for e in errors] == ["integrity.E001"]


@isolate_apps("eppid.integrity")
def test_uuid_pk_without_default_is_refused_by_the_system_check():
    class Leaky(models.Model):
        id = models.UUIDField(primary_key=True)
        secret = EncryptedTextField()

        class Meta:
            app_label = "integrity"

        def __str__(self) -> str:
            return "leaky"

    assert "integrity.E001" in [e.id for e in Leaky.check()]


def test_test_models_pass_the_system_check():
    assert [e for e in SecretNote.check() + UuidNote.check() if e.level >= checks.ERROR] == []


# --- files ----------------------------------------------------------------------------------------


def test_file_round_trip_not_plaintext_on_disk(keys):
    content = b"%PDF-1.7 KTP scan of Budi Santoso " * 50
    name = crypto.encrypted_file_save(content, aad=b"files:1")

    on_disk = (Path(keys.parent / "media") / name).read_bytes()
    assert b"Budi" not in on_disk and on_disk.startswith(b"EPPIDF1")
    assert crypto.encrypted_file_open(name, aad=b"files:1") == content
    with pytest.raises(crypto.DecryptionError):
        crypto.encrypted_file_open(name, aad=b"files:2")


def test_file_names_are_random(keys):
    names = {crypto.encrypted_file_save(b"same", aad=b"a") for _ in range(3)}

    assert len(names) == 3
    assert all(name.startswith("encrypted/") and "same" not in name for name in names)


def test_tampered_file_fails(keys):
    name = crypto.encrypted_file_save(b"isi berkas", aad=b"a")
    path = Path(keys.parent / "media") / name
    blob = bytearray(path.read_bytes())
    blob[-3] ^= 0x80
    path.write_bytes(bytes(blob))

    with pytest.raises(crypto.DecryptionError):
        crypto.encrypted_file_open(name, aad=b"a")


def test_file_field_binds_the_file_to_its_row(notes):
    first = SecretNote(created=WHEN)
    encrypted_file_write(first, "scan", b"KTP pertama")
    first.save()
    second = SecretNote(created=WHEN)
    encrypted_file_write(second, "scan", b"KTP kedua")
    second.save()

    assert encrypted_file_read(SecretNote.objects.get(pk=first.pk), "scan") == b"KTP pertama"
    set_raw_column(SecretNote, "scan", second.pk, first.scan)
    with pytest.raises(crypto.DecryptionError):
        encrypted_file_read(SecretNote.objects.get(pk=second.pk), "scan")


def test_row_id_is_assigned_before_saving(notes):
    note = SecretNote(body="x", created=WHEN)

    assert isinstance(note.row_id, uuid.UUID)


def test_dumpdata_serialisation_leaves_encrypted_fields_out(notes):
    from django.core import serializers

    note = SecretNote.objects.create(title="judul", body="Budi Santoso", nik=NIK, created=WHEN)

    dumped = serializers.serialize("json", [SecretNote.objects.get(pk=note.pk)])

    assert "judul" in dumped
    assert "Budi" not in dumped and NIK not in dumped and '"body"' not in dumped


@isolate_apps("eppid.integrity")
def test_unique_encrypted_field_is_refused_by_the_system_check():
    class Leaky(EncryptedRowMixin):
        secret = EncryptedTextField(unique=True)

        class Meta:
            app_label = "integrity"

        def __str__(self) -> str:
            return "leaky"

    assert [e.id for e in Leaky.check() if e.level >= checks.ERROR] == ["integrity.E002"]
