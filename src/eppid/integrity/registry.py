"""Declared auditing: each app names its audited models once, in ``<app>/audit.py``.

``audited(Model, fields=..., files=..., unit_code=...)`` connects the receivers that log every
create, update and delete, and tells ``verify_integrity`` how to recompute a row's content.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from eppid.integrity.log import content_sha256
from eppid.integrity.querysets import AuditedQuerySet


@dataclass(frozen=True)
class AuditSpec:
    model: type[models.Model]
    fields: tuple[str, ...]
    files: tuple[str, ...]
    unit_code: Callable | None

    @property
    def label(self) -> str:
        return self.model._meta.label

    def subject(self, pk, obj=None) -> str:
        text = f"{self.label} {pk}"
        if obj is not None and self.unit_code is not None:
            try:
                code = self.unit_code(obj)
            except Exception:  # noqa: BLE001 - a broken relation must not hide the finding itself
                code = None
            if code:
                text += f" (unit {code})"
        return text


REGISTRY: dict[type[models.Model], AuditSpec] = {}


def _jsonable(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)  # floats would round-trip through JCS number rules; text is exact
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile: its name; bytes are hashed
        return value.name or ""
    return str(value)


def record_content(spec: AuditSpec, obj) -> dict:
    meta = obj._meta
    return {name: _jsonable(meta.get_field(name).value_from_object(obj)) for name in spec.fields}


def record_content_hash(spec: AuditSpec, obj) -> str:
    return content_sha256(record_content(spec, obj))


def record_file_hashes(spec: AuditSpec, obj) -> list[str]:
    """SHA-256 of each stored file, in declaration order; an empty field contributes nothing."""
    digests = []
    for name in spec.files:
        field_file = getattr(obj, name)
        if not field_file:
            continue
        digest = hashlib.sha256()
        with field_file.storage.open(field_file.name, "rb") as handle:
            for chunk in iter(lambda handle=handle: handle.read(1 << 20), b""):
                digest.update(chunk)
        digests.append(digest.hexdigest())
    return digests


def audited(model, *, fields, files=(), unit_code=None) -> AuditSpec:
    """Declare ``model`` audited. Call once per model, from its app's ``audit.py``."""
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
    spec = AuditSpec(model=model, fields=tuple(fields), files=tuple(files), unit_code=unit_code)
    REGISTRY[model] = spec
    from eppid.integrity.signals import connect_spec

    connect_spec(spec)
    return spec


def spec_for(model) -> AuditSpec | None:
    return REGISTRY.get(model)
