"""Talking to the stack (scripts/stack.py) and checking it afterwards: shared by the load test,
the fault scripts (scripts/faults/), the yearly drill and tests/test_stack.py.
"""

from __future__ import annotations

import http.client
import json
import ssl
import subprocess  # noqa: S404 - our own scripts and manage.py
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench.requests_bench import FIELDS, multipart, small_png

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
sys.path.insert(0, str(ROOT / "scripts"))

import stack  # noqa: E402 - scripts/stack.py

STATE = stack.STATE
PORTS = stack.PORTS
DB_URL = f"postgres://postgres@127.0.0.1:5432/{stack.DB_NAME}"
PNG = small_png()
UNITS = ("35.04", "35")  # the units the demo PKI signs for by name; others use the default cert


def tls_context() -> ssl.SSLContext:
    """Trust exactly the stack's throwaway certificate."""
    context = ssl.create_default_context(cafile=str(STATE / "tls" / "cert.pem"))
    context.check_hostname = False  # the certificate names 127.0.0.1 as an IP address
    return context


@dataclass
class Answer:
    status: int
    body: bytes
    seconds: float
    headers: dict = field(default_factory=dict)

    def json(self):
        return json.loads(self.body)


def call(
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict | None = None,
    port: int | None = None,
    timeout: float = 90,
) -> Answer:
    """One request through nginx (TLS), or straight to an app server when ``port`` is given (as
    nginx would pass it: X-Forwarded-Proto https and the client address in X-Forwarded-For)."""
    began = time.perf_counter()
    headers = {"Connection": "close", "Accept-Language": "en", **(headers or {})}
    if port is None:
        conn = http.client.HTTPSConnection(
            "127.0.0.1", PORTS["https"], timeout=timeout, context=tls_context()
        )
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        headers = {
            "Host": f"127.0.0.1:{PORTS['https']}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "127.0.0.1",
            **headers,
        }
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return Answer(response.status, data, time.perf_counter() - began, dict(response.getheaders()))
    finally:
        conn.close()


def submission(index: int = 0, *, png: bytes = PNG, unit: str | None = None) -> tuple[bytes, str]:
    """A valid POST /api/v1/requests body (multipart) with an identity document."""
    fields = {**FIELDS, "unit": unit or UNITS[index % len(UNITS)], "information": f"Minutes no. {index}"}
    return multipart(fields, {"identity_document": ("ktp.png", "image/png", png)})


def submit(index: int = 0, *, port: int | None = None, png: bytes = PNG, timeout: float = 90) -> Answer:
    body, content_type = submission(index, png=png)
    try:
        return call(
            "POST", "/api/v1/requests", body=body, headers={"Content-Type": content_type}, port=port,
            timeout=timeout,
        )  # fmt: skip
    except TimeoutError:
        return Answer(-1, b"client timeout (a hang)", timeout)
    except OSError as error:
        return Answer(0, repr(error).encode(), 0.0)


def submit_many(count: int, concurrency: int, *, start: int = 0, png: bytes = PNG) -> list[Answer]:
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(lambda i: submit(start + i, png=png), range(count)))


# --- Verdicts --------------------------------------------------------------------------------------


def unclear(answer: Answer) -> str | None:
    """Why ``answer`` is not a clear answer (a hang, a dropped connection, a traceback), or None."""
    if answer.status == -1:
        return "the client waited in vain (hang)"
    if answer.status == 0:
        return f"connection failed without an answer: {answer.body[:120]!r}"
    text = answer.body.decode("utf-8", "replace")
    if "Traceback" in text or 'File "' in text:
        return f"{answer.status} with a traceback"
    if answer.status >= 500 and not text.strip():
        return f"{answer.status} with an empty body"
    return None


def integrity_problems(numbers: list[str], *, receipts_within: float = 60) -> list[str]:
    """Every answered request exists with its log entry (and, within ``receipts_within`` seconds,
    its signed receipt); no request, event or document without its log entry; verify_integrity 0."""
    import psycopg

    problems = []
    with psycopg.connect(DB_URL, autocommit=True) as conn:
        found = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT registration_number, id, receipt_id FROM disclosure_informationrequest "
                "WHERE registration_number = ANY(%s)",
                [numbers],
            )
        }
        lost = sorted(set(numbers) - set(found))
        if lost:
            problems.append(f"{len(lost)} answered 201 but missing, e.g. {lost[0]}")
        for table, kind in (
            ("disclosure_informationrequest", "disclosure.InformationRequest"),
            ("disclosure_requestevent", "disclosure.RequestEvent"),
            ("signing_issueddocument", "signing.IssuedDocument"),
        ):
            unlogged = conn.execute(
                f"SELECT count(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM integrity_logentry l "  # noqa: S608 - constants
                "WHERE l.object_type = %s AND l.object_id = t.id::text)",
                [kind],
            ).fetchone()[0]
            if unlogged:
                problems.append(f"{unlogged} rows of {table} without a log entry")
        began = time.monotonic()
        deadline = began + receipts_within
        while True:
            unsigned = conn.execute(
                "SELECT count(*) FROM disclosure_informationrequest r LEFT JOIN signing_issueddocument d "
                "ON d.id = r.receipt_id WHERE r.registration_number = ANY(%s) "
                "AND (d.id IS NULL OR d.status <> 'signed')",
                [numbers],
            ).fetchone()[0]
            if not unsigned or time.monotonic() > deadline:
                break
            time.sleep(2)
        waited = time.monotonic() - began
        print(f"receipts: {unsigned} unsigned after waiting {waited:.0f} s (bound {receipts_within:.0f} s)")
        if unsigned:
            problems.append(
                f"{unsigned} answered requests without a signed receipt after {receipts_within:.0f} s"
            )
    verify = subprocess.run(  # noqa: S603 - our own command
        [PYTHON, "manage.py", "verify_integrity"],
        env=stack.stack_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if verify.returncode != 0:
        problems.append(
            f"verify_integrity exited {verify.returncode}: {(verify.stdout + verify.stderr)[-800:]}"
        )
    return problems


def summarise(answers: list[Answer]) -> tuple[dict[int, int], list[str], list[str]]:
    """(count per status, registration numbers answered 201, unclear answers)."""
    statuses: dict[int, int] = {}
    numbers, bad = [], []
    for answer in answers:
        statuses[answer.status] = statuses.get(answer.status, 0) + 1
        if answer.status == 201:
            numbers.append(answer.json()["registration_number"])
        reason = unclear(answer)
        if reason:
            bad.append(reason)
    return statuses, numbers, bad


def verdict(name: str, problems: list[str], details: dict) -> int:
    print(json.dumps({"fault": name, **details}, indent=2, default=str))
    for problem in problems:
        print(f"  problem: {problem}")
    print(f"{name}: {'PASS' if not problems else 'FAIL'}")
    return 0 if not problems else 1
