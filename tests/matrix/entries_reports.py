"""The annual report in the console (issue 13 item 3): every role reviews it (statistics flow up
the tree, so an ancestor's staff too); only the PPID of the unit issues the signed PDF."""

from tests.matrix.spec import ALL_STAFF, UNIT, Route

ROUTES = [
    Route("office:annual-report", kwargs={"code": UNIT}, allowed=ALL_STAFF, statistics_scope=True),
    # Readiness for the yearly assessment (issue 13 item 5): read like the statistics.
    Route("office:readiness", kwargs={"code": UNIT}, allowed=ALL_STAFF, statistics_scope=True),
    Route("office:readiness-issue", kwargs={"code": UNIT}, method="POST", allowed={"ppid"}),
    Route("office:annual-report-issue", kwargs={"code": UNIT}, method="POST", allowed={"ppid"}),
]
