"""Permission-matrix entries for signed documents (issue 5): the unit's signing console pages."""

from tests.matrix.spec import UNIT, Route

ROUTES = [
    # Pending and failed signings: whoever may read the unit's case files.
    Route(
        "signing-office:unit-documents",
        kwargs={"code": UNIT},
        allowed={"officer", "ppid", "superior", "auditor"},
    ),
    # Signing the waiting documents again: whoever works on the case files.
    Route(
        "signing-office:unit-documents-retry",
        kwargs={"code": UNIT},
        method="POST",
        allowed={"officer", "ppid"},
    ),
    # Which configured certificate the unit signs with: the unit administrator.
    Route("signing-office:unit-signing", kwargs={"code": UNIT}, allowed={"unit_admin"}),
    Route("signing-office:unit-signing", kwargs={"code": UNIT}, method="POST", allowed={"unit_admin"}),
]
