"""The one door into a unit's console pages: 404 outside the user's scope, 403 for a missing right.

A foreign unit answers 404 (contract section 2: an object the caller may not see), so staff
cannot even learn which case files another unit holds.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from eppid.organisation import selectors


def unit_permission_required(permission: str, *, statistics_scope: bool = False):
    """Decorate a view taking ``code``; sets ``request.unit`` when the user may act.

    ``statistics_scope=True`` opens the page to holders of the permission in an ancestor unit
    too (statistics flow up the tree; case files never do).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, code, *args, **kwargs):
            unit = selectors.unit_get(code)
            if unit is None:
                raise Http404
            user = request.user
            if statistics_scope:
                if not selectors.user_can_see_statistics(user, unit):
                    raise Http404
            elif not (user.is_superuser or selectors.permissions_for_user(user, unit)):
                raise Http404
            if not statistics_scope and not selectors.user_has_permission(user, permission, unit):
                raise PermissionDenied
            request.unit = unit
            return view(request, code, *args, **kwargs)

        return wrapper

    return decorator
