"""Staff account pages. Thin: every rule lives in services, selectors and forms."""

from eppid.accounts.views.auth import enrol, lockout, login_view, logout_view, reauth, recovery_codes, verify
from eppid.accounts.views.security import (
    authenticator_reset,
    password_change,
    recovery_codes_regenerate,
    security,
    token_revoke,
    tokens,
)

__all__ = [
    "authenticator_reset",
    "enrol",
    "lockout",
    "login_view",
    "logout_view",
    "password_change",
    "reauth",
    "recovery_codes",
    "recovery_codes_regenerate",
    "security",
    "token_revoke",
    "tokens",
    "verify",
]
