"""Fault: the upload disk fills up during submissions.

    .venv/bin/python scripts/faults/disk_full.py

The stack's file directory (var/stack/data/files) is moved onto a small tmpfs (root only: mount)
with 1 MB free, then requests with ~200 KB identity scans are filed until it is full. Clients must
get 201 or a clear error; nothing may be half-stored (a request without its file or log entry).
The files are copied back to the disk afterwards.
"""

import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import Load, judge, sc, stack_up
from PIL import Image


def noisy_png(size: int = 260) -> bytes:
    image = Image.frombytes("RGB", (size, size), os.urandom(size * size * 3))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def used_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> int:
    if os.geteuid() != 0:
        print("disk_full: needs root to mount a tmpfs: SKIPPED")
        return 0
    stack_up()
    files = sc.STATE / "data" / "files"
    files.mkdir(exist_ok=True)
    keep = Path(tempfile.mkdtemp(prefix="eppid-files-"))
    shutil.copytree(files, keep, dirs_exist_ok=True)
    size_kb = used_bytes(files) // 1024 + 1024 + 64  # what is there plus about 1 MB
    mount = ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "tmpfs", str(files)]
    subprocess.run(mount, check=True)  # noqa: S603, S607 - util-linux mount from PATH
    try:
        shutil.copytree(keep, files, dirs_exist_ok=True)
        png = noisy_png()
        load = Load(30, 4, start=40_000, png=png)
        load.run()
        free = shutil.disk_usage(files).free
    finally:
        shutil.rmtree(keep)
        keep.mkdir()
        shutil.copytree(files, keep, dirs_exist_ok=True)
        subprocess.run(["umount", str(files)], check=True)  # noqa: S603, S607
        shutil.copytree(keep, files, dirs_exist_ok=True)
        shutil.rmtree(keep)
    statuses, _, _ = sc.summarise(load.answers)
    problems = [] if any(s != 201 for s in statuses) else ["the disk never filled: no refusal seen"]
    return judge("upload disk full", load.answers, problems, scan_bytes=len(png), free_bytes_at_end=free)


if __name__ == "__main__":
    sys.exit(main())
