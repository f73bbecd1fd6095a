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


def receipt_window() -> float:
    """Seconds within which every 201 must have its signed receipt: the product's own retry window.

    A request whose receipt could not be finished in the request (the database cut, the disk full)
    is committed with its document waiting; the periodic job ``signing.retry_pending`` finishes it
    once it is older than ``FINISH_GRACE``. So the bound is the grace, plus the job's period, plus a
    scheduler tick, plus a minute for the job itself on a loaded machine: read from the product,
    not copied here.
    """
    code = (
        "from eppid.scheduling import PERIODIC; from eppid.signing.services import FINISH_GRACE; "
        "from django.conf import settings; "
        "print(FINISH_GRACE.total_seconds() + PERIODIC['signing.retry_pending'].interval().total_seconds() "
        "+ int(settings.EPPID_SCHEDULER_TICK))"
    )
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sc.PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=sc.stack.stack_env(),
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(result.stdout.strip().splitlines()[-1]) + 60


def stack_up(finish: str = "request") -> None:
    """The stack with the load profile (one client address may file hundreds of requests), new
    receipts finished by the request or by the task worker (``finish``, decision 1660)."""
    subprocess.run(  # noqa: S603 - our own script
        [sc.PYTHON, "scripts/stack.py", "up", "--profile", "load", "--finish", finish], cwd=ROOT, check=True
    )


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
    problems += sc.integrity_problems(numbers, receipts_within=receipt_window())
    return sc.verdict(name, problems, {"statuses": statuses, "created": len(numbers), **details})


# Pages and API reads a citizen may ask for during an outage (Indonesian, English, a form, the API).
PROBES = ("/", "/en/", "/permohonan/", "/en/units/", "/api/v1/units?level=national")


def probe_pages(label: str) -> tuple[dict, list[str]]:
    """Ask for every page of PROBES once: each must answer 2xx or a clear 503 (``Retry-After``, no
    traceback; a page in HTML, the API in problem+json), never a 500 or a hang."""
    seen, problems = {}, []
    for path in PROBES:
        try:
            answer = sc.call("GET", path, timeout=30)
        except (TimeoutError, OSError) as error:
            seen[path] = repr(error)
            problems.append(f"{label}: GET {path}: no answer ({error!r})")
            continue
        kind = next((v for k, v in answer.headers.items() if k.lower() == "content-type"), "")
        seen[path] = f"{answer.status} {kind.split(';')[0]} Retry-After={retry_after(answer) or '-'}"
        reason = sc.unclear(answer)
        if reason:
            problems.append(f"{label}: GET {path}: {reason}")
        if answer.status == 503:
            wanted = "application/problem+json" if path.startswith("/api/") else "text/html"
            if not retry_after(answer) or not kind.startswith(wanted):
                problems.append(f"{label}: GET {path}: 503 is not {wanted} with Retry-After ({seen[path]})")
            language = next((v for k, v in answer.headers.items() if k.lower() == "content-language"), "")
            expected = "en" if path.startswith(("/en/", "/api/")) else "id"  # sc.call asks the API in English
            if language != expected:
                problems.append(f"{label}: GET {path}: 503 in {language or 'no language'}, not {expected}")
        elif not 200 <= answer.status < 400:
            problems.append(f"{label}: GET {path}: {seen[path]}")
    return seen, problems


def retry_after(answer: sc.Answer) -> str:
    return next((value for key, value in answer.headers.items() if key.lower() == "retry-after"), "")
