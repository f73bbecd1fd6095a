from django.utils import timezone
from tests.matrix.spec import ALL_STAFF, InUnit, Route


def _closure_in(unit_code: str) -> int:
    from django.contrib.auth import get_user_model

    from eppid.law.calendar import add_working_days
    from eppid.law.services import closure_day_add
    from eppid.organisation.selectors import user_may_manage_closures

    author, _ = get_user_model().objects.get_or_create(
        username="matrix-closure-author", defaults={"is_superuser": True}
    )
    day = add_working_days(timezone.localdate(), 20, unit_code)
    return closure_day_add(
        actor=author,
        day=day,
        unit_code=unit_code,
        reason="Matrix closure",
        may_manage=user_may_manage_closures,
    ).pk


# The calendar pages are per-user (no UNIT): every staff role reads them; only unit
# administrators (and the system admin) add or remove closures, for the units their role covers.
ROUTES = [
    Route("office:calendar", allowed=ALL_STAFF),
    Route("office:calendar-rules", allowed=ALL_STAFF),
    Route("office:calendar-closure-add", allowed={"unit_admin"}),
    Route("office:calendar-closure-add", method="POST", allowed={"unit_admin"}),
    Route("office:calendar-closure-remove", kwargs={"pk": InUnit(_closure_in)}, allowed={"unit_admin"}),
    Route(
        "office:calendar-closure-remove",
        kwargs={"pk": InUnit(_closure_in)},
        method="POST",
        allowed={"unit_admin"},
    ),
]
