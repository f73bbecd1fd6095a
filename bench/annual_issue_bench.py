"""Benchmark: issuing the annual report (numbers, PDF, signature, XLSX/CSV, publication in the
information list) against the numbers alone and a plain COUNT(*) of the same rows.

    .venv/bin/python bench/annual_issue_bench.py [--requests 100000] [--rounds 5]

The register is ``report_bench.fill``'s (553 units, 2026) in a throwaway PostgreSQL database; a
demo PKI signs for Bawaslu RI (00) and Kabupaten Tulungagung (35.04). Interleaved round by round,
medians of: ``COUNT(*)`` of the year's requests (the baseline), ``statistics_for_unit(00,
tree)``, ``annual_report_publish(00, tree)`` (each round a new version: a re-issue), and the same
for 35.04 alone beside its own ``COUNT(*)``. The question (issue 13 item 3, decision 1410): is
the console's synchronous issue fast enough, or does it need a task? A report is issued once its
year is over with its narrative sections written (decision 1410): the sections are written and
the rounds run in January of the year after (the clock ticking, so the timings are real).
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.django_env import setup_django  # noqa: E402 - after the path
from bench.report_bench import PG, WIB, YEAR, fill  # noqa: E402


def _timed(func) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def run(args, console) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from freezegun import freeze_time
    from rich.progress import Progress

    from eppid.disclosure.models import InformationRequest
    from eppid.organisation.models import Membership, Unit
    from eppid.reports.annual_issue import annual_narrative_save, annual_report_publish
    from eppid.reports.statistics import _year_bounds, statistics_for_unit
    from eppid.signing.pki import demo_pki_init

    with Progress(console=console) as progress:
        made = fill(args.requests, progress)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    demo_pki_init(["00", "35.04"])
    national, regency = Unit.objects.get(code="00"), Unit.objects.get(code="35.04")
    ppid = get_user_model().objects.create_user(username="bench.ppid", password=secrets.token_urlsafe())
    text = dict.fromkeys(("policy", "implementation", "obstacles", "recommendations"), "Bench.")
    for unit, scope in ((national, "tree"), (regency, "unit")):
        Membership.objects.create(user=ppid, unit=unit, role="ppid")
        annual_narrative_save(unit=unit, year=YEAR, scope=scope, data=text, actor=ppid)
    start, end = _year_bounds(YEAR)
    rows = InformationRequest.objects.filter(received_at__gte=start, received_at__lt=end)
    checks = {
        "national COUNT(*)": lambda: rows.count(),
        "national statistics": lambda: statistics_for_unit(national, YEAR, "tree"),
        "national issue": lambda: annual_report_publish(unit=national, year=YEAR, scope="tree", actor=ppid),
        "unit COUNT(*)": lambda: rows.filter(unit=regency).count(),
        "unit statistics": lambda: statistics_for_unit(regency, YEAR, "unit"),
        "unit issue": lambda: annual_report_publish(unit=regency, year=YEAR, scope="unit", actor=ppid),
    }
    times = {name: [] for name in checks}
    with freeze_time(datetime(YEAR + 1, 1, 15, 9, tzinfo=WIB), tick=True):  # the year is over
        for func in checks.values():  # warm-up (and the first issue, which creates the entry)
            func()
        for _ in range(args.rounds):
            for name, func in checks.items():
                times[name].append(_timed(func))
    console.print(f"{made['requests'] + 1:,} requests ({connection.vendor}), {args.rounds} rounds")
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        baseline = medians["unit COUNT(*)" if name.startswith("unit") else "national COUNT(*)"]
        console.print(f"{name:<22} {value * 1000:>9.1f} ms {value / baseline:>8.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    import psycopg
    from rich.console import Console

    console = Console()
    dbname = f"bench_annual_{secrets.token_hex(4)}"
    with tempfile.TemporaryDirectory(prefix="eppid-bench-") as data_dir:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        try:
            setup_django(f"{PG}/{dbname}", data_dir)
            run(args, console)
        finally:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
