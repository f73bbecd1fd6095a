"""Fault: the stack's private Redis stops mid-load and comes back 10 s later.

    .venv/bin/python scripts/faults/redis_down.py

Redis holds the cache, the sessions and the rate-limit counters. While it is down, clients must
get a clear error (the API's problem JSON), never a hang; afterwards filing works again.
"""

import sys
import time

from _common import Load, judge, sc, stack_up


def main() -> int:
    stack_up()
    load = Load(150, 16, start=30_000)
    load.start()
    time.sleep(3)
    sc.stack.stop("redis")
    time.sleep(10)
    sc.stack.start("redis")
    load.join()
    after = sc.submit(30_999)
    problems = [] if after.status == 201 else [f"after Redis came back filing answered {after.status}"]
    return judge(
        "Redis down for 10 s mid-load", [*load.answers, after], problems, load_seconds=round(load.seconds, 1)
    )


if __name__ == "__main__":
    sys.exit(main())
