"""Fault: PostgreSQL restarts mid-load, simulated on the machine's shared cluster.

    .venv/bin/python scripts/faults/postgres_cut.py

The stack uses the machine's cluster, which other engineers and CI share: it is never restarted.
What a restart does to clients is done to the stack's database only, three times, 3 s apart,
during 240 submissions (docs/decisions/1460): new connections are refused (``ALLOW_CONNECTIONS
false``, as a server shutting down or starting up refuses them), every connection is cut
(pg_terminate_backend), and after DOWN_SECONDS connections are allowed again. A request that
loses its connection or cannot open one must answer 503 with Retry-After (a 500 fails the
verdict); so must the pages asked for while the database is away (PROBES: HTML in the URL's
language, or the API's problem JSON; a page served from the shared cache may still be 200).
Afterwards every process of the stack must be running again: the worker exits when the database
goes away, and the stack's supervisor starts it again (scripts/stack_supervise.py), as systemd
does in production; how often it did is reported.
"""

import sys
import time

import psycopg
from _common import OUTAGE_ERRORS, Load, judge, probe_pages, sc, stack_up
from psycopg import sql

DOWN_SECONDS = 3
SUPERVISOR_SECONDS = 8  # the stack's supervisor starts an exited worker or scheduler after 5 s


def supervisor_restarts() -> int:
    """How often the stack's supervisor started the worker or the scheduler again (their logs)."""
    logs = [sc.STATE / "log" / f"{name}.log" for name in ("worker", "scheduler")]
    return sum(log.read_text(errors="replace").count("supervisor:") for log in logs if log.exists())


def allow_connections(conn, allowed: bool) -> None:
    conn.execute(
        sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS {}").format(
            sql.Identifier(sc.stack.DB_NAME), sql.SQL("true" if allowed else "false")
        )
    )


def restart(conn) -> tuple[int, dict, list[str]]:
    """Refuse new connections, cut the open ones, probe the pages, allow connections again."""
    try:
        allow_connections(conn, False)
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [sc.stack.DB_NAME],
        ).fetchall()
        began = time.monotonic()
        seen, trouble = probe_pages("database away")
        time.sleep(max(0.0, DOWN_SECONDS - (time.monotonic() - began)))
    finally:
        allow_connections(conn, True)
    return len(rows), seen, trouble


def main() -> int:
    stack_up()
    restarts_before = supervisor_restarts()
    load = Load(240, 24, start=20_000)
    load.start()
    terminated, pages, problems = [], [], []
    with psycopg.connect(sc.stack.PG_ADMIN, autocommit=True) as conn:
        for _ in range(3):
            time.sleep(3)
            count, seen, trouble = restart(conn)
            terminated.append(count)
            pages.append(seen)
            problems += trouble
    load.join()
    time.sleep(SUPERVISOR_SECONDS)
    running = {name: sc.stack.pid_of(name) is not None for name in ("app1", "app2", "worker", "scheduler")}
    problems += [f"{name} is not running after the restarts" for name, alive in running.items() if not alive]
    return judge(
        "PostgreSQL restarted 3 times mid-load (refused + cut, simulated)",
        load.answers,
        problems,
        backends_terminated=terminated,
        clear=OUTAGE_ERRORS,
        load_seconds=round(load.seconds, 1),
        pages_while_away=pages,
        running_afterwards=running,
        restarted_by_the_supervisor=supervisor_restarts() - restarts_before,
    )


if __name__ == "__main__":
    sys.exit(main())
