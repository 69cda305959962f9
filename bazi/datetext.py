"""Dates and times as people type them, read strictly.

Accepted, besides ISO 8601 (read by :meth:`datetime.fromisoformat` first):

* dates ``1995-3-8``, ``1995/3/8``, ``1995.3.8`` and ``1995年3月8日`` (or ``号``);
* times ``23:40``, ``23:40:15``, ``23时40分``, ``23点40``, ``11点半``, ``3:40 pm``, and
  with a Chinese period of the day: ``下午3点`` (15:00), ``晚上11点40分`` (23:40),
  ``凌晨1点`` (01:00), ``中午12点`` (12:00);
* a UTC offset after the time (``+08:00``, ``Z``).

Nothing is guessed: a missing part is an error, and so is a 12 o'clock with a period that
leaves it ambiguous (``晚上12点``: midnight of which day?). An impossible value names what
is wrong: ``1995-02 has 28 days``, ``hour 25 does not exist (0-23)``.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone
from functools import cache
from typing import NamedTuple

from .errors import InvalidInputError

__all__ = ["DateTimeText", "split_date_time"]

_DATE = (
    r"(?P<y>\d{4})\s*(?:(?P<s>[-/.])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<d>\d{1,2})"
    r"|年\s*(?P<cm>\d{1,2})\s*月\s*(?P<cd>\d{1,2})\s*[日号號]?)"
)
_PERIOD = r"(?P<period>凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜裡|夜间|夜間)"
_CLOCK = (
    r"(?P<h>\d{1,2})\s*:\s*(?P<min>\d{1,2})(?:\s*:\s*(?P<sec>\d{1,2})(?:\.(?P<frac>\d{1,6}))?)?"
    r"(?:\s*(?P<ampm>[AaPp][Mm]))?"
)
_HANZI_CLOCK = (
    r"(?P<hh>\d{1,2})\s*[点點时時]\s*"
    r"(?:(?P<half>半)|(?P<mm>\d{1,2})\s*分?(?:\s*(?P<ss>\d{1,2})\s*秒)?)?"
)
_OFFSET = r"(?P<offset>Z|[+-]\d{2}(?::?\d{2})?)"


@cache
def _text() -> re.Pattern[str]:
    """The pattern of a date and time as people type it, compiled on first use (ISO 8601,
    which :meth:`datetime.fromisoformat` reads first, never needs it)."""
    return re.compile(
        rf"\s*{_DATE}(?:\s*[T\s]?\s*(?:{_PERIOD}\s*)?(?:{_CLOCK}|{_HANZI_CLOCK}))?\s*{_OFFSET}?\s*",
    )


_EVENING = frozenset({"下午", "傍晚", "晚上", "夜里", "夜裡", "夜间", "夜間"})


class DateTimeText(NamedTuple):
    """The fields of a date and time as written, the time and offset ``None`` if absent.
    The date is not checked against a calendar: a lunar day 30 is no Gregorian date."""

    year: int
    month: int
    day: int
    hour: int | None
    minute: int
    second: int
    microsecond: int
    offset: timezone | None

    def check_gregorian(self, text: str, field: str) -> None:
        """Refuse a month or day the Gregorian calendar does not have."""
        if self.year < 1:
            raise _bad(text, field, "year 0 does not exist")
        if not 1 <= self.month <= 12:
            raise _bad(text, field, f"month {self.month} does not exist (1-12)")
        import calendar  # here, not at import: ISO 8601 input never gets this far

        days = calendar.monthrange(self.year, self.month)[1]
        if not 1 <= self.day <= days:
            raise _bad(text, field, f"{self.year}-{self.month:02d} has {days} days")


def _bad(text: str, field: str, why: str) -> InvalidInputError:
    return InvalidInputError(f"{text!r}: {why}", text, field)


def split_date_time(text: str, field: str = "datetime") -> DateTimeText | None:
    """The fields of ``text`` if it has the shape of a date and time (see the module
    docstring), else ``None``; the time of day is checked, the date is not.

    Raises:
        InvalidInputError: a time of day that does not exist (``hour 25``, ``minute 61``,
            ``晚上12点``), naming ``field``.
    """
    m = _text().fullmatch(text)
    if m is None:
        return None
    year = int(m["y"])
    month, day = (int(m["m"]), int(m["d"])) if m["m"] else (int(m["cm"]), int(m["cd"]))
    offset = None if m["offset"] is None else _offset(text, field, m["offset"])
    if m["h"] is None and m["hh"] is None:
        if m["period"] is not None:
            return None
        return DateTimeText(year, month, day, None, 0, 0, 0, offset)
    if m["h"] is not None:
        hour, minute = int(m["h"]), int(m["min"])
        second = int(m["sec"] or 0)
        micro = int((m["frac"] or "0").ljust(6, "0"))
    else:
        hour, minute, second, micro = int(m["hh"]), 30 if m["half"] else int(m["mm"] or 0), 0, 0
        second = int(m["ss"] or 0)
    hour = _hour(text, field, hour, m["period"], m["ampm"] if m["h"] is not None else None)
    if not 0 <= minute <= 59:
        raise _bad(text, field, f"minute {minute} does not exist (0-59)")
    if not 0 <= second <= 59:
        raise _bad(text, field, f"second {second} does not exist (0-59)")
    return DateTimeText(year, month, day, hour, minute, second, micro, offset)


def _hour(text: str, field: str, hour: int, period: str | None, ampm: str | None) -> int:
    """The hour 0–23 of a clock reading, turned by a period of the day or am/pm."""
    if period is not None and ampm is not None:
        raise _bad(text, field, f"both {period} and {ampm}: write one")
    if ampm is not None:
        if not 1 <= hour <= 12:
            raise _bad(text, field, f"hour {hour} {ampm} does not exist (1-12)")
        return hour % 12 + (12 if ampm.lower() == "pm" else 0)
    if period is None:
        if not 0 <= hour <= 23:
            raise _bad(text, field, f"hour {hour} does not exist (0-23)")
        return hour
    if period == "中午":  # around noon: 11点, 12点, 1点 (13:00)
        if hour in (11, 12, 13):
            return hour
        if hour in (1, 2):
            return hour + 12
        raise _bad(text, field, f"中午{hour}点 is not around noon")
    if period in _EVENING:
        if 1 <= hour <= 11:
            return hour + 12
        if 13 <= hour <= 23:
            return hour
        raise _bad(text, field, f"{period}{hour}点 is ambiguous: write 00:00 or 12:00 as 24-hour")
    if 0 <= hour <= 11:  # morning periods
        return hour
    raise _bad(text, field, f"{period}{hour}点 is ambiguous: write the 24-hour time")


def _offset(text: str, field: str, written: str) -> timezone:
    if written == "Z":
        return UTC
    sign = -1 if written[0] == "-" else 1
    digits = written[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise _bad(text, field, f"UTC offset {written} does not exist")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
