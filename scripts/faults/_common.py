"""What every fault script shares: the stack under the load profile, a background load, checks."""

from __future__ import annotations

import subprocess  # noqa: S404 - our own scripts
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench import stack_client as sc  # noqa: E402

# Clear answers a client may get during a fault besides 201: the API's problem JSON (500, 503)
# and nginx's own 503 page when no app server could answer. Anything else fails the verdict.
CLEAR_ERRORS = {500, 503, 507, 413}
# The database or Redis out of reach: the app answers 503 with Retry-After (eppid.core.unavailable),
# as nginx does when no app server answers; a 500 there is a bug and fails the verdict.
OUTAGE_ERRORS = {503}


def stack_up() -> None:
    """The stack with the load profile (one client address may file hundreds of requests)."""
    subprocess.run([sc.PYTHON, "scripts/stack.py", "up", "--profile", "load"], cwd=ROOT, check=True)  # noqa: S603


class Load(threading.Thread):
    """``count`` submissions with ``concurrency`` clients in the background."""

    def __init__(self, count: int, concurrency: int, *, start: int = 0, png: bytes = sc.PNG):
        super().__init__(daemon=True)
        self.count, self.concurrency, self.start_at, self.png = count, concurrency, start, png
        self.answers: list[sc.Answer] = []
        self.seconds = 0.0

    def run(self) -> None:
        began = time.perf_counter()
        self.answers = sc.submit_many(self.count, self.concurrency, start=self.start_at, png=self.png)
        self.seconds = time.perf_counter() - began


def judge(
    name: str,
    answers: list[sc.Answer],
    extra_problems: list[str] | None = None,
    *,
    clear: set[int] = CLEAR_ERRORS,
    **details,
) -> int:
    statuses, numbers, unclear = sc.summarise(answers)
    problems = list(extra_problems or [])
    problems += sorted(set(unclear))
    odd = {status: n for status, n in statuses.items() if status != 201 and status not in clear}
    if odd:
        problems.append(f"unexpected statuses {odd} (clear errors here: {sorted(clear)})")
    no_wait = sum(1 for answer in answers if answer.status == 503 and not retry_after(answer))
    if no_wait:
        problems.append(f"{no_wait} answers 503 without Retry-After")
    problems += sc.integrity_problems(numbers, receipts_within=90)
    return sc.verdict(name, problems, {"statuses": statuses, "created": len(numbers), **details})


def retry_after(answer: sc.Answer) -> str:
    return next((value for key, value in answer.headers.items() if key.lower() == "retry-after"), "")
