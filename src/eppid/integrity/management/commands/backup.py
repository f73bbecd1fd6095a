"""`manage.py backup --output FILE`: one encrypted, signed archive of the database and files."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from eppid.integrity.backup import BackupFailed, BackupRefused, backup_create
from eppid.integrity.backup.progress import RichSteps


class Command(BaseCommand):
    help = "Write an age-encrypted, Ed25519-signed archive of the database and stored files."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="the archive file to write (replaced if present)")

    def handle(self, *args, output, **options):
        steps = RichSteps(Console(file=self.stderr._out, stderr=True))
        try:
            result = backup_create(output=Path(output), steps=steps)
        except (BackupFailed, BackupRefused) as error:
            raise CommandError(f"backup: {error}", returncode=error.exit_code) from error
        self.stdout.write(f"Backup written to {result['output']} ({result['members']} members, signed).")
