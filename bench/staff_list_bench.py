"""Benchmark: page 1 of the staff request list with 10,000 requests against the same with 100.

    .venv/bin/python bench/staff_list_bench.py [--small 100] [--large 10000] [--rounds 15]
        [--page-size 20] [--database sqlite|postgres]

Sets up a throwaway data dir and database (SQLite in the data dir, or a uniquely named
PostgreSQL database at 127.0.0.1:5432, user postgres, trust, dropped at the end), then gives
two units requests: ``--small`` to Kabupaten Tulungagung (35.04), ``--large`` to Kabupaten
Blitar (35.05), each read by its own PPID. The rows are bulk-inserted from one request filed
through the service (each copy encrypted for its own row; this database is thrown away, so the
transparency log is not kept for them). It then times, interleaved round by round, page 1 of
``GET /api/v1/staff/requests`` and of the console's inbox for both users, and prints the
medians and the ratio large/small, with the rows decrypted per call.

A list that pages in the database costs about the same whatever the total (target: ratio
<= 1.5x for 100x the rows); one that builds every row first grows with it (about 2 ms a row).
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.django_env import setup_django  # noqa: E402 - after the path

PG = "postgres://postgres@127.0.0.1:5432"
TARGET_RATIO = 1.5
PERSONAL = {
    "name": "Siti Aminah",
    "nik": "3504014101900001",
    "email": "siti@example.org",
    "phone": "0355 123456",
    "address": "Jl. Merdeka 1, Tulungagung",
}


def fill(unit_code: str, count: int) -> None:
    """``count`` requests of ``unit_code``: one through the service, the rest copied in bulk."""
    import logging

    from eppid.disclosure.models import InformationRequest, RequestEvent
    from eppid.disclosure.services import request_submit
    from eppid.organisation.models import Unit

    logging.getLogger("eppid.signing").setLevel(logging.ERROR)  # "left pending", every time
    data = {
        "unit": unit_code,
        "requester_type": "individual",
        **PERSONAL,
        "occupation": "Teacher",
        "information": "Minutes of the plenary meeting of 2 January 2026",
        "purpose": "Research",
        "access_method": "copy",
        "copy_format": "softcopy",
        "delivery": "email",
    }
    first = request_submit(data=data).request
    unit = Unit.objects.get(code=unit_code)
    skip = {"id", "row_id", "registration_number", "sequence", "receipt", *PERSONAL}
    values = {
        field.attname: getattr(first, field.attname)
        for field in InformationRequest._meta.concrete_fields
        if field.name not in skip
    }
    batch = []
    for sequence in range(first.sequence + 1, first.sequence + count):
        copy = InformationRequest(**values)
        copy.unit = unit
        copy.sequence = sequence
        copy.registration_number = f"{unit_code}-{first.year}-{sequence:05d}"
        for name, plain in PERSONAL.items():
            setattr(copy, name, plain)  # encrypted for this row on insert
        batch.append(copy)
    created = InformationRequest.objects.bulk_create(batch, batch_size=500)
    RequestEvent.objects.bulk_create(
        [
            RequestEvent(request=row, kind="received", at=row.received_at, status_after="received")
            for row in created
        ],
        batch_size=500,
    )


def staff_clients(unit_code: str, username: str):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from eppid.accounts.models import User
    from eppid.accounts.services import api_token_create
    from eppid.organisation.models import Membership, Unit

    user = User.objects.create_user(username=username, password=secrets.token_urlsafe(16))
    Membership.objects.create(user=user, unit=Unit.objects.get(code=unit_code), role="ppid")
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='bench')[1]}")
    console = Client()
    console.force_login(user)
    session = console.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return api, console


class DecryptCounter:
    """Counts the distinct request rows decrypted while active."""

    def __init__(self):
        self.rows: set[str] = set()

    def __enter__(self):
        from eppid.integrity import crypto

        original = crypto.decrypt

        def counting(value, *, aad):
            column, _sep, row = aad.decode().rpartition(":")
            if column.startswith("disclosure_informationrequest."):
                self.rows.add(row)
            return original(value, aad=aad)

        self._patch = mock.patch.object(crypto, "decrypt", counting)
        self._patch.start()
        return self

    def __exit__(self, *exc):
        self._patch.stop()


def timed(client, url: str, expect: int) -> tuple[float, int]:
    with DecryptCounter() as counter:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    if url.startswith("/api/"):
        assert response.json()["count"] == expect, response.json()["count"]
    return elapsed, len(counter.rows)


def print_queries(lists: dict, args) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, (url, small, large) in lists.items():
        for size, client, code in (("small", small, "35.04"), ("large", large, "35.05")):
            client.get(url.format(code=code))
            with CaptureQueriesContext(connection) as queries:
                client.get(url.format(code=code))
            print(f"--- {name}, {size}: {len(queries)} queries")
            for query in queries:
                print(f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:300]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=15, help="timed calls per list and size (default 15)")
    parser.add_argument("--page-size", type=int, default=20)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--queries", action="store_true", help="print each list's SQL with its time, once")
    args = parser.parse_args()

    dbname = f"bench_staff_list_{secrets.token_hex(4)}"
    with tempfile.TemporaryDirectory(prefix="eppid-bench-") as data_dir:
        if args.database == "postgres":
            import psycopg

            with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{dbname}"')
            db_url = f"{PG}/{dbname}"
        else:
            db_url = f"sqlite:///{data_dir}/bench.sqlite3"
        try:
            setup_django(db_url, data_dir)
            return run(args)
        finally:
            if args.database == "postgres":
                from django.db import connections

                connections.close_all()
                with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def run(args) -> int:
    from django.db import connection

    started = time.perf_counter()
    fill("35.04", args.small)
    fill("35.05", args.large)
    with connection.cursor() as cursor:  # as autovacuum would have, on a database in use
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    took = time.perf_counter() - started
    print(f"{args.small} + {args.large} requests inserted in {took:.1f} s ({connection.vendor})")
    small_api, small_console = staff_clients("35.04", "ppid-small")
    large_api, large_console = staff_clients("35.05", "ppid-large")
    api_url = f"/api/v1/staff/requests?page_size={args.page_size}"
    lists = {
        "API": (api_url, small_api, large_api),
        "console inbox": ("/en/office/units/{code}/requests/", small_console, large_console),
    }
    if args.queries:
        print_queries(lists, args)
    results = {}
    for name, (url, small, large) in lists.items():
        small_url, large_url = url.format(code="35.04"), url.format(code="35.05")
        timed(small, small_url, args.small)  # warm-up: first use of the token and the session
        timed(large, large_url, args.large)
        times = {"small": [], "large": []}
        rows = {}
        for _ in range(args.rounds):
            for size, client, target, expect in (
                ("small", small, small_url, args.small),
                ("large", large, large_url, args.large),
            ):
                elapsed, decrypted = timed(client, target, expect)
                times[size].append(elapsed)
                rows[size] = decrypted
        results[name] = (statistics.median(times["small"]), statistics.median(times["large"]), rows)
    ok = True
    print(f"page 1 ({args.page_size} a page on the API, the inbox's own size), {args.rounds} rounds")
    small_head, large_head = f"median {args.small}", f"median {args.large}"
    print(f"{'list':<14} {small_head:>12} {large_head:>14} {'ratio':>7}  rows decrypted")
    for name, (small, large, rows) in results.items():
        ratio = large / small
        ok = ok and ratio <= TARGET_RATIO
        print(
            f"{name:<14} {small * 1000:>9.1f} ms {large * 1000:>11.1f} ms {ratio:>6.2f}x  "
            f"{rows['small']} / {rows['large']}"
        )
    print(f"{'PASS' if ok else 'FAIL'}: target ratio <= {TARGET_RATIO}x")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
