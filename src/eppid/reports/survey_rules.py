"""The satisfaction survey's law as data (PermenPANRB 14/2017; dip-dik.md section 4).

Nothing here is computed: the nine elements, their weight, the scale, the grade boundaries and
the Krejcie-Morgan table are the regulation's numbers, kept in one place so a new regulation is
a data change. ``eppid.reports.ikm`` applies them.

Choices of ours, not the regulation's (decision 1340), are marked ``TO_CONFIRM``:
- the weight is exactly 1/9 (the contract's formula); the regulation prints it rounded as 0.111;
- the population for the sample size is the number of requests the unit decided in the period;
- a population between two rows of the table takes the larger row's sample (never fewer than
  the table asks), and never more than the population itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

SOURCE = "PermenPANRB 14/2017"


@dataclass(frozen=True)
class Element:
    code: str  # "u1".."u9", as the API names them
    title: object  # lazy translation
    question: object


ELEMENTS: tuple[Element, ...] = (
    Element(
        "u1",
        _("Requirements"),
        _("How well did the requirements of the service fit what you asked for?"),
    ),
    Element(
        "u2",
        _("System, mechanism and procedure"),
        _("How easy was the procedure of the service?"),
    ),
    Element("u3", _("Completion time"), _("How fast was the service?")),
    Element("u4", _("Cost"), _("How fair was the cost of the service (free of charge, or as set)?")),
    Element("u5", _("Product"), _("How well did the answer you received fit what the service promises?")),
    Element("u6", _("Staff competence"), _("How competent were the staff?")),
    Element("u7", _("Staff behaviour"), _("How courteous and helpful were the staff?")),
    Element("u8", _("Facilities"), _("How good were the facilities (website, desk, forms)?")),
    Element("u9", _("Handling of complaints"), _("How well are complaints, suggestions and input handled?")),
)
ELEMENT_CODES: tuple[str, ...] = tuple(element.code for element in ELEMENTS)

SCALE_MIN, SCALE_MAX = 1, 4
SCALE_LABELS = {
    1: _("Not good"),
    2: _("Fairly good"),
    3: _("Good"),
    4: _("Very good"),
}

# Weighted NRR = NRR x weight; IKM = sum of weighted NRR; unit value = IKM x CONVERSION.
WEIGHT = Fraction(1, len(ELEMENTS))  # TO_CONFIRM: the regulation prints 0.111
WEIGHT_AS_PRINTED = Decimal("0.111")
CONVERSION = 25
DECIMALS = Decimal("0.01")


@dataclass(frozen=True)
class Grade:
    code: str
    lower: Decimal  # the lowest unit value (two decimals) of the grade
    upper: Decimal
    label: object  # the regulation's name of the service quality


GRADES: tuple[Grade, ...] = (
    Grade("A", Decimal("88.31"), Decimal("100.00"), _("Very good (Sangat Baik)")),
    Grade("B", Decimal("76.61"), Decimal("88.30"), _("Good (Baik)")),
    Grade("C", Decimal("65.00"), Decimal("76.60"), _("Not good enough (Kurang Baik)")),
    Grade("D", Decimal("25.00"), Decimal("64.99"), _("Not good (Tidak Baik)")),
)

# Krejcie and Morgan (1970), "Determining sample size for research activities": population N,
# sample S (95% confidence, 5% margin, p = 0.5). A population between rows takes the larger row.
KREJCIE_MORGAN: tuple[tuple[int, int], ...] = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118),
    (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144), (240, 148),
    (250, 152), (260, 155), (270, 159), (280, 162), (290, 165), (300, 169), (320, 175),
    (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210),
    (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254),
    (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278), (1100, 285), (1200, 291),
    (1300, 297), (1400, 302), (1500, 306), (1600, 310), (1700, 313), (1800, 317), (1900, 320),
    (2000, 322), (2200, 327), (2400, 331), (2600, 335), (2800, 338), (3000, 341), (3500, 346),
    (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364), (8000, 367), (9000, 368),
    (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (1000000, 384),
)  # fmt: skip
# Shown on the console's results page, in the reader's language.
TO_CONFIRM = (
    _("weight 1/9 (printed 0.111)"),
    _("population = requests decided in the period"),
    _("population between rows takes the larger row"),
)
