"""``requests_bench.py --finish worker``: waiting for the receipts the task workers sign, and the
rate of signed receipts (decision 1660)."""

from __future__ import annotations

import json
import time

import psycopg

from bench.server_env import server_cpu


def receipts_signed_by(db_url: str, numbers: list[str], timeout: float = 180.0):
    """Wait until every receipt of ``numbers`` is signed; the last signature's time (None: not all)."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(db_url, autocommit=True) as conn:
        while True:
            signed, last = conn.execute(
                "SELECT count(*), max(d.signed_at) FROM disclosure_informationrequest r "
                "JOIN signing_issueddocument d ON d.id = r.receipt_id "
                "WHERE d.status = 'signed' AND r.registration_number = ANY(%s)",
                [numbers],
            ).fetchone()
            if signed == len(numbers):
                return last
            if time.monotonic() > deadline:
                return None
            time.sleep(0.1)


def worker_report(db_url: str, best: dict, workers, cpu_before: float, target: float) -> float:
    """With receipts finished by task workers: the rate of signed receipts and its ratio (the
    workers' CPU counted from the end of the warm-up: with ``--repeat 1`` the measured phases')."""
    bare, api = best.values()
    numbers = [json.loads(body)["registration_number"] for body in api.bodies]
    last = receipts_signed_by(db_url, numbers)
    cpu = sum(server_cpu(worker.pid) for worker in workers) - cpu_before
    print(f"task workers' CPU per submission: {cpu / max(1, len(numbers)) * 1000:.1f} ms")
    if last is None:
        print("signed receipts: not all signed within 180 s")
        return 0.0
    seconds = (last - api.started_at).total_seconds()
    rate = len(numbers) / seconds
    ratio = rate / bare.throughput
    print(
        f"signed receipts:      {rate:9.1f}/s (the last {seconds:.2f} s after the phase began; "
        f"201s took {api.seconds:.2f} s)"
    )
    print(f"ratio (signed):       {ratio:.2f}x of the bare view (target >= {target}x)")
    return ratio
