"""What a hostile upload costs, next to a clean scan, through eppid.core.uploads.upload_inspect.

    .venv/bin/python bench/uploads_bench.py [--repeat 3]

Times, in the same run and in one process, the inspection of clean files (a one-page PDF and a
12-megapixel JPEG photo: the baseline) and of each bomb of issue 10 item 3 and its relatives.
Prints CPU seconds (best of --repeat), the growth of peak RSS, the outcome, and each file's cost
as a ratio of the clean PDF's. The bombs are built by tests/upload_bombs.py (no pixels held).
Peak RSS only grows, so it is measured in a fresh child process per file.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eppid.settings")
os.environ.setdefault("EPPID_DATA_DIR", "/tmp/eppid-bench-var")  # noqa: S108 - a throwaway dev dir


def files() -> dict:
    from PIL import Image
    from tests import upload_bombs as bombs

    photo = io.BytesIO()
    Image.linear_gradient("L").resize((4000, 3000)).convert("RGB").save(photo, format="JPEG", quality=90)
    js = b"<< /S /JavaScript /JS (app.alert(1)) >>"
    return {
        "clean one-page PDF (baseline)": bombs.pdf_text("Akta pendirian"),
        "clean 12 MP JPEG photo": photo.getvalue(),
        "PNG 7740 x 7740 (probe)": bombs.png_bomb(7740, 7740),
        "PDF of 45,000 pages (probe)": bombs.pdf_many_pages(45_000),
        "PDF lying: 45,000 pages, /Count 1": bombs.pdf_lying_count(45_000, declared=1),
        "PDF declaring 10,000,000 pages": bombs.pdf_huge_count(10_000_000),
        "PDF object stream of 200 MB": bombs.pdf_object_stream(
            [], [bombs.CATALOG, bombs.PAGES, bombs.PAGE], packed=bombs._zlib_zeros(200 << 20)
        ),
        "PDF of 49,000 objects (under the cap)": bombs.pdf_object_stream(
            [bombs.CATALOG, bombs.PAGES, bombs.PAGE], [b"<< /A [1 2 3] /B (x) >>"] * 49_000
        ),
        "PDF with JavaScript (refuse)": bombs.pdf_with(b"/OpenAction " + js + b" "),
        "PDF with JavaScript (strip)": bombs.pdf_with(b"/OpenAction " + js + b" "),
    }


def measure(name: str, repeat: int) -> dict:
    import django

    django.setup()
    from django.core.exceptions import ValidationError

    from eppid.core.uploads import upload_inspect

    content = files()[name]
    mode = "strip" if "(strip)" in name else "refuse"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        try:
            upload_inspect(content, max_bytes=len(content), active_content=mode)
            outcome = "accepted"
        except ValidationError as error:
            outcome = error.code
        best = min(best, time.process_time() - started)
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    return {"cpu": best, "rss_mb": grown, "outcome": outcome, "bytes": len(content)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.repeat)))
        return 0
    import django

    django.setup()
    results = {}
    for name in files():
        child = subprocess.run(  # noqa: S603 - this script, run again for one file
            [sys.executable, __file__, "--one", name, "--repeat", str(args.repeat)],
            capture_output=True,
            text=True,
            check=True,
        )
        results[name] = json.loads(child.stdout.strip().splitlines()[-1])
    base = results["clean one-page PDF (baseline)"]["cpu"] or 1e-9
    print(f"{'file':42} {'size':>9} {'CPU s':>8} {'x clean PDF':>12} {'+RSS MB':>8}  outcome")
    for name, row in results.items():
        print(
            f"{name:42} {row['bytes']:>9} {row['cpu']:>8.3f} {row['cpu'] / base:>12.1f} "
            f"{row['rss_mb']:>8.0f}  {row['outcome']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
