"""Retention of personal data (UU 27/2022 on personal data protection).

Personal data is kept only as long as its purpose needs. A model holding it registers which date
starts the clock, which fields are personal and which setting holds the period in days:

    retention_register(Request, date_field="closed_at", fields_to_clear=["name", "nik", "email"])

``apply_retention`` (daily, from cron or a timer) then clears those fields in every row whose date
is older than the period; the row itself stays, so statistics and the transparency log keep their
meaning without naming anyone. Default period: ``EPPID_RETENTION_DAYS`` = 1826 days (5 years),
set per deployment after the archive schedule (JRA) of Bawaslu.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

from eppid.integrity import filehold
from eppid.integrity.fields import EncryptedFileField, EncryptedTextField

Progress = Callable[[int], None] | None
DEFAULT_SETTING = "EPPID_RETENTION_DAYS"


@dataclass(frozen=True)
class RetentionRule:
    model: type[models.Model]
    date_field: str
    fields_to_clear: tuple[str, ...]
    period_setting: str
    only: models.Q | None = None  # rows outside this condition are never cleared

    @property
    def label(self) -> str:
        return self.model._meta.label

    def period_days(self) -> int:
        days = getattr(settings, self.period_setting, None)
        if not isinstance(days, int) or days < 1:
            raise ImproperlyConfigured(f"{self.period_setting} must be a whole number of days (at least 1)")
        return days

    def cutoff(self, now: datetime):
        moment = now - timedelta(days=self.period_days())
        if isinstance(self.model._meta.get_field(self.date_field), models.DateTimeField):
            return moment
        # A date field: the day counts whole; only days entirely before the cutoff expire.
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


_rules: dict[str, RetentionRule] = {}


def _cleared_value(fld: models.Field):
    return None if fld.null else ""


def retention_register(
    model: type[models.Model],
    *,
    date_field: str,
    fields_to_clear: list[str] | tuple[str, ...],
    period_setting: str = DEFAULT_SETTING,
    only: models.Q | None = None,
) -> RetentionRule:
    """Declare a model's personal fields and their clock; called from the owning app's ready().

    ``only`` (a Q object) limits the rule to the rows that hold personal data, e.g. the kinds of
    signed documents that name a requester.
    """
    meta = model._meta
    date = meta.get_field(date_field)
    if not isinstance(date, models.DateField):  # DateTimeField is a DateField
        raise ImproperlyConfigured(f"{meta.label}.{date_field} must be a date or date-time field")
    if not fields_to_clear:
        raise ImproperlyConfigured(f"retention for {meta.label} names no field to clear")
    for name in fields_to_clear:
        fld = meta.get_field(name)
        if not (fld.null or fld.empty_strings_allowed):
            raise ImproperlyConfigured(f"{meta.label}.{name} can hold neither NULL nor '': cannot be cleared")
    if only is not None and not isinstance(only, models.Q):
        raise ImproperlyConfigured(f"retention for {meta.label}: only= must be a Q object")
    rule = RetentionRule(model, date_field, tuple(fields_to_clear), period_setting, only)
    _rules[meta.label] = rule
    return rule


def retention_unregister(model: type[models.Model]) -> None:
    _rules.pop(model._meta.label, None)


def retention_rules() -> list[RetentionRule]:
    return list(_rules.values())


def _expired(rule: RetentionRule, now: datetime):
    rows = rule.model._base_manager.filter(**{f"{rule.date_field}__lt": rule.cutoff(now)})
    if rule.only is not None:
        rows = rows.filter(rule.only)
    return rows.order_by("pk")


def retention_due(now: datetime | None = None) -> int:
    now = now or timezone.now()
    return sum(_expired(rule, now).count() for rule in retention_rules())


def _holds_personal_data(obj, fld) -> bool:
    if isinstance(fld, EncryptedTextField):
        stored = obj.__dict__.get(fld.attname)
        # An encrypted empty string still has a ciphertext; only decrypting tells it is empty.
        return stored is not None and getattr(obj, fld.attname) not in ("", None)
    return getattr(obj, fld.attname) not in ("", None)


def _clear_row(obj, fields, files: list[tuple]) -> list[str]:
    changed = []
    for fld in fields:
        if not _holds_personal_data(obj, fld):
            continue
        if isinstance(fld, EncryptedFileField | models.FileField):
            storage = fld.storage if isinstance(fld, models.FileField) else default_storage
            files.append((storage, str(getattr(obj, fld.attname))))
        setattr(obj, fld.attname, _cleared_value(fld))
        changed.append(fld.name)
    return changed


def _delete_files(files) -> None:
    # While a backup runs the files stay until the orphan sweep (decision 1693).
    for storage, name in files:
        filehold.stored_file_delete(name, storage)


def retention_apply(
    *, now: datetime | None = None, batch_size: int = 500, progress: Progress = None
) -> dict[str, int]:
    """Clear the personal fields of every expired row; return {model label: rows anonymised}."""
    now = now or timezone.now()
    if timezone.is_naive(now):
        now = timezone.make_aware(now)
    cleared: dict[str, int] = {}
    for rule in retention_rules():
        fields = [rule.model._meta.get_field(name) for name in rule.fields_to_clear]
        pks = list(_expired(rule, now).values_list("pk", flat=True))
        cleared[rule.label] = 0
        for start in range(0, len(pks), batch_size):
            chunk = pks[start : start + batch_size]
            files: list[tuple] = []
            with transaction.atomic():
                for obj in rule.model._base_manager.select_for_update().filter(pk__in=chunk).order_by("pk"):
                    changed = _clear_row(obj, fields, files)
                    if changed:
                        obj.save(update_fields=changed)
                        cleared[rule.label] += 1
                transaction.on_commit(lambda files=tuple(files): _delete_files(files))
            if progress:
                progress(len(chunk))
    return cleared
