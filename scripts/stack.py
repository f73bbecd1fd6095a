#!/usr/bin/env python3
"""The scale-out stack on one machine, real processes only (issue 14 item 3; docs/decisions/1460).

    .venv/bin/python scripts/stack.py up [--profile default|load] [--storage filesystem|s3]
        [--finish request|worker]
    .venv/bin/python scripts/stack.py down [--purge]
    .venv/bin/python scripts/stack.py status | env | stop NAME | start NAME

`make stack` / `make stack-down` run ``up`` and ``down``. Everything lives under ``var/stack/``:

- PostgreSQL: the database ``eppid_stack`` in the machine's cluster (127.0.0.1:5432);
- Redis: a private ``redis-server`` on 127.0.0.1:16391 (db 9), so stopping it harms nobody;
- two gunicorn app servers (127.0.0.1:18101 and :18102, 2 workers each) behind nginx with a
  throwaway self-signed certificate: https://127.0.0.1:18443/ (http://127.0.0.1:18080/ redirects);
- the task worker (``db_worker``) and the scheduler (``run_scheduler``), each started again 5 s
  after it exits (scripts/stack_supervise.py, as systemd's Restart=always in production);
- a mail sink (aiosmtpd on 127.0.0.1:18025: accepts and drops every message; a test double);
- the file store both app servers use: ``var/stack/data/files`` (shared directory, default) or,
  with ``--storage s3``, a bucket on a local moto S3 server (127.0.0.1:19000; a test double).

All from the production settings (EPPID_ENV=production) with throwaway keys made like
tests/production_keys.py makes them; the demo PKI signs (every unit signs with the 35.04 demo
certificate by default). The profile ``load`` raises the per-address rate limits (a load test runs
from one address) and serves two bench-only views for the baseline (bench/stack_settings.py).
``up`` is idempotent: what runs is kept, what is missing is started; a changed profile, storage
or ``--finish`` restarts the app servers, the worker and the scheduler.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import shutil
import signal
import subprocess  # noqa: S404 - starts the stack's own processes
import sys
import time
import urllib.request
from pathlib import Path

from stack_base import (  # noqa: E402 - the stack's places and environment
    APPS,
    BIN,
    DB_NAME,
    PG_ADMIN,
    PORTS,
    PYTHON,
    REDIS_DB,  # noqa: F401 - re-exported: bench/stack_client.py reads stack.REDIS_DB
    ROOT,
    SERVICES,
    STATE,
    URL,
    _certificate,
    _config,
    _nginx_conf,
    _save_config,
    run,
    stack_env,
)

# --- Processes -------------------------------------------------------------------------------------

# The worker and the scheduler run under a supervisor that starts them again, as systemd does in
# production (Restart=always): the worker exits when PostgreSQL restarts.
SUPERVISE = str(ROOT / "scripts" / "stack_supervise.py")


def _pidfile(name: str) -> Path:
    return STATE / "run" / f"{name}.pid"


def pid_of(name: str) -> int | None:
    try:
        pid = int(_pidfile(name).read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except OSError:
        return None
    return pid


def _spawn(name: str, args: list[str], env: dict) -> None:
    log = open(STATE / "log" / f"{name}.log", "ab")  # noqa: SIM115 - handed to the child
    process = subprocess.Popen(  # noqa: S603 - our own programs
        args, env=env, cwd=ROOT, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True
    )
    _pidfile(name).write_text(str(process.pid))


def _wait_port(port: int, name: str, timeout: float = 60) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(1)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    sys.exit(f"{name} did not listen on {port} in time: see {STATE / 'log' / (name + '.log')}")


def start(name: str, env: dict | None = None) -> None:
    env = env or stack_env()
    if name == "redis":
        if _redis_ping():
            return
        run(
            "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", str(PORTS["redis"]),
            "--dir", str(STATE / "redis"), "--pidfile", str(_pidfile("redis")),
            "--logfile", str(STATE / "log" / "redis.log"), "--save", "", "--appendonly", "no",
        )  # fmt: skip
        _wait_port(PORTS["redis"], name)
        return
    if pid_of(name):
        return
    if name == "nginx":
        run("nginx", "-p", str(STATE / "nginx"), "-c", str(STATE / "nginx" / "nginx.conf"))
        _wait_port(PORTS["https"], name)
        return
    if name == "smtp":
        _spawn(name, [PYTHON, "-m", "aiosmtpd", "-n", "-d", "-l", f"127.0.0.1:{PORTS['smtp']}", "-c",
                      "aiosmtpd.handlers.Sink"], env)  # fmt: skip
        _wait_port(PORTS["smtp"], name)
    elif name == "s3":
        _spawn(name, [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(PORTS["s3"])], env)
        _wait_port(PORTS["s3"], name)
    elif name in APPS:
        _spawn(
            name,
            [
                str(BIN / "gunicorn"), "eppid.wsgi:application", "--bind", f"127.0.0.1:{PORTS[name]}",
                "--workers", "2", "--timeout", "60", "--graceful-timeout", "10",
                "--access-logfile", str(STATE / "log" / f"{name}-access.log"),
            ],
            # A statement may run 50 s, under gunicorn's 60 (docs/operations.md section 5).
            {"EPPID_DB_STATEMENT_TIMEOUT": "50", **env},
        )  # fmt: skip
    elif name == "worker":
        _spawn(name, [PYTHON, SUPERVISE, PYTHON, "manage.py", "db_worker", "--no-reload"], env)
    elif name == "scheduler":
        _spawn(name, [PYTHON, SUPERVISE, PYTHON, "manage.py", "run_scheduler"], env)


def _kill_group(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)


def stop(name: str, *, kill: bool = False) -> None:
    """Stop one service (SIGTERM, then SIGKILL after 15 s; ``kill``: SIGKILL at once)."""
    if name == "redis":
        if _redis_ping():
            run("redis-cli", "-p", str(PORTS["redis"]), "shutdown", "nosave", check=False, quiet=True)
        return
    if name == "nginx":
        if pid_of("nginx"):
            run("nginx", "-p", str(STATE / "nginx"), "-c", str(STATE / "nginx" / "nginx.conf"), "-s", "quit",
                check=False)  # fmt: skip
            for _ in range(50):
                if not pid_of("nginx"):
                    break
                time.sleep(0.1)
        return
    pid = pid_of(name)
    if pid is None:
        return
    _kill_group(pid, signal.SIGKILL if kill else signal.SIGTERM)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            break
        time.sleep(0.1)
    else:
        _kill_group(pid, signal.SIGKILL)
    # Children that outlived their parent (gunicorn workers after a SIGKILL of the master).
    _kill_group(pid, signal.SIGKILL)
    _pidfile(name).unlink(missing_ok=True)


def _redis_ping() -> bool:
    command = ["redis-cli", "-p", str(PORTS["redis"]), "ping"]  # Debian's redis-cli from PATH
    result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603, S607
    return result.stdout.strip() == "PONG"


def wait_http(port: int, timeout: float = 60) -> None:
    """Until the app server on ``port`` answers (any status but a connection error)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/units?level=national",
                headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"},
            )
            with urllib.request.urlopen(request, timeout=5):  # noqa: S310 - loopback
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"app server on {port} did not answer: see {STATE / 'log'}")


# --- Set-up ----------------------------------------------------------------------------------------


def _static_fingerprint() -> str:
    import hashlib

    digest = hashlib.sha256((ROOT / "requirements" / "lock.txt").read_bytes())
    for path in sorted((ROOT / "src" / "eppid" / "static").rglob("*")):
        if path.is_file():
            digest.update(f"{path}:{path.stat().st_size}:{path.stat().st_mtime_ns}".encode())
    return digest.hexdigest()


def database_create(conn) -> None:
    """A new, empty database for this state directory, marked as its own."""
    from psycopg import sql

    conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    conn.execute(
        sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(DB_NAME), sql.Literal(str(STATE)))
    )


def _database(env: dict) -> None:
    import psycopg

    # The database belongs to this state directory (its comment names it): its rows were written
    # with this directory's keys and point at this directory's files and checkpoints. Another
    # directory's database (a fresh clone, another worktree) is replaced, and what an earlier
    # database left here is cleared: verify_integrity would report every file or a rolled-back log.
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [DB_NAME]
        ).fetchone()
        if row is None or row[0] != str(STATE):
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
            for leftover in ("files", "checkpoints", "wizard-uploads"):
                shutil.rmtree(STATE / "data" / leftover, ignore_errors=True)
            (STATE / "demo.json").unlink(missing_ok=True)
            database_create(conn)
    run(PYTHON, "manage.py", "migrate", "--no-input", env=env, quiet=True)
    # collectstatic compresses every file (minutes on a busy 2-core box): only when they changed.
    stamp, fingerprint = STATE / "static.stamp", _static_fingerprint()
    if not stamp.exists() or stamp.read_text() != fingerprint:
        run(PYTHON, "manage.py", "collectstatic", "--no-input", env=env, quiet=True)
        stamp.write_text(fingerprint)
    if env.get("DJANGO_SETTINGS_MODULE") == "bench.stack_settings":
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS bench_bare_row (id bigserial PRIMARY KEY, name text NOT NULL, "
                "upload_size integer NOT NULL, created_at timestamptz NOT NULL)"
            )


def _demo(env: dict) -> None:
    """The demo PKI and demo staff (those commands refuse production: run them in development
    mode with the stack's database, keys and directories), and API tokens for the load test."""
    marker = STATE / "demo.json"
    if marker.exists():
        return
    dev = {**env, "EPPID_ENV": "development", "DJANGO_SETTINGS_MODULE": "eppid.settings"}
    run(PYTHON, "manage.py", "init_demo_pki", env=dev, quiet=True)
    run(PYTHON, "manage.py", "load_demo", env=dev, quiet=True)
    tokens = {}
    for user in ("ppid.tulungagung", "petugas.tulungagung"):
        out = run(PYTHON, "manage.py", "create_api_token", user, env=env, quiet=True).stdout
        tokens[user] = out.strip().splitlines()[-1].strip()
    marker.write_text(json.dumps({"tokens": tokens}, indent=2))
    marker.chmod(0o600)


def _bucket(env: dict) -> None:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=env["EPPID_S3_ENDPOINT_URL"],
        region_name=env["EPPID_S3_REGION"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
    )
    names = {bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])}
    if env["EPPID_S3_BUCKET"] not in names:
        client.create_bucket(Bucket=env["EPPID_S3_BUCKET"])


def up(profile: str, storage: str, finish: str = "request") -> None:
    if not shutil.which("nginx"):
        sys.exit("nginx is missing: apt-get install nginx (Debian's package; its service need not run)")
    for sub in ("run", "log", "redis", "data"):
        (STATE / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
    old = _config()
    config = {"profile": profile, "storage": storage, "finish": finish}
    changed = bool(old) and old != config
    _save_config(config)
    env = stack_env(config)
    if changed:
        for name in ("nginx", "scheduler", "worker", "app2", "app1"):
            stop(name)
    _certificate()
    _nginx_conf()
    start("redis", env)
    start("smtp", env)
    if storage == "s3":
        start("s3", env)
        _bucket(env)
    else:
        stop("s3")
    _database(env)
    _demo(env)
    for name in (*APPS, "worker", "scheduler"):
        start(name, env)
    for name in APPS:
        wait_http(PORTS[name])
    start("nginx", env)
    print(
        f"stack up ({profile}, {storage} files, receipts finished by the {finish}): {URL}/  "
        f"(self-signed certificate; state in {STATE})"
    )


def down(purge: bool) -> None:
    for name in ("nginx", "scheduler", "worker", "app2", "app1", "s3", "smtp", "redis"):
        stop(name)
    if purge:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        shutil.rmtree(STATE, ignore_errors=True)
    print("stack down" + (" and purged" if purge else ""))


def status() -> int:
    missing = 0
    for name in SERVICES:
        if name == "s3" and _config().get("storage") != "s3":
            continue
        running = _redis_ping() if name == "redis" else bool(pid_of(name))
        missing += not running
        print(f"{name:10} {'running' if running else 'stopped'}")
    return 1 if missing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_up = sub.add_parser("up")
    p_up.add_argument(
        "--profile", choices=["default", "load"], default=os.environ.get("STACK_PROFILE", "default")
    )
    p_up.add_argument(
        "--storage", choices=["filesystem", "s3"], default=os.environ.get("STACK_STORAGE", "filesystem")
    )
    p_up.add_argument(
        "--finish",
        choices=["request", "worker"],
        default=os.environ.get("STACK_FINISH", "request"),
        help="EPPID_RECEIPTS_FINISHED_BY: who lays out and signs a new request's receipt",
    )
    p_down = sub.add_parser("down")
    p_down.add_argument("--purge", action="store_true", help="also drop the database and var/stack/")
    sub.add_parser("status")
    sub.add_parser("env")
    for name in ("stop", "start", "kill"):
        p = sub.add_parser(name)
        p.add_argument("service", choices=SERVICES)
    args = parser.parse_args()
    if args.command == "up":
        up(args.profile, args.storage, args.finish)
    elif args.command == "down":
        down(args.purge)
    elif args.command == "status":
        return status()
    elif args.command == "env":
        for key, value in stack_env().items():
            print(f"export {key}={shlex.quote(value)}")
    elif args.command == "stop":
        stop(args.service)
    elif args.command == "kill":
        stop(args.service, kill=True)
    elif args.command == "start":
        start(args.service)
    return 0


if __name__ == "__main__":
    sys.exit(main())
