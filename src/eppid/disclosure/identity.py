"""Checks of a requester's identity: NIK, legal-entity decree number, identity document.

Each check takes what a citizen typed or uploaded and returns it normalised, or raises
``django.core.exceptions.ValidationError`` with one specific, translated message (code included),
so forms, the API and the console show the same reason.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# The province codes of the unit table: one list for the whole project (Kemendagri region codes,
# which Dukcapil uses as the first two digits of every NIK).
UNITS_FILE = Path(__file__).resolve().parent.parent / "organisation" / "data" / "bawaslu-units.csv"

# Codes a NIK may carry although no province has them any more. Empty today, and on purpose:
# when a province splits (Kalimantan Utara from 64 in 2012, the four Papuan provinces from 91 and
# 92 in 2022) the people already registered keep their NIKs, whose parent code still exists.
# Timor Timur (54) left before Dukcapil issued 16-digit NIKs. Add a code here if that changes.
HISTORIC_PROVINCE_CODES: dict[str, str] = {}

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


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str

    @property
    def size(self) -> int:
        return len(self.content)


def _allowed_types_error() -> ValidationError:
    return ValidationError(
        _("The file must be a PDF, JPEG or PNG. Other types of file are not accepted."),
        code="file_type",
    )


def _read_limited(upload, max_bytes: int) -> bytes:
    if hasattr(upload, "seek"):
        with contextlib.suppress(OSError, ValueError):
            upload.seek(0)
    data = upload.read(max_bytes + 1)
    return bytes(data or b"")


def _too_big(max_bytes: int) -> ValidationError:
    megabytes = max_bytes / (1024 * 1024)
    shown = f"{megabytes:g}" if megabytes >= 1 else f"{megabytes:.2g}"
    return ValidationError(
        _("The file is larger than %(limit)s MB. Send a smaller file.") % {"limit": shown},
        code="file_too_big",
    )


def _pdf_check(content: bytes) -> CheckedFile:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    unreadable = ValidationError(
        _("The PDF file is damaged or incomplete and cannot be read. Send it again."), code="pdf_unreadable"
    )
    # A complete PDF ends with %%EOF (a few trailing bytes allowed); pypdf would repair a cut one.
    if b"%%EOF" not in content[-1024:]:
        raise unreadable
    try:
        reader = PdfReader(io.BytesIO(content), strict=True)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF file is protected with a password. Send it without a password."),
                code="pdf_encrypted",
            )
        if len(reader.pages) < 1:
            raise unreadable
        for page in reader.pages:
            page.mediabox  # noqa: B018 - reading each page object proves the page tree parses
    except ValidationError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError):
        raise unreadable from None
    return CheckedFile(content=content, content_type="application/pdf", extension="pdf")


def _image_check(content: bytes, kind: str) -> CheckedFile:
    from PIL import Image, ImageOps, UnidentifiedImageError

    unreadable = ValidationError(
        _("The image is damaged or incomplete and cannot be read. Send it again."), code="image_unreadable"
    )
    pil_format = "JPEG" if kind == "jpeg" else "PNG"
    try:
        with Image.open(io.BytesIO(content), formats=[pil_format]) as probe:
            probe.verify()
        with Image.open(io.BytesIO(content), formats=[pil_format]) as image:
            if image.width * image.height > 60_000_000:
                raise unreadable
            image.load()
            # Turn the pixels the way the EXIF orientation says, then drop every piece of metadata:
            # a new image holds pixels only (no EXIF, GPS, XMP, ICC profile or text chunks).
            image = ImageOps.exif_transpose(image)
            mode = image.mode
            if kind == "jpeg" and mode not in {"L", "RGB"}:
                image, mode = image.convert("RGB"), "RGB"
            if kind == "png" and mode not in {"1", "L", "LA", "P", "RGB", "RGBA"}:
                image, mode = image.convert("RGBA"), "RGBA"
            clean = Image.new(mode, image.size)
            if mode == "P":
                clean.putpalette(image.getpalette() or [])
            clean.paste(image)
            output = io.BytesIO()
            if kind == "jpeg":
                clean.save(output, format="JPEG", quality=90, optimize=True)
            else:
                # Default zlib effort, no optimize pass: optimize=True tried every filter at level 9
                # and cost ~8 ms even for a tiny scan, for a few per cent of size.
                clean.save(output, format="PNG", optimize=False)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise unreadable from None
    if kind == "jpeg":
        return CheckedFile(content=output.getvalue(), content_type="image/jpeg", extension="jpg")
    return CheckedFile(content=output.getvalue(), content_type="image/png", extension="png")


def document_check(upload, *, max_bytes: int | None = None) -> CheckedFile:
    """An uploaded identity document checked by its bytes (never its name or declared type).

    PDF must parse; JPEG and PNG are decoded and re-encoded without any metadata. Reads at most
    ``max_bytes + 1`` bytes (default: the EPPID_UPLOAD_MAX_BYTES setting).
    """
    limit = settings.EPPID_UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    if upload is None:
        raise ValidationError(_("Choose a file to upload."), code="file_missing")
    content = _read_limited(upload, limit)
    if len(content) > limit:
        raise _too_big(limit)
    if not content:
        raise ValidationError(_("The file is empty. Choose another file."), code="file_empty")
    if content.startswith(b"%PDF-"):
        return _pdf_check(content)
    if content.startswith(b"\xff\xd8\xff"):
        return _image_check(content, "jpeg")
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return _image_check(content, "png")
    raise _allowed_types_error()
