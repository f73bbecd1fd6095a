"""`manage.py sweep_orphan_files [--dry-run]`: delete stored files no row refers to."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from eppid.integrity.orphans import SweepUnavailable, orphans_sweep


class Command(BaseCommand):
    help = (
        "Delete files in the private files directory (MEDIA_ROOT) that no row refers to and that are "
        "older than EPPID_ORPHAN_MIN_AGE_HOURS (left by rolled-back transactions). Keys, checkpoints, "
        "backups and signing certificates are never touched. --dry-run only lists them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; delete nothing."
        )
        parser.add_argument(
            "--min-age-hours",
            type=int,
            default=None,
            help="Only files older than this (default EPPID_ORPHAN_MIN_AGE_HOURS, at least 1).",
        )

    def handle(self, *args, dry_run=False, min_age_hours=None, **options):
        try:
            result = orphans_sweep(dry_run=dry_run, min_age_hours=min_age_hours)
        except SweepUnavailable as error:
            raise CommandError(str(error)) from None
        verb = "would delete" if dry_run else "deleted"
        for name in result.orphans:
            self.stdout.write(f"{verb} {name}")
        for failure in result.failures:
            self.stderr.write(f"could not delete {failure}")
        count = len(result.orphans) if dry_run else result.deleted
        self.stdout.write(
            self.style.SUCCESS(f"{result.scanned} stored files looked at; {verb} {count} orphan file(s).")
        )
        if result.failures:
            raise SystemExit(1)
