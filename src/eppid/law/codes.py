"""The shape of a unit code, the one thing ``law`` knows about units.

Kemendagri region codes: "00" (national), "35" (province), "35.04" (regency/city). The
organisation app imports this pattern instead of keeping its own, so the two cannot drift.
"""

from __future__ import annotations

import re

# ASCII only: ``\d`` alone would also accept other scripts' digits, such as "٣٥".
UNIT_CODE = re.compile(r"\d{2}(?:\.\d{2})?", re.ASCII)


def is_unit_code(value: object) -> bool:
    """True for a string that is a whole unit code (``fullmatch``: "35.04\\n" is not one)."""
    return isinstance(value, str) and UNIT_CODE.fullmatch(value) is not None
