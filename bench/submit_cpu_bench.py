"""CPU per signed submission: ``POST /api/v1/requests`` in one process, through the whole Django stack.

    .venv/bin/python bench/submit_cpu_bench.py [--submissions 200] [--warm 30] [--profile]
        [--top 30] [--units 1]

Creates a fresh PostgreSQL database (127.0.0.1:5432, user postgres, trust; a unique name, dropped
at the end) and a throwaway data directory, migrates, makes the demo PKI (every receipt signed
with ``unit-35.04``, as ``bench/requests_bench.py`` does), then posts the same valid individual
request with a small PNG identity document ``--submissions`` times through Django's test
``Client`` (middleware, django-ninja, multipart parsing, the service, the receipt, its email),
after ``--warm`` warm-ups. The multipart body is encoded once, before timing.

It prints this process's CPU time per submission (``time.process_time``: a shared machine
distorts it much less than wall time), median and mean, and the CPU of the PostgreSQL backend
serving the connection (``/proc/<pid>/stat``, Linux, same machine). ``--profile`` runs the
measured submissions under cProfile and prints the top ``--top`` functions by cumulative and by
own time (wall clock: psycopg's ``wait`` is PostgreSQL's time, not this process's; the CPU
figures are inflated by the profiler); ``--dump FILE`` keeps the pstats for ``python -m pstats``.
``--queries`` prints the SQL of one (extra) submission first.

Then it runs the tasks the submissions left (their emails' delivery, to Django's console backend
captured here; with ``--finish worker``, decision 1660, also each receipt's layout and signature)
through django-tasks-db's own ``Worker`` in this process, and prints the CPU per task kind:
what the task workers spend per submission (``--profile`` profiles them too). It checks that
every answer is a 201 and every receipt signed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench.requests_bench import FIELDS, multipart, small_png  # noqa: E402

PG = "postgres://postgres@127.0.0.1:5432"
API_PATH = "/api/v1/requests"


def setup(db_url: str, data_dir: str, finish: str) -> None:
    os.environ["EPPID_SIGNING_DEFAULT_CERT"] = "unit-35.04"
    os.environ["EMAIL_URL"] = "consolemail://"
    os.environ["EPPID_RECEIPTS_FINISHED_BY"] = finish
    from bench.django_env import setup_django

    setup_django(db_url, data_dir)
    from django.core.management import call_command

    call_command("init_demo_pki", verbosity=0, stdout=io.StringIO())


def backend_cpu(pid: int) -> float:
    """CPU seconds used so far by PostgreSQL backend ``pid`` (0 when /proc cannot tell)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def top(profile: cProfile.Profile, order: str, count: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.strip_dirs().sort_stats(order).print_stats(count)
    lines = out.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return "\n".join(lines[start:])


def measure(args) -> int:
    from django.db import connection
    from django.test import Client

    from eppid.organisation.models import Unit
    from eppid.signing.models import DocumentStatus, IssuedDocument

    units = list(
        Unit.objects.filter(code__startswith="35.")
        .order_by("code")
        .values_list("code", flat=True)[: args.units]
    )
    png = small_png()
    total = args.warm + args.submissions
    bodies = [
        multipart(
            {**FIELDS, "unit": units[i % len(units)]},
            {"identity_document": ("ktp.png", "image/png", png)},
        )
        for i in range(total)
    ]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    def submit(body: bytes, content_type: str) -> None:
        response = client.generic("POST", API_PATH, body, content_type=content_type)
        if response.status_code != 201:
            raise SystemExit(f"answer {response.status_code}: {response.content[:500]!r}")

    for body, content_type in bodies[: args.warm]:
        submit(body, content_type)
    if args.queries:
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            submit(*bodies[args.warm - 1])
        print(f"--- {len(captured.captured_queries)} statements in one submission")
        for query in captured.captured_queries:
            print(f"{float(query['time']) * 1000:6.2f} ms  {query['sql'][:160]}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    profile = cProfile.Profile() if args.profile else None
    cpu: list[float] = []
    pg_before, wall_before = backend_cpu(backend), time.perf_counter()
    for body, content_type in bodies[args.warm :]:
        began = time.process_time()
        if profile is not None:
            profile.enable()
        submit(body, content_type)
        if profile is not None:
            profile.disable()
        cpu.append(time.process_time() - began)
    wall = time.perf_counter() - wall_before
    pg = backend_cpu(backend) - pg_before
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        same_backend = cursor.fetchone()[0] == backend

    count = len(cpu)
    load = Path("/proc/loadavg")
    print(
        f"{count} signed submissions after {args.warm} warm-ups, PostgreSQL, {len(units)} unit(s), "
        f"PNG {len(png)} bytes{', under cProfile' if profile else ''}"
    )
    print(
        f"app CPU per submission : median {statistics.median(cpu) * 1000:6.2f} ms, "
        f"mean {statistics.fmean(cpu) * 1000:6.2f} ms, "
        f"p10 {sorted(cpu)[count // 10] * 1000:6.2f} ms, p90 {sorted(cpu)[count * 9 // 10] * 1000:6.2f} ms"
    )
    where = "" if same_backend else " (the connection changed: not comparable)"
    print(f"PostgreSQL backend CPU : {pg / count * 1000:6.2f} ms per submission (tick 10 ms){where}")
    print(f"wall time per submission: {wall / count * 1000:6.2f} ms")
    print("load average:", " ".join(load.read_text().split()[:3]) if load.is_file() else "?")
    if profile is not None:
        print(f"\n--- cProfile, top {args.top} by cumulative time")
        print(top(profile, "cumulative", args.top))
        print(f"\n--- cProfile, top {args.top} by own time")
        print(top(profile, "tottime", args.top))
        if args.dump:
            profile.dump_stats(args.dump)
    total += 1 if args.queries else 0
    tasks_run(args, total)
    signed = IssuedDocument.objects.filter(kind="receipt", status=DocumentStatus.SIGNED).count()
    if signed != total:
        print(f"FAIL: {signed} signed receipts for {total} submissions", file=sys.stderr)
        return 1
    print(f"receipts signed: {signed} of {total}")
    return 0


def tasks_run(args, submissions: int) -> None:
    """Run every task waiting (the warm-ups' too, reported apart by kind) the way ``db_worker``
    does, in this process; print the CPU per task kind and per measured submission."""
    from contextlib import redirect_stdout

    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="bench",
        excluded_queue_names=[],
    )
    run_task, cpu = worker.run_task, {}
    profile = cProfile.Profile() if args.profile else None

    def timed(db_task_result) -> None:
        began = time.process_time()
        if profile is not None:
            profile.enable()
        run_task(db_task_result)
        if profile is not None:
            profile.disable()
        cpu.setdefault(db_task_result.task_path.rsplit(".", 1)[-1], []).append(time.process_time() - began)

    worker.run_task = timed
    with redirect_stdout(io.StringIO()):  # the console email backend's output
        worker.run()
    print(f"\n--- tasks run by a db_worker in this process ({args.finish} finishes the receipts)")
    for kind, times in sorted(cpu.items()):
        print(f"{kind:24s}: {len(times):4d} runs, median {statistics.median(times) * 1000:6.2f} ms")
    total = sum(sum(times) for times in cpu.values())
    print(f"worker CPU per submission (all runs over all submissions): {total / submissions * 1000:6.2f} ms")
    if profile is not None:
        print(f"\n--- tasks under cProfile, top {args.top} by cumulative time")
        print(top(profile, "cumulative", args.top))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200, help="measured submissions (default 200)")
    parser.add_argument("--warm", type=int, default=30, help="warm-up submissions (default 30)")
    parser.add_argument("--units", type=int, default=1, help="spread over N units of 35.* (default 1)")
    parser.add_argument("--profile", action="store_true", help="cProfile the measured submissions")
    parser.add_argument("--top", type=int, default=30, help="functions listed per profile order")
    parser.add_argument("--queries", action="store_true", help="print the SQL of one submission first")
    parser.add_argument("--dump", help="with --profile: also write the pstats file here")
    parser.add_argument(
        "--finish",
        choices=("request", "worker"),
        default="request",
        help="EPPID_RECEIPTS_FINISHED_BY: who lays out and signs the receipt (default request)",
    )
    args = parser.parse_args()

    db_name = f"eppid_bench_cpu_{os.getpid()}_{secrets.token_hex(4)}"
    data_dir = tempfile.mkdtemp(prefix="eppid-bench-cpu-")
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db_name}"')
    try:
        setup(f"{PG}/{db_name}", data_dir, args.finish)
        return measure(args)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
