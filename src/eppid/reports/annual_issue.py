"""Writing, issuing, publishing and sending the annual report (issue 13 item 3).

- ``annual_narrative_save``: the PPID's narrative sections of one unit, year and scope (plain
  text under the free-text rule, ``core.text``), one audited row.
- ``annual_issue_opens``/``annual_year_over``: a year's report is issued only once the year is
  over (Asia/Jakarta, from 1 January of the year after), and only with every statutory narrative
  section written (``annual_issue_refusals``); the command's report is not an issue: any year.
- ``annual_report_publish``: the report is built, rendered with the narratives, signed
  (``annual.annual_report_issue``), its tables stored as XLSX and CSV, and, once signed,
  published as a setiap-saat entry of the unit's list in the same step (as
  ``catalog.released`` does for released documents). Re-issuing adds a version: a new issue row,
  a new signed document superseding the earlier one, a new version of the same list entry (the
  earlier one stays, superseded). One transaction: nothing is left half-issued.
- ``annual_issue_publish``: publish an issue whose signature came later (the signer was down).
- ``annual_submission_record``: the record that an issue was sent to the Komisi Informasi.
- ``annual_package``: the signed PDF and the tables as one ZIP, ready to send.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from eppid.catalog.choices import Category, EntryStatus
from eppid.catalog.documents import document_store, files_undone_on_failure
from eppid.catalog.models import EntryVersion, InformationEntry, VersionDocument
from eppid.catalog.services import CatalogError, entry_publish
from eppid.catalog.uploads import pdf_check
from eppid.catalog.validation import entry_data_clean
from eppid.core.text import text_clean_keyed
from eppid.organisation.models import Unit
from eppid.organisation.roles import Permission
from eppid.organisation.selectors import user_has_permission
from eppid.reports.annual import (
    REPORT_TITLE,
    SECTIONS,
    annual_report_build,
    annual_report_issue,
    annual_report_table,
)
from eppid.reports.models import (
    AnnualReportIssue,
    AnnualReportNarrative,
    AnnualReportSubmission,
    SubmissionChannel,
)
from eppid.reports.statistics import SCOPE_TREE
from eppid.reports.tables import table_csv, table_xlsx

NARRATIVE_FIELDS = ("policy", "implementation", "obstacles", "recommendations")
NARRATIVE_MAX = 10_000
REFERENCE_MAX = 200


def _require(actor, unit) -> None:
    if actor is None or not user_has_permission(actor, Permission.PUBLISH_INFORMATION, unit):
        raise PermissionDenied


def annual_narrative_get(unit, year: int, scope: str) -> AnnualReportNarrative | None:
    return AnnualReportNarrative.objects.filter(unit=unit, year=year, scope=scope).first()


def annual_narrative_save(*, unit, year: int, scope: str, data: dict, actor) -> AnnualReportNarrative:
    """Store the four narrative sections (every field checked first; a refusal changes nothing)."""
    _require(actor, unit)
    values, errors = {}, {}
    for key in NARRATIVE_FIELDS:
        try:
            values[key] = text_clean_keyed(data.get(key, ""), key, multiline=True, limit=NARRATIVE_MAX)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = (
            AnnualReportNarrative.objects.select_for_update()
            .filter(unit=unit, year=year, scope=scope)
            .first()
        )
        if row is None:
            return AnnualReportNarrative.objects.create(
                unit=unit, year=year, scope=scope, updated_by=actor, **values
            )
        if any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            row.updated_by = actor
            row.save()
    return row


def annual_issue_opens(year: int) -> date:
    """The first day the report of ``year`` may be issued: the day after its period ends."""
    return date(year + 1, 1, 1)


def annual_year_over(year: int) -> bool:
    """Whether the year is over today (Asia/Jakarta): its report may be issued."""
    return timezone.localdate() >= annual_issue_opens(year)


def annual_issue_refusals(year: int, written: dict[str, str]) -> dict[str, list[str]]:
    """Why the report of ``year`` with the narratives ``written`` (section key: text) may not be
    issued now, keyed by field: ``year`` while the year runs, each empty narrative section by its
    key, named by its statutory heading. Empty when it may be issued."""
    errors: dict[str, list[str]] = {}
    if not annual_year_over(year):
        errors["year"] = [
            _("The report for %(year)s can be issued from %(day)s, once the year is over.")
            % {"year": year, "day": date_format(annual_issue_opens(year), "j F Y")}
        ]
    titles = {key: title for key, title, _asks in SECTIONS}
    for key in NARRATIVE_FIELDS:
        if not (written.get(key) or "").strip():
            errors[key] = [
                _("Write the section “%(section)s” before issuing the report.") % {"section": titles[key]}
            ]
    return errors


def _written(report: dict) -> dict[str, str]:
    sections = report["report"]["sections"]
    return {section["key"]: section["narrative"] for section in sections if "narrative" in section}


def annual_issues(unit, year: int, scope: str) -> list[AnnualReportIssue]:
    """Every issue of the report, newest first, with its document, entry and submissions."""
    return list(
        AnnualReportIssue.objects.filter(unit=unit, year=year, scope=scope)
        .select_related("document", "entry", "issued_by")
        .prefetch_related("submissions__recorded_by")
        .order_by("-version")
    )


def annual_issue_get(unit, pk) -> AnnualReportIssue | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return AnnualReportIssue.objects.filter(unit=unit, pk=pk).select_related("document", "entry").first()


def annual_report_issued(unit, year: int) -> bool:
    """Whether the unit issued its report of ``year`` (any scope): the reminder stops then."""
    return AnnualReportIssue.objects.filter(unit=unit, year=year).exists()


def annual_file_name(issue: AnnualReportIssue, extension: str) -> str:
    return f"laporan-tahunan-{issue.unit.code}-{issue.year}-{issue.scope}-v{issue.version}.{extension}"


def _entry_values(issue: AnnualReportIssue) -> dict:
    """The entry's columns, in Indonesian whatever the PPID's screen language (as the PDF)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _entry_values_now(issue)


def _entry_values_now(issue: AnnualReportIssue) -> dict:
    unit = issue.unit
    scope = _("with every unit below it") if issue.scope == SCOPE_TREE else _("the unit alone")
    data = {
        "title": f"{REPORT_TITLE} {issue.year} - {unit.name}",
        "summary": _(
            "The annual report of the PPID of %(unit)s on its public information service in %(year)s "
            "(%(scope)s): policy, implementation, requests, objections, disputes, obstacles, "
            "recommendations and the satisfaction survey. Signed electronically."
        )
        % {"unit": unit.name, "year": issue.year, "scope": scope},
        "category": Category.ON_DEMAND,
        "year": str(issue.year),
        "created": timezone.localdate().isoformat(),
        "responsible": _("PPID of %(unit)s") % {"unit": unit.name},
        "format": _("PDF (signed electronically); the tables as XLSX and CSV on request"),
        "retention": _("Permanent"),
    }
    return entry_data_clean(data, unit=unit)


def _publish(issue: AnnualReportIssue, actor, journal) -> None:
    """Publish the signed PDF of ``issue`` as the unit's list entry (a new version of the entry of
    an earlier issue, when there is one still published). Inside the caller's transaction."""
    content = issue.document.signed_pdf()
    name = annual_file_name(issue, "pdf")
    checked = pdf_check(ContentFile(content, name=name), name=name)
    values = _entry_values(issue)
    earlier = (
        AnnualReportIssue.objects.filter(
            unit=issue.unit, year=issue.year, scope=issue.scope, entry__isnull=False
        )
        .exclude(pk=issue.pk)
        .select_related("entry")
        .order_by("-version")
        .first()
    )
    entry = earlier.entry if earlier is not None else None
    if entry is not None:
        entry = InformationEntry.objects.select_for_update().get(pk=entry.pk)
    if entry is None or entry.status != EntryStatus.PUBLISHED or entry.draft_id is not None:
        entry = InformationEntry.objects.create(unit=issue.unit, created_by=actor)
        number = 1
    else:
        number = (entry.versions.aggregate(last=Max("version"))["last"] or 0) + 1
    version = EntryVersion.objects.create(entry=entry, version=number, created_by=actor, **values)
    doc = document_store(entry=entry, name=name, checked=checked, actor=actor, journal=journal)
    VersionDocument.objects.create(version=version, document=doc, position=0)
    entry.draft = version
    entry.save()
    entry = entry_publish(entry=entry, actor=actor)
    issue.entry = entry
    issue.published_at = timezone.now()
    issue.save()


def annual_report_publish(*, unit, year: int, scope: str, actor, progress=None) -> AnnualReportIssue:
    """Issue the report (signed PDF, XLSX, CSV) and publish it in the unit's list; the clean
    ``year`` and ``scope`` are the caller's (``statistics_year_clean``/``statistics_scope_clean``).
    When the signer is unavailable the issue is kept unpublished: ``annual_issue_publish`` then.
    Refused (``ValidationError`` naming the year and every empty section, nothing written) while
    the year runs or while a narrative section is empty (``annual_issue_refusals``)."""
    _require(actor, unit)
    stored = annual_narrative_get(unit, year, scope)
    errors = annual_issue_refusals(year, {key: getattr(stored, key, "") for key in NARRATIVE_FIELDS})
    if errors:  # checked before the numbers are counted: a refusal is quick
        raise ValidationError(errors)
    say = progress or (lambda text: None)
    say(_("Counting the registers…"))
    report = annual_report_build(unit, year, scope)
    errors = annual_issue_refusals(year, _written(report))
    if errors:  # what is signed is what was checked (the narratives may have changed meanwhile)
        raise ValidationError(errors)
    table = annual_report_table(report)
    csv_data = table_csv(table)
    xlsx_data = table_xlsx(table, sheet_title=str(year))
    with files_undone_on_failure() as journal, transaction.atomic():
        # The unit's row is the lock: two issues at once get two versions, one after the other.
        Unit.objects.select_for_update(no_key=True).filter(pk=unit.pk).first()
        last = AnnualReportIssue.objects.filter(unit=unit, year=year, scope=scope).aggregate(
            last=Max("version")
        )["last"]
        say(_("Rendering and signing the PDF…"))
        document = annual_report_issue(unit, year, scope, report)
        issue = AnnualReportIssue(
            unit=unit,
            year=year,
            scope=scope,
            version=(last or 0) + 1,
            document=document,
            xlsx_sha256=hashlib.sha256(xlsx_data).hexdigest(),
            csv_sha256=hashlib.sha256(csv_data).hexdigest(),
            issued_by=actor,
            issued_at=timezone.now(),
        )
        issue.xlsx.save(annual_file_name(issue, "xlsx"), ContentFile(xlsx_data), save=False)
        journal.add(issue.xlsx.name)
        issue.csv.save(annual_file_name(issue, "csv"), ContentFile(csv_data), save=False)
        journal.add(issue.csv.name)
        issue.save()
        if document.copy_available:
            say(_("Publishing it in the information list…"))
            _publish(issue, actor, journal)
    return issue


def annual_issue_publish(*, issue: AnnualReportIssue, actor) -> AnnualReportIssue:
    """Publish an issue whose signature came after it was issued (the signer was unavailable)."""
    _require(actor, issue.unit)
    with files_undone_on_failure() as journal, transaction.atomic():
        issue = (
            AnnualReportIssue.objects.select_for_update(of=("self",), no_key=True)
            .select_related("document", "unit")
            .get(pk=issue.pk)
        )
        if issue.entry_id is not None:
            raise CatalogError(_("This issue of the report is already published."))
        if not issue.document.copy_available:
            raise CatalogError(_("The report is not signed yet: it can be published once it is signed."))
        newer = AnnualReportIssue.objects.filter(
            unit=issue.unit, year=issue.year, scope=issue.scope, version__gt=issue.version
        )
        if newer.exists():
            raise CatalogError(_("A newer issue of this report exists: publish that one instead."))
        _publish(issue, actor, journal)
    return issue


def annual_submission_record(*, issue: AnnualReportIssue, data: dict, actor) -> AnnualReportSubmission:
    """Record that ``issue`` was sent to the Komisi Informasi: the day, the channel, a reference."""
    _require(actor, issue.unit)
    errors: dict[str, list[str]] = {}
    sent_on = None
    raw = str(data.get("sent_on") or "").strip()
    try:
        sent_on = date.fromisoformat(raw)
    except ValueError:
        errors["sent_on"] = [_("Enter a date as YYYY-MM-DD, for example 2026-01-31.")]
    else:
        if sent_on > timezone.localdate():
            errors["sent_on"] = [_("The day it was sent cannot be in the future.")]
        elif sent_on < timezone.localdate(issue.issued_at):
            errors["sent_on"] = [_("The day it was sent cannot be before the report was issued.")]
    channel = str(data.get("channel") or "")
    if channel not in SubmissionChannel.values:
        errors["channel"] = [_("Choose how the report was sent.")]
    try:
        reference = text_clean_keyed(data.get("reference", ""), "reference", limit=REFERENCE_MAX)
    except ValidationError as error:
        errors.update(error.message_dict)
        reference = ""
    if errors:
        raise ValidationError(errors)
    if not issue.document.copy_available:
        raise CatalogError(_("The report is not signed yet: send it once it is signed."))
    with transaction.atomic():
        return AnnualReportSubmission.objects.create(
            issue=issue, sent_on=sent_on, channel=channel, reference=reference, recorded_by=actor
        )


def annual_package(issue: AnnualReportIssue) -> bytes:
    """The signed PDF, the XLSX and the CSV of ``issue`` in one ZIP, to send to the Komisi Informasi."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(annual_file_name(issue, "pdf"), issue.document.signed_pdf())
        for field, extension in ((issue.xlsx, "xlsx"), (issue.csv, "csv")):
            with field.storage.open(field.name, "rb") as handle:
                archive.writestr(annual_file_name(issue, extension), handle.read())
    return buffer.getvalue()
