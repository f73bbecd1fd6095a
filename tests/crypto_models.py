"""Test-only models with encrypted fields, until issue 3 brings the real ones.

They are registered under the integrity app (so ``apps.get_models()`` finds them, as rotate_keys
must) but have no migration: the ``crypto_tables`` fixture creates their tables once per test
database. Importing this module never happens outside tests.
"""

from __future__ import annotations

import uuid

import pytest
from django.db import connection, models

from eppid.integrity.fields import EncryptedFileField, EncryptedRowMixin, EncryptedTextField


class SecretNote(EncryptedRowMixin):
    """An auto-increment pk, bound by row_id."""

    title = models.CharField(max_length=50, blank=True)
    body = EncryptedTextField(blank=True)
    nik = EncryptedTextField(null=True, blank=True)
    nik_index = models.CharField(max_length=64, blank=True, db_index=True)
    scan = EncryptedFileField()
    created = models.DateTimeField()

    class Meta:
        app_label = "integrity"
        managed = False  # no migration; also keeps them out of the test database's serialisation
        db_table = "test_crypto_secretnote"

    def __str__(self) -> str:
        return self.title


class UuidNote(models.Model):
    """A UUID primary key, bound by it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    body = EncryptedTextField(blank=True)
    closed = models.DateField()

    class Meta:
        app_label = "integrity"
        managed = False  # no migration; also keeps them out of the test database's serialisation
        db_table = "test_crypto_uuidnote"

    def __str__(self) -> str:
        return str(self.pk)


TEST_MODELS = (SecretNote, UuidNote)


@pytest.fixture(scope="session")
def crypto_tables(django_db_setup, django_db_blocker):
    # Imported by several test modules, so pytest may run it once for each: create only what is
    # missing. The test database goes away at the end of the session, and the tables with it.
    with django_db_blocker.unblock():
        existing = set(connection.introspection.table_names())
        with connection.schema_editor() as editor:
            for model in TEST_MODELS:
                if model._meta.db_table not in existing:
                    editor.create_model(model)
