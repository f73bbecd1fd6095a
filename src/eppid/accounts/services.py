"""Writes for staff accounts: second factors, recovery codes, sessions and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from eppid.accounts.models import ApiToken, RecoveryCode, RecoveryCodeDevice, UserSession
from eppid.accounts.recovery import recovery_code_digest, recovery_code_new, recovery_code_normalise
from eppid.core.text import text_clean_keyed
from eppid.integrity.signals import security_event

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery"
TOKEN_PREFIX = "eppid"  # noqa: S105  # nosec B105 (the visible marker of our tokens)
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)
# How a password came to be set: the security event logged for it.
CHANGED_BY_USER = "password_change"
RESET_BY_LINK = "password_reset"
SET_BY_ADMIN = "password_set_by_admin"
PASSWORD_SET_EVENTS = frozenset({CHANGED_BY_USER, RESET_BY_LINK, SET_BY_ADMIN})
_TOTP_CODE = re.compile(r"\d{6}")


def normalise_code(code: str) -> str:
    """People type codes with spaces and dashes (as we print them), in either case."""
    return recovery_code_normalise(code)


# --- Second factor --------------------------------------------------------------------------------


def totp_enrolment_device(user) -> TOTPDevice:
    """The pending (unconfirmed) authenticator the user is setting up; one at a time."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
        return device


def totp_enrolment_confirm(*, user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the pending authenticator with a code from it.

    On success the new device replaces any older authenticator and a fresh set of recovery codes
    is issued (returned in plain text, to be shown once). ``None`` when the code is wrong.
    """
    code = normalise_code(code)
    if device.user_id != user.pk or device.confirmed or not _TOTP_CODE.fullmatch(code):
        return None
    with transaction.atomic():
        if not device.verify_token(code):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return recovery_codes_regenerate(user=user)


def recovery_codes_regenerate(*, user) -> list[str]:
    """Replace every recovery code of the user with ten new single-use ones (returned printable, once)."""
    codes = [recovery_code_new() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        # Keep the device and swap its codes: a session verified with a recovery code is bound to
        # this device, and deleting it would sign that session out of its second factor.
        device = (
            RecoveryCodeDevice.objects.select_for_update()
            .filter(user=user, name=RECOVERY_DEVICE_NAME)
            .order_by("pk")
            .first()
        )
        if device is None:
            device = RecoveryCodeDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        RecoveryCodeDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        device.codes.all().delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=device, code_hash=recovery_code_digest(code)) for code in codes
        )
    return codes


def second_factor_verify(*, user, code: str):
    """The device that accepts ``code`` (a TOTP code, or a recovery code, which is then spent).

    django-otp remembers the last accepted TOTP step, so a code cannot be used twice, and
    throttles each device after failures.
    """
    code = normalise_code(code)
    with transaction.atomic():
        for device in _code_devices(user, code):
            if device.verify_token(code):
                return device
    return None


def second_factor_candidates(*, user, code: str) -> int:
    """Look up the devices ``code`` would be checked against, spending nothing: the same database
    work as ``second_factor_verify`` for a caller that must not tell a refusal before it apart."""
    with transaction.atomic():
        return len(_code_devices(user, normalise_code(code)))


def _code_devices(user, code: str) -> list:
    if not code or len(code) > 32:
        return []
    if _TOTP_CODE.fullmatch(code):
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = RecoveryCodeDevice.objects.filter(user=user, confirmed=True)
    return list(devices.select_for_update())


# --- Passwords ------------------------------------------------------------------------------------


def password_set(*, user, password: str | None, event: str, revoke_tokens: bool) -> int:
    """Set the user's password (``None``: no password sign-in at all), log how, and revoke the
    user's API tokens if asked; returns how many were revoked.

    A reset and a password set by a system administrator always revoke (the old password may be
    known to someone who made a token with it); a change by the user offers it (decision 1241).
    The password hash changing already ends the user's other sessions (Django's session hash).
    """
    if event not in PASSWORD_SET_EVENTS:
        raise ValueError(f"unknown password event {event!r}")
    with transaction.atomic():
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save(update_fields=["password"])
        security_event(event, user=user)
        return api_tokens_revoke_all(user=user) if revoke_tokens else 0


# --- Sessions -------------------------------------------------------------------------------------


def session_register(*, user, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.get_or_create(session_key=session_key, defaults={"user": user})


def session_forget(*, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def session_rekey(*, user, old_key: str | None, new_key: str | None) -> None:
    """The sign-in record follows its session to a new key, so ending the user's sessions still
    finds it (a second factor proved, a password changed)."""
    with transaction.atomic():
        session_forget(session_key=old_key)
        session_register(user=user, session_key=new_key)


def sessions_end_for_user(*, user) -> int:
    """Delete every server-side session of the user; their cookies then open nothing."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    with transaction.atomic():
        keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
        for key in keys:
            store(session_key=key).delete()
        UserSession.objects.filter(user=user).delete()
    return len(keys)


# A sign-in is recorded before its session is first saved: only older records are checked.
SIGN_IN_SETTLED = timedelta(hours=1)


def sessions_clear_expired(*, now=None) -> int:
    """Remove expired sessions from a store that keeps them (the database; Redis expires its
    own) and forget the sign-ins whose session is gone; returns how many were forgotten."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    store.clear_expired()
    settled = (now or timezone.now()) - SIGN_IN_SETTLED
    rows = UserSession.objects.filter(created_at__lt=settled).values_list("pk", "session_key")
    gone = [pk for pk, key in rows.iterator(chunk_size=1000) if not store().exists(key)]
    for start in range(0, len(gone), 1000):
        UserSession.objects.filter(pk__in=gone[start : start + 1000]).delete()
    return len(gone)


# --- API tokens -----------------------------------------------------------------------------------


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; the plaintext is returned here once and never stored."""
    name = text_clean_keyed(name, "name", limit=100) or "API token"
    secret = secrets.token_urlsafe(32)  # 256 bits
    with transaction.atomic():
        while True:
            prefix = secrets.token_hex(6)
            if not ApiToken.objects.filter(prefix=prefix).exists():
                break
        token = ApiToken.objects.create(user=user, name=name, prefix=prefix, secret_hash=hash_secret(secret))
    return token, f"{TOKEN_PREFIX}_{prefix}_{secret}"


def api_token_revoke(*, token: ApiToken, actor) -> bool:
    """Revoke a token; only its owner or a system administrator may. False when not allowed."""
    if not (actor.is_superuser or actor.pk == token.user_id):
        return False
    with transaction.atomic():
        # The row lock keeps a racing revocation from stamping a second time (and logging twice).
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
    token.refresh_from_db(fields=["revoked_at"])
    return True


def api_tokens_revoke_all(*, user) -> int:
    """Revoke every live token of the user (each revocation is a logged update); returns how many."""
    now = timezone.now()
    with transaction.atomic():
        tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
        for token in tokens:
            token.revoked_at = now
            token.save(update_fields=["revoked_at"])
    return len(tokens)


def api_token_touch(*, token: ApiToken) -> None:
    """Record use, at most once a minute, so a busy script does not write on every call."""
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < TOKEN_TOUCH_INTERVAL:
        return
    token.last_used_at = now
    with transaction.atomic():
        # last_used_at is not part of the token's audited content; the use is a security event.
        token.save(update_fields=["last_used_at"])
        security_event("token_use", user=token.user)
