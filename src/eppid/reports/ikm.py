"""The IKM (indeks kepuasan masyarakat) formula of PermenPANRB 14/2017, on the data of
``survey_rules``: pure functions, no database.

NRR per element = total score / respondents; IKM = sum(NRR x weight) x 25, to two decimals
(half up); the grade is the one whose range holds the rounded value. Exact fractions are used
until the end, so no float error can move a value across a grade boundary.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from eppid.reports.survey_rules import (
    CONVERSION,
    DECIMALS,
    ELEMENT_CODES,
    GRADES,
    KREJCIE_MORGAN,
    WEIGHT,
    Grade,
)


def _to_fraction(value) -> Fraction:
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def two_decimals(value) -> Decimal:
    """``value`` (Fraction, Decimal, int) to two decimals, half up."""
    fraction = _to_fraction(value)
    exact = Decimal(fraction.numerator) / Decimal(fraction.denominator)
    return exact.quantize(DECIMALS, rounding=ROUND_HALF_UP)


def nrr_from_totals(totals: Mapping[str, int], responses: int) -> dict[str, Fraction] | None:
    """Each element's mean score (exact), from the sum of its scores; None with no responses."""
    if responses <= 0:
        return None
    return {code: Fraction(int(totals[code]), responses) for code in ELEMENT_CODES}


def ikm_value(nrr: Mapping[str, object]) -> Decimal:
    """The unit value: sum of NRR x weight, x 25, to two decimals."""
    total = sum((_to_fraction(nrr[code]) * WEIGHT for code in ELEMENT_CODES), Fraction(0))
    return two_decimals(total * CONVERSION)


def ikm_grade(value) -> Grade | None:
    """The grade of a unit value (rounded to two decimals first); None for None."""
    if value is None:
        return None
    rounded = two_decimals(value)
    for grade in GRADES:  # highest first
        if rounded >= grade.lower:
            return grade
    return GRADES[-1]


def ikm_from_scores(answers: Iterable[Mapping[str, int]]) -> dict:
    """NRR, IKM and grade of a list of answers (each {"u1": 1-4, ...}): for tests and small sets."""
    rows = list(answers)
    totals = {code: sum(int(row[code]) for row in rows) for code in ELEMENT_CODES}
    return ikm_summary(totals, len(rows))


def ikm_summary(totals: Mapping[str, int], responses: int) -> dict:
    """``{"responses", "elements": {code: NRR to two decimals}, "ikm", "grade"}``; ikm and grade
    are None with no responses (contract)."""
    nrr = nrr_from_totals(totals, responses)
    if nrr is None:
        return {"responses": 0, "elements": dict.fromkeys(ELEMENT_CODES), "ikm": None, "grade": None}
    value = ikm_value(nrr)
    grade = ikm_grade(value)
    return {
        "responses": responses,
        "elements": {code: two_decimals(nrr[code]) for code in ELEMENT_CODES},
        "ikm": value,
        "grade": grade.code if grade else None,
    }


def sample_size_required(population: int) -> int:
    """How many answers the Krejcie-Morgan table asks for a population (never more than it)."""
    population = max(0, int(population))
    if population == 0:
        return 0
    sizes = [row[0] for row in KREJCIE_MORGAN]
    index = bisect_left(sizes, population)
    sample = KREJCIE_MORGAN[min(index, len(KREJCIE_MORGAN) - 1)][1]
    return min(population, sample)
