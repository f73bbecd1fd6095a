from tests.matrix.spec import UNIT, InUnit, Route


def _email_in(unit_code: str) -> int:
    from eppid.notifications.services import email_queue
    from eppid.organisation.models import Unit

    unit = Unit.objects.get(code=unit_code)
    return email_queue(
        to="pemohon@example.com", subject="Matrix email", body="Body", unit=unit, reference="MATRIX"
    ).pk


# The outbox of a unit: whoever reads its case files sees what was not delivered (view_cases);
# those who work on them may ask for another attempt (handle_cases).
ROUTES = [
    Route("office:unit-outbox", kwargs={"code": UNIT}, allowed={"officer", "ppid", "superior", "auditor"}),
    Route(
        "office:unit-outbox-retry",
        kwargs={"code": UNIT, "pk": InUnit(_email_in)},
        method="POST",
        allowed={"officer", "ppid"},
    ),
]
