"""Fault: the stack's private Redis stops mid-load and comes back 10 s later.

    .venv/bin/python scripts/faults/redis_down.py

Redis holds the cache, the sessions and the rate-limit counters. While it is down, clients must
get a clear error (503 problem JSON with Retry-After; a 500 fails), never a hang; afterwards
filing works again.
"""

import sys
import time

from _common import OUTAGE_ERRORS, Load, judge, sc, stack_up


def main() -> int:
    stack_up()
    load = Load(150, 16, start=30_000)
    load.start()
    time.sleep(3)
    sc.stack.stop("redis")
    time.sleep(10)
    sc.stack.start("redis")
    load.join()
    # Recovery: with Redis back, filing works again for everyone.
    after = sc.submit_many(20, 8, start=31_000)
    refused = [answer.status for answer in after if answer.status != 201]
    problems = (
        [f"after Redis came back {len(refused)} of 20 filings failed: {refused[:5]}"] if refused else []
    )
    return judge(
        "Redis down for 10 s mid-load, then 20 filings",
        [*load.answers, *after],
        problems,
        clear=OUTAGE_ERRORS,
        load_seconds=round(load.seconds, 1),
    )


if __name__ == "__main__":
    sys.exit(main())
