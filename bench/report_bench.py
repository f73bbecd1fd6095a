"""Benchmark: the statistics of a unit and of the nation against a plain COUNT(*) of the same rows.

    .venv/bin/python bench/report_bench.py [--requests 1000000] [--rounds 15]
        [--database postgres|sqlite] [--keep] [--reuse DATABASE]

``--keep`` keeps the generated PostgreSQL database (its name is printed); ``--reuse`` times again
on it after migrating it, to compare code before and after a change on the same data.

Sets up a throwaway data dir and database (a uniquely named PostgreSQL database at
127.0.0.1:5432, user postgres, trust, dropped at the end; or SQLite in the data dir), then fills
the register of 2026 for the 553 units: ``--requests`` requests spread over every unit and the
working days of the year, about 70% decided (outcomes and exemption grounds mixed), 5%
withdrawn, 5% forwarded, the rest open; an objection on a third of the refusals, a dispute on a
tenth of those. One request and one objection go through the services; the rest are copies
inserted in bulk without personal data (this database is thrown away, so the transparency log is
not kept for them). The satisfaction survey is not built yet, so it holds no answers.

It then times, interleaved round by round, medians of:

- ``COUNT(*)`` of one regency's requests of the year (the baseline for a unit),
- ``statistics_for_unit`` of that regency (scope ``unit``),
- its public statistics page (``/en/units/35.04/statistik/``, through the test client),
- ``COUNT(*)`` of every request of the year (the baseline for the nation),
- ``statistics_for_unit`` of Bawaslu RI with every unit (scope ``tree``): the numbers of the
  national annual report in JSON.

Targets (issue 13 item 6): a unit's page under 50 ms; the national numbers under 2 s.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.django_env import setup_django  # noqa: E402 - after the path

PG = "postgres://postgres@127.0.0.1:5432"
WIB = ZoneInfo("Asia/Jakarta")
YEAR = 2026
UNIT_TARGET_S, NATIONAL_TARGET_S = 0.050, 2.0
BATCH = 5_000
OUTCOMES = ("granted", "granted", "granted", "partially_granted", "rejected", "not_held")
EXEMPTIONS = tuple("abcdefghij")
STATES = ((0.70, "completed"), (0.75, "withdrawn"), (0.80, "forwarded"), (1.01, "in_progress"))


def _templates():
    """One request decided (rejected) and one objection on it, through the services."""
    import logging

    from django.contrib.auth import get_user_model
    from django.urls import get_resolver
    from freezegun import freeze_time

    from eppid.disclosure.services import request_decide, request_start, request_submit
    from eppid.objections.services import objection_file
    from eppid.organisation.models import Membership, Unit

    logging.getLogger("eppid.signing").setLevel(logging.ERROR)  # "left pending", every time
    get_resolver().url_patterns  # noqa: B018 - load the API schemas before freezegun fakes datetime
    user = get_user_model().objects.create_user(username="bench-ppid", password=secrets.token_urlsafe(16))
    Membership.objects.create(user=user, unit=Unit.objects.get(code="35.04"), role="ppid")
    data = {
        "unit": "35.04",
        "requester_type": "individual",
        "name": "Siti Aminah",
        "nik": "3504014101900001",
        "email": "bench@example.org",
        "phone": "0355 1",
        "address": "Jl. Bench 1",
        "occupation": "Teacher",
        "information": "Minutes of the plenary meeting",
        "purpose": "Research",
        "access_method": "copy",
        "copy_format": "softcopy",
        "delivery": "email",
    }
    with freeze_time(datetime(YEAR, 3, 2, 10, tzinfo=WIB)):
        result = request_submit(data=data)
    with freeze_time(datetime(YEAR, 3, 4, 10, tzinfo=WIB)):
        request_start(request=result.request, actor=user)
        request_decide(
            request=result.request, actor=user, outcome="rejected", explanation="x", exemption_basis="h"
        )
    with freeze_time(datetime(YEAR, 3, 9, 10, tzinfo=WIB)):
        objection = objection_file(
            registration_number=result.request.registration_number,
            tracking_code=result.tracking_code,
            ground="a",
            statement="x",
        ).objection
    return user, result.request, objection


def _values(row, skip: set[str]) -> dict:
    return {
        field.attname: getattr(row, field.attname)
        for field in type(row)._meta.concrete_fields
        if field.name not in skip
    }


def fill(count: int, progress) -> dict:
    from eppid.disclosure.models import Decision, InformationRequest
    from eppid.law.calendar import WorkingCalendar
    from eppid.objections.models import Dispute, Objection
    from eppid.organisation.models import Unit

    rng = random.Random(13)  # noqa: S311 - test data, not secrets
    user, template, objection_template = _templates()
    units = list(Unit.objects.order_by("code").values_list("pk", "code"))
    calendar = WorkingCalendar(None)
    days = [
        day
        # To 7 October: every later step (decision, objection, dispute) is then in the past.
        for day in (date(YEAR, 1, 1) + timedelta(days=n) for n in range(280))
        if calendar.is_working_day(day)
    ]
    request_skip = {"id", "row_id", "registration_number", "sequence", "receipt", "unit", "forwarded_from"}
    personal = {"name", "nik", "email", "phone", "address"}
    request_values = _values(template, request_skip | personal)
    objection_skip = {"id", "row_id", "number", "sequence", "receipt", "response", "unit", "request"}
    objection_values = _values(objection_template, objection_skip | personal)
    sequences = {code: 1 for _pk, code in units}  # the template took 35.04's first number
    task = progress.add_task("requests", total=count)
    made = {"requests": 0, "decisions": 0, "objections": 0, "disputes": 0}
    objection_sequences = dict.fromkeys(sequences, 1)
    while made["requests"] < count:
        size = min(BATCH, count - made["requests"])
        rows, plans = [], []
        for _ in range(size):
            unit_pk, code = units[rng.randrange(len(units))]
            sequences[code] += 1
            day = days[rng.randrange(len(days))]
            received_at = datetime.combine(day, clock(8 + rng.randrange(8), rng.randrange(60)), tzinfo=WIB)
            roll = rng.random()
            status = (
                "completed"
                if roll < 0.70
                else "withdrawn"
                if roll < 0.75
                else "forwarded"
                if roll < 0.80
                else "in_progress"
            )
            rows.append(
                InformationRequest(
                    **{
                        **request_values,
                        "unit_id": unit_pk,
                        "sequence": sequences[code],
                        "registration_number": f"{code}-{YEAR}-{sequences[code]:07d}",
                        "received_at": received_at,
                        "received_on": day,
                        "due_date": day + timedelta(days=14),
                        "original_due_date": day + timedelta(days=14),
                        "status": status,
                    }
                )
            )
            plans.append((code, received_at, status))
        created = InformationRequest.objects.bulk_create(rows, batch_size=1000)
        decisions, objections = [], []
        for row, (code, received_at, status) in zip(created, plans, strict=True):
            if status != "completed":
                continue
            outcome = OUTCOMES[rng.randrange(len(OUTCOMES))]
            refused = outcome in ("rejected", "partially_granted")
            decided_at = received_at + timedelta(days=rng.randrange(0, 21), hours=rng.randrange(0, 6))
            decisions.append(
                Decision(
                    request=row,
                    outcome=outcome,
                    exemption_basis=EXEMPTIONS[rng.randrange(len(EXEMPTIONS))] if refused else "",
                    held_by="KPU" if outcome == "not_held" else "",
                    decided_at=decided_at,
                    decided_by=user,
                )
            )
            if refused and rng.random() < 1 / 3:
                objection_sequences[code] += 1
                filed = decided_at + timedelta(days=rng.randrange(1, 10))
                decided = rng.random() < 0.8
                objections.append(
                    Objection(
                        **{
                            **objection_values,
                            "unit_id": row.unit_id,
                            "request": row,
                            "sequence": objection_sequences[code],
                            "number": f"KEB-{code}-{YEAR}-{objection_sequences[code]:06d}",
                            "received_at": filed,
                            "received_on": filed.date(),
                            "due_date": filed.date() + timedelta(days=40),
                            "status": "decided" if decided else "received",
                            "outcome": ("dismissed" if rng.random() < 0.6 else "upheld") if decided else "",
                        }
                    )
                )
        Decision.objects.bulk_create(decisions, batch_size=1000)
        created_objections = Objection.objects.bulk_create(objections, batch_size=1000)
        disputes = [
            Dispute(
                objection=objection,
                commission="province",
                commission_name="KI Provinsi",
                filed_on=objection.received_on + timedelta(days=20),
                stage=("filed", "mediation", "adjudication", "closed")[rng.randrange(4)],
            )
            for objection in created_objections
            if objection.outcome == "dismissed" and rng.random() < 0.3
        ]
        Dispute.objects.bulk_create(disputes, batch_size=1000)
        made["requests"] += size
        made["decisions"] += len(decisions)
        made["objections"] += len(objections)
        made["disputes"] += len(disputes)
        progress.advance(task, size)
    return made


def median_of(func, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def run(args, console) -> int:
    from django.core.serializers.json import DjangoJSONEncoder
    from django.db import connection
    from django.test import Client
    from rich.progress import Progress

    from eppid.disclosure.models import InformationRequest
    from eppid.organisation.models import Unit
    from eppid.reports.annual import annual_report_build
    from eppid.reports.statistics import _year_bounds, statistics_for_unit

    started = time.perf_counter()
    if not args.reuse:
        with Progress(console=console) as progress:
            made = fill(args.requests, progress)
        with connection.cursor() as cursor:  # as autovacuum would have, on a database in use
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        console.print(
            f"{made['requests'] + 1:,} requests, {made['decisions'] + 1:,} decisions, "
            f"{made['objections'] + 1:,} objections, {made['disputes']:,} disputes over 553 units "
            f"inserted in {time.perf_counter() - started:.1f} s ({connection.vendor})"
        )
    regency, national = Unit.objects.get(code="35.04"), Unit.objects.get(code="00")
    start, end = _year_bounds(YEAR)
    year_rows = InformationRequest.objects.filter(received_at__gte=start, received_at__lt=end)
    client = Client()
    page = f"/en/units/35.04/statistik/?year={YEAR}&scope=unit"
    assert client.get(page).status_code == 200  # warm-up: templates, translations
    checks = {
        "unit COUNT(*)": lambda: year_rows.filter(unit=regency).count(),
        "unit statistics": lambda: statistics_for_unit(regency, YEAR, "unit"),
        "unit page": lambda: client.get(page),
        "national COUNT(*)": lambda: year_rows.count(),
        "national statistics": lambda: statistics_for_unit(national, YEAR, "tree"),
        # What `annual_report --unit 00 --scope tree --format json` does: the document, serialised.
        "national annual report JSON": lambda: json.dumps(
            annual_report_build(national, YEAR, "tree"), cls=DjangoJSONEncoder, ensure_ascii=False
        ),
    }
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(checks["unit statistics"])
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    stats = statistics_for_unit(national, YEAR, "tree")
    unit_rows = year_rows.filter(unit=regency).count()
    console.print(
        f"35.04 holds {unit_rows:,} requests of {YEAR}; the nation {stats['requests']['received']:,}"
    )
    ok = _timed_table(checks, args.rounds, console)
    if args.try_index:
        # The experiment for the next step: the same measures with an index on (unit, received_at).
        with connection.cursor() as cursor:
            for table in ("disclosure_informationrequest", "objections_objection"):
                index = f'"bench_{table}_received" ON "{table}" ("unit_id", "received_at")'
                cursor.execute(f"CREATE INDEX {index}")
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        console.print("with an index on (unit, received_at) of requests and objections:")
        ok = _timed_table(checks, args.rounds, console)
    return 0 if ok else 1


def _timed_table(checks: dict, rounds: int, console) -> bool:
    from rich.progress import Progress

    times = {name: [] for name in checks}
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("timing", total=rounds * len(checks))
        for _ in range(rounds):
            for name, func in checks.items():
                times[name].append(median_of(func, 1))
                progress.advance(task)
    medians = {name: statistics.median(values) for name, values in times.items()}
    console.print(f"{'measure':<28} {'median':>10} {'x baseline':>11}")
    for name in checks:
        baseline = "unit COUNT(*)" if name.startswith("unit") else "national COUNT(*)"
        ratio = medians[name] / medians[baseline]
        console.print(f"{name:<28} {medians[name] * 1000:>7.1f} ms {ratio:>10.1f}x")
    ok = (
        medians["unit page"] < UNIT_TARGET_S
        and medians["national statistics"] < NATIONAL_TARGET_S
        and medians["national annual report JSON"] < NATIONAL_TARGET_S
    )
    console.print(
        f"{'PASS' if ok else 'FAIL'}: unit page < {UNIT_TARGET_S * 1000:.0f} ms, national statistics and "
        f"national annual report JSON < {NATIONAL_TARGET_S:.0f} s ({rounds} rounds)"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=15, help="timed calls per measure (default 15)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--profile", action="store_true", help="profile one unit statistics call")
    parser.add_argument(
        "--try-index", action="store_true", help="then time again with an index on (unit, received_at)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database (name printed)")
    parser.add_argument("--reuse", metavar="DATABASE", help="time again on a database kept with --keep")
    args = parser.parse_args()
    from rich.console import Console

    console = Console()
    dbname = args.reuse or f"bench_report_{secrets.token_hex(4)}"
    keep = args.keep or bool(args.reuse)
    with tempfile.TemporaryDirectory(prefix="eppid-bench-") as data_dir:
        if args.database == "postgres":
            import psycopg

            if not args.reuse:
                with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                    conn.execute(f'CREATE DATABASE "{dbname}"')
            console.print(f"database {dbname}")
            db_url = f"{PG}/{dbname}"
        else:
            db_url = f"sqlite:///{data_dir}/bench.sqlite3"
        try:
            setup_django(db_url, data_dir)
            return run(args, console)
        finally:
            if args.database == "postgres" and not keep:
                from django.db import connections

                connections.close_all()
                with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
