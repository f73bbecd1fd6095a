"""Free text as people type it: one rule for every form field, API field and service.

``text_clean(value, multiline=...)`` is the rule; ``TextField`` (Django forms) and the pydantic
types ``Line`` and ``Text`` are built on it, so the portal, the console, the API and the services
accept and store exactly the same text:

- Normalised to Unicode NFC, so "é" typed as e + combining accent and "é" typed at once are the
  same text in the console, the PDF, the CSV and a database lookup.
- Refused, with a translated message: C0 control characters (NUL first: PostgreSQL cannot store
  it), DEL and the C1 controls; lone surrogates (JSON ``"\\ud800"`` decodes to a string no
  database can store); the bidirectional embeddings, overrides and isolates (U+202A-202E,
  U+2066-2069), which make "Siti" display as "itiS" and hide what a text really says. A single-line
  field refuses tab and line breaks too; a multi-line field keeps tab, LF and CR and turns the
  Unicode line and paragraph separators into LF.
- Kept: the left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F, U+061C). They
  only settle the direction of neutral characters next to them (digits, punctuation in an
  Arabic or Jawi address) and cannot reorder letters, and the keyboards of right-to-left languages
  type them; zero-width joiners and non-joiners, which Arabic, Persian and Indic spelling needs.
- Trimmed: white space and invisible characters at either end. A value of nothing but invisible
  characters (spaces, zero-width space, joiners, word joiner, byte-order mark, Hangul fillers,
  Braille blank, direction marks, ...) is empty, so a required field says "required".

The rules are in docs/decisions/1230-one-rule-for-free-text.md.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

# Never in any text: C0 but tab, LF and CR; DEL; C1; lone surrogates; bidi embeddings/overrides/isolates.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Never in a single-line field: tab and every line break.
_LINE_BREAK = re.compile("[\t\n\r\u2028\u2029]")
_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n"})

# Characters that show nothing: Unicode's Default_Ignorable_Code_Point (zero-width space and
# joiners, direction marks, word joiner, invisible operators, byte-order mark, Hangul fillers,
# variation selectors, tags, ...) plus the blanks that are not white space to Python.
_IGNORABLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
_BLANK = "\u2800"  # Braille pattern blank: shows as a space, is not one
_INVISIBLE = re.compile(f"[\\s{_IGNORABLE}{_BLANK}]")
# Trimmed at either end. Not the characters that modify the one before them (variation
# selectors, tags, Mongolian selectors): a trailing U+FE0F is part of the emoji it follows.
_EDGE = (
    "\\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2060-\u2064\u3164\ufeff\uffa0" + _BLANK
)
_TRIM = re.compile(f"^[{_EDGE}]+|[{_EDGE}]+$")

MESSAGES = {
    "surrogate": _("This text contains broken characters (invalid Unicode). Type it again."),
    "control": _("Remove the control characters from this text."),
    "bidi": _(
        "Remove the text-direction control characters (such as a right-to-left override) from this text."
    ),
    "line_break": _("Write this on one line, without tabs or line breaks."),
    "required": _("This field is required."),
    "max_length": _("Enter at most %(limit)s characters."),
}


def _refuse(code: str, **params):
    message = MESSAGES[code]
    raise ValidationError(message % params if params else message, code=code)


def text_is_invisible(value: str) -> bool:
    """True when ``value`` shows nothing: empty, white space or invisible characters only."""
    return _INVISIBLE.sub("", value) == ""


def text_clean(value, *, multiline: bool = False, required: bool = False, limit: int | None = None) -> str:
    """``value`` normalised (NFC, trimmed, "" when invisible), or ValidationError with a code.

    ``multiline`` allows tab and line breaks; ``required`` refuses an empty result; ``limit`` is
    the most characters allowed after normalisation (what the database column holds).
    """
    text = "" if value is None else str(value)
    if _SURROGATE.search(text):
        _refuse("surrogate")
    if _CONTROL.search(text):
        _refuse("control")
    if _BIDI.search(text):
        _refuse("bidi")
    if multiline:
        text = text.translate(_SEPARATORS)
    elif _LINE_BREAK.search(text):
        _refuse("line_break")
    text = unicodedata.normalize("NFC", text)
    text = "" if text_is_invisible(text) else _TRIM.sub("", text)
    if required and not text:
        _refuse("required")
    if limit is not None and len(text) > limit:
        _refuse("max_length", limit=limit)
    return text


def text_clean_keyed(value, field: str, **options) -> str:
    """``text_clean`` for a service: a refusal is ``ValidationError({field: [message]})``."""
    try:
        return text_clean(value, **options)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


class TextField(forms.CharField):
    """A CharField that cleans with ``text_clean``: the one form field for free text.

    ``multiline=True`` allows line breaks and shows a textarea unless another widget is given.
    The length limit (``max_length``) counts the normalised text.
    """

    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        kwargs.setdefault("strip", False)  # text_clean trims, invisible characters too
        if multiline:
            kwargs.setdefault("widget", forms.Textarea)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return self.empty_value
        return text_clean(value, multiline=self.multiline) or self.empty_value


class MultilineTextField(TextField):
    """``TextField(multiline=True)``, for a ModelForm's ``field_classes``."""

    def __init__(self, **kwargs):
        super().__init__(multiline=True, **kwargs)


def _pydantic_check(multiline: bool):
    def check(value: str) -> str:
        try:
            return text_clean(value, multiline=multiline)
        except ValidationError as error:
            raise PydanticCustomError(error.code or "text", str(error.messages[0])) from None

    return check


# The API's field types: ``Line`` for one line (names, codes, filters), ``Text`` for prose.
Line = Annotated[str, AfterValidator(_pydantic_check(multiline=False))]
Text = Annotated[str, AfterValidator(_pydantic_check(multiline=True))]
