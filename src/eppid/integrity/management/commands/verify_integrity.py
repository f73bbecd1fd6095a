"""Check the log, the audited records and the stored files; exit 0 intact, 1 tampering, 2 could not run."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from eppid.integrity import verification

EXIT_TAMPERED = 1
EXIT_COULD_NOT_RUN = 2


class Command(BaseCommand):
    help = "Verify the transparency log, every audited record and every stored file (contract section 5)."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, *args, **options):
        try:
            findings = self._run(show_progress=not options["no_progress"])
        except DatabaseError as exc:
            raise CommandError(
                f"could not run: the database is unavailable ({exc})", returncode=EXIT_COULD_NOT_RUN
            ) from exc
        except OSError as exc:
            raise CommandError(f"could not run: {exc}", returncode=EXIT_COULD_NOT_RUN) from exc
        except verification.SchemaBehind as exc:
            raise CommandError(
                f"could not run: the database is behind this release ({exc}); run `manage.py migrate` first",
                returncode=EXIT_COULD_NOT_RUN,
            ) from exc
        for finding in findings:
            self.stdout.write(finding.line())
        if findings:
            raise CommandError(f"tampering found: {len(findings)} finding(s)", returncode=EXIT_TAMPERED)
        self.stdout.write("intact: the log, the records and the files match")

    def _run(self, *, show_progress: bool):
        console = Console(file=sys.stderr)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not show_progress,
            transient=True,
        ) as bar:
            task = bar.add_task("verify_integrity", total=verification.work_estimate())

            def progress(advance: int) -> None:
                bar.advance(task, advance)

            def starting(name: str) -> None:
                bar.update(task, description=name)

            return verification.findings_all(progress, on_check=starting)
