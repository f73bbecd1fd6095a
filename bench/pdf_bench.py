"""How long a receipt takes to render with the embedded Unicode fonts, next to the PDF core font.

    .venv/bin/python bench/pdf_bench.py [--repeat 30]

Renders the receipt of a request (``disclosure.papers.receipt_pdf``, unsigned: signing is timed
elsewhere) in two cases: a requester who writes in Latin letters, and one whose address and
request mix Arabic (Jawi), Chinese and typographic punctuation. The baseline, measured in the same
run, is the same document built with fpdf2's core font Helvetica (the builder before decision
1231: Latin-1 only, everything else transliterated or "?"). Times are this process's CPU time
(medians over ``--repeat`` renders, after one warm-up render that parses the fonts), which a shared
machine distorts less than wall time. The ratio is Unicode / core font (lower is better). Rows
marked * give every receipt another requester (names drawn from a list; in the mixed case four
other Chinese characters each time, so the cut-down Chinese font kept by pdf_fonts never fits:
the worst case).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eppid.settings")
os.environ.setdefault("EPPID_DATA_DIR", "/tmp/eppid-bench-var")  # noqa: S108 - a throwaway dev dir

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from eppid.disclosure.models import InformationRequest  # noqa: E402
from eppid.disclosure.papers import receipt_pdf  # noqa: E402
from eppid.organisation.models import Unit  # noqa: E402
from eppid.signing import pdf as builder  # noqa: E402
from eppid.signing.pdf_fonts import FontPlan, latin1_text  # noqa: E402

NAMES = ["Siti", "Aminah", "Bambang", "Wijaya", "Nguyễn", "Hân", "Ọlá", "Zulkifli", "Qory", "Xaverius", "Ėkā"]
CASES = {
    "latin": {
        "address": "Jl. Merdeka 1, Tulungagung",
        "information": "Minutes of the plenary of 2 January 2026",
    },
    "mixed": {
        "address": "جالن مرديكا ١٢، تولوڠاݢوڠ / 北京市朝阳区",
        "information": "Notulen “rapat pleno” 2 Januari 2026 — 会议记录",
    },
}


def request_for(case: str) -> InformationRequest:
    return InformationRequest(
        unit=Unit(code="35.04", name="Bawaslu Kabupaten Tulungagung"),
        registration_number="35.04-2026-00042",
        received_at=timezone.now(),
        received_on=date(2026, 3, 2),
        due_date=date(2026, 3, 16),
        channel="online",
        name="Siti Aminah",
        requester_type="individual",
        purpose="Penelitian",
        access_method="copy",
        copy_format="softcopy",
        delivery="email",
        **CASES[case],
    )


@contextmanager
def core_font():
    """The builder as it was: Helvetica, Latin-1 text, no font files."""

    class Latin1Printer:
        def text(self, value):
            return latin1_text(value).replace("\r", "")

        def plan(self):
            return FontPlan([], frozenset())

    with (
        mock.patch.object(builder, "TextPrinter", Latin1Printer),
        mock.patch.object(builder, "font_add", lambda *args: None),
        mock.patch.object(builder, "fonts_fresh_for_output", lambda doc: None),
        mock.patch.object(builder, "FONT", "Helvetica"),
    ):
        yield


def cpu_median(request, repeat: int, vary: bool = False) -> tuple[float, int]:
    size = len(receipt_pdf(request, leaf_index=1, leaf_hash="ab" * 32))  # warm-up: fonts parsed once
    times = []
    pick = random.Random(1230)  # noqa: S311 - test data, not secrets
    for _ in range(repeat):
        if vary:  # another requester: another name, other Chinese characters
            request.name = " ".join(pick.choice(NAMES) for _ in range(3))
            request.information = CASES["mixed" if "会" in request.information else "latin"]["information"]
            if "会" in request.information:
                request.information += " " + "".join(chr(pick.randrange(0x4E00, 0x9FA5)) for _ in range(4))
        start = time.process_time()
        receipt_pdf(request, leaf_index=1, leaf_hash="ab" * 32)
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    print(f"{'case':<7} {'core font ms':>13} {'bytes':>7} {'unicode ms':>11} {'bytes':>7} {'ratio':>6}")
    for case in CASES:
        request = request_for(case)
        with core_font():
            base, base_size = cpu_median(request, args.repeat)
        new, new_size = cpu_median(request, args.repeat)
        print(f"{case:<7} {base:>13.1f} {base_size:>7} {new:>11.1f} {new_size:>7} {new / base:>5.2f}x")
        varied, _size = cpu_median(request_for(case), args.repeat, vary=True)
        row = f"{case + '*':<7} {base:>13.1f} {base_size:>7} {varied:>11.1f} {new_size:>7}"
        print(f"{row} {varied / base:>5.2f}x")
    print("*: every receipt for another requester (other names; other Chinese characters in mixed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
