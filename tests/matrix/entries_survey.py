"""The satisfaction survey in the console (issue 13 item 4): every role reads a unit's results
(statistics flow up the tree, so an ancestor's staff too); only case handlers enter paper answers,
in their own unit."""

from tests.matrix.spec import ALL_STAFF, UNIT, Route

HANDLERS = {"officer", "ppid"}  # handle_cases

ROUTES = [
    Route("office:survey", kwargs={"code": UNIT}, allowed=ALL_STAFF, statistics_scope=True),
    Route("office:survey-paper", kwargs={"code": UNIT}, allowed=HANDLERS),
    Route("office:survey-paper", kwargs={"code": UNIT}, method="POST", allowed=HANDLERS),
]
