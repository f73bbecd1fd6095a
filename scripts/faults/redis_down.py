"""Fault: the stack's private Redis stops mid-load and comes back 10 s later.

    .venv/bin/python scripts/faults/redis_down.py

Redis holds the cache, the sessions and the rate-limit counters. While it is down, clients must
get a clear error (503 problem JSON with Retry-After; a 500 fails), never a hang; pages asked for
while it is down (PROBES) answer or give the translated 503 page with Retry-After; afterwards
filing works again and the pages answer.
"""

import sys
import time

from _common import OUTAGE_ERRORS, Load, judge, probe_pages, sc, stack_up


def main() -> int:
    stack_up()
    load = Load(150, 16, start=30_000)
    load.start()
    time.sleep(3)
    sc.stack.stop("redis")
    time.sleep(2)
    pages_down, problems = probe_pages("Redis down")
    time.sleep(8)
    sc.stack.start("redis")
    load.join()
    # Recovery: with Redis back, filing works again for everyone.
    after = sc.submit_many(20, 8, start=31_000)
    refused = [answer.status for answer in after if answer.status != 201]
    if refused:
        problems.append(f"after Redis came back {len(refused)} of 20 filings failed: {refused[:5]}")
    pages_after, after_problems = probe_pages("Redis back")
    problems += after_problems
    return judge(
        "Redis down for 10 s mid-load, then 20 filings",
        [*load.answers, *after],
        problems,
        clear=OUTAGE_ERRORS,
        load_seconds=round(load.seconds, 1),
        pages_while_down=pages_down,
        pages_after=pages_after,
    )


if __name__ == "__main__":
    sys.exit(main())
