"""Load against the stack with locust, headless, and the bare baseline in the same run (issue 14 item 4).

    .venv/bin/python bench/stack_load.py [--users 20] [--seconds 45] [--think]

Starts the stack with the load profile (scripts/stack.py up --profile load), then runs two
phases with the same number of users, both through nginx and TLS to both app servers:

1. the scenario (bench/locustfile.py: citizens browsing, searching, filing, checking status;
   staff listing and deciding, 9:1);
2. the bare views (a 10 KB page that touches nothing, 9 in 10; the bare multipart insert, 1 in 10).

Without ``--think`` users wait 0 s between tasks (capacity): the ratio of the scenario's
throughput to the bare views' is the figure the benchmarks compare. Prints throughput, p50/p95/p99
and errors per phase and per endpoint; the CSVs stay in var/stack/load/.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess  # noqa: S404 - our own scripts and locust
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
OUT = ROOT / "var" / "stack" / "load"


def phase(label: str, classes: list[str], users: int, seconds: int, think: bool) -> list[dict]:
    prefix = OUT / label
    env = {**os.environ, "LOAD_THINK": "1" if think else "0", "PYTHONPATH": f"{ROOT}:{ROOT / 'src'}"}
    subprocess.run(  # noqa: S603 - locust from our venv
        [
            str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
            "-H", "https://127.0.0.1:18443", "-u", str(users), "-r", str(max(1, users // 4)),
            "-t", f"{seconds}s", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
            *classes,
        ],
        cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def line(row: dict) -> str:
    return (
        f"{row['Name'][:46]:46}{float(row['Requests/s']):8.1f}{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
        f"{row['Request Count']:>8}{row['Failure Count']:>7}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=45)
    parser.add_argument(
        "--think", action="store_true", help="1-3 s think time (latency under a realistic load)"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603 - our own script
        [str(BIN / "python"), "scripts/stack.py", "up", "--profile", "load"], cwd=ROOT, check=True
    )
    scenario = phase("scenario", ["Citizen", "Staff"], args.users, args.seconds, args.think)
    bare = phase("bare", ["BareUser"], args.users, args.seconds, args.think)
    header = f"{'':46}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'count':>8}{'fail':>7}"
    totals = {}
    for label, rows in (("scenario", scenario), ("bare", bare)):
        print(f"--- {label} ({args.users} users, {args.seconds} s, think {'1-3 s' if args.think else '0 s'})")
        print(header)
        for row in rows:
            print(line(row))
            if row["Name"] == "Aggregated":
                totals[label] = row
    ratio = float(totals["scenario"]["Requests/s"]) / float(totals["bare"]["Requests/s"])
    print(f"ratio (throughput): scenario {ratio:.2f}x of the bare views in the same run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
