"""The note of a ``DEADLINE_MOVED`` event: stored without words, shown in the reader's language.

The note holds the new due date, whether the closure day was added or removed, and that day
("2026-03-17 closure-added 2026-03-04"), so the staff timeline and the citizen's status page say
"Deadline moved to 17 Maret 2026: hari tutup kantor 4 Maret 2026" in whichever language they are
read, as a decision's outcome code is shown by its label.
"""

from __future__ import annotations

import re
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

_NOTE = re.compile(r"(\d{4}-\d{2}-\d{2}) closure-(added|removed) (\d{4}-\d{2}-\d{2})")


def deadline_moved_note(due: date, closure_day: date, *, added: bool) -> str:
    return f"{due.isoformat()} closure-{'added' if added else 'removed'} {closure_day.isoformat()}"


def deadline_moved_text(note: str) -> str:
    """The note in the active language; a note of another shape as it is."""
    match = _NOTE.fullmatch(note or "")
    if match is None:
        return note
    try:
        due, closure_day = date.fromisoformat(match[1]), date.fromisoformat(match[3])
    except ValueError:
        return note
    values = {"due": formats.date_format(due, "j F Y"), "day": formats.date_format(closure_day, "j F Y")}
    if match[2] == "added":
        return _("Deadline moved to %(due)s: closure day %(day)s.") % values
    return _("Deadline moved to %(due)s: closure day %(day)s cancelled.") % values
