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


def unit_code_ancestry(code: str) -> tuple[str, ...]:
    """``code`` and the codes of the units above it, nearest first: "35.04" -> ("35.04", "35", "00").

    The national unit "00" is above every other unit (a province's parent, a regency's grandparent).
    """
    if not is_unit_code(code):
        raise ValueError(f"not a unit code: {code!r}")
    parts = code.split(".")
    chain = tuple(".".join(parts[:end]) for end in range(len(parts), 0, -1))
    return chain if code == "00" else (*chain, "00")
