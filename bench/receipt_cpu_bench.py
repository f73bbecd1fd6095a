"""CPU per signed receipt: layout (``disclosure.papers.receipt_pdf``) and signature (``pdf_sign``).

    .venv/bin/python bench/receipt_cpu_bench.py [--repeat 40] [--profile] [--vary]

A throwaway SQLite database and data directory (migrated, the demo PKI), one saved request of
unit 35.04; then, in this process, ``--repeat`` receipts after a warm-up: each laid out with its
own leaf index and hash and signed with the unit's key (demo PKI, PAdES B-B, no timestamp
authority). Times are this process's CPU time (``time.process_time``), which a shared machine
distorts much less than wall time; the script prints the median and mean of layout, signature
and both. ``--vary`` gives every receipt another requester name, information text and received
time (the fields that differ from receipt to receipt). ``--profile`` prints cProfile's top
functions over the measured receipts. The last receipt is checked with pyHanko's validator
against the demo root (intact, valid, trusted). For a count that load does not change, run it
under ``valgrind --tool=callgrind --callgrind-out-file=... --toggle-collect=<fn>``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

NAMES = ("Siti", "Aminah", "Bambang", "Wijaya", "Nguyễn", "Hân", "Ọlá")
NAMES += ("Zulkifli", "Qory", "Xaverius", "Putri")
WORDS = ("notulen", "rapat", "pleno", "anggaran", "laporan", "pengawasan")
WORDS += ("pemilu", "2026", "daftar", "pemilih")


def setup(tmp: Path):
    from bench.django_env import setup_django

    setup_django(f"sqlite:///{tmp / 'bench.sqlite3'}", str(tmp / "var"))
    from django.conf import settings

    from eppid.signing.pki import demo_pki_init

    signing = tmp / "signing"
    settings.EPPID_SIGNING_DIR = str(signing)
    settings.EPPID_SIGNING_PASSPHRASES_FILE = str(tmp / "keys" / "signing-passphrases")
    settings.EPPID_TRUST_ROOTS = [str(signing / "demo-root.pem")]
    settings.EPPID_SIGNING_DEFAULT_CERT = ""
    settings.EPPID_TSA_URL = ""
    demo_pki_init()
    return signing


def a_request():
    from tests.disclosure_support import pdf_upload, request_data

    from eppid.disclosure.services import request_submit

    made = request_submit(data=request_data(), identity_document=pdf_upload())
    return made.request


def one(request, receipt, leaf: int):
    """(layout seconds, signature seconds, signed bytes) of one receipt."""
    from eppid.disclosure import papers
    from eppid.signing.keys import key_for_unit
    from eppid.signing.pades import pdf_sign
    from eppid.signing.selectors import verification_url

    start = time.process_time()
    pdf = papers.receipt_pdf(request, leaf_index=leaf, leaf_hash=f"{leaf:064x}")
    middle = time.process_time()
    signed = pdf_sign(
        pdf,
        key_for_unit(receipt.unit),
        unit_label=f"{receipt.unit.name} ({receipt.unit.code})",
        code=receipt.code_display,
        url=verification_url(receipt, absolute=True),
    )
    end = time.process_time()
    return middle - start, end - middle, signed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--vary", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="receipt-bench-") as tmp:
        signing = setup(Path(tmp))
        request = a_request()
        receipt = request.receipt
        one(request, receipt, 1)  # warm-up: fonts parsed, key opened, signer kept
        pick = random.Random(14)  # noqa: S311 - test data, not secrets
        profile = cProfile.Profile() if args.profile else None
        layout, signature, signed = [], [], b""
        base_time = request.received_at
        for n in range(args.repeat):
            if args.vary:
                request.name = " ".join(pick.choice(NAMES) for _ in range(3))
                request.information = " ".join(pick.choice(WORDS) for _ in range(pick.randrange(4, 30)))
                request.received_at = base_time + timedelta(minutes=n)
            if profile:
                profile.enable()
            lay, sign, signed = one(request, receipt, 100 + n)
            if profile:
                profile.disable()
            layout.append(lay)
            signature.append(sign)
        both = [a + b for a, b in zip(layout, signature, strict=True)]
        print(f"{args.repeat} receipts, CPU ms (median / mean):")
        for name, values in (("layout", layout), ("signature", signature), ("together", both)):
            median, mean = statistics.median(values) * 1000, statistics.mean(values) * 1000
            print(f"  {name:<10} {median:7.1f} / {mean:7.1f}")
        print(f"  last receipt: {len(signed)} bytes")
        from tests.signing_support import signature_status

        status = signature_status(signed, signing)
        print(f"  signature: intact={status.intact} valid={status.valid} trusted={status.trusted}")
        if profile:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(45)
            print(out.getvalue())
        return 0 if (status.intact and status.valid and status.trusted) else 1


if __name__ == "__main__":
    raise SystemExit(main())
