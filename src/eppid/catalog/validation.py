"""Checks of an entry's fields, shared by the console, the API and the demo: one set of rules.

``entry_data_clean(data, unit=...)`` takes what a form or a client sent (text values) and returns
the cleaned values, or raises ValidationError({field: [message]}) naming every problem at once.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.catalog.choices import HAND_CATEGORIES, Category
from eppid.catalog.models import InformationType

TEXT_LIMITS = {
    "title": 300,
    "summary": 5000,
    "holder": 300,
    "responsible": 300,
    "place": 200,
    "format": 300,
    "retention": 300,
}
REQUIRED = ("title", "summary", "responsible", "format", "retention")
FIRST_YEAR = 2000
# The number of documents one version may list.
DOCUMENTS_MAX = 20
REASON_MAX = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


def category_clean(value: str) -> str:
    """A category staff may choose by hand; ``exempt`` is refused with the reason."""
    if value == Category.EXEMPT:
        raise ValidationError(
            _(
                "Exempt information is listed only through a consequence test (uji konsekuensi), "
                "never by choosing the category."
            ),
            code="exempt_by_hand",
        )
    if value not in HAND_CATEGORIES:
        raise ValidationError(
            _("Choose one of: %(expected)s.") % {"expected": ", ".join(str(c) for c in HAND_CATEGORIES)},
            code="category",
        )
    return value


def _date(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD, for example 2026-01-31."), code="date") from None
    if day > timezone.localdate():
        raise ValidationError(_("The date the information was made cannot be in the future."), code="future")
    if day.year < FIRST_YEAR:
        raise ValidationError(
            _("Enter a date in %(first)s or later.") % {"first": FIRST_YEAR}, code="too_early"
        )
    return day


def _year(value: str) -> int:
    this_year = timezone.localdate().year
    message = _("Enter a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": this_year + 1}
    if not value.isascii() or not value.isdigit():
        raise ValidationError(message, code="year")
    year = int(value)
    if not FIRST_YEAR <= year <= this_year + 1:
        raise ValidationError(message, code="year")
    return year


def entry_data_clean(data: dict, *, unit) -> dict:
    """The cleaned fields of a draft: ``title, summary, category, year, info_type, holder,
    responsible, made_on, made_place, format, retention``.

    ``created`` (the contract's name) or ``made_on`` is the date made; ``place`` the place made;
    ``type`` the code of an information type. ``holder`` defaults to the unit's name and
    ``place`` to its region; ``year`` to the year of the date made.
    """
    errors: dict[str, list[str]] = {}
    out = {key: _text(data, key) for key in TEXT_LIMITS}
    for key, limit in TEXT_LIMITS.items():
        if _CONTROL.search(out[key]):
            errors.setdefault(key, []).append(_("Remove the control characters from this text."))
        elif len(out[key]) > limit:
            errors.setdefault(key, []).append(_("Enter at most %(limit)s characters.") % {"limit": limit})
    for key in REQUIRED:
        if not out[key] and key not in errors:
            errors.setdefault(key, []).append(_("This field is required."))

    category = _text(data, "category")
    if not category:
        errors.setdefault("category", []).append(_("This field is required."))
    else:
        try:
            category_clean(category)
        except ValidationError as error:
            errors.setdefault("category", []).extend(error.messages)

    made_on = None
    created = _text(data, "created") or _text(data, "made_on")
    if not created:
        errors.setdefault("created", []).append(_("This field is required."))
    else:
        try:
            made_on = _date(created)
        except ValidationError as error:
            errors.setdefault("created", []).extend(error.messages)

    year = None
    if _text(data, "year"):
        try:
            year = _year(_text(data, "year"))
        except ValidationError as error:
            errors.setdefault("year", []).extend(error.messages)
    elif made_on is not None:
        year = made_on.year

    info_type = None
    code = _text(data, "type") or _text(data, "info_type")
    if code:
        info_type = InformationType.objects.filter(code=code).first() if len(code) <= 40 else None
        if info_type is None:
            errors.setdefault("type", []).append(_("Choose a type of information from the list."))

    if errors:
        raise ValidationError(errors)
    return {
        "title": out["title"],
        "summary": out["summary"],
        "category": category,
        "year": year,
        "info_type": info_type,
        "holder": out["holder"] or unit.name,
        "responsible": out["responsible"],
        "made_on": made_on,
        "made_place": out["place"] or unit.region_name,
        "format": out["format"],
        "retention": out["retention"],
    }


def withdrawal_reason_clean(value) -> str:
    reason = "" if value is None else str(value).strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason: it is shown to the public.")]})
    if _CONTROL.search(reason):
        raise ValidationError({"reason": [_("Remove the control characters from this text.")]})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [_("Enter at most %(limit)s characters.") % {"limit": REASON_MAX}]})
    return reason
