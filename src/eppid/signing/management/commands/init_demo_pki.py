"""`manage.py init_demo_pki`: a local root CA and a signing certificate per demo unit (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eppid.signing.pki import demo_pki_init


class Command(BaseCommand):
    help = "Create the demo PKI in EPPID_SIGNING_DIR: a root CA and a certificate per demo unit."

    def handle(self, *args, **options):
        if settings.EPPID_ENV == "production":
            raise CommandError(
                "init_demo_pki refuses to run with EPPID_ENV=production: units sign with their BSrE "
                "certificates there (docs/operations.md, 'Signing keys')"
            )
        for item in demo_pki_init():
            state = "created" if item.created else "kept"
            self.stdout.write(f"{item.name}: {state}, used by unit {item.unit_code}")
        self.stdout.write(f"Demo PKI in {settings.EPPID_SIGNING_DIR} (trust root demo-root.pem)")
