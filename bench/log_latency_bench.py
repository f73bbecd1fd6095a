"""The latency the transparency log adds to a request submission, on PostgreSQL.

    .venv/bin/python bench/log_latency_bench.py [--submissions 300] [--blocks 6] [--profile on|off]
        [--signing on|off] [--queries]

Creates a fresh PostgreSQL database (127.0.0.1:5432, user postgres, trust; unique name, dropped
at the end) and a throwaway data dir, migrates, then times ``request_submit`` in this process
with the same data (an individual with a small PNG identity document), alternating blocks with
the log active and with the log suppressed, so both see the same machine load. It prints the
median and mean per submission of both, the overhead of the log and PASS/FAIL against 20 %.
With ``--signing on`` (the default) the demo PKI signs every receipt, as in production; ``off``
leaves the receipts pending (no certificate), which shows what signing costs.

The log is suppressed only here, by monkeypatching: the audit receivers' ``_append_record``
becomes a no-op (no content hash, no lock, no entry, no tree node), and ``request_submit``'s
look-up of its creation entry returns a placeholder. The product has no switch for this. The
script checks that the log grew by exactly nothing while suppressed.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
PG = "postgres://postgres@127.0.0.1:5432"
TARGET_OVERHEAD = 0.20

DATA = {
    "unit": "35.04",
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
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (160, 100), "white")
    draw = ImageDraw.Draw(image)
    for i in range(0, 160, 8):
        draw.line((i, 0, 160 - i, 100), fill=(i, 80, 200 - i))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@contextmanager
def transparency_log_suppressed():
    """For this benchmark only: saves of audited models append nothing to the log."""
    from eppid.disclosure.services import submit
    from eppid.integrity import signals

    placeholder = SimpleNamespace(seq=-1, leaf_hash="")
    with (
        mock.patch.object(signals, "_append_record", lambda *args: None),
        mock.patch.object(submit, "save_logged", lambda obj, **kwargs: (obj.save(**kwargs), placeholder)[1]),
        mock.patch.object(signals.LogBatch, "entry_for", lambda self, obj: placeholder),
    ):
        yield


def setup_django(db_url: str, data_dir: str, signing: bool) -> None:
    if signing:
        os.environ["EPPID_SIGNING_DEFAULT_CERT"] = "unit-35.04"
    else:
        os.environ.pop("EPPID_SIGNING_DEFAULT_CERT", None)
    from django.core.management import call_command

    from bench.django_env import setup_django as django_env_setup

    django_env_setup(db_url, data_dir)
    if signing:
        call_command("init_demo_pki", verbosity=0, stdout=io.StringIO())
    else:
        logging.getLogger("eppid.signing").setLevel(logging.ERROR)  # "left pending", every time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=300, help="per mode (default 300)")
    parser.add_argument("--blocks", type=int, default=6, help="alternating blocks per mode (default 6)")
    parser.add_argument(
        "--profile", choices=("on", "off"), help="profile one mode with pyinstrument instead of timing"
    )
    parser.add_argument(
        "--signing", choices=("on", "off"), default="on", help="sign the receipts (default on)"
    )
    parser.add_argument("--queries", action="store_true", help="print the SQL of one submission per mode")
    args = parser.parse_args()

    db_name = f"eppid_bench_log_{os.getpid()}_{secrets.token_hex(4)}"
    db_url = f"{PG}/{db_name}"
    data_dir = tempfile.mkdtemp(prefix="eppid-bench-")
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db_name}"')
    try:
        setup_django(db_url, data_dir, args.signing == "on")
        return measure(args)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)


def profile(args, submit_once) -> int:
    """pyinstrument when installed (it is not a dependency), else cProfile's cumulative top 45."""
    suppress = transparency_log_suppressed if args.profile == "off" else contextmanager(lambda: (yield))
    try:
        from pyinstrument import Profiler
    except ImportError:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        with suppress():
            profiler.enable()
            for _ in range(args.submissions):
                submit_once()
            profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        return 0
    profiler = Profiler(interval=0.0005)
    with suppress(), profiler:
        for _ in range(args.submissions):
            submit_once()
    profiler.print(show_all=False)
    return 0


def measure(args) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from eppid.disclosure.services import request_submit
    from eppid.integrity.models import LogEntry

    png = small_png()
    cpu: dict[str, list[float]] = {"on": [], "off": []}

    def submit_once(mode: str = "on") -> float:
        upload = SimpleUploadedFile("ktp.png", png, content_type="image/png")
        began, began_cpu = time.perf_counter(), time.process_time()
        made = request_submit(data=DATA, identity_document=upload)
        took = time.perf_counter() - began
        cpu[mode].append(time.process_time() - began_cpu)
        if made.receipt.is_signed != (args.signing == "on"):
            raise SystemExit(f"receipt {made.receipt.status} with --signing {args.signing}: invalid run")
        return took

    for _ in range(20):  # warm caches (keys, holidays, translations) and the connection
        submit_once()
        with transparency_log_suppressed():
            submit_once()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    queries = {}
    for mode in ("on", "off"):
        with CaptureQueriesContext(connection) as captured:
            if mode == "off":
                with transparency_log_suppressed():
                    submit_once()
            else:
                submit_once()
        queries[mode] = captured.captured_queries
    if args.queries:
        for mode, captured in queries.items():
            print(f"--- log {mode}: {len(captured)} queries")
            for query in captured:
                print(f"{float(query['time']) * 1000:6.2f} ms  {query['sql'][:150]}")

    if args.profile:
        return profile(args, submit_once)

    times: dict[str, list[float]] = {"on": [], "off": []}
    per_block = max(1, args.submissions // args.blocks)
    for _ in range(args.blocks):
        for mode in ("on", "off"):
            before = LogEntry.objects.count()
            if mode == "off":
                with transparency_log_suppressed():
                    times[mode].extend(submit_once(mode) for _ in range(per_block))
                if LogEntry.objects.count() != before:
                    print("the log grew while suppressed: the measurement is invalid", file=sys.stderr)
                    return 1
            else:
                times[mode].extend(submit_once(mode) for _ in range(per_block))
                if LogEntry.objects.count() < before + 2 * per_block:
                    print("the log did not grow by two entries per submission", file=sys.stderr)
                    return 1

    per_mode = args.blocks * per_block
    cpu = {mode: values[-per_mode:] for mode, values in cpu.items()}  # the timed blocks only
    on, off = statistics.median(times["on"]), statistics.median(times["off"])
    overhead = (on - off) / off
    print(f"{len(times['on'])} submissions per mode in {args.blocks} alternating blocks, PostgreSQL")
    counts = {mode: len(captured) for mode, captured in queries.items()}
    print(f"queries per submission: {counts['off']} with the log suppressed, {counts['on']} with it")
    for mode, label in (("off", "log suppressed"), ("on", "log active")):
        values = times[mode]
        print(
            f"{label:15}: median {statistics.median(values) * 1000:7.2f} ms, "
            f"mean {statistics.fmean(values) * 1000:7.2f} ms per submission; "
            f"CPU of this process median {statistics.median(cpu[mode]) * 1000:7.2f} ms"
        )
    verdict = "PASS" if overhead < TARGET_OVERHEAD else "FAIL"
    target = f"target < {TARGET_OVERHEAD * 100:.0f} %"
    print(f"overhead       : {overhead * 100:+.1f} % (median; {target}) {verdict}")
    cpu_on, cpu_off = statistics.median(cpu["on"]), statistics.median(cpu["off"])
    share = (cpu_on - cpu_off) / cpu_off * 100
    print(f"CPU overhead   : {share:+.1f} % (median CPU of this process; PostgreSQL's share is not in it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
