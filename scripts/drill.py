"""The yearly drill on the stack: backup, wipe, restore, verify (docs/operations.md 9.5).

    .venv/bin/python scripts/drill.py

1. the app servers, worker and scheduler stop (nginx answers 503 meanwhile): nothing is logged
   or checkpointed after the archive;
2. ``manage.py backup`` of the stopped stack (database and files, encrypted and signed);
3. wipe: the database is dropped and created empty, the stored files are deleted (keys and
   checkpoints stay: restore never writes them, and the newest checkpoint must survive);
4. ``manage.py restore`` with the backup identity, which verifies the archive and runs
   ``verify_integrity``;
5. the counts of requests, log entries and files are those of step 1, ``verify_integrity``
   exits 0, the stack starts again and answers a request's status through nginx.

Prints each step's time and PASS or FAIL (exit 1).
"""

from __future__ import annotations

import json
import shutil
import subprocess  # noqa: S404 - our own commands
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from bench import stack_client as sc  # noqa: E402

stack = sc.stack


def manage(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sc.PYTHON, "manage.py", *args], env=stack.stack_env(), cwd=ROOT, capture_output=True, text=True
    )


def counts() -> dict:
    with psycopg.connect(sc.DB_URL) as conn:
        one = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - constants
            for table in ("disclosure_informationrequest", "integrity_logentry", "signing_issueddocument")
        }
    files = stack.STATE / "data" / "files"
    one["files"] = sum(1 for p in files.rglob("*") if p.is_file()) if files.exists() else 0
    return one


def main() -> int:  # noqa: C901 - one linear drill
    problems, timings = [], {}
    subprocess.run([sc.PYTHON, "scripts/stack.py", "up"], cwd=ROOT, check=True)  # noqa: S603
    sample = sc.submit(90_000)
    if sample.status != 201:
        return sc.verdict("yearly drill", [f"could not file a sample request: {sample.status}"], {})
    for name in ("scheduler", "worker", "app2", "app1"):
        stack.stop(name)
    before = counts()
    archive = stack.STATE / "drill" / f"eppid-{datetime.now(tz=UTC):%Y%m%dT%H%M%SZ}.age"
    archive.parent.mkdir(mode=0o700, exist_ok=True)

    began = time.perf_counter()
    result = manage("backup", "--output", str(archive))
    timings["backup_s"] = round(time.perf_counter() - began, 1)
    if result.returncode != 0:
        return sc.verdict("yearly drill", [f"backup exited {result.returncode}: {result.stderr[-800:]}"], {})

    began = time.perf_counter()
    with psycopg.connect(stack.PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{stack.DB_NAME}" WITH (FORCE)')
        stack.database_create(conn)
    shutil.rmtree(stack.STATE / "data" / "files", ignore_errors=True)
    # Cached pages and sessions of the wiped data go too (Debian's redis-cli).
    flush = ["redis-cli", "-p", str(stack.PORTS["redis"]), "-n", str(stack.REDIS_DB), "flushdb"]
    subprocess.run(flush, check=False, capture_output=True)  # noqa: S603, S607
    timings["wipe_s"] = round(time.perf_counter() - began, 1)

    identity = json.loads((stack.STATE / "keys.json").read_text())["EPPID_STACK_BACKUP_IDENTITY"]
    began = time.perf_counter()
    result = manage("restore", str(archive), "--identity", identity)
    timings["restore_s"] = round(time.perf_counter() - began, 1)
    if result.returncode != 0:
        problems.append(f"restore exited {result.returncode}: {(result.stdout + result.stderr)[-800:]}")

    after = counts()
    if after != before:
        problems.append(f"counts differ: before {before}, after {after}")
    began = time.perf_counter()
    verify = manage("verify_integrity")
    timings["verify_s"] = round(time.perf_counter() - began, 1)
    if verify.returncode != 0:
        problems.append(f"verify_integrity exited {verify.returncode}: {verify.stdout[-500:]}")

    env = stack.stack_env()
    for name in ("app1", "app2", "worker", "scheduler"):
        stack.start(name, env)
    for name in ("app1", "app2"):
        stack.wait_http(stack.PORTS[name])
    created = sample.json()
    status = sc.call(
        "GET",
        f"/api/v1/requests/{created['registration_number']}",
        headers={"X-Tracking-Code": created["tracking_code"]},
    )
    if status.status != 200:
        problems.append(f"after the restore the sample request's status answered {status.status}")
    archive.unlink(missing_ok=True)
    return sc.verdict(
        "yearly drill (backup, wipe, restore, verify)",
        problems,
        {
            "records": before,
            "archive_bytes": result and archive.exists() or "deleted after the drill",
            **timings,
        },
    )


if __name__ == "__main__":
    sys.exit(main())
