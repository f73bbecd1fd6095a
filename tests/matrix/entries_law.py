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


def _election_period_in(unit_code: str) -> int:
    from datetime import timedelta

    from django.contrib.auth import get_user_model

    from eppid.law.services import election_period_add
    from eppid.organisation.selectors import user_may_manage_election_periods

    author, _ = get_user_model().objects.get_or_create(
        username="matrix-election-author", defaults={"is_superuser": True}
    )
    start = timezone.localdate() + timedelta(days=30)
    return election_period_add(
        actor=author,
        name=f"Matrix election {unit_code}",
        starts_on=start,
        ends_on=start + timedelta(days=60),
        unit_code=unit_code,
        may_manage=user_may_manage_election_periods,
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
    # Election periods: read by every staff role; declared, ended and removed by the unit
    # administrators of the unit they cover (and the system admin); another unit's period is 404.
    Route("office:calendar-elections", allowed=ALL_STAFF),
    Route("office:calendar-election-add", allowed={"unit_admin"}),
    Route("office:calendar-election-add", method="POST", allowed={"unit_admin"}),
    Route("office:calendar-election-end", kwargs={"pk": InUnit(_election_period_in)}, allowed={"unit_admin"}),
    Route(
        "office:calendar-election-end",
        kwargs={"pk": InUnit(_election_period_in)},
        method="POST",
        allowed={"unit_admin"},
    ),
    Route(
        "office:calendar-election-remove", kwargs={"pk": InUnit(_election_period_in)}, allowed={"unit_admin"}
    ),
    Route(
        "office:calendar-election-remove",
        kwargs={"pk": InUnit(_election_period_in)},
        method="POST",
        allowed={"unit_admin"},
    ),
]
