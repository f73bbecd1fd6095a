"""Staff access to an objector's identity number: every unmask is an audited event."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from eppid.casefiles.services import event_add
from eppid.disclosure.services import request_nik_unmask
from eppid.objections.choices import ObjectionEventKind
from eppid.organisation.roles import Permission
from eppid.organisation.selectors import user_has_permission


def objection_nik_unmask(*, objection, actor) -> str:
    """The objector's full NIK for a user who may unmask personal data in the unit; logs the view.

    An objection on a request has the request's requester: the view is recorded on the request's
    timeline, exactly as the request console records it. A ground-b objection without a request
    keeps its own identity, and the view is recorded on the objection's timeline.
    """
    if objection.request_id:
        return request_nik_unmask(request=objection.request, actor=actor)
    if actor is None or not user_has_permission(actor, Permission.UNMASK_PERSONAL_DATA, objection.unit):
        raise PermissionDenied(_("You may not see full identity numbers."))
    with transaction.atomic():
        event_add(objection, ObjectionEventKind.NIK_UNMASKED, actor=actor)
    return objection.nik or ""
