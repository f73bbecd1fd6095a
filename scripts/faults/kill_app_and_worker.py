"""Fault: kill -9 one app server and the task worker during 200 concurrent submissions.

    .venv/bin/python scripts/faults/kill_app_and_worker.py

PASS when every client got 201 or a clear error (nginx's 503 for the requests the dead server
held), every 201 is a request with its log entry and signed receipt, nothing is unlogged and
verify_integrity exits 0; the killed processes are started again afterwards.
"""

import sys
import time

from _common import Load, judge, sc, stack_up


def main() -> int:
    stack_up()
    load = Load(200, 200, start=10_000)
    began = time.monotonic()
    load.start()
    time.sleep(4)  # submissions are in flight on both servers
    sc.stack.stop("app1", kill=True)
    sc.stack.stop("worker", kill=True)
    killed_at = time.monotonic()
    load.join()
    env = sc.stack.stack_env()
    sc.stack.start("app1", env)
    sc.stack.start("worker", env)
    sc.stack.wait_http(sc.PORTS["app1"])
    return judge(
        "kill -9 app server 1 and the worker during 200 concurrent submissions",
        load.answers,
        load_seconds=round(load.seconds, 1),
        killed_after_s=round(killed_at - began, 1),
    )


if __name__ == "__main__":
    sys.exit(main())
