"""Fault: kill -9 one app server and the task worker during 200 concurrent submissions.

    .venv/bin/python scripts/faults/kill_app_and_worker.py [--finish request|worker|both]

PASS when every client got 201 or a clear error (nginx's 503 for the requests the dead server
held), every 201 is a request with its log entry and signed receipt, nothing is unlogged and
verify_integrity exits 0; the killed processes are started again afterwards. Run once with the
receipts finished by the request and once by the task worker (``EPPID_RECEIPTS_FINISHED_BY``,
decision 1660), where the killed worker holds receipts not yet signed: ``both``, the default.
"""

import argparse
import sys
import time

import psycopg
from _common import Load, judge, sc, stack_up


def requests_filed(conn) -> int:
    return conn.execute("SELECT count(*) FROM disclosure_informationrequest").fetchone()[0]


def in_flight(conn, before: int, load: Load) -> None:
    """Wait until a fifth of the load is filed: submissions are then in flight on both servers
    (however fast this machine files them), and the worker has receipts to sign."""
    deadline = time.monotonic() + 30
    while requests_filed(conn) < before + load.count // 5 and load.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)


def run(finish: str, start: int) -> int:
    stack_up(finish)
    load = Load(200, 200, start=start)
    with psycopg.connect(sc.DB_URL, autocommit=True) as conn:  # one connection for every count
        before = requests_filed(conn)
        began = time.monotonic()
        load.start()
        in_flight(conn, before, load)
        sc.stack.stop("app1", kill=True)
        sc.stack.stop("worker", kill=True)
        killed_at, filed_at_kill = time.monotonic(), requests_filed(conn) - before
    load.join()
    env = sc.stack.stack_env()
    sc.stack.start("app1", env)
    sc.stack.start("worker", env)
    sc.stack.wait_http(sc.PORTS["app1"])
    name = "kill -9 app server 1 and the worker during 200 concurrent submissions"
    problems = [] if filed_at_kill < load.count else ["the load was over before the kill: nothing was tested"]
    return judge(
        f"{name} (receipts finished by the {finish})",
        load.answers,
        problems,
        load_seconds=round(load.seconds, 1),
        killed_after_s=round(killed_at - began, 1),
        filed_when_killed=filed_at_kill,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--finish", choices=["request", "worker", "both"], default="both")
    args = parser.parse_args()
    modes = ["request", "worker"] if args.finish == "both" else [args.finish]
    # Each run files numbers of its own (the load's names and texts start apart).
    return max(run(mode, 10_000 + 1_000 * index) for index, mode in enumerate(modes))


if __name__ == "__main__":
    sys.exit(main())
