"""The product under gunicorn for a benchmark: a PostgreSQL database of its own, a throwaway data
directory, DEBUG and rate limits off, bench/server_settings.py (the product's URLs plus the bare
views).

Shared by the benchmarks that measure a running server (``requests_bench``, ``pages_bench``):

    with bench_server_env("eppid_pages", keep=args.keep) as (env, db_url, data_dir):
        manage(env, "migrate", "--no-input")
        server, port = gunicorn_start(env, data_dir / "gunicorn.log", workers=2)
        try:
            ...
        finally:
            gunicorn_stop(server)

PostgreSQL at 127.0.0.1:5432 (user postgres, trust); the database has a unique name and is
dropped at the end with the data directory, unless ``keep``.
"""

from __future__ import annotations

import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess  # noqa: S404 - runs our own manage.py and gunicorn
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PG = "postgres://postgres@127.0.0.1:5432"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(port: int, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/units")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed arguments
        [PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )


def server_env(db_url: str, data_dir: Path, *, unset: Iterable[str] = ()) -> dict:
    """The server's environment: this process's, minus Redis, the secret key and ``unset``."""
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "EPPID_DATA_DIR": str(data_dir),
        "EPPID_ENV": "development",
        "EPPID_DEBUG": "off",
        "EPPID_RATELIMIT": "off",
        "EPPID_LOG_LEVEL": "WARNING",
        "EMAIL_URL": "consolemail://",
        "DJANGO_SETTINGS_MODULE": "bench.server_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }
    for name in ("REDIS_URL", "SECRET_KEY", *unset):
        env.pop(name, None)
    return env


@contextmanager
def bench_server_env(prefix: str, *, keep: bool = False, unset: Iterable[str] = ()) -> Iterator[tuple]:
    """A fresh database ``<prefix>_<pid>_<random>`` and data directory: ``(env, db_url, data_dir)``."""
    db_name = f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"
    db_url = f"{PG}/{db_name}"
    data_dir = Path(tempfile.mkdtemp(prefix=prefix.replace("_", "-") + "-"))
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db_name}"')
    try:
        yield server_env(db_url, data_dir, unset=unset), db_url, data_dir
    finally:
        if keep:
            print(f"kept: {db_url} and {data_dir}")
        else:
            with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
            shutil.rmtree(data_dir, ignore_errors=True)


def gunicorn_start(env: dict, log: Path, *, workers: int, threads: int = 0) -> tuple[subprocess.Popen, int]:
    """Start gunicorn on a free port (sync workers, or ``threads`` per worker) and wait until it
    answers; its output goes to ``log``."""
    port = free_port()
    with log.open("wb") as log_file:
        server = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                GUNICORN,
                "eppid.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                f"--workers={workers}",
                *([f"--threads={threads}"] if threads else []),
                "--timeout=120",
                "--backlog=2048",
            ],
            env=env,
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_ready(port, server, log)
    except BaseException:
        gunicorn_stop(server)
        raise
    return server, port


def gunicorn_stop(server: subprocess.Popen | None) -> None:
    if server is not None and server.poll() is None:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def task_workers_start(env: dict, data_dir: Path, count: int) -> list[subprocess.Popen]:
    """Start ``count`` task workers (``db_worker``, polling every 50 ms); output in data_dir."""
    workers = []
    for index in range(count):
        with (data_dir / f"db_worker-{index}.log").open("wb") as log_file:
            workers.append(
                subprocess.Popen(  # noqa: S603 - fixed arguments
                    [PYTHON, str(ROOT / "manage.py"), "db_worker", "--no-reload", "--no-startup-delay"]
                    + ["--interval", "0.05", "--worker-id", f"bench-{index}"],
                    env=env,
                    cwd=ROOT,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                )
            )
    return workers


def task_workers_stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def server_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and its children (gunicorn's
    arbiter and its workers; one task worker); 0 without Linux's /proc."""
    if pid is None or not Path(f"/proc/{pid}").is_dir():
        return 0.0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    total = 0
    for each in [pid, *map(int, children)]:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")
