"""Compile every locale/*/LC_MESSAGES/*.po to .mo with polib (no system gettext needed)."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    compiled = 0
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        compiled += 1
    print(f"compiled {compiled} translation catalogue(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
