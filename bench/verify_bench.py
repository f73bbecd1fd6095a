"""How fast verify_integrity's chain check is, next to plain hashlib SHA-256 over the same bytes.

    .venv/bin/python bench/verify_bench.py [--entries 1000000]

Builds N synthetic log entries in memory (RFC 8785 text of the same shape and size as real ones,
with their leaf and chain hashes), then times, in the same run: SHA-256 of each entry's bytes
(the floor), and ``chain_findings`` - the check that recomputes every leaf and chain hash. The
ratio is floor time / verify time (target >= 0.3x). Reading the rows from the database is not
timed: it depends on the database, not on this code.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eppid.settings")
os.environ.setdefault("EPPID_DATA_DIR", "/tmp/eppid-bench-var")  # noqa: S108 - a throwaway dev dir

import django  # noqa: E402

django.setup()

from eppid.integrity.log import GENESIS  # noqa: E402
from eppid.integrity.verification import chain_findings  # noqa: E402

ACTIONS = ("create", "update", "delete", "login", "token_use")


def synthetic_rows(count: int) -> list[tuple[int, str, str, str]]:
    rows = []
    prev = GENESIS
    sha256 = hashlib.sha256
    for seq in range(count):
        content = sha256(seq.to_bytes(8, "big")).hexdigest()
        # Keys in RFC 8785 order (sorted), no spaces: the bytes log_append would produce.
        canonical = (
            f'{{"action":"{ACTIONS[seq % 5]}","actor":"user:{seq % 997}","content_sha256":"{content}",'
            f'"file_sha256":[],"object_id":"{seq // 3}","object_type":"organisation.UnitProfile",'
            f'"prev_chain":"{prev.hex()}","role":"unit_admin","seq":{seq},'
            f'"time":"2026-11-29T03:00:00.{seq % 1000000:06d}Z"}}'
        )
        leaf = sha256(b"\x00" + canonical.encode()).digest()
        chain = sha256(prev + leaf).digest()
        rows.append((seq, canonical, leaf.hex(), chain.hex()))
        prev = chain
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument(
        "--repeat", type=int, default=3, help="best of N interleaved runs (shared machines are noisy)"
    )
    args = parser.parse_args()

    rows = synthetic_rows(args.entries)
    payloads = [row[1].encode() for row in rows]
    total_bytes = sum(len(payload) for payload in payloads)

    floor = verify = float("inf")
    for _ in range(max(1, args.repeat)):
        start = time.perf_counter()
        for payload in payloads:
            hashlib.sha256(payload).digest()
        floor = min(floor, time.perf_counter() - start)

        start = time.perf_counter()
        findings = list(chain_findings(rows))
        verify = min(verify, time.perf_counter() - start)
        if findings:
            print(f"unexpected findings: {findings[:3]}", file=sys.stderr)
            return 1

    print(f"entries:          {args.entries:,} ({total_bytes / 1e6:.1f} MB), best of {args.repeat}")
    print(f"hashlib SHA-256:  {floor:.3f} s  ({args.entries / floor:,.0f} entries/s)")
    print(f"verify (chain):   {verify:.3f} s  ({args.entries / verify:,.0f} entries/s)")
    print(f"ratio:            {floor / verify:.2f}x of plain hashlib (target >= 0.30x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
