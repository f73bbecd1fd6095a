"""`manage.py load_demo`: the demo staff of contract section 1, printed for a local trial."""

from __future__ import annotations

import io
import shutil

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from eppid.demo.catalog import demo_catalog_load, demo_exemption_load
from eppid.demo.credentials import CredentialsError, credentials_path
from eppid.demo.requests import DEMO_UNIT, demo_requests_load
from eppid.demo.services import DemoUnitsMissing, demo_accounts_load


class Command(BaseCommand):
    help = "Create the demo staff accounts (idempotent) and print their logins. Refuses in production."

    def handle(self, *args, **options):
        if getattr(settings, "EPPID_ENV", "development") == "production":
            raise CommandError(
                "load_demo refuses to run with EPPID_ENV=production: demo accounts have printed "
                "passwords and must never exist on a live service"
            )
        try:
            logins = demo_accounts_load(data_dir=settings.DATA_DIR)
            demo_requests = demo_requests_load()
            demo_entries = demo_catalog_load()
            demo_exempt = demo_exemption_load()
        except (DemoUnitsMissing, CredentialsError) as error:
            raise CommandError(f"load_demo: {error}") from error
        self.stdout.write(self._render(logins), ending="")
        if demo_requests:
            self.stdout.write(f"Demo requests of {DEMO_UNIT}: {', '.join(demo_requests)}")
        if demo_entries:
            self.stdout.write(f"Demo entries of the information list: {len(demo_entries)}")
        if demo_exempt:
            self.stdout.write(f"Demo exempt entry (consequence test): {demo_exempt}")

    def _render(self, logins) -> str:
        interactive = self.stdout.isatty()
        # Captured output (tests, logs) gets a fixed, wide layout so no secret is ever cut short.
        width = max(shutil.get_terminal_size().columns, 100) if interactive else 200
        buffer = io.StringIO()
        console = Console(file=buffer, width=width, force_terminal=interactive, no_color=not interactive)
        table = Table(title="e-PPID demo logins (DEMO ONLY - never use these on a live service)")
        table.add_column("username", no_wrap=True)
        table.add_column("role / unit")
        table.add_column("password", no_wrap=True, overflow="fold")
        table.add_column("TOTP secret (base32)", no_wrap=True, overflow="fold")
        for login in logins:
            table.add_row(login.username, f"{login.role}\n{login.unit}", login.password, login.totp_secret)
        console.print(table)
        console.print("Authenticator app set-up URIs (demo only):")
        for login in logins:
            console.print(login.otpauth_uri, soft_wrap=True, highlight=False)
        console.print(
            f"Demo only. Secrets are kept in {credentials_path(settings.DATA_DIR)} (mode 0600); "
            "delete that file and run load_demo again for new ones.",
            highlight=False,
        )
        return buffer.getvalue()
