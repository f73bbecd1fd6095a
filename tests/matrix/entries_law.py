from tests.matrix.spec import ALL_STAFF, Route

# The calendar pages are per-user (no UNIT): every staff role reads them; only unit
# administrators (and the system admin) add closures, for the units their role covers.
# The remove page (office:calendar-closure-remove) needs a closure's id; tests/test_closures.py
# checks it role by role (own unit, foreign unit -> 404, all-units closure -> 403).
ROUTES = [
    Route("office:calendar", allowed=ALL_STAFF),
    Route("office:calendar-rules", allowed=ALL_STAFF),
    Route("office:calendar-closure-add", allowed={"unit_admin"}),
    Route("office:calendar-closure-add", method="POST", allowed={"unit_admin"}),
]
