"""Benchmark: add_working_days against a naive day-by-day loop, measured in the same run.

Run: .venv/bin/python bench/calendar_bench.py [--dates N] [--days 10]

It sets up Django itself on a throw-away SQLite data dir, adds a few closure days, then asks both
implementations for "N working days after D" for the same dates and checks they agree. The
naive baseline is what one writes first: walk day by day, and for every day build that year's
holidays and ask the database about a closure.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def setup_django(data_dir: str) -> None:
    os.environ["EPPID_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "eppid.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def naive_add_working_days(day: date, n: int, unit_code: str) -> date:
    import holidays
    from django.db.models import Q

    from eppid.law.models import ClosureDay

    current = day
    while n:
        current += timedelta(days=1)
        national = holidays.country_holidays("ID", years=current.year, categories=("public", "government"))
        closed = (
            ClosureDay.objects.filter(date=current)
            .filter(Q(unit_code__isnull=True) | Q(unit_code=unit_code))
            .exists()
        )
        if current.weekday() < 5 and current not in national and not closed:
            n -= 1
    return current


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dates", type=int, default=400, help="how many start dates (default 400)")
    parser.add_argument("--days", type=int, default=10, help="working days to add (default 10)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="eppid-bench-") as data_dir:
        setup_django(data_dir)
        from django.contrib.auth import get_user_model
        from rich.console import Console
        from rich.progress import Progress

        from eppid.law.calendar import WorkingCalendar, add_working_days
        from eppid.law.models import ClosureDay

        console = Console()
        user = get_user_model().objects.create_user(username="bench")
        for day, code in (
            (date(2025, 6, 10), "35.04"),
            (date(2026, 3, 25), None),
            (date(2027, 2, 3), "35.04"),
        ):
            ClosureDay.objects.create(date=day, unit_code=code, reason="bench", created_by=user)

        # Spread over 2024-2027 so every year's holidays (and the Lebaran breaks) are walked.
        span = (date(2027, 12, 31) - date(2024, 1, 1)).days
        starts = [date(2024, 1, 1) + timedelta(days=i * span // args.dates) for i in range(args.dates)]
        unit = "35.04"

        def timed(label, func):
            results = []
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task(label, total=len(starts))
                began = time.perf_counter()
                for start in starts:
                    results.append(func(start))
                    progress.advance(task)
                return results, time.perf_counter() - began

        add_working_days(starts[0], 1, unit)  # warm the holiday cache once, as a running server has it
        fast, fast_s = timed("add_working_days", lambda d: add_working_days(d, args.days, unit))
        shared = WorkingCalendar(unit)
        kept, kept_s = timed("one WorkingCalendar", lambda d: shared.add_working_days(d, args.days))
        naive, naive_s = timed("naive loop", lambda d: naive_add_working_days(d, args.days, unit))

        if not (fast == naive == kept):
            console.print("[red]results differ: the benchmark is invalid[/red]")
            return 1
        per = 1e6 / len(starts)
        console.print(f"{len(starts)} start dates, {args.days} working days each; results agree")
        console.print(f"naive day-by-day loop      : {naive_s * per:10.1f} µs per call")
        console.print(f"add_working_days           : {fast_s * per:10.1f} µs per call")
        console.print(f"one WorkingCalendar reused : {kept_s * per:10.1f} µs per call")
        console.print(f"ratio naive / add_working_days: {naive_s / fast_s:.1f}x")
        console.print(f"ratio naive / reused calendar : {naive_s / kept_s:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
