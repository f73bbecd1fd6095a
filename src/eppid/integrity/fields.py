"""Model fields that keep personal data encrypted in the database and on disk.

Row identity: the AAD of a value is "<db_table>.<column>:<row id>", and the row id must be known
before the INSERT (an auto-increment pk is not). A model with encrypted fields therefore carries a
UUID assigned in Python: either a ``row_id`` UUIDField (inherit ``EncryptedRowMixin``) or a UUID
primary key with a default. A system check (integrity.E001) refuses any other model. The row id
never changes, so a ciphertext stays bound to its row; copying a ciphertext to another row,
column or table makes decryption fail.

How a value travels: the attribute holds plaintext for the program. Values read from the
database arrive as ``Ciphertext`` and are decrypted on first access; plaintext assigned by the
program is encrypted in ``pre_save`` (so ``save()``, ``create()`` and ``bulk_create()`` work).
Writes that bypass the instance (``QuerySet.update(field="...")``, ``bulk_update``) are refused,
because no row id is known there; so is filtering on the value (only ``isnull``): search with a
blind index column instead.
"""

from __future__ import annotations

import uuid

from django.core import checks
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from eppid.integrity import crypto


class Ciphertext(str):
    """A value as stored: never shown, only decrypted or copied back unchanged."""

    __slots__ = ()


class EncryptedRowMixin(models.Model):
    """Gives a model the stable, Python-assigned row id its encrypted values are bound to."""

    row_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


def row_identity(instance: models.Model) -> str:
    """The row id as the database gives it back: a UUID assigned as text in another spelling
    (upper case, no dashes, a URN) binds the value to the same row it will be read from."""
    meta = instance._meta
    field = next((field for field in meta.concrete_fields if field.name == "row_id"), meta.pk)
    value = getattr(instance, field.attname)
    if value is None:
        raise ValueError(f"{meta.label} has no row id yet: encrypted values need one")
    return str(field.to_python(value))


def field_aad(instance: models.Model, field: models.Field) -> bytes:
    return f"{instance._meta.db_table}.{field.column}:{row_identity(instance)}".encode()


def _identity_problems(field: models.Field) -> list[checks.CheckMessage]:
    meta = field.model._meta
    if meta.abstract:
        return []
    row_id = next((f for f in meta.concrete_fields if f.name == "row_id"), None)
    good_row_id = isinstance(row_id, models.UUIDField) and row_id.unique and row_id.has_default()
    good_pk = isinstance(meta.pk, models.UUIDField) and meta.pk.has_default()
    if good_row_id or good_pk:
        return []
    return [
        checks.Error(
            f"{meta.label}.{field.name} is encrypted, but the model has no row id known before saving.",
            hint="Inherit eppid.integrity.fields.EncryptedRowMixin or use a UUID primary key with a default.",
            obj=field,
            id="integrity.E001",
        )
    ]


class _EncryptedAttribute(DeferredAttribute):
    """Decrypts lazily on first read; keeps the stored ciphertext unless the program assigns."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        attname = self.field.attname
        if attname not in instance.__dict__:
            super().__get__(instance, cls)  # a deferred field: load it (arrives as Ciphertext)
        value = instance.__dict__[attname]
        if not isinstance(value, Ciphertext):
            return value
        cache_key = f"_decrypted_{attname}"
        cached = instance.__dict__.get(cache_key)
        if cached is not None and cached[0] is value:
            return cached[1]
        plain = self.field.decrypt_value(instance, value)
        instance.__dict__[cache_key] = (value, plain)
        return plain

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value
        instance.__dict__.pop(f"_decrypted_{self.field.attname}", None)


class EncryptedTextField(models.TextField):
    """Text encrypted with AES-256-GCM, bound to its table, column and row."""

    descriptor_class = _EncryptedAttribute

    def __init__(self, *args, **kwargs):
        # Serialisers (dumpdata, fixtures) would write the plaintext: leave the field out of them.
        kwargs.setdefault("serialize", False)
        super().__init__(*args, **kwargs)

    def check(self, **kwargs):
        problems = [*super().check(**kwargs), *_identity_problems(self)]
        if self.unique or self.db_index:
            problems.append(
                checks.Error(
                    f"{self.model._meta.label}.{self.name} is encrypted: a unique constraint or index on "
                    "random ciphertexts means nothing.",
                    hint="Put unique=True / db_index=True on a blind-index column (crypto.blind_index).",
                    obj=self,
                    id="integrity.E002",
                )
            )
        return problems

    def decrypt_value(self, instance: models.Model, stored: str) -> str:
        return crypto.decrypt(stored, aad=field_aad(instance, self)).decode("utf-8")

    def encrypt_value(self, instance: models.Model, plain: str) -> Ciphertext:
        return Ciphertext(crypto.encrypt(str(plain).encode("utf-8"), aad=field_aad(instance, self)))

    def from_db_value(self, value, expression, connection):
        return None if value is None else Ciphertext(value)

    def pre_save(self, model_instance, add):
        value = model_instance.__dict__.get(self.attname)
        if value is None or isinstance(value, Ciphertext):
            return value
        sealed = self.encrypt_value(model_instance, value)
        model_instance.__dict__[self.attname] = sealed
        model_instance.__dict__[f"_decrypted_{self.attname}"] = (sealed, str(value))
        return sealed

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None or isinstance(value, Ciphertext):
            return None if value is None else str(value)
        raise TypeError(
            f"{self.model._meta.label}.{self.name} is encrypted: write it through the instance's save(), "
            "not QuerySet.update() or bulk_update()"
        )

    def get_prep_value(self, value):
        return value

    def to_python(self, value):
        return value if value is None or isinstance(value, Ciphertext) else str(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            return None  # equality on ciphertext is meaningless; use a blind index
        return super().get_lookup(lookup_name)


class EncryptedFileField(models.CharField):
    """The storage name of a file kept encrypted by crypto.encrypted_file_save.

    The file's AAD is the same "<table>.<column>:<row id>" as for text, so a file name copied to
    another row does not open. Use ``encrypted_file_write`` / ``encrypted_file_read`` below.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("serialize", False)
        super().__init__(*args, **kwargs)

    def check(self, **kwargs):
        return [*super().check(**kwargs), *_identity_problems(self)]


# The instance attribute where ``encrypted_file_write`` leaves what it wrote, per field:
# ``{field name: (storage name, plaintext)}``. Only this instance, only while the field still names
# that file: the audit receiver hashes the plaintext and the receipt's email attaches it without
# reading back and decrypting the file this same instance has just written (one copy, not two).
_WRITTEN = "_eppid_files_written"


class _Written(dict):
    """Pickled or copied empty: the plaintext never travels with a pickled instance (a cache)."""

    def __reduce__(self):
        return (_Written, ())


def encrypted_file_write(instance: models.Model, field_name: str, content: bytes) -> str:
    """Encrypt ``content`` for this row and field, store it, and set the field (the caller saves)."""
    field = instance._meta.get_field(field_name)
    name = crypto.encrypted_file_save(content, aad=field_aad(instance, field))
    setattr(instance, field.attname, name)
    instance.__dict__.setdefault(_WRITTEN, _Written())[field.name] = (name, bytes(content))
    return name


def encrypted_file_written(instance: models.Model, field_name: str) -> bytes | None:
    """The plaintext this instance wrote with ``encrypted_file_write`` to the file its field names
    now; None when the field names another file (or none) or the instance wrote none."""
    field = instance._meta.get_field(field_name)
    written = instance.__dict__.get(_WRITTEN, {}).get(field.name)
    current = getattr(instance, field.attname)
    if written is None or not current or written[0] != current:
        return None
    return written[1]


def encrypted_file_read(instance: models.Model, field_name: str) -> bytes:
    field = instance._meta.get_field(field_name)
    return crypto.encrypted_file_open(getattr(instance, field.attname), aad=field_aad(instance, field))


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField | EncryptedFileField)]
