"""The officer console's request pages (issue 3): read with view_cases, act with handle_cases."""

from tests.console_support import group_request_number_in, request_number_in
from tests.matrix.spec import UNIT, InUnit, Route
from tests.redaction_support import latest_redaction_in, redacted_request_number_in

READERS = {"officer", "ppid", "superior", "auditor"}  # view_cases
HANDLERS = {"officer", "ppid"}  # handle_cases
UNMASKERS = {"ppid", "superior"}  # unmask_personal_data
PUBLISHERS = {"ppid"}  # publish_information
NUMBER = InUnit(request_number_in)


def _on_request(name, *, allowed, methods=("GET", "POST")):
    return [
        Route(name, kwargs={"code": UNIT, "number": NUMBER}, method=method, allowed=allowed)
        for method in methods
    ]


ROUTES = [
    Route("office:requests", kwargs={"code": UNIT}, allowed=READERS),
    Route("office:request-register", kwargs={"code": UNIT}, allowed=HANDLERS),
    Route("office:request-register", kwargs={"code": UNIT}, method="POST", allowed=HANDLERS),
    *_on_request("office:request", allowed=READERS, methods=("GET",)),
    *_on_request("office:request-unmask", allowed=UNMASKERS, methods=("POST",)),
    # The identity papers show the full NIK: the right to unmask it, as the NIK itself.
    *_on_request("office:request-identity", allowed=UNMASKERS, methods=("GET",)),
    Route(
        "office:request-authorisation",
        kwargs={"code": UNIT, "number": InUnit(group_request_number_in)},
        allowed=UNMASKERS,
    ),
    *_on_request("office:request-start", allowed=HANDLERS),
    *_on_request("office:request-extend", allowed=HANDLERS),
    *_on_request("office:request-forward", allowed=HANDLERS),
    *_on_request("office:request-withdraw", allowed=HANDLERS),
    *_on_request("office:request-decide", allowed=HANDLERS),
    *_on_request("office:request-redact", allowed=HANDLERS),
    Route(
        "office:request-redaction",
        kwargs={
            "code": UNIT,
            "number": InUnit(redacted_request_number_in),
            "pk": InUnit(latest_redaction_in),
        },
        allowed=READERS,
    ),
    *_on_request("office:request-publish", allowed=PUBLISHERS),
]
