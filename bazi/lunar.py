"""Chinese lunar calendar dates, through ``lunardate`` with sourced corrections (conventions §6).

The rule since 1929: a month begins on the Beijing-time (UTC+8) day containing the new moon;
the month holding 冬至 is the 11th; in a 13-month year the first month without a 中气 is
the leap month. Before 1929 the day was reckoned on the Beijing meridian (116°25′ E, local
mean time UTC+7:45:40). ``lunardate`` (GPL-3.0-or-later, imported lazily here and nowhere else so
the library can be swapped) follows that rule except for three months whose first day it
puts one day off; :data:`CORRECTIONS` fixes them, each row naming its evidence. The test
suite checks this adapter against the rule, computed from the DE423 new moons, for every
day 1900–2099.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from datetime import date as Date  # the class, where a parameter is called date
from functools import cache
from typing import Any, NamedTuple

from .datetext import split_date_time
from .errors import InvalidInputError, InvalidLunarDateError, OutOfRangeError

__all__ = [
    "CORRECTIONS",
    "UNCERTAIN",
    "LunarDate",
    "from_gregorian",
    "lunar_date",
    "lunar_wall_time",
    "solar_date",
    "to_gregorian",
]

FIRST_DAY = date(1900, 1, 31)  # 1900 正月初一
LAST_DAY = date(2100, 2, 8)  # 2099 腊月三十
MonthKey = tuple[int, int, bool]  # lunar year, month 1-12, leap


class Correction(NamedTuple):
    """A month whose first day ``lunardate`` gets wrong, and the evidence for the right one."""

    month: MonthKey
    first_day: date
    evidence: str


CORRECTIONS: tuple[Correction, ...] = (
    Correction(
        (1933, 6, False),
        date(1933, 7, 23),
        "new moon 1933-07-23 00:03:03 +08:00 (JPL DE423, tests/data/new_moons.txt); "
        "sxtwl, cnlunar and lunar-python agree; lunardate starts the month on 07-22",
    ),
    Correction(
        (1954, 11, False),
        date(1954, 11, 25),
        "new moon 1954-11-25 20:30:22 +08:00 (JPL DE423, tests/data/new_moons.txt); "
        "sxtwl, cnlunar and lunar-python agree; lunardate starts the month on 11-26",
    ),
    Correction(
        (1978, 8, False),
        date(1978, 9, 3),
        "new moon 1978-09-03 00:08:54 +08:00 (JPL DE423, tests/data/new_moons.txt); "
        "sxtwl, cnlunar and lunar-python agree; lunardate starts the month on 09-02",
    ),
)

# Months after the end of observed ΔT (2027) whose new moon falls within two minutes of
# Beijing midnight: which day they begin on depends on future ΔT and leap seconds, which no
# one knows yet. We keep the published (lunardate) first day and report ``uncertain=True``
# for every date in them. The test suite derives this list from the DE423 new moons.
UNCERTAIN: tuple[Correction, ...] = (
    Correction(
        (2057, 9, False),
        date(2057, 9, 28),
        "new moon 2057-09-29 00:00:44 +08:00 with UTC = TAI - 37 s (JPL DE423); published "
        "tables and lunardate say 09-28, lunar-python says 09-29",
    ),
    Correction(
        (2089, 8, False),
        date(2089, 9, 4),
        "new moon 2089-09-04 23:59:25 +08:00 with UTC = TAI - 37 s (JPL DE423); lunardate "
        "says 09-04",
    ),
    Correction(
        (2097, 7, False),
        date(2097, 8, 7),
        "new moon 2097-08-08 00:01:49 +08:00 with UTC = TAI - 37 s (JPL DE423); lunardate "
        "and lunar-python say 08-07",
    ),
)

_MONTHS = "正二三四五六七八九十冬腊"
_DAYS_TENS = ("初", "十", "廿", "三")
_DIGITS = "一二三四五六七八九十"


class LunarDate(NamedTuple):
    """A date of the Chinese lunar calendar; ``uncertain`` marks a ΔT-sensitive month."""

    year: int
    month: int
    day: int
    leap: bool = False
    uncertain: bool = False

    @property
    def hanzi(self) -> str:
        """E.g. ``"1990年闰五月廿九"``."""
        if self.day == 10:
            day = "初十"
        elif self.day == 20:
            day = "二十"
        elif self.day == 30:
            day = "三十"
        else:
            day = _DAYS_TENS[self.day // 10] + _DIGITS[self.day % 10 - 1]
        return f"{self.year}年{'闰' if self.leap else ''}{_MONTHS[self.month - 1]}月{day}"

    def __str__(self) -> str:
        return self.hanzi

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "month": self.month,
            "day": self.day,
            "leap": self.leap,
            "hanzi": self.hanzi,
            "uncertain": self.uncertain,
        }


@cache
def _lunardate() -> Any:
    from lunardate import LunarDate as Library  # GPL-3.0-or-later: imported only here

    return Library


@cache
def _library_first_day(month: MonthKey) -> date:
    year, number, leap = month
    first: date = _lunardate()(year, number, 1, leap).to_solar_date()
    return first


@cache
def _month_span(key: MonthKey) -> tuple[date, date]:
    """First day and the day after the last of a lunar month, corrections applied."""
    first = _library_first_day(key)
    library_next = _lunardate().from_solar_date(*(first + timedelta(days=29)).timetuple()[:3])
    end = first + timedelta(days=30 if library_next.day == 30 else 29)
    for fix in CORRECTIONS:
        if fix.month == key:
            first = fix.first_day
        elif _library_first_day(fix.month) == end:
            end = fix.first_day  # the corrected month's start is this month's end
    return first, end


def to_gregorian(
    year: int, month: int, day: int, leap: bool = False, field: str = "datetime"
) -> date:
    """The Gregorian date of a lunar date (Beijing-time reckoning).

    Raises:
        OutOfRangeError: lunar year outside 1900–2099.
        InvalidLunarDateError: no such month (e.g. a leap month the year lacks) or day.
        (``field`` names the parameter the date came in.)
    """
    for name, value in (("year", year), ("month", month), ("day", day)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInputError(f"lunar {name} must be an integer, got {value!r}", value, field)
    if not 1900 <= year <= 2099:
        raise OutOfRangeError(
            year, FIRST_DAY, LAST_DAY + timedelta(days=1), "lunar years 1900-2099", field
        )
    if not 1 <= month <= 12:
        raise InvalidLunarDateError(year, month, day, leap, "months are numbered 1 to 12", field)
    try:
        first, end = _month_span((year, month, bool(leap)))
    except ValueError:
        leap_month = _lunardate().leap_month_for_year(year)
        reason = (
            f"{year} has leap month {leap_month}" if leap_month else f"{year} has no leap month"
        )
        raise InvalidLunarDateError(year, month, day, leap, reason, field) from None
    length = (end - first).days
    if not 1 <= day <= length:
        raise InvalidLunarDateError(year, month, day, leap, f"that month has {length} days", field)
    return first + timedelta(days=day - 1)


def from_gregorian(day: date, field: str = "date") -> LunarDate:
    """The lunar date of a Gregorian date (Beijing-time reckoning).

    Raises:
        OutOfRangeError: outside 1900-01-31 .. 2100-02-08 (lunar years 1900–2099).
    """
    if not FIRST_DAY <= day <= LAST_DAY:
        raise OutOfRangeError(day, FIRST_DAY, LAST_DAY + timedelta(days=1), "lunar dates", field)
    ordinal = day.toordinal()
    # The lunar year is the Gregorian year or the one before (正月 starts in Jan or Feb).
    year = day.year if day.year <= 2099 and _months_of(day.year)[0][0] <= ordinal else day.year - 1
    for first, end, (number, month, leap) in _months_of(year):
        if first <= ordinal < end:
            key = (number, month, leap)
            return LunarDate(number, month, ordinal - first + 1, leap, key in _UNCERTAIN_MONTHS)
    raise AssertionError(f"no lunar month holds {day}")  # the months of a year are contiguous


@cache
def _months_of(year: int) -> tuple[tuple[int, int, MonthKey], ...]:
    """The months of lunar year ``year`` in order: first-day and end-day ordinals and key,
    corrections applied. Kept per year, so that a date is a scan of 13 months rather than
    ``lunardate``'s walk from 1900."""
    leap = _lunardate().leap_month_for_year(year)
    keys = [(year, m, is_leap) for m in range(1, 13) for is_leap in (False, True)]
    months = []
    for key in keys:
        if key[2] and key[1] != leap:
            continue
        first, end = _month_span(key)
        months.append((first.toordinal(), end.toordinal(), key))
    return tuple(months)


_UNCERTAIN_MONTHS = frozenset(u.month for u in UNCERTAIN)


_GREGORIAN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LUNAR_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")


def lunar_date(date: Date | str) -> LunarDate:
    """The lunar date of a Gregorian ``date``, given as a ``date`` or ``"YYYY-MM-DD"``.

    Raises:
        InvalidInputError: text that is not a Gregorian date; OutOfRangeError: outside
        1900-01-31 .. 2100-02-08. Their ``field`` is ``"date"``.
    """
    if isinstance(date, str):
        text = date.strip()
        try:
            if not _GREGORIAN_DATE.fullmatch(text):
                raise ValueError
            day = Date.fromisoformat(text)
        except ValueError:
            raise InvalidInputError(
                f"cannot read {date!r} as a date: expected 'YYYY-MM-DD'", date, "date"
            ) from None
    elif isinstance(date, Date) and not isinstance(date, datetime):
        day = date
    else:
        raise InvalidInputError(
            f"expected a date or 'YYYY-MM-DD', got {type(date).__name__}", date, "date"
        )
    return from_gregorian(day, "date")


def solar_date(lunar: str, leap_month: bool = False) -> date:
    """The Gregorian date of a lunar date written ``"YYYY-MM-DD"`` (lunar year, month 1–12,
    day 1–30; ``leap_month`` for the leap month 闰月).

    Raises:
        InvalidInputError, InvalidLunarDateError, OutOfRangeError: their ``field`` is
        ``"lunar"`` (``"leap_month"`` for a non-boolean ``leap_month``).
    """
    if type(leap_month) is not bool:
        raise InvalidInputError(
            f"leap_month must be true or false; got {leap_month!r}", leap_month, "leap_month"
        )
    m = _LUNAR_DATE.fullmatch(lunar) if isinstance(lunar, str) else None
    if m is None:
        raise InvalidInputError(
            f"cannot read {lunar!r} as a lunar date: expected 'YYYY-MM-DD' (lunar year, "
            "month 1-12, day 1-30)",
            lunar,
            "lunar",
        )
    year, month, day = (int(g) for g in m.groups())
    return to_gregorian(year, month, day, leap_month, "lunar")


def lunar_wall_time(text: str | datetime, leap_month: bool) -> datetime:
    """The Gregorian wall time of ``"YYYY-MM-DD HH:MM[:SS]"`` (or another way of writing it,
    :mod:`bazi.datetext`) read as a lunar date and a time of day: day 30 of a lunar month is
    no Gregorian date, so the date is checked as a lunar one.

    Raises:
        InvalidInputError, InvalidLunarDateError, OutOfRangeError, about ``datetime``.
    """
    written = split_date_time(text) if isinstance(text, str) else None
    if written is None or written.hour is None or written.offset is not None:
        raise InvalidInputError(
            f"cannot read {text!r} as a lunar date and time: expected 'YYYY-MM-DD HH:MM' "
            "(lunar year, month, day, also 1995年2月8日 23:40; the zone goes in tz=)",
            text,
            "datetime",
        )
    clock = time(written.hour, written.minute, written.second, written.microsecond)
    year, month, day = written.year, written.month, written.day
    return datetime.combine(to_gregorian(year, month, day, leap_month), clock)
