"""The statutory checklist: which periodic (berkala) items a unit has published for a year.

The items are the information types marked ``checklist`` (data, migration 0002). For a unit and a
year, an item is *published* when a published entry of that type and year exists; in the current
year it is *stale* once its last publication is older than the type's ``renewal_months`` (UU
14/2008 Pasal 9(4): at least every six months), and *due* from EPPID_CATALOG_REMINDER_DAYS before
that, when the unit's PPID is reminded (catalog/reminders.py).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eppid.catalog.choices import EntryStatus
from eppid.catalog.models import InformationEntry, InformationType


class ItemState:
    CURRENT = "current"
    DUE = "due"
    STALE = "stale"
    MISSING = "missing"
    PUBLISHED = "published"  # a past year: published, staleness no longer matters

    LABELS = {
        CURRENT: _("Published"),
        DUE: _("Renew soon"),
        STALE: _("Not renewed in time"),
        MISSING: _("Not published"),
        PUBLISHED: _("Published"),
    }
    GAPS = (STALE, MISSING)


def months_after(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter: 31 Aug + 6 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def lead_days() -> int:
    return settings.EPPID_CATALOG_REMINDER_DAYS


def stale_on(last_published: datetime, info_type: InformationType) -> date | None:
    """The day an item published at ``last_published`` counts as not renewed; None if never."""
    if not info_type.renewal_months:
        return None
    return months_after(timezone.localdate(last_published), info_type.renewal_months)


@dataclass
class ChecklistRow:
    info_type: InformationType
    state: str
    entries: list = field(default_factory=list)
    last_published: datetime | None = None
    stale_on: date | None = None

    @property
    def label(self) -> str:
        return str(ItemState.LABELS[self.state])

    @property
    def is_gap(self) -> bool:
        return self.state in ItemState.GAPS


@dataclass
class Checklist:
    unit: object
    year: int
    rows: list[ChecklistRow]

    def count(self, state: str) -> int:
        return sum(1 for row in self.rows if row.state == state)

    @property
    def gaps(self) -> list[ChecklistRow]:
        return [row for row in self.rows if row.is_gap or row.state == ItemState.DUE]

    @property
    def complete(self) -> bool:
        return not self.gaps

    @property
    def to_confirm(self) -> bool:
        return any(row.info_type.to_confirm for row in self.rows)


def _state(info_type, last, *, year: int, today: date) -> tuple[str, date | None]:
    if last is None:
        return ItemState.MISSING, None
    stale = stale_on(last, info_type)
    if year != today.year or stale is None:
        return (ItemState.PUBLISHED if year != today.year else ItemState.CURRENT), stale
    if today >= stale:
        return ItemState.STALE, stale
    if today >= stale - timedelta(days=lead_days()):
        return ItemState.DUE, stale
    return ItemState.CURRENT, stale


def item_state(info_type, last, *, year: int, today: date) -> tuple[str, date | None]:
    """The state of one checklist item last published at ``last`` (None: never) for ``year``, and
    the day it goes stale (the readiness page asks it for many units from one aggregate query)."""
    return _state(info_type, last, year=year, today=today)


def checklist_for_unit(unit, year: int, *, today: date | None = None) -> Checklist:
    """Every checklist item for ``unit`` and ``year`` with its state and the entries that fill it."""
    today = today or timezone.localdate()
    types = list(InformationType.objects.filter(checklist=True))
    entries = (
        InformationEntry.objects.filter(
            unit=unit, status=EntryStatus.PUBLISHED, current__year=year, current__info_type__checklist=True
        )
        .select_related("current")
        .order_by("-published_at", "-pk")
    )
    by_type: dict[int, list] = {}
    for entry in entries:
        by_type.setdefault(entry.current.info_type_id, []).append(entry)
    rows = []
    for info_type in types:
        found = by_type.get(info_type.pk, [])
        last = max((entry.published_at for entry in found), default=None)
        state, stale = _state(info_type, last, year=year, today=today)
        rows.append(
            ChecklistRow(info_type=info_type, state=state, entries=found, last_published=last, stale_on=stale)
        )
    return Checklist(unit=unit, year=year, rows=rows)


@dataclass(frozen=True)
class DueItem:
    unit_id: int
    info_type: InformationType
    last_published: datetime
    stale_on: date


def checklist_due(today: date) -> list[DueItem]:
    """Checklist items, over all units, whose last publication goes stale within the lead time."""
    types = {t.pk: t for t in InformationType.objects.filter(checklist=True, renewal_months__isnull=False)}
    if not types:
        return []
    # Nothing published more than the longest renewal period ago can be due: bound the scan.
    longest = max(t.renewal_months for t in types.values())
    start_of_today = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    since = start_of_today - timedelta(days=31 * longest + lead_days() + 1)
    rows = (
        InformationEntry.objects.filter(
            status=EntryStatus.PUBLISHED, current__info_type_id__in=list(types), published_at__gte=since
        )
        .values("unit_id", "current__info_type_id")
        .annotate(last=Max("published_at"))
        .order_by("unit_id", "current__info_type_id")
    )
    due = []
    for row in rows:
        info_type = types[row["current__info_type_id"]]
        stale = stale_on(row["last"], info_type)
        if stale is not None and stale - timedelta(days=lead_days()) <= today < stale:
            due.append(
                DueItem(
                    unit_id=row["unit_id"], info_type=info_type, last_published=row["last"], stale_on=stale
                )
            )
    return due
