"""Helpers shared by the integrity tests: the log's old conversion of values (the reference for
read-back hashes), a migrated database outside the test transaction, and verify_integrity's exit
code with what it printed."""

from __future__ import annotations

import datetime
import decimal
import io
import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.core.management import CommandError, call_command
from django.db import connection


def legacy(value):
    """registry._jsonable as it was when issue 10 was filed: the reference for read-back values."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, list | tuple):
        return [legacy(item) for item in value]
    if isinstance(value, dict):
        return {str(key): legacy(item) for key, item in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):
        return value.name or ""
    return str(value)


def fresh_database(tmp_path):
    """A migrated database of the vendor under test, outside the test transaction (threads need
    committed data and their own connections): a file for SQLite, a new database for PostgreSQL."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path}/fresh.sqlite3", None
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_fresh"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    url = (
        f"postgres://{settings_dict['USER']}{password}@{settings_dict['HOST']}:{settings_dict['PORT']}/{name}"
    )
    return url, name


def run_on_fresh_database(tmp_path, script: str) -> subprocess.CompletedProcess:
    """``script`` run by ``manage.py shell`` in a migrated ``fresh_database`` (dropped after), with
    ``EPPID_DATA_DIR`` in ``tmp_path``: threads with their own connections see what others commit."""
    url, pg_name = fresh_database(tmp_path)
    env = {**os.environ, "EPPID_DATA_DIR": str(tmp_path), "DATABASE_URL": url}
    root = Path(__file__).resolve().parent.parent
    manage = [sys.executable, "manage.py"]
    try:
        subprocess.run([*manage, "migrate", "-v0"], cwd=root, env=env, check=True, timeout=300)  # noqa: S603
        return subprocess.run(  # noqa: S603 - our own manage.py with a fixed script
            [*manage, "shell", "-c", script],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        if pg_name:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{pg_name}"')


def verify() -> tuple[int, str]:
    """(exit code, what verify_integrity printed and, when it failed, its error)."""
    out = io.StringIO()
    try:
        call_command("verify_integrity", "--no-progress", stdout=out, stderr=io.StringIO())
    except CommandError as exc:
        return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()
