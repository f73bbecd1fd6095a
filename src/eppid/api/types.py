"""Field types shared by every API schema: what a client may send, checked before any query runs."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

# C0 controls but tab, newline and carriage return. NUL in particular: PostgreSQL refuses it in
# any text value, so letting it through would turn a typo into a server error.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control_characters(value: str) -> str:
    if _CONTROL.search(value):
        raise PydanticCustomError("control_characters", _("Remove the control characters from this text."))
    return value


def _blank_is_absent(value):
    # `?level=&q=` (the contract's own spelling) means "no filter", not "filter by the empty string".
    if isinstance(value, str) and value.strip() == "":
        return None
    return value


Text = Annotated[str, AfterValidator(_no_control_characters)]
OptionalFilter = Annotated[Text | None, BeforeValidator(_blank_is_absent)]
LevelFilter = Annotated[Literal["national", "province", "regency"] | None, BeforeValidator(_blank_is_absent)]
