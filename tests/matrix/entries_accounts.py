"""Permission-matrix entries for the accounts area: per-user pages, open to every staff role.

The pages open before sign-in or before the second factor are listed, with the reason, in
``OPEN_BEFORE_SECOND_FACTOR`` in tests/test_permission_matrix.py instead.
"""

import hashlib

from tests.matrix.spec import ALL_STAFF, Mine, Route


def _token_of(user) -> int:
    from eppid.accounts.services import api_token_create

    token, _plaintext = api_token_create(user=user, name="matrix")
    return token.pk


def _passkey_of(user) -> int:
    from django_otp_webauthn.models import WebAuthnCredential

    credential_id = f"matrix-{user.pk}".encode()
    return WebAuthnCredential.objects.create(
        user=user,
        name="Matrix key",
        confirmed=True,
        credential_id=credential_id,
        credential_id_sha256=hashlib.sha256(credential_id).hexdigest(),
        public_key=b"not-a-real-key",
        sign_count=0,
    ).pk


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
    # One's own token or passkey only; another user's answers 404 (Mine).
    Route(
        "accounts:token-revoke", kwargs={"pk": Mine(_token_of)}, method="POST", fresh=True, allowed=ALL_STAFF
    ),
    Route(
        "accounts:passkey-remove",
        kwargs={"pk": Mine(_passkey_of)},
        method="POST",
        fresh=True,
        allowed=ALL_STAFF,
    ),
    # Adding a passkey needs a verified and freshly re-authenticated session (the empty body of
    # the second step then fails validation, which still counts as let in).
    Route("otp_webauthn:credential-registration-begin", method="POST", fresh=True, allowed=ALL_STAFF),
    Route("otp_webauthn:credential-registration-complete", method="POST", fresh=True, allowed=ALL_STAFF),
    # The Django admin: the system administrator only, in a verified session.
    Route("admin:index", allowed=frozenset()),
    Route("/api/v1/staff/me", api=True, allowed=ALL_STAFF),
]
