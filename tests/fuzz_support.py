"""Hypothesis settings and strategies shared by the fuzz tests (no input gives a 500)."""

from __future__ import annotations

from hypothesis import HealthCheck, example, settings
from hypothesis import strategies as st
from tests.text_strategies import hostile_form_text, hostile_text

# Text as an attacker or a confused phone keyboard would send it: control characters, NUL,
# bidi overrides, zero-width and other invisible characters, combining sequences (hostile_form_text,
# drawn often, not left to chance), any other unicode, very long strings, numbers and dates in
# odd shapes. No lone surrogates: a form post or a URL cannot carry them (JSON can: test_api_fuzz).
junk = st.one_of(
    hostile_form_text,
    st.text(max_size=300),
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "35.04",
            "00",
            "-1",
            "0",
            "99999999999999999999",
            "2026-02-30",
            "1e9",
            "<script>",
            "' OR 1=1 --",
            "../../etc/passwd",
            "%00",
            "national",
        ]
    ),
)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# JSON can carry what a form cannot: lone surrogates, numbers, null, booleans, lists.
json_junk = st.one_of(hostile_text, junk, st.integers(), st.none(), st.booleans(), st.lists(junk, max_size=3))


# What the probe of issue 10 sent: tried in every field on every run, whatever hypothesis draws,
# so a field that skips the text rule is found every time (not only when the dice say so).
PROBES = ("a\x00b", "\u202eabc", "\u200b\u3164")


def probed(field_arg: str, fields, value_arg: str = "value", probes=PROBES, **fixed):
    """``@example`` for every (field, probe): each field gets each probe at least once."""

    def decorate(test):
        for field in fields:
            for probe in probes:
                test = example(**{field_arg: field, value_arg: probe}, **fixed)(test)
        return test

    return decorate
