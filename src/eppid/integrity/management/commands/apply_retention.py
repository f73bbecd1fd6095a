"""Clear the personal data of records older than their retention period (UU 27/2022)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from eppid.integrity.management.commands._progress import progress_bar
from eppid.integrity.retention import retention_apply, retention_due, retention_rules


class Command(BaseCommand):
    help = (
        "Anonymise the personal fields of every registered record older than its retention period "
        "(EPPID_RETENTION_DAYS by default). Run daily; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")

    def handle(self, *args, batch_size=500, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        if not retention_rules():
            self.stdout.write("No model has registered personal data for retention.")
            return
        with progress_bar(self, "Applying retention", retention_due()) as advance:
            cleared = retention_apply(batch_size=batch_size, progress=advance)
        for label, count in cleared.items():
            self.stdout.write(f"{label}: {count} records anonymised.")
        total = sum(cleared.values())
        self.stdout.write(self.style.SUCCESS(f"Retention applied: {total} records anonymised."))
