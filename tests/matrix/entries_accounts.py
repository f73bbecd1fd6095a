"""Permission-matrix entries for the accounts area: per-user pages, open to every staff role."""

from tests.matrix.spec import ALL_STAFF, Route

ROUTES = [
    Route("office:dashboard", allowed=ALL_STAFF),
    Route("accounts:security", allowed=ALL_STAFF),
    Route("accounts:reauth", allowed=ALL_STAFF),
    Route("accounts:reauth", method="POST", allowed=ALL_STAFF),
    Route("accounts:recovery-codes", allowed=ALL_STAFF),
    Route("accounts:passkeys", allowed=ALL_STAFF),
    # These answer a fresh session with a redirect to accounts:reauth (not to sign-in): allowed.
    Route("accounts:password-change", allowed=ALL_STAFF),
    Route("accounts:password-change", method="POST", allowed=ALL_STAFF),
    Route("accounts:tokens", allowed=ALL_STAFF),
    Route("accounts:tokens", method="POST", allowed=ALL_STAFF),
    Route("accounts:authenticator-reset", allowed=ALL_STAFF),
    Route("accounts:recovery-codes-regenerate", method="POST", allowed=ALL_STAFF),
    Route("/api/v1/staff/me", api=True, allowed=ALL_STAFF),
]
