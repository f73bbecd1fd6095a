"""The IKM formula of PermenPANRB 14/2017 on known inputs, and its data (no database)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from eppid.reports.ikm import ikm_from_scores, ikm_grade, ikm_value, sample_size_required, two_decimals
from eppid.reports.survey_rules import ELEMENT_CODES, GRADES, KREJCIE_MORGAN, WEIGHT


def nrr_all(value) -> dict:
    return {code: Decimal(value) for code in ELEMENT_CODES}


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_grade_boundaries(value, grade):
    assert ikm_grade(Decimal(value)).code == grade


@pytest.mark.parametrize(
    ("nrr", "ikm", "grade"),
    [
        ("3.532", "88.30", "B"),  # 3.532 x 25 = 88.30
        ("3.5324", "88.31", "A"),
        ("3.064", "76.60", "C"),
        ("3.0644", "76.61", "B"),
        ("2.5996", "64.99", "D"),
        ("2.6", "65.00", "C"),
        ("4", "100.00", "A"),
        ("1", "25.00", "D"),
    ],
)
def test_ikm_on_known_nrr_across_the_boundaries(nrr, ikm, grade):
    value = ikm_value(nrr_all(nrr))
    assert value == Decimal(ikm) and ikm_grade(value).code == grade


def test_the_value_is_rounded_half_up_before_grading():
    # 3.5322 x 25 = 88.305 -> 88.31 (A); 3.53219 x 25 = 88.30475 -> 88.30 (B)
    assert ikm_value(nrr_all("3.5322")) == Decimal("88.31") and ikm_grade(Decimal("88.305")).code == "A"
    assert ikm_value(nrr_all("3.53219")) == Decimal("88.30") and ikm_grade(Decimal("88.30475")).code == "B"


def test_unequal_elements_weigh_one_ninth_each():
    values = ["3.2", "3.1", "2.9", "4.0", "3.3", "3.4", "3.5", "3.0", "2.8"]
    nrr = dict(zip(ELEMENT_CODES, values, strict=True))
    # sum 29.2; x 1/9 x 25 = 81.111...
    assert ikm_value({k: Decimal(v) for k, v in nrr.items()}) == Decimal("81.11")
    assert Fraction(1, 9) == WEIGHT


def test_from_answers_nrr_is_the_mean_per_element_and_no_float_drift():
    answers = [dict.fromkeys(ELEMENT_CODES, value) for value in (4, 3, 3)]
    answers[0]["u4"] = 1
    result = ikm_from_scores(answers)
    assert result["responses"] == 3
    assert result["elements"]["u1"] == Decimal("3.33") and result["elements"]["u4"] == Decimal("2.33")
    # total score 33 + 27 + 27 = 87 over 27 element answers: 87/27 x 25 = 80.555... -> 80.56
    assert result["ikm"] == Decimal("80.56") and result["grade"] == "B"


def test_no_responses_gives_null_ikm_and_grade():
    result = ikm_from_scores([])
    assert result["responses"] == 0 and result["ikm"] is None and result["grade"] is None


def test_grades_cover_25_to_100_without_gaps():
    ordered = sorted(GRADES, key=lambda grade: grade.lower)
    assert ordered[0].lower == Decimal("25.00") and ordered[-1].upper == Decimal("100.00")
    for lower, upper in zip(ordered, ordered[1:], strict=False):
        assert upper.lower == lower.upper + Decimal("0.01")


def test_krejcie_morgan_rows_follow_their_formula():
    for population, sample in KREJCIE_MORGAN:
        formula = 3.841 * population * 0.25 / (0.0025 * (population - 1) + 3.841 * 0.25)
        assert round(formula) == sample, population


@pytest.mark.parametrize(
    ("population", "sample"),
    [(0, 0), (1, 1), (7, 7), (10, 10), (11, 11), (51, 48), (100, 80), (101, 86), (1000, 278)]
    + [(5_000_000, 384)],
)
def test_sample_size_takes_the_next_row_and_never_exceeds_the_population(population, sample):
    assert sample_size_required(population) == sample


def test_two_decimals_from_a_fraction():
    assert two_decimals(Fraction(2, 3)) == Decimal("0.67")
