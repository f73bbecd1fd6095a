"""What checking an uploaded PDF in a budgeted worker process costs, next to checking it in-process.

    .venv/bin/python bench/verify_upload_bench.py [--repeat 20] [--crowded 6,7]

Builds a PDF signed like an e-PPID receipt (B-B, demo-style certificate and root), then times,
in the same run: ``verify_worker.verify`` called in this process (the baseline: what the server
did before decision 1210) and the same job through ``verify_pool`` (pipe, JSON, a reused worker).
The ratio is in-process time / worker time (target >= 0.8x). It also times starting a worker
and, for the ``--crowded`` sizes, the path-building attack of issue 10 in-process (CPU seconds),
which the worker's CPU budget cuts off.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eppid.settings")
os.environ.setdefault("EPPID_DATA_DIR", "/tmp/eppid-bench-var")  # noqa: S108 - a throwaway dev dir

import django  # noqa: E402

django.setup()

from eppid.signing import verify_pool  # noqa: E402
from eppid.signing.verify_worker import verify  # noqa: E402
from signing_support import crowded_signed_pdf, stranger_signed_pdf  # noqa: E402

JOB = {"roots": [], "cpu_seconds": 600, "memory_mb": 1024, "max_signatures": 5, "max_certificates": 100}


def timed(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--crowded", default="6,7", help="comma-separated certificate counts (8 takes ~25 s)")
    args = parser.parse_args()
    data = stranger_signed_pdf()
    pool = verify_pool.pool()
    start = time.perf_counter()
    pool.run(JOB, data, timeout=600, size=1)
    print(f"worker start and first check: {time.perf_counter() - start:.2f} s")
    in_process = timed(lambda: verify(JOB, data), args.repeat)
    worker = timed(lambda: pool.run(JOB, data, timeout=600, size=1), args.repeat)
    print(f"signed PDF, {len(data)} bytes, median of {args.repeat}:")
    ratio = in_process / worker
    print(f"  in-process {in_process * 1000:.1f} ms, worker {worker * 1000:.1f} ms, ratio {ratio:.2f}x")
    for count in [int(item) for item in args.crowded.split(",") if item]:
        crowded = crowded_signed_pdf(count)
        start = time.process_time()
        verify(JOB, crowded)
        spent = time.process_time() - start
        print(f"  crowded, {count} same-name CA certificates: {spent:.2f} s CPU in-process")
    pool.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
