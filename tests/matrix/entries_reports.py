"""The annual report in the console (issue 13 item 3): every role reviews it (statistics flow up
the tree, so an ancestor's staff too); only the PPID of the unit writes, issues, publishes and
records the sending; its files are read like the report."""

from django.contrib.auth import get_user_model
from django.utils import timezone
from tests.matrix.spec import ALL_STAFF, UNIT, InUnit, Route


def annual_issue_in(unit_code: str) -> int:
    """An issue of the unit's annual report of last year, a finished year, its narrative sections
    written (the rule of issuing); its PDF waits for a signer: no PKI here."""
    from eppid.organisation.models import Membership, Unit
    from eppid.reports.annual_issue import annual_narrative_save, annual_report_publish

    unit = Unit.objects.get(code=unit_code)
    ppid, created = get_user_model().objects.get_or_create(username=f"matrix-annual-{unit_code}")
    if created:
        Membership.objects.create(user=ppid, unit=unit, role="ppid")
    year = timezone.localdate().year - 1
    text = dict.fromkeys(("policy", "implementation", "obstacles", "recommendations"), "Ditulis.")
    annual_narrative_save(unit=unit, year=year, scope="unit", data=text, actor=ppid)
    return annual_report_publish(unit=unit, year=year, scope="unit", actor=ppid).pk


ISSUE = InUnit(annual_issue_in)
YEAR = str(timezone.localdate().year)
PPID = {"ppid"}  # publish_information
API = "/api/v1/staff/annual-reports"

ROUTES = [
    Route("office:annual-report", kwargs={"code": UNIT}, allowed=ALL_STAFF, statistics_scope=True),
    # Readiness for the yearly assessment (issue 13 item 5): read like the statistics.
    Route("office:readiness", kwargs={"code": UNIT}, allowed=ALL_STAFF, statistics_scope=True),
    Route("office:readiness-issue", kwargs={"code": UNIT}, method="POST", allowed=PPID),
    Route("office:annual-report-issue", kwargs={"code": UNIT}, method="POST", allowed=PPID),
    Route("office:annual-report-narratives", kwargs={"code": UNIT}, method="POST", allowed=PPID),
    Route("office:annual-report-publish", kwargs={"code": UNIT, "pk": ISSUE}, method="POST", allowed=PPID),
    Route("office:annual-report-sent", kwargs={"code": UNIT, "pk": ISSUE}, method="POST", allowed=PPID),
    Route(
        "office:annual-report-file",
        kwargs={"code": UNIT, "pk": ISSUE, "kind": "csv"},
        allowed=ALL_STAFF,
        statistics_scope=True,
    ),
    # The staff API of the same actions (beyond the contract; decision 1410).
    Route(API + "/{unit}/{year}/narratives", api=True, kwargs={"year": YEAR}, method="PUT", allowed=PPID),
    Route(API + "/{unit}/{year}/issue", api=True, kwargs={"year": YEAR}, method="POST", allowed=PPID),
    Route(
        API + "/issues/{id}/sent",
        api=True,
        kwargs={"id": ISSUE},
        method="POST",
        allowed=PPID,
    ),
]
