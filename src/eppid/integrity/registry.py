"""Declared auditing: each app names its audited models once, in ``<app>/audit.py``.

``audited(Model, fields=..., files=..., unit_code=...)`` connects the receivers that log every
create, update and delete, and tells ``verify_integrity`` how to recompute a row's content.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from eppid.integrity.canonical import field_canonical, vendor_of
from eppid.integrity.crypto import DecryptionError, blind_index
from eppid.integrity.fields import (
    EncryptedFileField,
    EncryptedTextField,
    encrypted_file_read,
    encrypted_file_written,
)
from eppid.integrity.log import content_sha256
from eppid.integrity.querysets import AuditedQuerySet


@dataclass(frozen=True)
class AuditSpec:
    model: type[models.Model]
    fields: tuple[str, ...]
    files: tuple[str, ...]
    unit_code: Callable | None
    describe: Callable | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label

    def subject(self, pk, obj=None) -> str:
        text = f"{self.label} {pk}"
        if obj is not None and self.describe is not None:
            try:
                described = self.describe(obj)
            except Exception:  # noqa: BLE001 - a broken relation must not hide the finding itself
                described = None
            if described:
                text += f" [{described}]"
        if obj is not None and self.unit_code is not None:
            try:
                code = self.unit_code(obj)
            except Exception:  # noqa: BLE001 - a broken relation must not hide the finding itself
                code = None
            if code:
                text += f" (unit {code})"
        return text


REGISTRY: dict[type[models.Model], AuditSpec] = {}


def _field_content(field, obj, vendor: str = ""):
    """A declared field's value as the content hash sees it: its canonical form (``canonical``),
    the same whether ``obj`` was just saved or read back from the database.

    Encrypted text enters as a keyed HMAC of its plaintext (the blind-index key): the hash of a
    record then cannot be brute-forced for a NIK, and re-encryption under a new key (rotate_keys)
    changes nothing. An encrypted file enters as present or absent: its stored name changes on
    rotation, and a name copied from another row does not decrypt (the AAD binds it to the row).
    """
    if isinstance(field, EncryptedTextField):
        try:
            plain = field.value_from_object(obj)
        except DecryptionError:
            return "undecryptable"  # a swapped or altered ciphertext: the record no longer matches
        if plain is None:
            return None
        return blind_index(str(plain), purpose=f"audit:{field.model._meta.label}.{field.name}")
    if isinstance(field, EncryptedFileField):
        return bool(field.value_from_object(obj))
    return field_canonical(field, field.value_from_object(obj), vendor)


def record_content(spec: AuditSpec, obj) -> dict:
    meta = obj._meta
    vendor = vendor_of(obj)
    return {name: _field_content(meta.get_field(name), obj, vendor) for name in spec.fields}


def record_content_hash(spec: AuditSpec, obj) -> str:
    return content_sha256(record_content(spec, obj))


def record_file_hashes(spec: AuditSpec, obj) -> list[str]:
    """SHA-256 of each stored file, in declaration order; an empty field contributes nothing.

    An encrypted file (EncryptedFileField) is hashed as its plaintext, so the log holds the hash a
    reader of the file can recompute, and re-encryption (rotate_keys) changes nothing. A file that
    no longer decrypts raises crypto.DecryptionError; a missing one OSError. A file the instance
    itself has just written (``encrypted_file_write``) is hashed from the plaintext it wrote.
    """
    digests = []
    for name in spec.files:
        declared = next((f for f in obj._meta.concrete_fields if f.name == name), None)
        if isinstance(declared, EncryptedFileField):
            if getattr(obj, name):
                # Just written by this instance: its plaintext, not read back and decrypted.
                plain = encrypted_file_written(obj, name)
                plain = encrypted_file_read(obj, name) if plain is None else plain
                digests.append(hashlib.sha256(plain).hexdigest())
            continue
        field_file = getattr(obj, name)
        if not field_file:
            continue
        digest = hashlib.sha256()
        with field_file.storage.open(field_file.name, "rb") as handle:
            for chunk in iter(lambda handle=handle: handle.read(1 << 20), b""):
                digest.update(chunk)
        digests.append(digest.hexdigest())
    return digests


def audited(model, *, fields, files=(), unit_code=None, describe=None) -> AuditSpec:
    """Declare ``model`` audited. Call once per model, from its app's ``audit.py``.

    ``describe(obj) -> str`` (optional) names the record in findings of ``verify_integrity`` in
    words a person looks up, such as a request's registration number; never personal data.
    """
    if model in REGISTRY:
        raise ImproperlyConfigured(f"{model._meta.label} is declared audited twice")
    names = {field.name for field in model._meta.get_fields() if getattr(field, "concrete", False)}
    unknown = [name for name in (*fields, *files) if name not in names]
    if unknown:
        raise ImproperlyConfigured(f"{model._meta.label} has no field {', '.join(unknown)} to audit")
    # Our own models must refuse QuerySet.update(): it writes without a signal, hence without a log
    # entry. Third-party models are left as they are; verify_integrity still catches what slips by.
    if model.__module__.startswith("eppid.") and not isinstance(
        model._default_manager.get_queryset(), AuditedQuerySet
    ):
        raise ImproperlyConfigured(f"{model._meta.label} is audited: its manager must use AuditedQuerySet")
    spec = AuditSpec(
        model=model, fields=tuple(fields), files=tuple(files), unit_code=unit_code, describe=describe
    )
    REGISTRY[model] = spec
    from eppid.integrity.signals import connect_spec  # local: cycle: integrity.signals imports this module

    connect_spec(spec)
    return spec


def spec_for(model) -> AuditSpec | None:
    return REGISTRY.get(model)
