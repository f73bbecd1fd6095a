from tests.matrix.spec import ALL_STAFF, UNIT, Route

ROUTES = [
    Route("office:dashboard", allowed=ALL_STAFF),
    Route("office:units", allowed=ALL_STAFF),
    Route("office:unit", kwargs={"code": UNIT}, allowed=ALL_STAFF),
    Route("office:unit-profile", kwargs={"code": UNIT}, allowed={"unit_admin"}),
    Route("office:unit-profile", kwargs={"code": UNIT}, method="POST", allowed={"unit_admin"}),
    Route("office:unit-members", kwargs={"code": UNIT}, allowed={"unit_admin"}),
    Route("office:unit-members", kwargs={"code": UNIT}, method="POST", allowed={"unit_admin"}),
    Route("office:unit-statistics", kwargs={"code": UNIT}, allowed=ALL_STAFF, statistics_scope=True),
]
