"""Re-encrypting every encrypted value and file under the current data key.

Fields are discovered from the model registry, so a model that declares an encrypted field is
covered without registering anything. Work goes in batches, each one transaction holding row
locks, so a concurrent save can neither be overwritten by an older value nor interleave. Only
values under another key are touched: running it twice changes nothing the second time, and an
interrupted run is finished by running it again. Old keys stay in the key file; only the
operator removes them, after a successful run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction

from eppid.integrity import crypto, keyring
from eppid.integrity.fields import (
    Ciphertext,
    EncryptedFileField,
    EncryptedTextField,
    encrypted_fields,
    field_aad,
)

Progress = Callable[[int], None] | None


@dataclass
class RotationResult:
    current: str
    rows: int = 0  # rows looked at
    values: int = 0  # text values re-encrypted
    files: int = 0  # files re-encrypted
    failures: list[str] = field(default_factory=list)  # "<model> <row id>.<field>: reason", no data


def encrypted_models() -> list[tuple[type[models.Model], list[models.Field]]]:
    found = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        fields = encrypted_fields(model)
        if fields:
            found.append((model, fields))
    return found


def rotation_total() -> int:
    return sum(model._base_manager.count() for model, _ in encrypted_models())


def _batches(model: type[models.Model], batch_size: int) -> Iterator[list]:
    last = None
    manager = model._base_manager
    while True:
        pks = manager.order_by("pk")
        if last is not None:
            pks = pks.filter(pk__gt=last)
        chunk = list(pks.values_list("pk", flat=True)[:batch_size])
        if not chunk:
            return
        last = chunk[-1]
        yield chunk


def _rotate_row(obj, fields, current: str, result: RotationResult, old_files: list[str]) -> dict:
    updates = {}
    for fld in fields:
        stored = obj.__dict__.get(fld.attname)
        if not stored:
            continue
        aad = field_aad(obj, fld)
        subject = f"{obj._meta.label} {obj.pk}.{fld.name}"
        try:
            if isinstance(fld, EncryptedTextField):
                if crypto.key_id(stored) != current:
                    updates[fld.attname] = Ciphertext(crypto.reencrypt(stored, aad=aad))
                    result.values += 1
            elif isinstance(fld, EncryptedFileField) and crypto.encrypted_file_key_id(stored) != current:
                content = crypto.encrypted_file_open(stored, aad=aad)
                updates[fld.attname] = crypto.encrypted_file_save(content, aad=aad)
                old_files.append(stored)
                result.files += 1
        except (crypto.DecryptionError, OSError) as error:
            result.failures.append(f"{subject}: {error}")
    return updates


def keys_reencrypt_all(*, batch_size: int = 500, progress: Progress = None) -> RotationResult:
    """Re-encrypt every value and file not yet under the current key."""
    result = RotationResult(current=keyring.data_keys().current)
    for model, fields in encrypted_models():
        names = [f.attname for f in fields]
        for chunk in _batches(model, batch_size):
            old_files: list[str] = []
            with transaction.atomic():
                rows = model._base_manager.select_for_update().filter(pk__in=chunk).only("pk", *names)
                if any(f.name == "row_id" for f in model._meta.concrete_fields):
                    rows = rows.only("pk", "row_id", *names)
                for obj in rows:
                    updates = _rotate_row(obj, fields, result.current, result, old_files)
                    if updates:
                        model._base_manager.filter(pk=obj.pk).update(**updates)
                    result.rows += 1
                # The old files go only once the rows point at the new ones for good.
                transaction.on_commit(lambda names=tuple(old_files): _delete_files(names))
            if progress:
                progress(len(chunk))
    return result


def _delete_files(names) -> None:
    for name in names:
        crypto.encrypted_file_delete(name)
