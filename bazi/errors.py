"""Exceptions raised for input the engine cannot turn into a correct chart.

Every user error is a :class:`BaziError`, itself a :class:`ValueError`, so callers may catch
either. Each exception keeps the offending value as attributes, says what was expected, and
names in ``field`` the parameter at fault::

    BaziError(ValueError)                                   field (default)
    ├── InvalidInputError        malformed text, a bad option value, a missing longitude
    ├── NaiveDateTimeError       a wall time given without any zone or offset   tz
    ├── UnknownZoneError         a zone the pinned IANA database does not have  tz
    ├── NonexistentTimeError     a wall time skipped by a clock change (DST gap)  datetime
    ├── AmbiguousTimeError       a wall time that happened twice, without ``fold``  fold
    ├── OutOfRangeError          an instant or date outside the supported range  datetime
    ├── InvalidLunarDateError    a lunar date that does not exist               datetime
    ├── InvalidPillarError       a stem-branch pair or name not among the sixty  pillars
    ├── UnknownPlaceError        a birthplace the offline GeoNames table lacks   place
    ├── AmbiguousPlaceError      a birthplace name shared by comparable cities   place
    └── ZoneMismatchError        a tz whose offset at the birth is not the place's  tz

``field`` is set where the error is raised: the class default, or the name under which the
caller passed the input (``start`` and ``end`` of :func:`bazi.charts_between`, ``date`` of
:func:`bazi.lunar_date`). The birth time, ``when`` of :func:`bazi.chart`, is ``datetime``,
as every face calls it. Faces report the field as it is and never change an error.

A damaged data table shipped with the package is not a user error: it raises
:class:`RuntimeError` naming the command that regenerates it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .places import Place

__all__ = [
    "AmbiguousPlaceError",
    "AmbiguousTimeError",
    "BaziError",
    "InvalidInputError",
    "InvalidLunarDateError",
    "InvalidPillarError",
    "NaiveDateTimeError",
    "NonexistentTimeError",
    "OutOfRangeError",
    "UnknownPlaceError",
    "UnknownZoneError",
    "ZoneMismatchError",
]


class BaziError(ValueError):
    """Base class of every error caused by the caller's input.

    ``field`` names the parameter at fault (``"datetime"``, ``"tz"``, ``"day_boundary"``,
    ``"start"``, …): the class default unless the raiser named another.
    """

    field: str = "datetime"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        if field is not None:
            self.field = field


class InvalidInputError(BaziError):
    """Input that cannot be parsed, or an option with a value it does not take."""

    def __init__(self, message: str, value: Any = None, field: str | None = None) -> None:
        super().__init__(message, field)
        self.value = value


class NaiveDateTimeError(BaziError):
    """A wall time without a zone: the instant, and so the chart, is unknown."""

    field = "tz"

    def __init__(self, value: Any, field: str | None = None) -> None:
        super().__init__(
            f"{value!s} has no time zone: pass tz='Asia/Shanghai' (an IANA name) or "
            "tz='+08:00' (a fixed offset), or give an aware timestamp like "
            "'1990-05-17T10:30+08:00'",
            field,
        )
        self.value = value


class UnknownZoneError(BaziError):
    """A zone that is neither an IANA name in the pinned database nor a fixed offset."""

    field = "tz"

    def __init__(
        self, zone: str, suggestions: tuple[str, ...] = (), field: str | None = None
    ) -> None:
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"unknown time zone {zone!r}: expected an IANA name such as 'Asia/Shanghai' "
            f"or a UTC offset such as '+08:00'{hint}",
            field,
        )
        self.zone = zone
        self.suggestions = suggestions


class NonexistentTimeError(BaziError):
    """A wall time that the clocks of that zone skipped (e.g. a DST gap)."""

    def __init__(self, wall: datetime, zone: str, field: str | None = None) -> None:
        super().__init__(
            f"{wall:%Y-%m-%d %H:%M:%S} did not exist in {zone}: the clocks skipped it "
            "(daylight-saving gap); check the birth record, or give the time as an aware "
            "timestamp with its UTC offset",
            field,
        )
        self.wall = wall
        self.zone = zone


class AmbiguousTimeError(BaziError):
    """A wall time that happened twice (e.g. when DST ended) and ``fold`` was not given."""

    field = "fold"

    def __init__(
        self, wall: datetime, zone: str, offsets: tuple[str, str], field: str | None = None
    ) -> None:
        super().__init__(
            f"{wall:%Y-%m-%d %H:%M:%S} happened twice in {zone} (UTC{offsets[0]} then "
            f"UTC{offsets[1]}): pass fold=0 for the earlier or fold=1 for the later",
            field,
        )
        self.wall = wall
        self.zone = zone
        self.offsets = offsets


class OutOfRangeError(BaziError):
    """An instant or date outside the range the shipped data covers; never extrapolated."""

    def __init__(
        self,
        value: Any,
        start: date | datetime,
        end: date | datetime,
        what: str,
        field: str | None = None,
    ) -> None:
        super().__init__(
            f"{value!s} is outside the supported range of {what}: "
            f"{_text(start)} to {_text(end)} (end excluded)",
            field,
        )
        self.value = value
        self.start = start
        self.end = end


def _text(moment: date | datetime) -> str:
    if isinstance(moment, datetime):
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return moment.isoformat()


class InvalidLunarDateError(BaziError):
    """A lunar date that does not exist (a leap month the year lacks, day 30 of a short month)."""

    def __init__(
        self, year: int, month: int, day: int, leap: bool, reason: str, field: str | None = None
    ) -> None:
        kind = "leap month" if leap else "month"
        super().__init__(f"lunar {year} {kind} {month} day {day} does not exist: {reason}", field)
        self.year = year
        self.month = month
        self.day = day
        self.leap = leap


class InvalidPillarError(BaziError):
    """A stem-branch combination that is not one of the sixty (e.g. 甲丑), or an unknown name."""

    field = "pillars"

    def __init__(self, value: Any, reason: str, field: str | None = None) -> None:
        super().__init__(f"{value!r} is not a pillar: {reason}", field)
        self.value = value


class UnknownPlaceError(BaziError):
    """A birthplace that no GeoNames city of the shipped index matches.

    ``suggestions`` holds labels of cities with close names (possibly none); ``reason`` replaces
    the default explanation, e.g. when a qualifier after the comma excludes every match.
    """

    field = "place"

    def __init__(
        self, place: str, suggestions: tuple[str, ...] = (), reason: str | None = None
    ) -> None:
        if reason is None:
            hint = f"; did you mean {', '.join(map(repr, suggestions))}?" if suggestions else ""
            message = (
                f"unknown place {place!r}: no GeoNames city of 15,000 or more inhabitants has "
                f"that name{hint}; check the spelling, name the nearest larger city, or give tz "
                "(and longitude) directly"
            )
        else:
            message = f"cannot resolve place {place!r}: {reason}" if place else reason
        super().__init__(message)
        self.value = place
        self.suggestions = suggestions


class AmbiguousPlaceError(BaziError):
    """A birthplace name shared by several cities of which none clearly dominates.

    ``candidates`` are the matching :class:`~bazi.places.Place` values, most populous first;
    the ranking rule is in :mod:`bazi.places`.
    """

    field = "place"

    def __init__(self, place: str, candidates: tuple[Place, ...]) -> None:
        shown = "; ".join(f"{c.label} (pop. {c.population:,})" for c in candidates[:5])
        more = f"; and {len(candidates) - 5} more" if len(candidates) > 5 else ""
        super().__init__(
            f"place {place!r} is ambiguous: {shown}{more}; name one by its label (name, region, "
            f"country), e.g. {candidates[0].label!r}, or add a region or country after a comma"
        )
        self.value = place
        self.candidates = candidates


class ZoneMismatchError(BaziError):
    """A zone given with a birthplace whose clock showed another UTC offset at the birth:
    one of the two is wrong (a New York birth read on Beijing time), and the chart would be
    silently wrong either way."""

    field = "tz"

    def __init__(
        self, place: str, place_zone: str, place_offset: str, tz: str, tz_offset: str
    ) -> None:
        super().__init__(
            f"tz {tz!r} (UTC{tz_offset} at the birth) disagrees with the place {place!r}, "
            f"whose clock {place_zone} showed UTC{place_offset}: give the place alone (its "
            "zone is used), or the zone alone (with longitude for solar time), or correct one"
        )
        self.value = tz
