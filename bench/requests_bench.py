"""Concurrent request submissions against a running server on PostgreSQL, next to a bare view.

    .venv/bin/python bench/requests_bench.py [--requests 400] [--concurrency 24] [--workers 4]
        [--threads 2] [--units 4] [--repeat 1] [--signing on|off] [--finish request|worker]
        [--task-workers 2]

In one run: creates a fresh PostgreSQL database (127.0.0.1:5432, user postgres, trust; a unique
name, dropped at the end), migrates it, starts gunicorn (DEBUG off, EPPID_RATELIMIT=off, a
throwaway data dir with its own keys) with bench/server_settings.py, which serves the product's
URLs plus one bench-only view. Then it fires the same load at

- the bare view: parses the same multipart body and inserts one row (the floor), and
- POST /api/v1/requests: a valid individual request with a small PNG identity document,
  spread round-robin over ``--units`` units,

each with ``--concurrency`` client threads and a new connection per request. It prints throughput,
p50/p95 latency and the gunicorn processes' CPU per request (Linux) for both, the ratio (target
>= 0.3x the bare view with signing, 0.5x without),
then checks the database: no duplicate and no lost request (every 201 answer is a row, rows =
distinct numbers, sequences gapless 1..n per unit and year), every receipt signed within 5 s of
its request's receipt (with signing), and that ``verify_integrity`` exits 0 afterwards.

With ``--signing on`` (the default) the demo PKI (``init_demo_pki``) signs every receipt, as in
production, and the checks require every receipt to be signed; ``off`` leaves them pending (no
certificate configured), which shows what signing costs.

With ``--finish worker`` the server runs with ``EPPID_RECEIPTS_FINISHED_BY=worker`` (decision
1660) and ``--task-workers`` ``db_worker`` processes lay out and sign the receipts after the 201s;
the bench then waits for the last receipt and also prints the rate of *signed* receipts (the
requests of the measured phase over the time from its start to its last receipt's signature), the
workers' CPU per request, and that rate's ratio to the bare view: on one machine the workers share
its cores with the app servers, so the 201s' rate alone would flatter.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import io
import json
import os
import secrets
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench.server_env import (  # noqa: E402
    bench_server_env,
    gunicorn_start,
    gunicorn_stop,
    manage,
    server_cpu,
    task_workers_start,
    task_workers_stop,
)
from bench.worker_finish import receipts_signed_by, worker_report  # noqa: E402

BARE_PATH = "/bench/bare-insert"
API_PATH = "/api/v1/requests"
TARGET_RATIO = {"on": 0.3, "off": 0.5}  # issue 14: 0.3x with every receipt signed
SIGNED_WITHIN = 5.0  # seconds from a request's receipt to its receipt's signature

FIELDS = {
    "requester_type": "individual",
    "name": "Siti Aminah",
    "nik": "3504014101900001",
    "email": "siti@example.org",
    "phone": "0355 123456",
    "address": "Jl. Merdeka 1, Tulungagung",
    "occupation": "Teacher",
    "information": "Minutes of the plenary meeting of 2 January 2026",
    "purpose": "Research",
    "access_method": "copy",
    "copy_format": "softcopy",
    "delivery": "email",
}


def small_png() -> bytes:
    """A 160x100 PNG with some structure (a scanned card is more than one colour)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (160, 100), "white")
    draw = ImageDraw.Draw(image)
    for i in range(0, 160, 8):
        draw.line((i, 0, 160 - i, 100), fill=(i, 80, 200 - i))
    draw.rectangle((10, 10, 60, 70), outline="black", width=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = "bench" + secrets.token_hex(12)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content_type, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        parts.append(head + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass
class Phase:
    label: str
    path: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    bodies: list[bytes] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    server_cpu: float = 0.0  # CPU seconds of the gunicorn processes during the phase
    started_at: datetime.datetime | None = None  # wall clock (UTC) when the phase began

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def post(port: int, path: str, body: bytes, content_type: str) -> tuple[int, bytes, float]:
    began = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(
            "POST",
            path,
            body=body,
            headers={"Content-Type": content_type, "Connection": "close", "Accept-Language": "en"},
        )
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    return response.status, data, time.perf_counter() - began


def fire(
    label: str, port: int, path: str, bodies: list[tuple[bytes, str]], concurrency: int, server_pid=None
) -> Phase:
    phase = Phase(label, path)
    cpu_before = server_cpu(server_pid)

    def one(item):
        body, content_type = item
        try:
            return post(port, path, body, content_type)
        except OSError as error:
            return 0, repr(error).encode(), 0.0

    phase.started_at = datetime.datetime.now(datetime.UTC)
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, bodies))
    phase.seconds = time.perf_counter() - began
    phase.server_cpu = server_cpu(server_pid) - cpu_before
    for status, data, latency in results:
        phase.statuses[status] = phase.statuses.get(status, 0) + 1
        if status in (200, 201):
            phase.latencies.append(latency)
            phase.bodies.append(data)
        elif len(phase.errors) < 3:
            phase.errors.append(f"{status}: {data[:300]!r}")
    return phase


def db_checks(db_url: str, created: list[dict], bare_sent: int, signing: bool) -> list[str]:
    """Problems found in the database after the run (an empty list: none lost, none duplicated)."""
    problems = []
    with psycopg.connect(db_url) as conn:
        count, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT registration_number) FROM disclosure_informationrequest"
        ).fetchone()
        numbers = {
            row[0] for row in conn.execute("SELECT registration_number FROM disclosure_informationrequest")
        }
        groups = conn.execute(
            "SELECT unit_id, year, count(*), count(DISTINCT sequence), min(sequence), max(sequence) "
            "FROM disclosure_informationrequest GROUP BY unit_id, year"
        ).fetchall()
        bare_rows = conn.execute("SELECT count(*) FROM bench_bare_row").fetchone()[0]
        receipts = dict(
            conn.execute(
                "SELECT d.status, count(*) FROM disclosure_informationrequest r "
                "JOIN signing_issueddocument d ON d.id = r.receipt_id GROUP BY d.status"
            ).fetchall()
        )
        slowest, late = conn.execute(
            "SELECT max(extract(epoch FROM d.signed_at - r.received_at)), "
            "count(*) FILTER (WHERE d.signed_at - r.received_at > make_interval(secs => %s)) "
            "FROM disclosure_informationrequest r JOIN signing_issueddocument d ON d.id = r.receipt_id "
            "WHERE d.signed_at IS NOT NULL",
            [SIGNED_WITHIN],
        ).fetchone()
    answered = [item["registration_number"] for item in created]
    if count != distinct:
        problems.append(f"duplicates: {count} rows but {distinct} distinct registration numbers")
    if len(set(answered)) != len(answered):
        problems.append(f"duplicates: {len(answered) - len(set(answered))} numbers answered twice")
    lost = set(answered) - numbers
    if lost:
        problems.append(f"lost: {len(lost)} answered numbers are not in the database, e.g. {sorted(lost)[0]}")
    if count != len(answered):
        problems.append(f"{count} rows in the database, {len(answered)} answered with 201")
    for unit_id, year, rows, seqs, low, high in groups:
        if not (rows == seqs == high and low == 1):
            problems.append(f"unit {unit_id}/{year}: {rows} rows, sequences {low}..{high} ({seqs} distinct)")
    wanted = "signed" if signing else "pending"
    if receipts.get(wanted, 0) != count:
        problems.append(f"receipts: {receipts} for {count} requests; all should be {wanted}")
    if signing:
        print(f"receipts signed at most {float(slowest or 0):.2f} s after their request was received")
        if late:
            problems.append(f"receipts: {late} signed more than {SIGNED_WITHIN} s after their request")
    if bare_rows != bare_sent:
        problems.append(f"bare view: {bare_rows} rows for {bare_sent} answered inserts")
    return problems


def report(bare: Phase, api: Phase, target: float) -> float:
    print(f"{'':22}{'req/s':>9}{'p50 ms':>10}{'p95 ms':>10}{'ok':>7}{'app CPU/req ms':>16}")
    for phase in (bare, api):
        per_request = phase.server_cpu / max(1, len(phase.latencies)) * 1000
        print(
            f"{phase.label:22}{phase.throughput:9.1f}{phase.percentile(50) * 1000:10.1f}"
            f"{phase.percentile(95) * 1000:10.1f}{len(phase.latencies):7d}{per_request:16.1f}"
        )
    load = Path("/proc/loadavg")
    print("load average:", " ".join(load.read_text().split()[:3]) if load.is_file() else "?")
    ratio = api.throughput / bare.throughput
    verdict = "PASS" if ratio >= target else "FAIL"
    print(f"ratio (throughput):   {ratio:.2f}x of the bare view (target >= {target}x) {verdict}")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="submissions per endpoint (default 400)")
    parser.add_argument("--concurrency", type=int, default=24, help="client threads (default 24)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker (default 2)")
    parser.add_argument("--units", type=int, default=4, help="spread submissions over N units (default 4)")
    parser.add_argument("--repeat", type=int, default=1, help="measure both N times, keep the best of each")
    parser.add_argument("--signing", choices=("on", "off"), default="on", help="sign receipts (default on)")
    parser.add_argument(
        "--finish",
        choices=("request", "worker"),
        default="request",
        help="who signs receipts (default request)",
    )
    parser.add_argument(
        "--task-workers", type=int, default=2, help="db_worker processes with --finish worker"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database and data dir (debugging)")
    args = parser.parse_args()

    unset = ("EPPID_SIGNING_DEFAULT_CERT",)
    with bench_server_env("eppid_bench", keep=args.keep, unset=unset) as (env, db_url, data_dir):
        if args.signing == "on":
            env["EPPID_SIGNING_DEFAULT_CERT"] = "unit-35.04"  # units without their own sign with it
        env["EPPID_RECEIPTS_FINISHED_BY"] = args.finish
        # The emails that carry the receipts are built and "sent" by the task workers with a
        # backend that drops them (the console's would write each PDF into a log).
        env["EMAIL_URL"] = "dummymail://"
        return _measure(args, env, db_url, data_dir)


def _measure(args, env: dict, db_url: str, data_dir: Path) -> int:  # noqa: C901 - one linear script
    server, workers = None, []
    try:
        migrated = manage(env, "migrate", "--no-input")
        if migrated.returncode:
            print(migrated.stdout, migrated.stderr, file=sys.stderr)
            return 2
        if args.signing == "on":
            pki = manage(env, "init_demo_pki")
            if pki.returncode:
                print(pki.stdout, pki.stderr, file=sys.stderr)
                return 2
        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE bench_bare_row (id bigserial PRIMARY KEY, name text NOT NULL, "
                "upload_size integer NOT NULL, created_at timestamptz NOT NULL)"
            )
            units = [
                row[0]
                for row in conn.execute(
                    "SELECT code FROM organisation_unit WHERE code LIKE %s ORDER BY code LIMIT %s",
                    ["35.%", args.units],
                )
            ]
        server, port = gunicorn_start(
            env, data_dir / "gunicorn.log", workers=args.workers, threads=args.threads
        )
        if args.finish == "worker":
            workers = task_workers_start(env, data_dir, args.task_workers)

        png = small_png()
        api_bodies = [
            multipart(
                {**FIELDS, "unit": units[i % len(units)]},
                {"identity_document": ("ktp.png", "image/png", png)},
            )
            for i in range(args.requests)
        ]
        bare_bodies = api_bodies  # the same bytes: the bare view parses them too
        warm = max(2 * args.workers * args.threads, args.concurrency)
        print(
            f"PostgreSQL {db_url.rsplit('/', 1)[-1]}; "
            f"gunicorn {args.workers} workers x {args.threads} threads; "
            f"{args.requests} requests per endpoint at concurrency {args.concurrency}; "
            f"{len(units)} unit(s); PNG {len(png)} bytes; {os.cpu_count()} CPU(s); signing {args.signing}; "
            f"receipts finished by the {args.finish}"
            + (f" ({args.task_workers} db_worker processes)" if workers else "")
        )
        warmed = [
            fire("warm-up bare", port, BARE_PATH, bare_bodies[:warm], args.concurrency),
            fire("warm-up api", port, API_PATH, api_bodies[:warm], args.concurrency),
        ]
        workers_cpu = 0.0
        if workers:  # the warm-up's receipts signed first, and the workers' start-up not counted
            receipts_signed_by(db_url, [json.loads(body)["registration_number"] for body in warmed[1].bodies])
            workers_cpu = sum(server_cpu(worker.pid) for worker in workers)
        best: dict[str, Phase] = {}
        phases = list(warmed)
        for _ in range(max(1, args.repeat)):
            for label, path, bodies in (
                ("bare view (1 insert)", BARE_PATH, bare_bodies),
                ("POST /api/v1/requests", API_PATH, api_bodies),
            ):
                phase = fire(label, port, path, bodies, args.concurrency, server.pid)
                phases.append(phase)
                if label not in best or phase.throughput > best[label].throughput:
                    best[label] = phase
        failed = [p for p in phases if p.errors]
        for phase in failed:
            print(f"{phase.label}: non-2xx answers {phase.statuses}; first: {phase.errors}", file=sys.stderr)
        target = TARGET_RATIO[args.signing]
        ratio = report(*best.values(), target)

        created = [json.loads(body) for p in phases if p.path == API_PATH for body in p.bodies]
        bare_sent = sum(len(p.latencies) for p in phases if p.path == BARE_PATH)
        if workers:  # then the signed receipts' rate decides
            ratio = worker_report(db_url, best, workers, workers_cpu, target)
        gunicorn_stop(server)
        server = None
        task_workers_stop(workers)
        workers = []
        problems = db_checks(db_url, created, bare_sent, args.signing == "on")
        print(
            f"checks: {len(created)} requests answered 201; duplicates and losses: {len(problems)} problem(s)"
        )
        for problem in problems:
            print(f"  {problem}")
        verified = manage(env, "verify_integrity", "--no-progress")
        print(f"verify_integrity: exit {verified.returncode} ({verified.stdout.strip().splitlines()[-1:]})")
        if verified.returncode:
            print(verified.stdout[-3000:], verified.stderr[-3000:], file=sys.stderr)
        ok = not failed and not problems and verified.returncode == 0
        print(
            "result:",
            "PASS" if ok and ratio >= target else "FAIL",
            "(signed receipts)" if args.finish == "worker" else "",
        )
        return 0 if ok else 1
    finally:
        gunicorn_stop(server)
        task_workers_stop(workers)


if __name__ == "__main__":
    sys.exit(main())
