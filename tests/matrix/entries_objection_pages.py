"""Permission-matrix entries for the objection console pages (issue 6): office/units/<code>/objections/."""

from tests.matrix.spec import UNIT, InUnit, Route

READERS = {"officer", "ppid", "superior", "auditor"}
# Follow-ups and disputes: the unit's case handlers and its superior (services.common.may_handle);
# like deciding, these are acts of the unit's own staff, so the system administrator gets 403.
HANDLERS = {"officer", "ppid", "superior"}
DESK = {"officer", "ppid"}  # handle_cases: registering what came in on paper


def _open_objection(unit_code: str) -> str:
    from tests.disclosure_support import request_data

    from eppid.objections.services import objection_file_periodic

    result = objection_file_periodic(
        unit=unit_code, data=request_data(unit=unit_code), statement="The budget report is not published."
    )
    return result.objection.number


def _decided_objection(unit_code: str) -> str:
    """An objection the unit's superior upheld (it has a response, a follow-up and a dispute window)."""
    from django.contrib.auth import get_user_model

    from eppid.objections.models import Objection
    from eppid.objections.services import objection_decide
    from eppid.organisation.models import Membership, Unit

    number = _open_objection(unit_code)
    decider = get_user_model().objects.create_user(username=f"matrix-decider-{unit_code}")
    Membership.objects.create(user=decider, unit=Unit.objects.get(code=unit_code), role="superior")
    objection_decide(
        objection=Objection.objects.get(number=number),
        actor=decider,
        outcome="upheld",
        explanation="Publish it.",
    )
    return number


OPEN = {"code": UNIT, "number": InUnit(_open_objection)}
DECIDED = {"code": UNIT, "number": InUnit(_decided_objection)}

ROUTES = [
    Route("office:objections", kwargs={"code": UNIT}, allowed=READERS),
    Route("office:objection-register", kwargs={"code": UNIT}, allowed=READERS),
    # The objection desk (decision 1698): those who work on the unit's case files, as the request desk.
    Route("office:objection-new", kwargs={"code": UNIT}, allowed=DESK),
    Route("office:objection-new", kwargs={"code": UNIT}, method="POST", allowed=DESK),
    Route("office:objection-new-periodic", kwargs={"code": UNIT}, allowed=DESK),
    Route("office:objection-new-periodic", kwargs={"code": UNIT}, method="POST", allowed=DESK),
    Route("office:objection", kwargs=OPEN, allowed=READERS),
    Route("office:objection-response", kwargs=DECIDED, allowed=READERS),
    # The objector's full NIK, recorded: unmask_personal_data, as on the request console.
    Route("office:objection-unmask", kwargs=OPEN, method="POST", allowed={"ppid", "superior"}),
    # Deciding: the superior of this unit only (UU 14/2008 Pasal 36); everyone else 403.
    Route("office:objection-decide", kwargs=OPEN, allowed={"superior"}, admin=False),
    Route("office:objection-decide", kwargs=OPEN, method="POST", allowed={"superior"}, admin=False),
    Route("office:objection-followup", kwargs=DECIDED, allowed=HANDLERS, admin=False),
    Route("office:objection-followup", kwargs=DECIDED, method="POST", allowed=HANDLERS, admin=False),
    Route("office:objection-dispute", kwargs=DECIDED, allowed=HANDLERS, admin=False),
    Route("office:objection-dispute", kwargs=DECIDED, method="POST", allowed=HANDLERS, admin=False),
]
