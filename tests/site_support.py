"""A site run as an operator runs it (a data dir, its own database, manage.py in a fresh process),
for tests that need one outside the test database (backup and restore, parallel writers)."""

from __future__ import annotations

import base64
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))


def pg_url(name: str) -> str:
    parts = urlsplit(SERVER_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(pg_url("postgres"), autocommit=True) as connection:
        connection.execute(sql)


@dataclass
class Site:
    """A data dir and its own database, driven through manage.py in a fresh process."""

    data_dir: Path
    database: str | None = None  # PostgreSQL database name; None = SQLite in the data dir
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self, **overrides: str) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.data_dir),
            "DJANGO_SETTINGS_MODULE": "eppid.settings",
            "PYTHONPATH": str(ROOT / "src"),
            "EPPID_DATA_DIR": str(self.data_dir),
            "EPPID_RATELIMIT": "off",
        }
        if self.database:
            env["DATABASE_URL"] = pg_url(self.database)
        env.update(self.extra_env)
        env.update(overrides)
        return env

    def manage(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
            [sys.executable, "manage.py", *args],
            env=self.env(**env),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    @property
    def files(self) -> Path:
        return self.data_dir / "files"

    def stored_files(self) -> dict[str, bytes]:
        if not self.files.exists():
            return {}
        return {
            path.relative_to(self.files).as_posix(): path.read_bytes()
            for path in sorted(self.files.rglob("*"))
            if path.is_file()
        }

    def tables(self) -> dict[str, list[tuple]]:
        """Every table's full content, rows sorted: the whole database, compared as data."""
        if self.database:
            import psycopg

            with psycopg.connect(pg_url(self.database)) as connection:
                names = [
                    row[0]
                    for row in connection.execute(
                        "SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                    )
                ]
                return {
                    name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)  # noqa: S608
                    for name in sorted(names)
                }
        path = self.data_dir / "eppid.sqlite3"
        if not path.exists():
            return {}
        connection = sqlite3.connect(path)
        try:
            names = [
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {
                name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)  # noqa: S608
                for name in sorted(names)
            }
        finally:
            connection.close()


def backup_verify_key(key_file: Path) -> str:
    """EPPID_BACKUP_VERIFY_KEY for a site whose backup signing key is ``key_file`` (its public half)."""
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()
