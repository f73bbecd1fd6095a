"""Set Indonesian translations from a small JSON map {msgid: msgstr} (a translator's helper)."""

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "id" / "LC_MESSAGES" / "django.po"


def main() -> int:
    wanted = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    catalogue = polib.pofile(str(PO))
    done = 0
    for entry in catalogue:
        if entry.msgid in wanted:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: wanted[entry.msgid]}
            else:
                entry.msgstr = wanted[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
            done += 1
    catalogue.save()
    left = [entry.msgid for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    print(f"set {done}; still untranslated or fuzzy: {left}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
