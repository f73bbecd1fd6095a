"""Checks of a requester's identity: NIK, legal-entity decree number, identity document.

Each check takes what a citizen typed or uploaded and returns it normalised, or raises
``django.core.exceptions.ValidationError`` with one specific, translated message (code included),
so forms, the API and the console show the same reason.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.core.uploads import InspectedUpload, upload_inspect

# The province codes of the unit table: one list for the whole project (Kemendagri region codes,
# which Dukcapil uses as the first two digits of every NIK).
UNITS_FILE = Path(__file__).resolve().parent.parent / "organisation" / "data" / "bawaslu-units.csv"

# Codes a NIK may carry although no province has them any more. Empty today, and on purpose:
# when a province splits (Kalimantan Utara from 64 in 2012, the four Papuan provinces from 91 and
# 92 in 2022) the people already registered keep their NIKs, whose parent code still exists.
# Timor Timur (54) left before Dukcapil issued 16-digit NIKs. Add a code here if that changes.
HISTORIC_PROVINCE_CODES: dict[str, str] = {}

DOCUMENT_KINDS = ("pdf", "jpeg", "png")
NIK_LENGTH = 16
WOMAN_DAY_OFFSET = 40


@cache
def nik_province_codes() -> frozenset[str]:
    with UNITS_FILE.open(encoding="utf-8", newline="") as handle:
        current = {row["code"] for row in csv.DictReader(handle) if row["level"] == "province"}
    return frozenset(current | set(HISTORIC_PROVINCE_CODES))


def _birth_date(digits: str, today: date) -> date | None:
    """The birth date in digits 7-12 (DDMMYY, day + 40 for women), or None if impossible.

    Two-digit years: the most recent century that does not put the date after this year.
    """
    day, month, year = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if day > WOMAN_DAY_OFFSET:
        day -= WOMAN_DAY_OFFSET
    full_year = 2000 + year if 2000 + year <= today.year else 1900 + year
    try:
        return date(full_year, month, day)
    except ValueError:
        return None


def nik_check(value: str) -> str:
    """A valid NIK (16 digits, existing province, possible birth date not in the future), normalised."""
    nik = re.sub(r"\s+", "", str(value or ""))
    if len(nik) != NIK_LENGTH or not nik.isascii() or not nik.isdigit():
        raise ValidationError(
            _("Enter the NIK as 16 digits, as printed on the identity card (KTP)."), code="nik_format"
        )
    if nik[:2] not in nik_province_codes():
        raise ValidationError(
            _("The NIK does not start with the code of an Indonesian province: check the first two digits."),
            code="nik_province",
        )
    today = timezone.localdate()
    born = _birth_date(nik, today)
    if born is None:
        raise ValidationError(
            _(
                "Digits 7 to 12 of the NIK are not a possible date of birth (day, month, year; "
                "for women the day is increased by 40): check them."
            ),
            code="nik_birth_date",
        )
    if born > today:
        raise ValidationError(
            _("The date of birth in the NIK (digits 7 to 12) is in the future: check them."),
            code="nik_birth_future",
        )
    return nik


# The Ministry of Law's approval decree (SK Menkumham), as AHU online prints it:
# "AHU-0012345.AH.01.07.TAHUN 2020", "AHU-12345.AH.01.01.Tahun 2019", "AHU-0000123.AH.01.04.Tahun
# 2017"; a legal entity registered before AHU online has a "C-..." number ("C-12345.HT.01.01.TH.2005").
_AHU = re.compile(r"^AHU-\d{1,10}[A-Z]{0,3}\.AH\.\d{2}\.\d{2}\.(?:TAHUN|TH\.?) ?(\d{4})$")
_LEGACY = re.compile(r"^C-?\d{1,10}\.(?:HT|AH)\.\d{2}\.\d{2}\.(?:TAHUN|TH\.?) ?(\d{4})$")


def legal_entity_number_check(value: str) -> str:
    """A Kemenkumham approval decree number, normalised (upper case, single spaces)."""
    number = re.sub(r"\s+", " ", str(value or "")).strip().upper()
    number = re.sub(r"\s*\.\s*", ".", number)
    match = _AHU.match(number) or _LEGACY.match(number)
    if not match:
        raise ValidationError(
            _(
                "Enter the number of the legal entity's approval decree from the Ministry of Law, "
                "as printed on it, for example AHU-0012345.AH.01.07.TAHUN 2020."
            ),
            code="legal_entity_number_format",
        )
    year = int(match.group(1))
    if not 1945 <= year <= timezone.localdate().year:
        raise ValidationError(
            _("The year in the decree number is not possible: check it."), code="legal_entity_number_year"
        )
    return number


# --- Identity documents ---------------------------------------------------------------------------


def document_check(upload, *, max_bytes: int | None = None) -> InspectedUpload:
    """An uploaded identity document, deed or power of attorney, checked by its bytes.

    PDF, JPEG or PNG, inspected by ``eppid.core.uploads.upload_inspect`` (size, pages, pixels, a
    PDF with active content refused: docs/decisions/1220-upload-inspection.md); images come back
    re-encoded without metadata. ``max_bytes`` defaults to the EPPID_UPLOAD_MAX_BYTES setting.
    """
    return upload_inspect(upload, kinds=DOCUMENT_KINDS, max_bytes=max_bytes, active_content="refuse")
