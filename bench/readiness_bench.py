"""Benchmark: readiness for the yearly assessment (issue 13 item 5), a unit and the nation, against
a plain COUNT(*) of the same rows.

    .venv/bin/python bench/readiness_bench.py [--requests 100000] [--entries 50000] [--rounds 9]

A throwaway PostgreSQL database (as ``report_bench``): the register of 2026 filled by
``report_bench.fill`` (``--requests`` over the 553 units), then ``--entries`` published entries of
the information list of 2026 spread over the units and the checklist types (bulk copies, no
documents, no log: the database is thrown away). Medians, interleaved round by round, of:

- ``COUNT(*)`` of 35.04's published entries of the year (the baseline for a unit),
- ``readiness_for(35.04, 2026, "unit")``, and its public page ``/en/units/35.04/kesiapan/``,
- ``COUNT(*)`` of every published entry of the year (the baseline for the nation),
- ``readiness_for(00, 2026, "tree")``: the national roll-up of 553 units.
"""

from __future__ import annotations

import argparse
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.django_env import setup_django  # noqa: E402 - after the path
from bench.report_bench import PG, fill, median_of  # noqa: E402

YEAR = 2026
WIB = ZoneInfo("Asia/Jakarta")


def fill_entries(count: int) -> None:
    from django.db import connection

    from eppid.catalog.models import EntryVersion, InformationEntry, InformationType
    from eppid.organisation.models import Unit

    rng = random.Random(5)  # noqa: S311 - test data
    units = list(Unit.objects.all())
    types = list(InformationType.objects.all())
    for offset in range(0, count, 5000):
        size = min(5000, count - offset)
        chosen = [(rng.choice(units), rng.choice(types)) for _ in range(size)]
        moments = [
            datetime(YEAR, rng.randint(1, 11), rng.randint(1, 28), 10, tzinfo=WIB) for _ in range(size)
        ]
        entries = InformationEntry.objects.bulk_create(
            [
                InformationEntry(unit=unit, status="published", published_at=when, first_published_at=when)
                for (unit, _kind), when in zip(chosen, moments, strict=True)
            ]
        )
        versions = EntryVersion.objects.bulk_create(
            [
                EntryVersion(
                    entry=entry,
                    version=1,
                    status="published",
                    title=f"Entri {entry.pk}",
                    summary="Ringkasan",
                    category=kind.category,
                    year=YEAR,
                    info_type=kind,
                    holder="PPID",
                    responsible="PPID",
                    made_on=date(YEAR, 1, 2),
                    made_place="Kota",
                    format="PDF",
                    retention="5 tahun",
                    published_at=entry.published_at,
                )
                for entry, (_unit, kind) in zip(entries, chosen, strict=True)
            ]
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE catalog_informationentry SET current_id = %s WHERE id = %s",
                [(version.pk, entry.pk) for entry, version in zip(entries, versions, strict=True)],
            )


def run(args, console) -> int:
    from django.db import connection
    from django.test import Client
    from rich.progress import Progress

    from eppid.catalog.models import InformationEntry
    from eppid.organisation.models import Unit
    from eppid.reports.readiness import readiness_for

    started = time.perf_counter()
    with Progress(console=console) as progress:
        fill(args.requests, progress)
    fill_entries(args.entries)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    console.print(
        f"{args.requests:,} requests and {args.entries:,} entries "
        f"inserted in {time.perf_counter() - started:.1f} s"
    )
    regency, national = Unit.objects.get(code="35.04"), Unit.objects.get(code="00")
    rows = InformationEntry.objects.filter(status="published", current__year=YEAR)
    client = Client()
    page = f"/en/units/35.04/kesiapan/?year={YEAR}"
    assert client.get(page).status_code == 200
    checks = {
        "unit COUNT(*)": lambda: rows.filter(unit=regency).count(),
        "unit readiness": lambda: readiness_for(regency, YEAR, "unit"),
        "unit page": lambda: client.get(page),
        "national COUNT(*)": lambda: rows.count(),
        "national readiness": lambda: readiness_for(national, YEAR, "tree"),
    }
    times = {name: [] for name in checks}
    for _ in range(args.rounds):
        for name, func in checks.items():
            times[name].append(median_of(func, 1))
    medians = {name: statistics.median(values) for name, values in times.items()}
    console.print(f"35.04 holds {rows.filter(unit=regency).count():,} entries; the nation {rows.count():,}")
    console.print(f"{'measure':<22} {'median':>10} {'x baseline':>11}")
    for name in checks:
        baseline = "unit COUNT(*)" if name.startswith("unit") else "national COUNT(*)"
        console.print(
            f"{name:<22} {medians[name] * 1000:>7.1f} ms {medians[name] / medians[baseline]:>10.1f}x"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    import psycopg
    from rich.console import Console

    console = Console()
    dbname = f"bench_readiness_{secrets.token_hex(4)}"
    with tempfile.TemporaryDirectory(prefix="eppid-bench-") as data_dir:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        try:
            setup_django(f"{PG}/{dbname}", data_dir)
            return run(args, console)
        finally:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
