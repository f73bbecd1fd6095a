"""Receivers that turn saves, deletions and security events into log entries."""

from __future__ import annotations

import contextvars
import json
from collections.abc import Iterator
from contextlib import contextmanager

from axes.signals import user_locked_out
from django.apps import apps
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from eppid.integrity.head import recorded_in_transaction
from eppid.integrity.log import content_sha256, current_actor, log_append, log_append_many
from eppid.integrity.models import LogEntry
from eppid.integrity.registry import AuditSpec, record_content, record_file_hashes

SECURITY = "security"
# (instance, entry) of every entry appended by saves and deletes inside ``entries_recorded()``.
_recorded: contextvars.ContextVar[list | None] = contextvars.ContextVar("eppid_log_recorded", default=None)


@contextmanager
def entries_recorded() -> Iterator[list[tuple[object, LogEntry]]]:
    """Hand back the log entries that the saves and deletes inside the block append.

    Yields a list that fills with ``(instance, entry)`` pairs, in order. Blocks nest: an outer
    block also gets what an inner one recorded. Nothing is left on the instances.
    """
    found: list[tuple[object, LogEntry]] = []
    outer = _recorded.get()
    token = _recorded.set(found)
    try:
        yield found
    finally:
        _recorded.reset(token)
        if outer is not None:
            outer.extend(found)


def save_logged(obj, **save_kwargs) -> LogEntry | None:
    """``obj.save(**save_kwargs)`` and return the log entry that this save appended for ``obj``
    (None when it appended none: nothing declared changed, or the model is not logged)."""
    with entries_recorded() as found:
        obj.save(**save_kwargs)
    return next((entry for saved, entry in reversed(found) if saved is obj), None)


def actor_role(user, unit_code: str | None) -> str:
    """The roles the acting user holds in the record's unit, or "admin" for a system admin."""
    if user is None:
        return ""
    roles = []
    if unit_code:
        membership = apps.get_model("organisation", "Membership")
        roles = sorted(
            set(membership.objects.filter(user=user, unit__code=unit_code).values_list("role", flat=True))
        )
    if not roles and getattr(user, "is_superuser", False):
        return "admin"
    return ",".join(roles)


def _last_recorded(spec: AuditSpec, pk) -> tuple[str, list] | None:
    batch = _deferred.get()
    put_off = batch.latest(spec.label, pk) if batch is not None else None
    if put_off is not None:
        return put_off  # put off in this block (and not rolled back): the latest one
    known = recorded_in_transaction(connection, spec.label, pk)
    if known is not None:
        return known  # appended by this transaction, which holds the log lock: the latest one
    canonical = (
        LogEntry.objects.filter(object_type=spec.label, object_id=str(pk))
        .order_by("-seq")
        .values_list("canonical", flat=True)
        .first()
    )
    if canonical is None:
        return None
    entry = json.loads(canonical)
    return entry["content_sha256"] or "", entry["file_sha256"]


def _saved_row(spec: AuditSpec, obj, update_fields):
    """What a save wrote, as the content hash must see it; None when it wrote no declared field.

    A full save writes every column from ``obj``. ``save(update_fields=...)`` (also a save of an
    instance loaded with ``only()``) writes just those: the other declared fields in memory may be
    stale (another request revoked the token this one is using) or changed but unsaved, so the
    record is read back instead, in this transaction, which holds the row since its UPDATE.
    """
    if update_fields is None:
        return obj
    meta = obj._meta
    written = {meta.get_field(name).name for name in update_fields}
    declared = set(spec.fields) | set(spec.files)
    if not written & declared:
        return None  # e.g. last_login, a token's last use: the record's content did not change
    if declared <= written:
        return obj
    return spec.model._base_manager.get(pk=obj.pk)


def _append_record(spec: AuditSpec, obj, action: str, row=None) -> None:
    """Log ``action`` on ``obj``; ``row`` (default ``obj``) is the instance its content is read from."""
    row = obj if row is None else row
    content = record_content(spec, row)
    files = record_file_hashes(spec, row) if action != "delete" else []
    if action == "update" and _last_recorded(spec, obj.pk) == (content_sha256(content), files):
        # Nothing declared changed (e.g. last_login, a device's throttle counter): nothing to log.
        return
    unit_code = None
    if spec.unit_code is not None:
        try:
            unit_code = spec.unit_code(obj)
        except Exception:  # noqa: BLE001 - a deleted parent must not stop the deletion being logged
            unit_code = None
    user = current_actor()
    item = {
        "action": action,
        "object_type": spec.label,
        "object_id": obj.pk,
        "content": content,
        "files": files,
        "actor": user,
        "role": actor_role(user, unit_code),
    }
    batch = _deferred.get()
    if batch is not None and connection.in_atomic_block:
        batch.add(obj, item, content_sha256(content), files)
        return
    if connection.in_atomic_block:
        _append_now(obj, item)
    else:
        # A save in autocommit mode has already committed; log it at once in its own transaction.
        with transaction.atomic():
            _append_now(obj, item)


def _append_now(obj, item: dict) -> None:
    entry = log_append(**item)
    # Handed back to a caller that asked for it (``save_logged``: a receipt shows its leaf).
    recorded = _recorded.get()
    if recorded is not None:
        recorded.append((obj, entry))


class _Kept:
    """Registered with ``on_commit`` when an entry is put off; gone if its savepoint rolls back."""

    __slots__ = ()

    def __call__(self):
        pass


class LogBatch:
    """The entries put off by ``entries_batched()``: appended together when the block ends."""

    def __init__(self):
        self.pending: list[tuple[object, dict, _Kept]] = []
        self.hashes: dict[int, tuple[str, list]] = {}  # id(kept) -> (content hash, file hashes)
        self.entries: list[tuple[object, LogEntry]] = []

    def add(self, obj, item: dict, content_hash: str, files: list) -> None:
        kept = _Kept()
        transaction.on_commit(kept)
        self.pending.append((obj, item, kept))
        self.hashes[id(kept)] = (content_hash, list(files))

    @staticmethod
    def _alive() -> set[int]:
        return {id(item[1]) for item in connection.run_on_commit}

    def latest(self, object_type: str, object_id) -> tuple[str, list] | None:
        """(content hash, file hashes) of the object's latest put-off entry still standing."""
        alive = None
        for _obj, item, kept in reversed(self.pending):
            if item["object_type"] == object_type and str(item["object_id"]) == str(object_id):
                alive = self._alive() if alive is None else alive
                if id(kept) in alive:
                    return self.hashes[id(kept)]
        return None

    def entry_for(self, obj) -> LogEntry | None:
        return next((entry for saved, entry in reversed(self.entries) if saved is obj), None)

    def flush(self) -> None:
        alive = self._alive()
        pending = [(obj, item) for obj, item, kept in self.pending if id(kept) in alive]
        self.pending, self.hashes = [], {}
        if not pending:
            return
        entries = log_append_many([item for _, item in pending])
        found = list(zip((obj for obj, _ in pending), entries, strict=True))
        self.entries.extend(found)
        recorded = _recorded.get()
        if recorded is not None:
            recorded.extend(found)


_deferred: contextvars.ContextVar[LogBatch | None] = contextvars.ContextVar("eppid_log_batch", default=None)


@contextmanager
def entries_batched() -> Iterator[LogBatch]:
    """Inside a transaction: the saves and deletes of the block append their log entries together
    when it ends (one statement on PostgreSQL, so the log lock is taken at the end of the block,
    not at its first save). Each entry records the object as it was saved (its content is hashed
    then); ``batch.entry_for(obj)`` hands back an object's entry after the block. A save inside a
    savepoint that rolls back is not logged. Nothing is appended if the block raises."""
    if not connection.in_atomic_block:
        raise RuntimeError("entries_batched() must run inside a transaction")
    batch = LogBatch()
    token = _deferred.set(batch)
    try:
        yield batch
    finally:
        _deferred.reset(token)
    batch.flush()


def connect_spec(spec: AuditSpec) -> None:
    def on_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
        if raw:
            # loaddata and test-database deserialisation restore rows as they were, log included;
            # a row loaded without its entries is reported by verify_integrity, as it should be.
            return
        row = _saved_row(spec, instance, None if created else update_fields)
        if row is not None:
            _append_record(spec, instance, "create" if created else "update", row)

    def on_delete(sender, instance, **kwargs):
        _append_record(spec, instance, "delete")

    uid = f"eppid.integrity:{spec.label}"
    post_save.connect(on_save, sender=spec.model, weak=False, dispatch_uid=uid + ":save")
    post_delete.connect(on_delete, sender=spec.model, weak=False, dispatch_uid=uid + ":delete")


def security_event(action: str, *, user=None, user_id=None) -> None:
    """A login, failure, lockout, logout or token use: the user's id only, never a name."""
    subject = user.pk if user is not None else user_id
    with transaction.atomic():
        log_append(
            action=action,
            object_type=SECURITY,
            object_id="" if subject is None else subject,
            actor=user if user is not None else "public",
            role=actor_role(user, None) if user is not None else "",
        )


def _user_id_for(username) -> int | None:
    if not username:
        return None
    user_model = apps.get_model(*_user_model_label().split("."))
    return (
        user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username})
        .values_list("pk", flat=True)
        .first()
    )


def _user_model_label() -> str:
    return settings.AUTH_USER_MODEL


def on_logged_in(sender, request, user, **kwargs):
    security_event("login", user=user)


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        security_event("logout", user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    security_event("login_failed", user_id=_user_id_for(credentials.get("username")))


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    security_event("lockout", user_id=_user_id_for(username))


def connect_security_events() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="eppid.integrity:login")
    user_logged_out.connect(on_logged_out, dispatch_uid="eppid.integrity:logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="eppid.integrity:login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="eppid.integrity:lockout")
