"""The facts behind the readiness evaluators: per unit, a few aggregate queries for a year.

``Facts(units, year, today)`` asks each number once, when an evaluator first needs it, for every
unit at once (``unit_id IN (...)`` grouped by unit): the national roll-up of 553 units costs the
same number of queries as one unit.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cached_property

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from eppid.catalog.choices import EntryStatus
from eppid.catalog.models import ConsequenceTest, InformationEntry, InformationType
from eppid.disclosure.models import InformationRequest
from eppid.objections.models import Objection
from eppid.organisation.models import UnitProfile
from eppid.reports.models import SurveyResponse
from eppid.signing.models import DocumentKind, DocumentStatus, IssuedDocument

_SENTINEL = "00.00.00"


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(date(year, 1, 1), time.min, tzinfo=zone),
        datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=zone),
    )


class Facts:
    """The aggregate numbers of ``units`` for ``year``, each asked once, when first needed."""

    def __init__(self, units: list, year: int, today: date, *, every_unit: bool = False):
        self.units = units
        self.every_unit = every_unit  # the national roll-up: no filter on the unit
        self.ids = [unit.pk for unit in units]
        self.year = year
        self.today = today
        self.start, self.end = _year_bounds(year)
        self._paths: dict[tuple, str] = {}

    def path(self, name: str, code: str, **query) -> str:
        """``reverse(name, code=code)`` with a query string; reversed and encoded once per name and
        query (a national roll-up asks it thousands of times)."""
        key = (name, tuple(sorted(query.items())))
        template = self._paths.get(key)
        if template is None:
            template = reverse(name, kwargs={"code": _SENTINEL}) + (f"?{urlencode(query)}" if query else "")
            self._paths[key] = template
        return template.replace(_SENTINEL, code)

    def _per_unit(self, queryset, *keys, **annotations) -> dict:
        if not self.every_unit:
            queryset = queryset.filter(unit_id__in=self.ids)
        rows = queryset.values("unit_id", *keys).annotate(**annotations)
        return {(row["unit_id"], *(row[key] for key in keys)): row for row in rows.order_by()}

    @cached_property
    def entries_by_category(self) -> dict:
        """{(unit id, category): {"n": published entries whose current version is of the year}}."""
        published = InformationEntry.objects.filter(status=EntryStatus.PUBLISHED, current__year=self.year)
        return self._per_unit(published, "current__category", n=Count("pk"))

    @cached_property
    def checklist_last(self) -> dict:
        """{(unit id, type id): {"last": the last publication of a checklist item of the year}}."""
        published = InformationEntry.objects.filter(
            status=EntryStatus.PUBLISHED, current__year=self.year, current__info_type__checklist=True
        )
        return self._per_unit(published, "current__info_type_id", last=Max("published_at"))

    @cached_property
    def types(self) -> dict:
        return {kind.code: kind for kind in InformationType.objects.filter(checklist=True)}

    @cached_property
    def tests(self) -> dict:
        """{(unit id,): {"n", "signed"}}: consequence tests in force at some time in the year."""
        tests = ConsequenceTest.objects.filter(
            tested_on__lte=date(self.year, 12, 31), until__gte=date(self.year, 1, 1)
        ).exclude(entry__status=EntryStatus.WITHDRAWN, opened_at__isnull=True)
        signed = Q(sheet__status=DocumentStatus.SIGNED, decree__status=DocumentStatus.SIGNED)
        return self._per_unit(tests, n=Count("pk"), signed=Count("pk", filter=signed))

    @cached_property
    def tests_ended(self) -> dict:
        """{(unit id,): {"n", "opened"}}: tests whose period ended by the end of the year (or today)."""
        cutoff = min(self.today, date(self.year, 12, 31))
        tests = ConsequenceTest.objects.filter(until__lt=cutoff)
        return self._per_unit(tests, n=Count("pk"), opened=Count("pk", filter=Q(opened_at__isnull=False)))

    def _count(self, model, stamp: str) -> dict:
        rows = model.objects.filter(**{f"{stamp}__gte": self.start, f"{stamp}__lt": self.end})
        return self._per_unit(rows, n=Count("pk"))

    @cached_property
    def requests(self) -> dict:
        return self._count(InformationRequest, "received_at")

    @cached_property
    def objections(self) -> dict:
        return self._count(Objection, "received_at")

    @cached_property
    def surveys(self) -> dict:
        return self._count(SurveyResponse, "answered_at")

    @cached_property
    def profiles(self) -> dict:
        profiles = UnitProfile.objects.all()
        if not self.every_unit:
            profiles = profiles.filter(unit_id__in=self.ids)
        return {profile.unit_id: profile for profile in profiles}

    def annual_reports(self, year: int) -> dict:
        """{unit id: the signed, current annual report of ``year`` (the unit alone or its tree)}."""
        documents = IssuedDocument.objects.filter(
            unit_id__in=self.ids,
            kind=DocumentKind.ANNUAL_REPORT,
            status=DocumentStatus.SIGNED,
            superseded_by__isnull=True,
            reference__contains=f"-{year}-",
        ).order_by("signed_at", "pk")
        codes = {unit.pk: unit.code for unit in self.units}
        return {
            doc.unit_id: doc
            for doc in documents
            if doc.reference in (f"{codes[doc.unit_id]}-{year}-unit", f"{codes[doc.unit_id]}-{year}-tree")
        }
