"""`manage.py restore FILE`: verify an archive completely, then restore it into an empty database."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from eppid.integrity.backup import BackupFailed, BackupRefused, backup_restore
from eppid.integrity.backup.progress import RichSteps
from eppid.integrity.checkpoints import CheckpointError, checkpoint_file_adopt, latest_file
from eppid.integrity.verification import migrations_pending

VERIFY_COMMAND = "verify_integrity"


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an EMPTY database after checking its signature and every "
        "SHA-256 sum, then run verify_integrity. Exit 0 restored and intact, 1 refused or tampering "
        "found, 2 could not run."
    )
    # The target database is empty: checks that query it would only fail for the wrong reason.
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the archive written by `manage.py backup`")
        parser.add_argument(
            "--identity",
            help="age identity file that decrypts the archive (development default: the data dir's)",
        )
        parser.add_argument(
            "--adopt-checkpoint",
            action="store_true",
            help="a restore drill or a new machine whose data directory has no checkpoint file: take "
            "the restored database's newest checkpoint as its own (refused when the file exists; "
            "a real rebuild puts back the production file instead)",
        )

    def handle(self, *args, archive, identity=None, adopt_checkpoint=False, **options):
        if adopt_checkpoint and latest_file().exists():
            raise CommandError(
                f"restore: --adopt-checkpoint refused: {latest_file()} exists; restore compares "
                "with it and never replaces it (run without --adopt-checkpoint)",
                returncode=2,
            )
        steps = RichSteps(Console(file=self.stderr._out, stderr=True))
        try:
            result = backup_restore(archive=Path(archive), identity=identity, steps=steps)
        except (BackupFailed, BackupRefused) as error:
            raise CommandError(f"restore: {error}", returncode=error.exit_code) from error
        self.stdout.write(
            f"Restored the {result['vendor']} database and {result['files']} stored files "
            f"from the backup of {result['created_at']}."
        )
        self._migrate()
        if adopt_checkpoint:
            self._adopt()
        self._verify()

    def _adopt(self) -> None:
        try:
            adopted = checkpoint_file_adopt()
        except CheckpointError as error:
            raise CommandError(f"restore: the archive was restored, but {error}", returncode=1) from error
        if adopted is None:
            self.stdout.write("The restored database has published no checkpoint: none adopted.")
            return
        self.stdout.write(
            f"Adopted checkpoint {adopted.size} of the restored database as this data directory's "
            f"newest published one ({latest_file()})."
        )

    def _migrate(self) -> None:
        """An archive of an earlier release gets this release's migrations before it is verified:
        its records are compared with what this release declares audited (decision 1692)."""
        pending = migrations_pending()
        if not pending:
            return
        self.stdout.write(
            f"The archive comes from an earlier release: applying {len(pending)} migration(s) "
            f"({', '.join(pending)}) before verifying."
        )
        call_command("migrate", "--no-input", verbosity=0, stdout=self.stdout._out)

    def _verify(self) -> None:
        if VERIFY_COMMAND not in get_commands():
            self.stdout.write("verify_integrity is not available in this release; integrity not checked.")
            return
        try:
            call_command(VERIFY_COMMAND, stdout=self.stdout._out, stderr=self.stderr._out)
        except CommandError as error:
            code = getattr(error, "returncode", 1)
            raise self._verify_failed(code) from error
        except SystemExit as error:
            code = error.code if isinstance(error.code, int) else 2
            if code:
                raise self._verify_failed(code) from error
        self.stdout.write("verify_integrity: the restored data is intact.")

    @staticmethod
    def _verify_failed(code: int) -> CommandError:
        if code == 1:
            return CommandError(
                "restore: the archive was restored, but verify_integrity found tampering (listed above): "
                "do not put this database into service",
                returncode=1,
            )
        return CommandError(
            "restore: the archive was restored, but verify_integrity could not run", returncode=2
        )
