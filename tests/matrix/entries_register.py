from tests.matrix.spec import Route

# The register of requests holds requesters' names and contacts: the roles that read case files
# (view_cases) get it; the unit administrator does not. Never across units.
CASE_READERS = {"officer", "ppid", "superior", "auditor"}

ROUTES = [
    Route("office:request-book", kwargs={"code": "<unit>"}, allowed=CASE_READERS),
    Route("office:request-book-download", kwargs={"code": "<unit>", "fmt": "csv"}, allowed=CASE_READERS),
    Route("office:request-book-download", kwargs={"code": "<unit>", "fmt": "xlsx"}, allowed=CASE_READERS),
    # Staff API (an extension of the contract): the unit is a query parameter.
    Route(
        "/api/v1/staff/requests/register?unit={unit}&from=2026-01-01&to=2026-12-31&format=json",
        api=True,
        allowed=CASE_READERS,
    ),
    Route(
        "/api/v1/staff/requests/register?unit={unit}&from=2026-01-01&to=2026-12-31&format=xlsx",
        api=True,
        allowed=CASE_READERS,
    ),
    # Without a unit the query is refused (422) before any unit is looked at, for every caller.
    Route("/api/v1/staff/requests/register", api=True),
]
