"""`manage.py retry_signing`: sign the documents left pending while their signer was unavailable."""

from django.core.management.base import BaseCommand

from eppid.signing.services import signing_retry_pending


class Command(BaseCommand):
    help = "Try again to sign pending and failed documents. Exit 1 when some are still unsigned."

    def handle(self, *args, **options):
        result = signing_retry_pending()
        self.stdout.write(f"signed {result.signed}, still pending {result.pending}, failed {result.failed}")
        if result.pending or result.failed:
            raise SystemExit(1)
