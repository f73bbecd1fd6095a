"""verify_integrity check: every encrypted value and file still opens where it is stored.

A ciphertext moved to another row or column, altered, or under a key that is no longer in the
key file fails authentication; each such value is one finding. Plaintext is never reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from eppid.integrity import crypto
from eppid.integrity.fields import EncryptedFileField, EncryptedTextField, field_aad
from eppid.integrity.findings import Finding, read_again
from eppid.integrity.registry import spec_for
from eppid.integrity.rotation import encrypted_models

BATCH = 500


def _subject(model, obj, fld) -> str:
    """Names the value as ``<model> <pk>.<field>``, with the record's own description when it is
    audited (a document's code, a request's registration number): the operator can look it up."""
    spec = spec_for(model)
    if spec is None:
        return f"{model._meta.label} {obj.pk}.{fld.name}"
    return f"{spec.subject(obj.pk, obj)}.{fld.name}"


def _opening_fails(obj, fld) -> str | None:
    """Why the value of ``fld`` in ``obj`` does not open (None: it opens, or there is none)."""
    stored = obj.__dict__.get(fld.attname)
    if not stored:
        return None
    try:
        if isinstance(fld, EncryptedTextField):
            crypto.decrypt(stored, aad=field_aad(obj, fld))
        elif isinstance(fld, EncryptedFileField):
            crypto.encrypted_file_open(stored, aad=field_aad(obj, fld))
    except (crypto.DecryptionError, OSError) as error:
        return str(error)
    return None


def _value_now(rows, pk, fld) -> Callable[[], tuple | None]:
    """The row's state for ``read_again``: key (the stored value), the row."""

    def state() -> tuple | None:
        obj = rows.filter(pk=pk).first()
        return None if obj is None else (obj.__dict__.get(fld.attname), obj)

    return state


def check_encrypted(progress: Callable[[int], None] | None) -> Iterable[Finding]:
    for model, fields in encrypted_models():
        names = [f.attname for f in fields]
        extra = ["row_id"] if any(f.name == "row_id" for f in model._meta.concrete_fields) else []
        rows = model._base_manager.order_by("pk").only("pk", *extra, *names)
        for number, obj in enumerate(rows.iterator(chunk_size=BATCH), start=1):
            for fld in fields:
                error = _opening_fails(obj, fld)
                if error is not None:
                    # A file may have been re-encrypted (rotate_keys) since the row was read.
                    again = read_again(
                        _value_now(rows, obj.pk, fld),
                        lambda now, fld=fld: _opening_fails(now, fld) is not None,
                    )
                    yield Finding("encrypted", _subject(model, obj, fld), error, holds=again)
            if progress and number % BATCH == 0:
                progress(BATCH)
        if progress:
            progress(model._base_manager.count() % BATCH)
