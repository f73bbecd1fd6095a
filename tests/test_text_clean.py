"""The one rule for free text (eppid.core.text), as a function, a form field and a pydantic type."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic import ValidationError as PydanticError
from tests.text_strategies import BIDI_CONTROLS, INVISIBLE, hostile_text

from eppid.core.text import Line, Text, TextField, text_clean, text_is_invisible

FORBIDDEN_ANYWHERE = {
    chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
}
FORBIDDEN_ANYWHERE |= set(BIDI_CONTROLS)


def outcome(value, multiline):
    try:
        return "ok", text_clean(value, multiline=multiline)
    except ValidationError as error:
        return error.code, None


@given(value=hostile_text, multiline=st.booleans())
def test_what_comes_out_is_clean_nfc_trimmed_and_stable(value, multiline):
    code, text = outcome(value, multiline)
    if code != "ok":
        assert code in {"control", "bidi", "surrogate", "line_break"}
        return
    assert not FORBIDDEN_ANYWHERE & set(text)
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)
    if not multiline:
        assert not set("\t\n\r\u2028\u2029") & set(text)
    assert unicodedata.is_normalized("NFC", text)
    assert text == text.strip()
    assert text_clean(text, multiline=multiline) == text  # a second pass changes nothing
    text.encode("utf-8")  # storable: no surrogate is left for PostgreSQL to refuse


@given(value=st.text(alphabet=st.sampled_from(INVISIBLE), max_size=20))
def test_invisible_only_is_empty_and_required_says_so(value):
    assert text_is_invisible(value)
    assert text_clean(value) == ""
    with pytest.raises(ValidationError) as caught:
        text_clean(value, required=True)
    assert caught.value.code == "required"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("a\x00b", "control"),
        ("a\x7fb", "control"),
        ("a\x9bb", "control"),
        ("Siti\u202e", "bidi"),
        ("\u2067x\u2069", "bidi"),
        ("x\ud800", "surrogate"),
        ("a\nb", "line_break"),
        ("a\tb", "line_break"),
        ("a\u2028b", "line_break"),
    ],
)
def test_single_line_refusals(value, code):
    assert outcome(value, multiline=False)[0] == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Ngo\u0323c  ", "Ngọc"),
        ("\ufeff\u200bSiti\u200b", "Siti"),
        ("\u0627\u200f 12", "\u0627\u200f 12"),  # a right-to-left mark stays: it reorders no letter
        ("\u2764\ufe0f", "\u2764\ufe0f"),  # the emoji's variation selector is part of it
        ("Jl. A\u2029Jl. B", "Jl. A\nJl. B"),
        ("one\r\ntwo\tthree", "one\r\ntwo\tthree"),
    ],
)
def test_multiline_normalisation(value, expected):
    assert text_clean(value, multiline=True) == expected


def test_the_limit_counts_the_normalised_text():
    assert text_clean("e\u0301" * 3, limit=3) == "é" * 3
    with pytest.raises(ValidationError) as caught:
        text_clean("abcd", limit=3)
    assert caught.value.code == "max_length"


class _Body(BaseModel):
    line: Line = ""
    text: Text = ""


@given(value=hostile_text, multiline=st.booleans())
def test_the_form_field_and_the_api_type_follow_the_same_rule(value, multiline):
    code, text = outcome(value, multiline)
    field = TextField(multiline=multiline, required=False)
    try:
        from_form = field.clean(value)
    except ValidationError as error:
        from_form = error.code
    try:
        from_api = getattr(_Body(**{"text" if multiline else "line": value}), "text" if multiline else "line")
    except PydanticError as error:
        from_api = error.errors()[0]["type"]
    expected = text if code == "ok" else code
    if code == "surrogate":
        assert from_api in {"surrogate", "string_unicode"}  # pydantic refuses it first
    else:
        assert from_api == expected
    assert from_form == expected
