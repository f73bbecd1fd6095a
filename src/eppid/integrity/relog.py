"""Log rows again after a migration changed what their record holds (for data migrations only).

A migration that adds a field to an audited model's declaration (``<app>/audit.py``), or fills
new fields of existing rows, changes the content ``verify_integrity`` recomputes for every row:
without a new entry each row would be reported as edited by hand. ``records_relog`` appends one
entry per row whose content (the declared fields the migration state has) differs from its last
entry: "update" as the system, or "create" for a row never logged. The files' hashes are those
of the last entry (the migration does not touch files; reading every file is not needed), unless
``files_read``: a migration that adds a stored file to the declaration (``files=``) has every such
file read and logs its SHA-256 (a file that cannot be read keeps what the last entry said: it is
reported as missing). Running it again finds nothing to do.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable

from django.apps import apps as current_apps
from django.db import transaction

from eppid.integrity.crypto import DecryptionError
from eppid.integrity.log import content_sha256, log_append
from eppid.integrity.models import LogEntry
from eppid.integrity.registry import REGISTRY, record_content, record_file_hashes


def records_relog(apps, labels: Iterable[str], *, files_read: bool = False, added: Iterable[str] = ()) -> int:
    """Append entries for the changed rows of the audited models ``labels`` ("app.Model");
    ``apps`` is the migration state's registry. Returns how many entries were appended.

    ``added``: the fields the declaration now covers that it did not (a migration that only widens
    the declaration). With ``added`` or ``files_read`` a row is logged again only if it matched its
    last entry before (its content without ``added``): a row edited by hand before the upgrade stays
    a finding instead of being logged as the system's."""
    added = frozenset(added)
    appended = 0
    with transaction.atomic():
        for label in labels:
            spec = REGISTRY[current_apps.get_model(label)]
            model = apps.get_model(label)
            present = {field.name for field in model._meta.get_fields() if getattr(field, "concrete", False)}
            frozen = dataclasses.replace(
                spec,
                fields=tuple(name for name in spec.fields if name in present),
                files=tuple(name for name in spec.files if name in present),
            )
            last = _last_entries(frozen.label)
            for obj in model._base_manager.order_by("pk").iterator():
                content = record_content(frozen, obj)
                known = last.get(str(obj.pk))
                if known is None:
                    files = record_file_hashes(frozen, obj)
                else:
                    files = _files_now(frozen, obj, known[1]) if files_read else known[1]
                if known is not None and known == (content_sha256(content), files):
                    continue
                if known is not None and (added or files_read) and not _matched_before(content, added, known):
                    continue
                log_append(
                    action="update" if known is not None else "create",
                    object_type=frozen.label,
                    object_id=obj.pk,
                    content=content,
                    files=files,
                    actor="system",
                )
                appended += 1
    return appended


def _matched_before(content: dict, added: frozenset, known: tuple[str, list[str]]) -> bool:
    before = {name: value for name, value in content.items() if name not in added}
    return content_sha256(before) == known[0]


def _files_now(spec, obj, logged: list[str]) -> list[str]:
    try:
        return record_file_hashes(spec, obj)
    except (OSError, DecryptionError):
        return logged  # missing or not opening: verify_integrity reports it, as it did before the migration


def _last_entries(label: str) -> dict[str, tuple[str, list[str]]]:
    last: dict[str, tuple[str, list[str]]] = {}
    rows = LogEntry.objects.filter(object_type=label).order_by("seq").values_list("object_id", "canonical")
    for object_id, canonical in rows.iterator():
        entry = json.loads(canonical)
        if entry.get("action") == "delete":
            last.pop(object_id, None)
            continue
        last[object_id] = (entry.get("content_sha256") or "", list(entry.get("file_sha256") or []))
    return last
