"""What the transparency log records of accounts and second factors (see eppid.integrity.registry).

The password hash and device secrets are part of the hashed content: only their SHA-256 (inside
the record's) reaches the log, and a hash or secret set directly in the database shows up as an
edit. Counters that change on every sign-in (last_login, throttling, TOTP drift, sign counts) are
left out: sign-ins are logged as security events instead. See docs/decisions/0801.
"""

from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from eppid.accounts.models import ApiToken, RecoveryCodeDevice, User
from eppid.integrity.registry import audited

audited(
    User,
    fields=(
        "username",
        "password",
        "full_name",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "is_staff",
        "is_superuser",
        "date_joined",
    ),
)
audited(ApiToken, fields=("user", "name", "prefix", "secret_hash", "created_at", "revoked_at"))
audited(RecoveryCodeDevice, fields=("user", "name", "confirmed"))
audited(TOTPDevice, fields=("user", "name", "confirmed", "key", "step", "t0", "digits", "tolerance"))
audited(
    WebAuthnCredential,
    fields=("user", "name", "confirmed", "credential_id", "public_key", "credential_id_sha256", "aaguid"),
)
