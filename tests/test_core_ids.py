"""An id from a URL, a form or an API field is a row's id or nothing (eppid.core.ids)."""

import pytest

from eppid.core.ids import ID_MAX, row_id


@pytest.mark.parametrize(("value", "expected"), [(1, 1), ("42", 42), (" 7 ", 7), (str(ID_MAX), ID_MAX)])
def test_a_positive_64_bit_number_is_an_id(value, expected):
    assert row_id(value) == expected


@pytest.mark.parametrize(
    "value", [0, -1, "0", str(ID_MAX + 1), str(10**30), "", " ", "1.5", "1e3", "abc", None, True, "\x00", [1]]
)
def test_anything_else_names_no_row(value):
    assert row_id(value) is None
