"""Reads for staff accounts."""

from __future__ import annotations

import hmac

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from eppid.accounts.models import ApiToken, RecoveryCode
from eppid.accounts.services import TOKEN_PREFIX, hash_secret
from eppid.organisation.models import Membership
from eppid.organisation.selectors import memberships_for_user


def user_has_authenticator(user) -> bool:
    """An authenticator app is set up (the factor enrolment creates)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def user_has_code_factor(user) -> bool:
    """Something that yields a typed code: an authenticator app or an unused recovery code."""
    return user_has_authenticator(user) or recovery_codes_remaining(user) > 0


def user_has_second_factor(user) -> bool:
    """Any usable second factor: authenticator, unused recovery code or passkey.

    Only a user with none of them may set up an authenticator on the strength of the password
    alone (the first sign-in); everyone else proves a factor first.
    """
    return user_has_code_factor(user) or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def totp_devices_for_user(user) -> QuerySet[TOTPDevice]:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")


def passkeys_for_user(user) -> QuerySet[WebAuthnCredential]:
    return WebAuthnCredential.objects.filter(user=user).order_by("created_at")


def recovery_codes_remaining(user) -> int:
    return RecoveryCode.objects.filter(
        device__user=user, device__confirmed=True, used_at__isnull=True
    ).count()


def api_tokens_for_user(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def api_tokens_live(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The live token matching ``raw`` whose user is active and serves a unit (or is a system
    administrator), else None (never says which part failed).

    A user left without any membership has nothing to do through the staff API: the token stops
    working (not revoked: it works again once the user is given a unit; decision 1241).
    """
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2] or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None:
        # Spend the same hashing work, so timing does not tell a known prefix from an unknown one.
        hmac.compare_digest(hash_secret(parts[2]), "0" * 64)
        return None
    if not hmac.compare_digest(token.secret_hash, hash_secret(parts[2])):
        return None
    if token.revoked_at is not None or not token.user.is_active:
        return None
    if not token.user.is_superuser and not Membership.objects.filter(user_id=token.user_id).exists():
        return None
    return token


def staff_profile(user) -> dict:
    """The user's identity and roles per unit, as the API's ``/staff/me`` tells it."""
    units: dict[str, dict] = {}
    for membership in memberships_for_user(user):
        entry = units.setdefault(
            membership.unit.code, {"code": membership.unit.code, "name": membership.unit.name, "roles": []}
        )
        entry["roles"].append(membership.role)
    return {
        "username": user.username,
        "full_name": user.full_name,
        "is_admin": bool(user.is_superuser),
        "units": list(units.values()),
    }


def units_with_roles(user) -> list[dict]:
    """For the dashboard: each unit the user serves, with the role labels held there."""
    units: dict[str, dict] = {}
    for membership in memberships_for_user(user):
        entry = units.setdefault(membership.unit.code, {"unit": membership.unit, "roles": []})
        entry["roles"].append(membership.get_role_display())
    return list(units.values())
