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


def tmpfs_kb(path: Path) -> int:
    """What ``path`` takes on a tmpfs (whole 4 KB pages per file and directory), plus about 1 MB."""
    pages = sum(-(-p.stat().st_size // 4096) if p.is_file() else 1 for p in path.rglob("*"))
    return pages * 4 + 1024 + 128


def relative_files(path: Path) -> set[Path]:
    return {p.relative_to(path) for p in path.rglob("*") if p.is_file()}


def main() -> int:
    if os.geteuid() != 0:
        print("disk_full: needs root to mount a tmpfs: SKIPPED")
        return 0
    stack_up()
    files = sc.STATE / "data" / "files"
    files.mkdir(exist_ok=True)
    before = relative_files(files)
    keep = Path(tempfile.mkdtemp(prefix="eppid-files-"))
    shutil.copytree(files, keep, dirs_exist_ok=True)
    mount = ["mount", "-t", "tmpfs", "-o", f"size={tmpfs_kb(files)}k,mode=0700", "tmpfs", str(files)]
    subprocess.run(mount, check=True)  # noqa: S603, S607 - util-linux mount from PATH
    # The originals stay untouched under the mount point; the tmpfs gets copies, and afterwards
    # only the files written during the fault are carried back.
    try:
        shutil.copytree(keep, files, dirs_exist_ok=True)
        png = noisy_png()
        load = Load(30, 4, start=40_000, png=png)
        load.run()
        free = shutil.disk_usage(files).free
    finally:
        shutil.rmtree(keep)
        keep.mkdir()
        new = relative_files(files) - before
        for name in new:
            (keep / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(files / name, keep / name)
        subprocess.run(["umount", str(files)], check=True)  # noqa: S603, S607
        shutil.copytree(keep, files, dirs_exist_ok=True)
        shutil.rmtree(keep)
    statuses, _, _ = sc.summarise(load.answers)
    problems = [] if any(s != 201 for s in statuses) else ["the disk never filled: no refusal seen"]
    return judge(
        "upload disk full",
        load.answers,
        problems,
        scan_bytes=len(png),
        free_bytes_at_end=free,
        new_files=len(new),
    )


if __name__ == "__main__":
    sys.exit(main())
