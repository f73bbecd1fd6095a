"""Indonesia's national holidays and cuti bersama, read from the ``holidays`` package.

Each year is built once per process and kept (a year of ``holidays.ID`` costs about a
millisecond; a deadline walk touches the same year thousands of times).

Estimates: the package labels Islamic (and some lunar) dates it has not confirmed with
"(estimated)"; and cuti bersama (category ``government``) is only known once the ministers'
joint decree is out, so a year without any cuti bersama in the package is not final either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays

COUNTRY = "ID"
CATEGORIES = ("public", "government")
# Cuti bersama has been decreed every year since 2002; an empty year after that is unknown.
FIRST_JOINT_LEAVE_YEAR = 2002
# The package's English label for unconfirmed dates ("%s (estimated)"), fixed by its en_US catalogue.
_ESTIMATED_LABEL = "(estimated)"
_NAME_LANGUAGES = {"id": "id", "en": "en_US"}


@dataclass(frozen=True)
class Holiday:
    date: date
    name: str
    estimated: bool
    joint_leave: bool


def _build(year: int, categories: tuple[str, ...], language: str) -> dict[date, str]:
    return dict(holidays.country_holidays(COUNTRY, years=year, categories=categories, language=language))


@lru_cache(maxsize=512)
def holiday_dates(year: int) -> frozenset[date]:
    """Every day off in ``year`` (public holidays and cuti bersama, weekends included)."""
    return frozenset(_build(year, CATEGORIES, "en_US"))


@lru_cache(maxsize=512)
def _names(year: int, language: str) -> dict[date, str]:
    return _build(year, CATEGORIES, language)


@lru_cache(maxsize=512)
def _joint_leave_dates(year: int) -> frozenset[date]:
    return frozenset(_build(year, ("government",), "en_US"))


@lru_cache(maxsize=512)
def _estimated_dates(year: int) -> frozenset[date]:
    # Several holidays on one day are joined with "; "; any estimated part makes the day estimated.
    return frozenset(
        day
        for day, name in _names(year, "en_US").items()
        if any(part.strip().endswith(_ESTIMATED_LABEL) for part in name.split(";"))
    )


def joint_leave_known(year: int) -> bool:
    """False for a year whose cuti bersama the package does not list yet (e.g. 2028 in v0.109)."""
    return year < FIRST_JOINT_LEAVE_YEAR or bool(_joint_leave_dates(year))


def holiday_name(day: date, language: str = "id") -> str | None:
    return _names(day.year, _NAME_LANGUAGES.get(language, language)).get(day)


def holidays_between(start: date, end: date, language: str = "id") -> list[Holiday]:
    """Holidays with start <= date <= end, in date order, named in ``language`` ('id' or 'en')."""
    lang = _NAME_LANGUAGES.get(language, language)
    found = []
    for year in range(start.year, end.year + 1):
        names = _names(year, lang)
        for day in sorted(names):
            if start <= day <= end:
                found.append(
                    Holiday(
                        date=day,
                        name=names[day],
                        estimated=day in _estimated_dates(year),
                        joint_leave=day in _joint_leave_dates(year),
                    )
                )
    return found


def holiday_estimates(start: date, end: date, language: str = "id") -> list[Holiday]:
    """The holidays with start <= date <= end whose date the package only estimates."""
    return [holiday for holiday in holidays_between(start, end, language) if holiday.estimated]


def years_without_joint_leave(start: date, end: date) -> list[int]:
    return [year for year in range(start.year, end.year + 1) if not joint_leave_known(year)]


def deadline_is_estimated(start: date, end: date) -> bool:
    """Whether a period start..end (either order) rests on any date the package does not confirm.

    True when an estimated holiday falls inside, or cuti bersama for a year it touches is not
    decreed yet: the deadline may still move, and staff are told so.
    """
    low, high = min(start, end), max(start, end)
    if years_without_joint_leave(low, high):
        return True
    return any(
        low <= day <= high for year in range(low.year, high.year + 1) for day in _estimated_dates(year)
    )
