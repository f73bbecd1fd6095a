"""Start a new data key and re-encrypt every personal value and file under it."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eppid.integrity import keyring
from eppid.integrity.management.commands._progress import progress_bar
from eppid.integrity.rotation import keys_reencrypt_all, rotation_total

PRODUCTION_STEPS = """In production the key file is the operator's: this command never writes it.
  1. Generate a key line:    python -m eppid.integrity.keyring data-key
  2. Put it FIRST in {path} (or mark it with a leading '*'), keep the old lines,
     and copy the new key to the key escrow (see docs/operations.md, "Keys").
  3. Run: manage.py rotate_keys --reencrypt-only
     (running servers pick up the changed file by themselves)."""


class Command(BaseCommand):
    help = (
        "Make a new data key current (development) and re-encrypt every encrypted field and file "
        "under the current key. Idempotent: values already under it are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reencrypt-only",
            action="store_true",
            help="Do not make a new key; re-encrypt what is not yet under the current one.",
        )
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")

    def handle(self, *args, reencrypt_only=False, batch_size=500, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            if not reencrypt_only:
                if settings.PRODUCTION:
                    raise CommandError(PRODUCTION_STEPS.format(path=settings.EPPID_DATA_KEYS_FILE))
                kid = keyring.data_keys_add_current()
                self.stdout.write(f"New current data key: {kid} (old keys still decrypt).")
            total = rotation_total()
            with progress_bar(self, "Re-encrypting", total) as advance:
                result = keys_reencrypt_all(batch_size=batch_size, progress=advance)
        except keyring.KeyFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Current key {result.current}: {result.rows} rows checked, "
            f"{result.values} values and {result.files} files re-encrypted."
        )
        if result.failures:
            for failure in result.failures:
                self.stderr.write(failure)
            raise CommandError(
                f"{len(result.failures)} values could not be decrypted and were left as they are; "
                "run verify_integrity and restore them from a backup. Keep the old keys."
            )
        self.stdout.write(
            self.style.SUCCESS(
                "Everything is under the current key. Old keys may be removed from the key file once no "
                "backup you may still restore needs them."
            )
        )
