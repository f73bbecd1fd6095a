"""Objections that came in by letter, by email or at the desk, registered by staff (decision 1698).

UU 14/2008 Pasal 36 has the objection made in writing to the superior of the PPID; the Perki
1/2021 form carries the names and signatures of the objector and the officer. What arrives on
paper is typed in by the unit's staff with the day and time it came in, and from then on it is an
objection like one filed online: the same number series, receipt, register, inbox, statistics
and status page, the same eligibility (judged as the request stood when it arrived) and the same
deadlines (counted from the working day it counts as received).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from eppid.casefiles.once import OnceKey
from eppid.casefiles.selectors import case_get_for_staff
from eppid.disclosure.models import InformationRequest
from eppid.objections.services.common import require
from eppid.objections.services.filing import FileResult, objection_file_on, objection_file_periodic
from eppid.organisation.models import Unit
from eppid.organisation.roles import Permission
from eppid.organisation.selectors import user_has_permission


def _request_of_unit(actor, registration_number, unit) -> InformationRequest:
    """The request staff name, in ``unit`` (or any unit they serve); ValidationError on
    ``registration_number`` when they hold none with that number, 403 without the right to work
    on the unit's case files."""
    number = str(registration_number or "").strip()
    rows = InformationRequest.objects.select_related("unit", "forwarded_to")
    if unit is not None:
        rows = rows.filter(unit=unit)
    found = case_get_for_staff(rows, actor, registration_number=number) if number else None
    if found is None:
        raise ValidationError(
            {"registration_number": [_("No request of your unit has this registration number.")]}
        )
    require(user_has_permission(actor, Permission.HANDLE_CASES, found.unit))
    return found


def objection_register(
    *,
    registration_number,
    ground,
    statement,
    channel,
    received_at,
    actor,
    unit=None,
    once: OnceKey | None = None,
) -> FileResult:
    """Register an objection on a request of the staff member's unit, received by ``channel``
    (OBJECTION_STAFF_CHANNELS) at ``received_at`` (any offset; not in the future nor before
    1 January of last year). With ``once``, the same key never registers twice (decision 1670)."""
    found = _request_of_unit(actor, registration_number, unit)
    return objection_file_on(
        found,
        ground=ground,
        statement=statement,
        channel=channel,
        received_at=received_at,
        actor=actor,
        once=once,
        staff=True,
    )


def objection_register_periodic(*, unit, actor, **values) -> FileResult:
    """Register a ground-b objection without a request (periodic information not published) that
    came in on paper: the objector's identity as for a request, a new tracking code in the result.
    ``unit`` is the Unit the caller found (anything else: no such unit)."""
    if not isinstance(unit, Unit):
        raise ValidationError({"unit": [_("There is no unit with this code.")]})
    require(user_has_permission(actor, Permission.HANDLE_CASES, unit))
    return objection_file_periodic(unit=unit, actor=actor, staff=True, **values)
