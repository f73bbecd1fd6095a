"""Writes to the organisation: PPID profiles and staff roles. Each is one transaction."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from eppid.core.text import text_clean, text_clean_keyed
from eppid.organisation import selectors
from eppid.organisation.charter import CHARTER_FIELDS
from eppid.organisation.models import Membership, Unit, UnitProfile
from eppid.organisation.roles import Permission, Role

# What a unit admin edits: contact, officials and the service charter.
PROFILE_FIELDS = (*UnitProfile.REQUIRED_FOR_COMPLETE, *CHARTER_FIELDS)
# Text columns hold several lines (the address, the charter); the others one.
PROFILE_MULTILINE = {
    name for name in PROFILE_FIELDS if isinstance(UnitProfile._meta.get_field(name), models.TextField)
}


def _profile_values(data: dict) -> dict:
    """The profile's free text by the one rule of eppid.core.text, or ValidationError per field."""
    values, errors = {}, {}
    for name in PROFILE_FIELDS:
        if name in data:
            try:
                values[name] = text_clean(data[name], multiline=name in PROFILE_MULTILINE)
            except ValidationError as error:
                errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    return values


def unit_profile_update(*, unit: Unit, actor, data: dict) -> UnitProfile:
    """Replace the editable profile fields with ``data``; nothing changes if any value is invalid."""
    if not selectors.user_has_permission(actor, Permission.EDIT_PROFILE, unit):
        raise PermissionDenied
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in sorted(unknown)})
    values = _profile_values(data)
    with transaction.atomic():
        profile, _created = UnitProfile.objects.select_for_update().get_or_create(unit=unit)
        for name, value in values.items():
            setattr(profile, name, value)
        profile.updated_by = actor
        # full_clean raises before save, and the atomic block rolls back a profile row created above.
        profile.full_clean(exclude=["unit", "updated_by"])
        profile.save()
    return profile


def membership_add(*, unit: Unit, actor, username: str, role: str) -> Membership:
    """Give ``username`` the ``role`` in ``unit``.

    Nobody but a system administrator grants a role to themselves: a unit administrator who
    could would reach case files and identity numbers that no one else agreed to give them.
    """
    if not selectors.user_has_permission(actor, Permission.MANAGE_MEMBERS, unit):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": [_("Choose one of the listed roles.")]})
    username = text_clean_keyed(username, "username", limit=150)
    user = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
    if user is None:
        raise ValidationError(
            {
                "username": [
                    _("There is no active staff account with the username “%(name)s”.") % {"name": username}
                ]
            }
        )
    if user.pk == actor.pk and not actor.is_superuser:
        raise ValidationError(
            {
                "username": [
                    _(
                        "You cannot give yourself a role. Ask another unit administrator or a "
                        "system administrator to do it."
                    )
                ]
            }
        )
    with transaction.atomic():
        if Membership.objects.filter(user=user, unit=unit, role=role).exists():
            raise ValidationError(
                {"role": [_("%(user)s already holds this role in this unit.") % {"user": user.username}]}
            )
        try:
            with transaction.atomic():
                return Membership.objects.create(user=user, unit=unit, role=role)
        except IntegrityError as error:
            # A concurrent request added the same role between our check and the insert.
            raise ValidationError(
                {"role": [_("%(user)s already holds this role in this unit.") % {"user": user.username}]}
            ) from error


def membership_remove(*, unit: Unit, actor, membership_id: int) -> None:
    if not selectors.user_has_permission(actor, Permission.MANAGE_MEMBERS, unit):
        raise PermissionDenied
    with transaction.atomic():
        admins: list[tuple[int, bool]] = []
        if not actor.is_superuser:
            # Every administrator row of the unit is locked, not only the one removed: two
            # administrators stepping down at once would otherwise each count the other and both
            # leave. Locked first and in one order, so the second waits instead of deadlocking,
            # then finds the first one gone.
            admins = list(
                Membership.objects.select_for_update(of=("self",))
                .filter(unit=unit, role=Role.UNIT_ADMIN)
                .order_by("pk")
                .values_list("pk", "user__is_active")
            )
        # of=("self",) and an explicit order: Membership's default ordering joins Unit, and a
        # plain FOR UPDATE would lock the unit row as well, serialising unrelated requests.
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .filter(pk=membership_id, unit=unit)
            .order_by("pk")
            .first()
        )
        if membership is None:
            raise ValidationError({"membership": [_("This role no longer exists in this unit.")]})
        if membership.user_id == actor.pk and membership.role == Role.UNIT_ADMIN and not actor.is_superuser:
            others = [pk for pk, is_active in admins if is_active and pk != membership.pk]
            if not others:
                raise ValidationError(
                    {
                        "membership": [
                            _(
                                "You are the last unit administrator of this unit and cannot remove "
                                "your own role. Give the role to someone else first."
                            )
                        ]
                    }
                )
        membership.delete()
