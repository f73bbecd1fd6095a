"""Field types shared by every API schema: what a client may send, checked before any query runs.

Free text is ``Line`` (one line: names, codes, filters) or ``Text`` (prose: information,
purpose, reasons), the pydantic side of the one rule in ``eppid.core.text``: NFC, trimmed,
control, bidi-override and broken (surrogate) characters refused, invisible-only means empty.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator

from eppid.core.text import Line, Text

__all__ = ["LevelFilter", "Line", "OptionalFilter", "Text"]


def _blank_is_absent(value):
    # `?level=&q=` (the contract's own spelling) means "no filter", not "filter by the empty string".
    if isinstance(value, str) and value.strip() == "":
        return None
    return value


OptionalFilter = Annotated[Line | None, BeforeValidator(_blank_is_absent)]
LevelFilter = Annotated[Literal["national", "province", "regency"] | None, BeforeValidator(_blank_is_absent)]
