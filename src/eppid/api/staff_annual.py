"""The annual report, staff side (an extension of the contract, after its staff patterns): the
PPID of the unit writes the narrative sections, issues the report (signed, published as
setiap-saat information) and records that an issue was sent to the Komisi Informasi.

The report itself is the command's and the statistics endpoint's (contract section 1 and 4);
these calls only write. A foreign unit answers 404; a role without ``publish_information`` 403;
bad values 422 naming every field, an issue refused too (the year not over yet: ``year``; an empty
narrative section: its key, decision 1410); an issue not signed yet 409.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status

from eppid.api.auth import token_auth
from eppid.api.staff_catalog import _unit_for
from eppid.organisation.roles import Permission
from eppid.reports.annual_issue import (
    NARRATIVE_MAX,
    REFERENCE_MAX,
    annual_narrative_save,
    annual_report_publish,
    annual_submission_record,
)
from eppid.reports.models import AnnualReportIssue
from eppid.reports.statistics import statistics_scope_clean, statistics_year_clean
from eppid.signing.selectors import document_url

router = Router(auth=token_auth, tags=["staff"])


class NarrativesIn(Schema):
    scope: str = Field("unit", max_length=8, description="unit or tree")
    policy: str = Field("", max_length=NARRATIVE_MAX)
    implementation: str = Field("", max_length=NARRATIVE_MAX, description="Facilities, staff and budget.")
    obstacles: str = Field("", max_length=NARRATIVE_MAX)
    recommendations: str = Field("", max_length=NARRATIVE_MAX, description="Recommendations and follow-up.")


class NarrativesOut(Schema):
    unit: str
    year: int
    scope: str
    policy: str
    implementation: str
    obstacles: str
    recommendations: str


class IssueIn(Schema):
    scope: str = Field("unit", max_length=8, description="unit or tree")


class IssueOut(Schema):
    id: int
    unit: str
    year: int
    scope: str
    version: int
    document: str = Field(description="The signed document's code (verification page).")
    signed: bool
    pdf: str | None = Field(None, description="The signed PDF's capability URL, once signed.")
    information_entry: int | None = Field(None, description="The entry of the unit's information list.")


class SentIn(Schema):
    sent_on: str = Field("", max_length=10, description="YYYY-MM-DD")
    channel: str = Field("", max_length=10, description="email, letter, hand, online or other")
    reference: str = Field("", max_length=REFERENCE_MAX)


class SentOut(Schema):
    id: int
    issue: int
    sent_on: str
    channel: str
    reference: str


def _period(year, scope) -> tuple[int, str]:
    """Both checked before either is refused, so a 422 names every bad field."""
    errors, values = {}, []
    for clean, value in ((statistics_year_clean, year), (statistics_scope_clean, scope)):
        try:
            values.append(clean(value))
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return values[0], values[1]


def _issue_out(issue: AnnualReportIssue) -> dict:
    document = issue.document
    return {
        "id": issue.pk,
        "unit": issue.unit.code,
        "year": issue.year,
        "scope": issue.scope,
        "version": issue.version,
        "document": document.code_display,
        "signed": document.copy_available,
        "pdf": document_url(document, absolute=True) if document.copy_available else None,
        "information_entry": issue.entry_id,
    }


@router.put(
    "/annual-reports/{unit}/{year}/narratives",
    response=NarrativesOut,
    summary="Write the narrative sections of a unit's annual report (the unit's PPID only)",
)
def staff_annual_narratives(request, unit: str, year: str, data: NarrativesIn):
    target = _unit_for(request.auth, unit, Permission.PUBLISH_INFORMATION)
    year_value, scope = _period(year, data.scope)
    row = annual_narrative_save(
        unit=target, year=year_value, scope=scope, data=data.dict(), actor=request.auth
    )
    return {
        "unit": target.code,
        "year": row.year,
        "scope": row.scope,
        **{key: getattr(row, key) for key in ("policy", "implementation", "obstacles", "recommendations")},
    }


@router.post(
    "/annual-reports/{unit}/{year}/issue",
    response={201: IssueOut},
    summary="Issue the annual report: signed, its tables stored, published in the unit's list",
)
def staff_annual_issue(request, unit: str, year: str, data: IssueIn):
    """Once the year is over (Asia/Jakarta), with every narrative section written; otherwise 422
    naming ``year`` and each empty section."""
    target = _unit_for(request.auth, unit, Permission.PUBLISH_INFORMATION)
    year_value, scope = _period(year, data.scope)
    issue = annual_report_publish(unit=target, year=year_value, scope=scope, actor=request.auth)
    return Status(201, _issue_out(issue))


@router.post(
    "/annual-reports/issues/{int:issue_id}/sent",
    response={201: SentOut},
    summary="Record that an issue of the annual report was sent to the Information Commission",
)
def staff_annual_sent(request, issue_id: int, data: SentIn):
    issue = AnnualReportIssue.objects.select_related("unit", "document").filter(pk=issue_id).first()
    if issue is None:
        raise Http404
    _unit_for(request.auth, issue.unit.code, Permission.PUBLISH_INFORMATION)
    row = annual_submission_record(issue=issue, data=data.dict(), actor=request.auth)
    return Status(
        201,
        {
            "id": row.pk,
            "issue": issue.pk,
            "sent_on": row.sent_on.isoformat(),
            "channel": row.channel,
            "reference": row.reference,
        },
    )
