from tests.matrix.spec import ALL_STAFF, InUnit, Route


def _request_in(unit_code: str) -> str:
    from tests.disclosure_support import request_data

    from eppid.disclosure.services import request_submit

    return request_submit(data=request_data(unit=unit_code)).request.registration_number


NUMBER = {"number": InUnit(_request_in)}
READERS = {"officer", "ppid", "superior", "auditor"}
HANDLERS = {"officer", "ppid"}

# Lists answer every staff member (with the requests of the units they may read; none for a
# unit administrator). Registering with an empty body is a 422 for everyone (it names no unit).
ROUTES = [
    Route("/api/v1/staff/requests", api=True, allowed=ALL_STAFF),
    Route("/api/v1/staff/requests", api=True, method="POST", allowed=ALL_STAFF),
    Route("/api/v1/staff/requests/{number}", api=True, kwargs=NUMBER, allowed=READERS),
    # The full NIK, asked for and recorded: roles with unmask_personal_data only, as in the console.
    Route(
        "/api/v1/staff/requests/{number}?unmask=nik", api=True, kwargs=NUMBER, allowed={"ppid", "superior"}
    ),
    Route("/api/v1/staff/requests/{number}/extend", api=True, kwargs=NUMBER, method="POST", allowed=HANDLERS),
    Route(
        "/api/v1/staff/requests/{number}/decision", api=True, kwargs=NUMBER, method="POST", allowed=HANDLERS
    ),
    Route(
        "/api/v1/staff/requests/{number}/forward", api=True, kwargs=NUMBER, method="POST", allowed=HANDLERS
    ),
]
