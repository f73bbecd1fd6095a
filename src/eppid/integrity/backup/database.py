"""Dumping and restoring the configured database, per vendor, and asking whether it is empty."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404
from pathlib import Path

from django.db import DatabaseError, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from .errors import BackupFailed

ALIAS = "default"
MEMBER_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


def vendor() -> str:
    name = connections[ALIAS].vendor
    if name not in MEMBER_NAMES:
        raise BackupFailed(f"backups support PostgreSQL and SQLite, not {name}")
    return name


def migration_state() -> dict[str, str]:
    """The latest applied migration of every app, as the archive's manifest records it."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[ALIAS]).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def unknown_migrations(state: dict[str, str]) -> list[str]:
    """Migrations the archive has applied that this code does not know: it comes from a newer release."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return [f"{app}.{name}" for app, name in sorted(state.items()) if (app, name) not in known]


def _pg_env() -> tuple[dict[str, str], str]:
    """libpq settings in the environment, so no password ever appears in a process list."""
    conf = connections[ALIAS].settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        value = conf.get(key)
        if value:
            env[variable] = str(value)
    sslmode = (conf.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env, str(conf["NAME"])


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupFailed(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)")
    result = subprocess.run(  # noqa: S603  # nosec B603
        [tool, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupFailed(
            f"{command[0]} failed: {detail[-1] if detail else 'exit ' + str(result.returncode)}"
        )


def dump(target: Path) -> None:
    """Write a consistent snapshot of the database to ``target`` while the service keeps running."""
    connection = connections[ALIAS]
    if vendor() == "postgresql":
        env, name = _pg_env()
        _run(["pg_dump", "--format=custom", "--no-password", f"--file={target}", f"--dbname={name}"], env)
        return
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent snapshot even while others write.
        connection.connection.backup(destination)
    finally:
        destination.close()


def is_empty() -> bool:
    connection = connections[ALIAS]
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT count(*) FROM pg_catalog.pg_class c "
                    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
                )
            else:
                cursor.execute("SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view')")
            (count,) = cursor.fetchone()
    except DatabaseError as error:
        raise BackupFailed(f"cannot read the target database: {error}") from error
    return count == 0


def describe() -> str:
    conf = connections[ALIAS].settings_dict
    host = conf.get("HOST") or ""
    return f"{vendor()} database {conf['NAME']}" + (f" on {host}" if host else "")


def restore(source: Path) -> None:
    """Load ``source`` into the (empty) configured database, all or nothing."""
    connection = connections[ALIAS]
    if vendor() == "postgresql":
        env, name = _pg_env()
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--no-password",
                f"--dbname={name}",
                str(source),
            ],
            env,
        )
        return
    target = str(connection.settings_dict["NAME"])
    connection.close()
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    destination = sqlite3.connect(target)
    try:
        # The backup API writes pages through SQLite itself, so a WAL file beside the target stays coherent.
        origin.backup(destination)
    except sqlite3.Error as error:
        raise BackupFailed(f"cannot write the SQLite database {target}: {error}") from error
    finally:
        destination.close()
        origin.close()
