"""Hypothesis strategies for hostile text (not a test module), shared by the fuzz tests.

Every character class the text rule (eppid.core.text) deals with is drawn often, not left to
chance: NUL and the other C0/C1 controls, DEL, lone surrogates, bidi overrides and isolates,
direction marks, zero-width and other invisible characters, combining sequences that NFC
composes, line and paragraph separators, and scripts people write addresses in (Arabic/Jawi,
Chinese, Javanese). A regression in the rule (or a field that skips it) is found by the fuzz
tests on PostgreSQL, which refuses NUL and surrogates outright.
"""

from __future__ import annotations

from hypothesis import strategies as st

CONTROLS = [
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1f",
    "\x7f",
    "\x80",
    "\x85",
    "\x9b",
    "\x9f",
]
LINE_BREAKS = ["\t", "\n", "\r", "\r\n", "\u2028", "\u2029"]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
BIDI_CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
INVISIBLE = [
    " ",
    "\u00a0",
    "\u3000",
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u061c",  # Arabic letter mark
    "\u2060",  # word joiner
    "\ufeff",  # byte-order mark
    "\u3164",  # Hangul filler
    "\u115f",
    "\u1160",
    "\uffa0",
    "\u2800",  # Braille pattern blank
    "\u00ad",  # soft hyphen
    "\u034f",  # combining grapheme joiner
    "\ufe0f",  # variation selector 16
]
COMBINING = [
    "e\u0301",
    "a\u0308",
    "o\u0323\u0302",
    "n\u0303",
    "\u0301",
    "q\u0307\u0323",
    "\u1100\u1161\u11a8",
]
SCRIPTS = [
    "Siti Aminah",
    "Đặng Thị Ngọc Hân",
    "جالن مرديكا ١، تولوڠاݢوڠ",
    "北京市朝阳区",
    "ꦗꦭꦤ꧀ꦩꦼꦂꦢꦺꦏ",
    "“kutip” – …",
    "😀👨\u200d👩\u200d👧",
]

special = st.sampled_from(
    CONTROLS + LINE_BREAKS + SURROGATES + BIDI_CONTROLS + INVISIBLE + COMBINING + SCRIPTS
)
# Pieces of ordinary and hostile text glued together, so a bad character sits inside a value
# that is otherwise fine (an early "required" or "too long" must not hide what follows).
hostile_text = st.lists(
    st.one_of(special, st.text(max_size=8), st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=8)),
    max_size=8,
).map("".join)
# The same, never with surrogates: what a form post or a URL can carry (Django decodes bytes with
# replacement, so no surrogate reaches a form), while JSON can carry them.
hostile_form_text = hostile_text.map(
    lambda text: "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)
)
