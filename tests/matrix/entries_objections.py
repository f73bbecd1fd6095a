from tests.matrix.spec import ALL_STAFF, InUnit, Route


def _objection_in(unit_code: str) -> str:
    from tests.disclosure_support import request_data

    from eppid.objections.services import objection_file_periodic

    result = objection_file_periodic(
        unit=unit_code, data=request_data(unit=unit_code), statement="The budget report is not published."
    )
    return result.objection.number


NUMBER = {"number": InUnit(_objection_in)}
READERS = {"officer", "ppid", "superior", "auditor"}
# Follow-ups and disputes: the unit's case handlers and its superior (services.common.may_handle).
HANDLERS = {"officer", "ppid", "superior"}

# Deciding is the superior's alone, in that unit (UU 14/2008 Pasal 36): the system administrator
# gets 403 as well (admin=False); other members of the unit 403; other units 404.
ROUTES = [
    Route("/api/v1/staff/objections", api=True, allowed=ALL_STAFF),
    # Registering what came in on paper (decision 1698): an empty body names no request or unit,
    # a 422 for everyone, as POST /staff/requests.
    Route("/api/v1/staff/objections", api=True, method="POST", allowed=ALL_STAFF),
    Route("/api/v1/staff/objections/periodic", api=True, method="POST", allowed=ALL_STAFF),
    # The register of objections (a-k) holds objectors' identities: the roles that read case files
    # (view_cases), as for the register of requests; the unit is a query parameter.
    Route(
        "/api/v1/staff/objections/register?unit={unit}&from=2026-01-01&to=2026-12-31&format=json",
        api=True,
        allowed=READERS,
    ),
    Route(
        "/api/v1/staff/objections/register?unit={unit}&from=2026-01-01&to=2026-12-31&format=csv",
        api=True,
        allowed=READERS,
    ),
    # Without a unit the query is refused (422) before any unit is looked at, for every caller.
    Route("/api/v1/staff/objections/register", api=True),
    Route("/api/v1/staff/objections/{number}", api=True, kwargs=NUMBER, allowed=READERS),
    Route(
        "/api/v1/staff/objections/{number}?unmask=nik", api=True, kwargs=NUMBER, allowed={"ppid", "superior"}
    ),
    Route(
        "/api/v1/staff/objections/{number}/decision",
        api=True,
        kwargs=NUMBER,
        method="POST",
        allowed={"superior"},
        admin=False,
    ),
    Route(
        "/api/v1/staff/objections/{number}/followup",
        api=True,
        kwargs=NUMBER,
        method="POST",
        allowed=HANDLERS,
        admin=False,
    ),
    Route(
        "/api/v1/staff/objections/{number}/dispute",
        api=True,
        kwargs=NUMBER,
        method="POST",
        allowed=HANDLERS,
        admin=False,
    ),
    Route(
        "/api/v1/staff/objections/{number}/dispute",
        api=True,
        kwargs=NUMBER,
        method="PATCH",
        allowed=HANDLERS,
        admin=False,
    ),
]
