"""Fault: PostgreSQL "restart" mid-load, simulated on the machine's shared cluster.

    .venv/bin/python scripts/faults/postgres_cut.py

The stack uses the machine's cluster, which other engineers and CI share: it is never restarted.
What a restart does to clients (every connection cut at once, new ones refused for a moment) is
done with pg_terminate_backend on every connection to eppid_stack, three times, 3 s apart,
during 120 submissions (docs/decisions/1460). A request that loses its connection must answer
503 with Retry-After (a 500 fails the verdict); so must the pages asked for just after each cut
(PROBES: HTML in the URL's language, or the API's problem JSON).
"""

import sys
import time

import psycopg
from _common import OUTAGE_ERRORS, Load, judge, probe_pages, sc, stack_up


def cut() -> int:
    with psycopg.connect(sc.stack.PG_ADMIN, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [sc.stack.DB_NAME],
        ).fetchall()
    return len(rows)


def main() -> int:
    stack_up()
    load = Load(120, 24, start=20_000)
    load.start()
    terminated, pages, problems = [], [], []
    for _ in range(3):
        time.sleep(3)
        terminated.append(cut())
        # The app servers' connections were just cut: the next page may answer 503, never 500.
        seen, trouble = probe_pages("after a cut")
        pages.append(seen)
        problems += trouble
    load.join()
    return judge(
        "PostgreSQL connections cut mid-load (restart simulated)",
        load.answers,
        problems,
        backends_terminated=terminated,
        clear=OUTAGE_ERRORS,
        load_seconds=round(load.seconds, 1),
        pages_after_each_cut=pages,
    )


if __name__ == "__main__":
    sys.exit(main())
