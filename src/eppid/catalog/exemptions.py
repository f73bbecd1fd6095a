"""Exempt information (DIK) through the consequence test (uji konsekuensi, Perki 1/2021 Pasal 49).

- ``exemption_record``: the unit's PPID records a test; one transaction makes the exempt entry of
  the unit's list (published at once, numbered, category ``exempt``, no documents), the test, and
  the two signed papers (the sheet and the classification decree, ``signing.document_issue``).
- ``exemptions_expire`` (the daily job, catalog/tasks.py): on the day after ``until`` (Asia/Jakarta)
  each test's entry gets a new version as ``on_demand`` (setiap saat), the announcement is recorded
  on the test (shown on the entry and the unit's exempt list), and the PPID is emailed.

The grounds are data (``law.selectors.grounds_in_force(EXEMPTION_KINDS)``): a code not in force on
the day of the test is refused. Citing a test in a decision on a request: catalog/exemption_citations.py.
Every row written is audited (catalog/audit.py).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from eppid.catalog import exemption_papers
from eppid.catalog.choices import EXEMPT_FORMAT, OPENED_FORMAT, Category, EntryStatus, VersionStatus
from eppid.catalog.exemption_models import ConsequenceTest, TestOccasion
from eppid.catalog.models import EntryVersion, InformationEntry
from eppid.catalog.search_index import search_index_update
from eppid.catalog.services import _number_take
from eppid.core.text import text_clean_keyed
from eppid.disclosure.papers import day
from eppid.law.models import EXEMPTION_KINDS
from eppid.law.selectors import grounds_in_force
from eppid.notifications.reminders import STAFF_LANGUAGE, publishers_to_remind, staff_link, staff_mail
from eppid.organisation.roles import Permission
from eppid.organisation.selectors import user_has_permission
from eppid.signing.models import DocumentKind
from eppid.signing.services import document_issue

logger = logging.getLogger("eppid.catalog")

LIMITS = {
    "document": 300,
    "withheld": 5000,
    "legal_basis": 2000,
    "consequence": 5000,
    "public_interest": 5000,
    "occasion_reference": 200,
    "responsible": 300,
    "retention": 300,
}
PARTICIPANTS_MAX = 30
PARTICIPANT_LIMIT = 200


def _require(actor, unit) -> None:
    if actor is None or not user_has_permission(actor, Permission.PUBLISH_INFORMATION, unit):
        raise PermissionDenied


def _grounds(value, today: date, errors: dict) -> list[str]:
    codes = [value] if isinstance(value, str) else list(value or ())
    codes = [str(code).strip() for code in codes if str(code or "").strip()]
    allowed = [ground.code for ground in grounds_in_force(EXEMPTION_KINDS, on=today)]
    if not codes:
        errors["exemption_basis"] = [
            _("Choose at least one ground of exemption: %(expected)s.") % {"expected": ", ".join(allowed)}
        ]
    elif any(code not in allowed for code in codes):
        errors["exemption_basis"] = [_("Choose one of: %(expected)s.") % {"expected": ", ".join(allowed)}]
    return list(dict.fromkeys(codes))


def _until(value, today: date, errors: dict) -> date | None:
    if isinstance(value, date):
        until = value
    else:
        try:
            until = date.fromisoformat(str(value or "").strip())
        except ValueError:
            errors["until"] = [_("Enter a date as YYYY-MM-DD, for example 2026-01-31.")]
            return None
    if until <= today:
        errors["until"] = [_("The last day of the exemption must be in the future.")]
        return None
    return until


def _participants(value, errors: dict) -> str:
    names = value.splitlines() if isinstance(value, str) else list(value or ())
    cleaned = []
    try:
        for name in names:
            name = text_clean_keyed(name, "participants", limit=PARTICIPANT_LIMIT)
            if name:
                cleaned.append(name)
    except ValidationError as error:
        errors.update(error.message_dict)
        return ""
    if not cleaned:
        errors["participants"] = [_("Name the people who took part in the test, one per line.")]
    elif len(cleaned) > PARTICIPANTS_MAX:
        errors["participants"] = [_("Name at most %(count)d participants.") % {"count": PARTICIPANTS_MAX}]
    return "\n".join(cleaned)


def exemption_data_clean(data: dict, *, today: date) -> dict:
    """The cleaned fields of a test, or ValidationError({field: [message]}) naming every problem.

    ``information`` (the contract's name) is the withheld part; ``document`` defaults to its first
    line. ``exemption_basis`` is one code or a list of codes (``grounds``).
    """
    errors: dict[str, list[str]] = {}
    out = {}
    withheld_key = "withheld" if data.get("withheld") not in (None, "") else "information"
    raw = {**data, "withheld": data.get(withheld_key)}
    for key, limit in LIMITS.items():
        required = key in ("withheld", "legal_basis", "consequence", "public_interest")
        multiline = key not in ("document", "occasion_reference", "responsible", "retention")
        try:
            out[key] = text_clean_keyed(
                raw.get(key),
                withheld_key if key == "withheld" else key,
                multiline=multiline,
                required=required,
                limit=limit,
            )
        except ValidationError as error:
            errors.update(error.message_dict)
            out[key] = ""
    if not out["document"] and out["withheld"]:
        out["document"] = out["withheld"].splitlines()[0][: LIMITS["document"]]
    occasion = str(data.get("occasion") or TestOccasion.BEFORE_REQUEST)
    if occasion not in TestOccasion.values:
        errors["occasion"] = [
            _("Choose one of: %(expected)s.") % {"expected": ", ".join(TestOccasion.values)}
        ]
    grounds = _grounds(data.get("grounds") or data.get("exemption_basis"), today, errors)
    until = _until(data.get("until"), today, errors)
    participants = _participants(data.get("participants"), errors)
    if errors:
        raise ValidationError(errors)
    return {**out, "occasion": occasion, "grounds": grounds, "until": until, "participants": participants}


def _refuse_twice(unit, values: dict) -> None:
    """The same withheld information of the same document is listed once while it is exempt: a
    decision cites the test in force (another part of the document is another test)."""
    test = (
        ConsequenceTest.objects.select_related("entry")
        .filter(
            unit=unit,
            opened_at__isnull=True,
            entry__status=EntryStatus.PUBLISHED,
            document__iexact=values["document"],
            withheld__iexact=values["withheld"],
        )
        .first()
    )
    if test is not None:
        message = _(
            "This information of the document is already exempt: entry no. %(number)s of the list, "
            "until %(until)s. Cite that entry in decisions; test another part of the document as a "
            "new test."
        ) % {"number": test.entry.number, "until": formats.date_format(test.until, "j F Y")}
        raise ValidationError({"document": [message]})


def _issue(test, kind, pdf: bytes, reference: str):
    return document_issue(unit=test.unit, kind=kind, reference=reference, pdf=pdf)


def exemption_record(*, unit, actor, data: dict) -> ConsequenceTest:
    """Record a consequence test of ``unit``: the exempt entry, the test and its two signed papers."""
    _require(actor, unit)
    today = timezone.localdate()
    values = exemption_data_clean(data, today=today)
    now = timezone.now()
    with transaction.atomic():
        # The unit's counter is locked first: two tests of one unit are recorded one after the other.
        number = _number_take(unit)
        _refuse_twice(unit, values)
        with translation.override(STAFF_LANGUAGE):
            entry = InformationEntry.objects.create(unit=unit, created_by=actor)
            version = EntryVersion.objects.create(
                entry=entry,
                version=1,
                status=VersionStatus.PUBLISHED,
                title=values["document"],
                summary=values["withheld"],
                category=Category.EXEMPT,
                year=today.year,
                holder=unit.name,
                responsible=values["responsible"] or f"PPID {unit.name}",
                made_on=today,
                made_place=unit.region_name or unit.name,
                format=str(EXEMPT_FORMAT),
                retention=values["retention"],
                created_by=actor,
                published_at=now,
                published_by=actor,
            )
            entry.number = number
            entry.current = version
            entry.status = EntryStatus.PUBLISHED
            entry.first_published_at = entry.published_at = now
            entry.save()
            search_index_update(entry)
            test = ConsequenceTest.objects.create(
                unit=unit,
                entry=entry,
                occasion=values["occasion"],
                occasion_reference=values["occasion_reference"],
                document=values["document"],
                withheld=values["withheld"],
                grounds=",".join(values["grounds"]),
                legal_basis=values["legal_basis"],
                consequence=values["consequence"],
                public_interest=values["public_interest"],
                tested_on=today,
                until=values["until"],
                participants=values["participants"],
                decided_by=actor,
                decided_at=now,
            )
            reference = f"DIK {unit.code}/{entry.number}"
            test.sheet = _issue(
                test, DocumentKind.CONSEQUENCE_TEST, exemption_papers.sheet_pdf(test), reference
            )
            test.save()
            test.decree = _issue(
                test, DocumentKind.CLASSIFICATION_DECREE, exemption_papers.decree_pdf(test), reference
            )
            test.save()
    return test


# --- Expiry ---------------------------------------------------------------------------------------


def exemptions_due(today: date):
    """Tests whose period has ended (``until`` before ``today``) and whose entry is not open yet."""
    return ConsequenceTest.objects.filter(opened_at__isnull=True, until__lt=today).order_by("until", "pk")


def exemptions_expire(*, today: date | None = None) -> list[ConsequenceTest]:
    """Open every test due ``today`` (Jakarta); each in its own transaction, one failure stops none."""
    today = today or timezone.localdate()
    opened = []
    for pk in list(exemptions_due(today).values_list("pk", flat=True)):
        try:
            test = exemption_open(pk=pk, today=today)
        except Exception:  # one broken entry must not keep the others exempt
            logger.exception("opening exempt information of consequence test %s failed", pk)
            continue
        if test is not None:
            opened.append(test)
    return opened


def exemption_open(*, pk: int, today: date) -> ConsequenceTest | None:
    """The period of test ``pk`` has ended: its entry becomes ``on_demand`` (a new version), the
    announcement is recorded and the PPID told. None when it was already done (or not due)."""
    with transaction.atomic():
        test = (
            ConsequenceTest.objects.select_for_update(of=("self",), no_key=True)
            .select_related("unit")
            .filter(pk=pk)
            .first()
        )
        if test is None or test.opened_at is not None or test.until >= today:
            return None
        entry = InformationEntry.objects.select_for_update().get(pk=test.entry_id)
        now = timezone.now()
        if entry.status == EntryStatus.PUBLISHED and entry.current_id is not None:
            current = EntryVersion.objects.select_for_update().get(pk=entry.current_id)
            last = entry.versions.order_by("-version").values_list("version", flat=True).first() or 0
            with translation.override(STAFF_LANGUAGE):
                opened_format = str(OPENED_FORMAT)
            version = EntryVersion.objects.create(
                entry=entry,
                version=last + 1,
                status=VersionStatus.PUBLISHED,
                **{
                    name: getattr(current, name)
                    for name in ("title", "summary", "year", "info_type", "holder", "responsible")
                },
                category=Category.ON_DEMAND,
                made_on=current.made_on,
                made_place=current.made_place,
                format=opened_format,
                retention=current.retention,
                published_at=now,
            )
            current.status = VersionStatus.SUPERSEDED
            current.save()
            entry.current = version
            entry.published_at = now
            entry.save()
            search_index_update(entry)
        opened_on = test.until + timedelta(days=1)
        with translation.override(STAFF_LANGUAGE):
            announcement = _(
                "The exemption of this information ended on %(until)s. From %(opened)s it is open to the "
                "public (available at any time): anyone may request it from the PPID of %(unit)s."
            ) % {"until": day(test.until), "opened": day(opened_on), "unit": test.unit.name}
        test.opened_at = now
        test.opened_on = opened_on
        test.announcement = announcement
        test.save()
        _tell_ppid(test, entry)
    return test


def _tell_ppid(test, entry) -> None:
    staff_mail(
        unit=test.unit,
        recipients=publishers_to_remind(test.unit),
        templates=("catalog/email/exemption_ended_subject.txt", "catalog/email/exemption_ended_body.txt"),
        context={
            "test": test,
            "unit": test.unit,
            "entry": entry,
            "link": staff_link("portal:information-entry", pk=entry.pk),
        },
        reference=f"catalog:exemption:{test.pk}",
    )
