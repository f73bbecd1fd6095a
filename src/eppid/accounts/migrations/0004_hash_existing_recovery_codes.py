"""Move django-otp's plaintext static recovery codes into hashed recovery-code devices.

Existing codes keep working (hashed the way new ones are: SHA-256 of the upper-cased code without
separators), so no one who relies on a printed sheet is locked out; the plaintext rows are deleted.
See docs/decisions/0700-recovery-codes-hashed.md for why old, shorter codes are kept, not voided.
"""

import hashlib
import re

from django.db import migrations


def _digest(code: str) -> str:
    # A frozen copy of eppid.accounts.recovery.recovery_code_digest: migrations must not follow code.
    return hashlib.sha256(re.sub(r"[\s-]", "", code).upper().encode()).hexdigest()


def hash_static_codes(apps, schema_editor):
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    RecoveryCodeDevice = apps.get_model("accounts", "RecoveryCodeDevice")
    RecoveryCode = apps.get_model("accounts", "RecoveryCode")
    for static in StaticDevice.objects.all().iterator():
        device = RecoveryCodeDevice.objects.create(
            user_id=static.user_id,
            name="recovery",
            confirmed=static.confirmed,
            last_used_at=static.last_used_at,
        )
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=device, code_hash=_digest(token))
            for token in static.token_set.values_list("token", flat=True)
        )
    StaticDevice.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_recovery_code_hashes"),
        ("otp_static", "0003_add_timestamps"),
    ]

    # Not reversible into plaintext: going back leaves users without recovery codes (they renew them).
    operations = [migrations.RunPython(hash_static_codes, migrations.RunPython.noop)]
