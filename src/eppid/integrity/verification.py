"""The checks behind ``verify_integrity`` (contract section 5).

Each check is ``check_<name>(progress) -> Iterable[Finding]``; ``progress(advance)`` is called as
work is done, or ``progress`` is None. The log's ``canonical`` text is the truth: leaf hashes are
recomputed from it, records are compared with what it says, never with the searchable columns,
which are checked against it in turn (``check_columns``).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from eppid.core.snapshot import read_snapshot
from eppid.integrity.crypto import DecryptionError
from eppid.integrity.crypto_checks import check_encrypted
from eppid.integrity.findings import Finding, read_again
from eppid.integrity.head import GENESIS
from eppid.integrity.log import utc_text
from eppid.integrity.models import LogEntry
from eppid.integrity.models.log import REPEATED_COLUMNS
from eppid.integrity.registry import REGISTRY, AuditSpec, record_content_hash, record_file_hashes
from eppid.integrity.tree_checks import check_checkpoint, check_tree, checkpoint_file_reading

Progress = Callable[[int], None] | None
CHUNK = 10_000


def _tick(progress: Progress, count: int) -> None:
    if progress is not None and count:
        progress(count)


def chain_findings(rows: Iterable[tuple[int, str, str, str]], progress: Progress = None) -> Iterator[Finding]:
    """Recompute each leaf hash from its entry bytes and each link of the chain.

    ``rows`` are ``(seq, canonical, leaf_hash, chain_hash)`` in seq order. A break is reported
    once: the next link is checked against the stored hash, so one edit does not flag every
    entry after it.
    """
    sha256 = hashlib.sha256
    expected_seq = 0
    prev = GENESIS
    done = 0
    for seq, canonical, leaf_hex, chain_hex in rows:
        after_gap = seq != expected_seq
        if after_gap:
            missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}-{seq - 1}"
            yield Finding("chain", f"log entries {missing}", "missing: deleted from the log")
        leaf = sha256(b"\x00" + canonical.encode()).digest()
        if leaf.hex() != leaf_hex:
            yield Finding("chain", f"log entry {seq}", "its content does not match its leaf hash: edited")
        else:
            chained = sha256(prev + leaf).hexdigest()
            if chained != chain_hex and not after_gap:
                yield Finding("chain", f"log entry {seq}", "does not link to the entry before it")
        prev = bytes.fromhex(chain_hex)
        expected_seq = seq + 1
        done += 1
        if done == CHUNK:
            _tick(progress, done)
            done = 0
    _tick(progress, done)


def check_chain(progress: Progress = None) -> Iterator[Finding]:
    rows = LogEntry.objects.order_by("seq").values_list("seq", "canonical", "leaf_hash", "chain_hash")
    yield from chain_findings(rows.iterator(chunk_size=CHUNK), progress)


def _columns_repeat(row: tuple, entry: dict) -> bool:
    """Whether the columns of ``row`` (``REPEATED_COLUMNS``) say what the entry's canonical text says."""
    seq, recorded_at, actor, role, action, object_type, object_id, content_hash, file_hashes = row
    return (
        entry.get("seq") == seq
        and entry.get("time") == utc_text(recorded_at)
        and (entry.get("actor"), entry.get("role"), entry.get("action")) == (actor, role, action)
        and (entry.get("object_type"), entry.get("object_id")) == (object_type, object_id)
        and (entry.get("content_sha256") or "") == content_hash
        and entry.get("file_sha256") == file_hashes
    )


def check_columns(progress: Progress = None) -> Iterator[Finding]:
    """Each entry's searchable columns against its canonical text. The application reads them (a
    case's history, the leaf a receipt names, the log's search), so a column edited while the
    canonical text was left alone is tampering too. A canonical text that is not an entry is
    reported by ``check_chain`` (its leaf hash no longer matches), not here again."""
    rows = LogEntry.objects.order_by("seq").values_list(*REPEATED_COLUMNS, "canonical")
    done = 0
    for *columns, canonical in rows.iterator(chunk_size=CHUNK):
        try:
            entry = json.loads(canonical)
        except ValueError:
            entry = None
        if isinstance(entry, dict) and not _columns_repeat(tuple(columns), entry):
            yield Finding("chain", f"log entry {columns[0]}", "its columns do not match its content: edited")
        done += 1
        if done == CHUNK:
            _tick(progress, done)
            done = 0
    _tick(progress, done)


def _last_entries(spec: AuditSpec) -> dict[str, dict]:
    """The newest entry per object of this model, read from the entries' canonical text (an entry
    whose columns name another object than its text is skipped: ``check_columns`` reports it)."""
    last: dict[str, dict] = {}
    rows = (
        LogEntry.objects.filter(object_type=spec.label)
        .order_by("seq")
        .values_list("seq", "object_id", "canonical")
    )
    for _seq, object_id, canonical in rows.iterator(chunk_size=CHUNK):
        entry = json.loads(canonical)
        if entry.get("object_type") == spec.label and entry.get("object_id") == object_id:
            last[object_id] = entry
    return last


def record_finding(spec: AuditSpec, obj, entry: dict | None) -> Finding | None:
    """One audited row against its last log entry (None: there is none): the finding, if any."""
    if entry is None:
        return Finding(
            "records", spec.subject(obj.pk, obj), "has no log entry: inserted outside the application"
        )
    if entry["action"] == "delete":
        return Finding(
            "records", spec.subject(obj.pk, obj), "the log says it was deleted, yet the row exists"
        )
    if entry["content_sha256"] != record_content_hash(spec, obj):
        return Finding(
            "records",
            spec.subject(obj.pk, obj),
            "differs from its last log entry: edited outside the application",
        )
    return None


def model_records_findings(spec: AuditSpec, progress: Progress = None) -> Iterator[Finding]:
    """Every row of one audited model against its last entry, and every entry against its row."""
    last = _last_entries(spec)
    seen: set[str] = set()
    done = 0
    for obj in spec.model._base_manager.order_by("pk").iterator(chunk_size=2000):
        key = str(obj.pk)
        seen.add(key)
        finding = record_finding(spec, obj, last.get(key))
        if finding is not None:
            yield finding
        done += 1
        if done == 1000:
            _tick(progress, done)
            done = 0
    _tick(progress, done)
    for object_id, entry in last.items():
        if object_id not in seen and entry["action"] != "delete":
            yield Finding(
                "records", spec.subject(object_id), "is gone, but the log never recorded its deletion"
            )


def check_records(progress: Progress = None) -> Iterator[Finding]:
    """Each audited row against its last entry: edited, inserted or deleted outside the application."""
    for spec in sorted(REGISTRY.values(), key=lambda spec: spec.label):
        yield from model_records_findings(spec, progress)


def record_last_entry(spec: AuditSpec, object_id) -> dict | None:
    """The record's newest log entry, read from its canonical text (None: it has none)."""
    canonical = (
        LogEntry.objects.filter(object_type=spec.label, object_id=str(object_id))
        .order_by("-seq")
        .values_list("canonical", flat=True)
        .first()
    )
    return None if canonical is None else json.loads(canonical)


def file_finding(spec: AuditSpec, obj, entry: dict | None) -> Finding | None:
    """The stored files of one audited row against the SHA-256 its last entry recorded."""
    if entry is None or entry["action"] == "delete":
        return None  # reported by check_records
    subject = spec.subject(obj.pk, obj)
    try:
        current = record_file_hashes(spec, obj)
    except OSError:
        return Finding("files", subject, "a stored file is missing")
    except DecryptionError:
        problem = (
            "a stored encrypted file does not open: altered, moved from another record, or its key is missing"
        )
        return Finding("files", subject, problem)
    if current != entry["file_sha256"]:
        return Finding("files", subject, "a stored file does not match its recorded SHA-256")
    return None


def _files_now(spec: AuditSpec, pk) -> Callable[[], tuple | None]:
    """The row's state for ``read_again``: key (its file fields, its last entry's seq), (row, entry)."""

    def state() -> tuple | None:
        obj = spec.model._base_manager.filter(pk=pk).first()
        if obj is None:
            return None
        entry = record_last_entry(spec, pk)
        stored = tuple(getattr(value, "name", value) for value in (getattr(obj, name) for name in spec.files))
        key = (stored, entry and entry["seq"])
        return key, (obj, entry)

    return state


def model_files_findings(spec: AuditSpec, progress: Progress = None) -> Iterator[Finding]:
    """Each stored file of one audited model against the SHA-256 its last entry recorded."""
    if not spec.files:
        return
    last = _last_entries(spec)
    for obj in spec.model._base_manager.order_by("pk").iterator(chunk_size=500):
        finding = file_finding(spec, obj, last.get(str(obj.pk)))
        if finding is not None:
            again = read_again(_files_now(spec, obj.pk), lambda now: file_finding(spec, *now) is not None)
            yield dataclasses.replace(finding, holds=again)
        _tick(progress, 1)


def check_files(progress: Progress = None) -> Iterator[Finding]:
    """Each stored file of an audited record against the SHA-256 its last entry recorded."""
    for spec in sorted(REGISTRY.values(), key=lambda spec: spec.label):
        yield from model_files_findings(spec, progress)


CHECKS: list[Callable[[Progress], Iterable[Finding]]] = [
    check_chain,
    check_columns,
    check_records,
    check_files,
    check_tree,
    check_checkpoint,
    check_encrypted,
]


def work_estimate() -> int:
    """How many progress units a full run reports, for the progress bar's total."""
    total = 2 * LogEntry.objects.count()  # the chain, then the columns
    for spec in REGISTRY.values():
        count = spec.model._base_manager.count()
        total += count * (2 if spec.files else 1)
    return total


class SchemaBehind(Exception):
    """The database lacks migrations of this release: its records cannot be compared with what this
    release declares audited (a migration that widens a declaration logs the rows again)."""

    def __init__(self, pending: list[str]):
        self.pending = pending
        super().__init__(f"{len(pending)} migration(s) of this release not applied, first {pending[0]}")


def migrations_pending() -> list[str]:
    """The migrations of this release the database has not applied ("app.name"), in order."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def findings_all(progress: Progress = None, on_check: Callable[[str], None] | None = None) -> list[Finding]:
    """Every check, over one consistent view of the database (``core.snapshot``) while the
    service keeps writing: what commits meanwhile is neither seen nor a finding. The checkpoint
    file is read before the view begins (it is written after its checkpoint commits, so it never
    names a tree the view lacks); a stored file's finding stands only if it holds when read again.
    ``on_check(name)`` is told as each check starts. Raises ``SchemaBehind`` on a database this
    release has not migrated: comparing its records would report what a migration changes."""
    pending = migrations_pending()
    if pending:
        raise SchemaBehind(pending)
    on_file = checkpoint_file_reading()
    found: list[Finding] = []
    with read_snapshot():
        for check in CHECKS:
            if on_check is not None:
                on_check(check.__name__.removeprefix("check_"))
            run = functools.partial(check, on_file=on_file) if check is check_checkpoint else check
            found.extend(run(progress))
    return [finding for finding in found if finding.holds is None or finding.holds()]
