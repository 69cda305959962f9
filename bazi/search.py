"""Charts over a span of time, and the times that give a chart (conventions §4, inverted).

:func:`charts_between` splits an interval into the exact sub-intervals over which the four
pillars stay the same: for a birth time known only roughly (``charts_for_day`` for an
unknown hour). :func:`find` is the reverse lookup: every interval in a range of years whose
chart has given pillars. Both call :func:`bazi.chart` itself at every point they report, so
they agree with it by construction; boundaries are found to the microsecond by bisection
between samples at most 30 minutes apart, with every 节 instant sampled exactly.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from datetime import date as Date
from typing import Any, Unpack

from .cycle import Pillar
from .datetext import split_date_time
from .errors import InvalidInputError, InvalidPillarError, OutOfRangeError
from .moment import resolve, zone
from .options import Options, PillarSchool, pillar_options
from .pillars import FourPillars, Reckoning, four_pillars
from .terms import (
    format_instant,
    from_microseconds,
    solar_term_table,
    solar_terms,
    to_microseconds,
)

__all__ = ["Segment", "charts_between", "charts_for_day", "find", "partition_us", "pillars_at"]

_STEP_US = 30 * 60 * 1_000_000  # no two boundaries of hour or day are closer than this
_MAX_SPAN = timedelta(days=366)


@dataclass(frozen=True, slots=True)
class Segment:
    """A half-open interval ``[start, end)`` over which the chart's pillars are constant.

    ``start`` and ``end`` are aware datetimes in the zone asked for. In a three-pillar
    :func:`find` the whole day is one segment (``hour_known`` false): its hour pillar
    changes within it, and ``pillars`` holds the hour at its start; :attr:`text` shows three.
    """

    start: datetime
    end: datetime
    pillars: FourPillars
    hour_known: bool = True

    @property
    def text(self) -> str:
        """The pillars constant over the segment: four, or three when the hour is not."""
        p = self.pillars
        return str(p) if self.hour_known else f"{p.year.hanzi} {p.month.hanzi} {p.day.hanzi}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(timespec="milliseconds"),
            "end": self.end.isoformat(timespec="milliseconds"),
            "start_utc": format_instant(self.start),
            "end_utc": format_instant(self.end),
            "pillars": self.text,
        }


def pillars_at(us: int, tz: tzinfo, options: Options) -> FourPillars:
    """The four pillars of the instant ``us`` (microseconds since 1970 UTC) read in ``tz``:
    what :func:`bazi.chart` gives for that instant and zone."""
    return _reckoned(us, tz, options).pillars


def _reckoned(us: int, tz: tzinfo, options: Options) -> Reckoning:
    return four_pillars(resolve(from_microseconds(us), tz), options)


def partition_us(
    start_us: int, end_us: int, tz: tzinfo, options: Options
) -> list[tuple[int, int, FourPillars]]:
    """``[start_us, end_us)`` (microseconds since 1970) as (start, end, pillars) runs."""
    table = solar_term_table()
    terms = {to_microseconds(t.instant) for t in table.terms_between(start_us + 1, end_us)}
    points = [*sorted(terms.union(range(start_us, end_us, _STEP_US))), end_us]
    out: list[tuple[int, int, FourPillars]] = []
    seg_start = start_us
    current = pillars_at(start_us, tz, options)
    for a, b in itertools.pairwise(points):
        lo = a
        last = b - 1 if b == end_us else b  # the last microsecond of (a, b] in the span
        while lo < last and pillars_at(last, tz, options) != current:
            if last in terms and pillars_at(last - 1, tz, options) == current:
                change = last  # year and month change at the 节 instant itself
            else:
                change = _first_change(lo, last, current, tz, options)
            out.append((seg_start, change, current))
            seg_start, lo = change, change
            current = pillars_at(change, tz, options)
    out.append((seg_start, end_us, current))
    return out


def _first_change(lo: int, hi: int, current: FourPillars, tz: tzinfo, options: Options) -> int:
    """The first microsecond in (lo, hi] whose pillars differ from ``current`` (they do at
    ``hi``; within one sampling step they never return to a value they left).

    Tried first where it usually is: where the local reckoning reaches its next whole hour
    (the only times day and hour change), found by stepping the instant by the reckoning's
    distance to that hour (exact for clock, standard and mean time; three steps for the
    equation of time of apparent solar time). A candidate counts only if the pillars change
    exactly there; otherwise, as across a clock change, the change is found by bisection.
    """
    candidate = _next_whole_hour(lo, hi, tz, options)
    if (
        candidate is not None
        and pillars_at(candidate, tz, options) != current
        and pillars_at(candidate - 1, tz, options) == current
    ):
        return candidate
    left, right = lo, hi
    while right - left > 1:
        mid = (left + right) // 2
        if pillars_at(mid, tz, options) == current:
            left = mid
        else:
            right = mid
    return right


_MICROSECOND = timedelta(microseconds=1)


def _next_whole_hour(lo: int, hi: int, tz: tzinfo, options: Options) -> int | None:
    """The instant in (lo, hi] where the local reckoning of ``lo`` reaches its next whole
    hour, or ``None`` if the stepping leaves the interval or does not settle."""
    local = _reckoned(lo, tz, options).local_time
    target = local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    us = lo
    for _ in range(4):
        step = (target - local) // _MICROSECOND
        if step == 0:
            return us
        us += step
        if not lo < us <= hi:
            return None
        local = _reckoned(us, tz, options).local_time
    return None


def _zone_of(tz: str | tzinfo | None) -> tzinfo:
    if tz is None:
        raise InvalidInputError(
            "tz or place is required, e.g. tz='Asia/Shanghai', tz='+08:00' or place='深圳'",
            tz,
            "tz",
        )
    return tz if isinstance(tz, tzinfo) else zone(tz)


class _Clock:
    """The clock and pillar school of a search: ``tz``, or a birthplace's clock (Beijing
    time in Xinjiang, :mod:`bazi.clocks`) and its longitude for solar time."""

    def __init__(
        self, tz: str | tzinfo | None, place: str | None, school: dict[str, Any], function: str
    ) -> None:
        self.place, self.tz_given = None, tz is not None
        if place is not None:
            from .clocks import place_clock
            from .places import resolve_place

            self.place = resolve_place(place)
            if tz is None:
                tz = place_clock(self.place.timezone)
            if school.get("longitude") is None:
                school["longitude"] = self.place.longitude
        self.options = pillar_options(school, function)
        self.tz = _zone_of(tz)

    def check(self, instant: datetime) -> None:
        """Refuse a ``tz`` given with a place whose clock showed another offset at
        ``instant`` (:class:`~bazi.errors.ZoneMismatchError`)."""
        if self.place is not None and self.tz_given:
            from .clocks import check_place_clock

            check_place_clock(self.place.label, self.place.timezone, instant, self.tz)


def charts_between(
    start: str | datetime,
    end: str | datetime,
    tz: str | tzinfo | None = None,
    *,
    max_days: int = 366,
    place: str | None = None,
    **school: Unpack[PillarSchool],
) -> list[Segment]:
    """The exact partition of ``[start, end)`` into intervals with the same four pillars.

    Args:
        start, end: wall times read in ``tz`` (or aware timestamps).
        tz: IANA zone or fixed offset, as for :func:`bazi.chart`.
        max_days: the longest span taken (at most 366 days; a service may set less).
        place: the birthplace, as for :func:`bazi.chart`: its clock when ``tz`` is not
            given, its longitude for solar time; a ``tz`` of another offset is refused.
        school: the pillar school (``day_boundary``, ``solar_time``, ``longitude``,
            ``preset``), as for :func:`bazi.chart`.

    Raises:
        InvalidInputError: ``end`` not after ``start``, or a span over ``max_days``.
        OutOfRangeError, NonexistentTimeError, AmbiguousTimeError, …: as for ``chart``,
        about ``start`` or ``end``.
    """
    clock = _Clock(tz, place, dict(school), "charts_between")
    options, place_tz = clock.options, clock.tz
    first = resolve(start, place_tz, field="start", fold_field="start").instant
    clock.check(first)
    last = resolve(end, place_tz, field="end", fold_field="end").instant
    if last <= first:
        raise InvalidInputError("end must be after start", end, "end")
    days = min(max_days, _MAX_SPAN.days)
    if last - first > timedelta(days=days):
        raise InvalidInputError(f"the interval may span at most {days} days", end, "end")
    table = solar_term_table()
    table.check_range(to_microseconds(first), "start")
    table.check_range(to_microseconds(last) - 1, "end")
    return _between(first, last, place_tz, options)


def _between(first: datetime, last: datetime, place: tzinfo, options: Options) -> list[Segment]:
    """The partition of ``[first, last)``, an interval inside the term table."""
    parts = partition_us(to_microseconds(first), to_microseconds(last), place, options)
    return [
        Segment(from_microseconds(a).astimezone(place), from_microseconds(b).astimezone(place), p)
        for a, b, p in parts
    ]


def charts_for_day(
    date: str | Date,
    tz: str | tzinfo | None = None,
    *,
    place: str | None = None,
    **school: Unpack[PillarSchool],
) -> list[Segment]:
    """Candidate charts when the hour of birth is unknown: the partition of the whole local
    civil day ``date`` (00:00 to 24:00 in ``tz``, or on the clock of ``place``), 12 or 13
    hour pillars and any 节 inside it. ``date`` is ``YYYY-MM-DD`` or as people write it
    (``1995/3/8``, ``1995年3月8日``)."""
    clock = _Clock(tz, place, dict(school), "charts_for_day")
    options = clock.options
    if not isinstance(date, str | Date) or isinstance(date, datetime):
        raise InvalidInputError(
            f"expected a date or 'YYYY-MM-DD', got {type(date).__name__}", date, "date"
        )
    day = _read_date(date) if isinstance(date, str) else date
    clock_tz = clock.tz
    table = solar_term_table()
    if not table.start.year <= day.year < table.end.year:
        raise OutOfRangeError(day, table.start, table.end, "the solar-term table", "date")
    # Local midnight to midnight (zoneinfo's reading of a skipped midnight is kept).
    first = datetime.combine(day, time(0), clock_tz).astimezone(UTC)
    last = datetime.combine(day + timedelta(days=1), time(0), clock_tz).astimezone(UTC)
    table.check_range(to_microseconds(first), "date")
    table.check_range(to_microseconds(last) - 1, "date")
    clock.check(first)
    return _between(first, last, clock_tz, options)


def _read_date(text: str) -> Date:
    """A civil date, ``YYYY-MM-DD`` or as people write it; impossible dates named."""
    written = split_date_time(text, "date")
    if written is None or written.hour is not None or written.offset is not None:
        raise InvalidInputError(
            f"cannot read {text!r} as a date: expected 'YYYY-MM-DD' (also 1995/3/8, 1995年3月8日)",
            text,
            "date",
        )
    written.check_gregorian(text, "date")
    return Date(written.year, written.month, written.day)


def _parse_target(pillars: str | FourPillars) -> tuple[Pillar, Pillar, Pillar, Pillar | None]:
    if isinstance(pillars, FourPillars):
        return pillars.year, pillars.month, pillars.day, pillars.hour
    if not isinstance(pillars, str):
        raise InvalidPillarError(pillars, "expected text such as '庚午 辛巳 壬午 乙巳'")
    names = (
        pillars.split()
        if " " in pillars.strip()
        else [pillars.strip()[i : i + 2] for i in range(0, len(pillars.strip()), 2)]
    )
    if len(names) not in (3, 4):
        raise InvalidPillarError(
            pillars, "expected three or four pillars, e.g. '庚午 辛巳 壬午 乙巳'"
        )
    parsed = [Pillar.from_hanzi(n) for n in names]
    year, month, day = parsed[:3]
    # 五虎遁: the 寅 month of a year with stem s has stem (2s + 2) mod 10.
    expected = (2 * year.stem + 2 + (month.branch - 2) % 12) % 10
    if month.stem != expected:
        raise InvalidPillarError(
            pillars,
            f"a {year.hanzi} year has no {month.hanzi} month: its {month.branch.hanzi} month "
            f"is {Pillar.of(expected, month.branch).hanzi}",
        )
    hour = parsed[3] if len(parsed) == 4 else None
    if hour is not None:
        # 五鼠遁 from the day stem d: (2d + branch) mod 10; a late 子 hour (23:00) may take
        # its stem from the next day under the zi and midnight schools.
        stems = {(2 * day.stem + hour.branch) % 10}
        if hour.branch == 0:
            stems.add((2 * (day.stem + 1)) % 10)
        if hour.stem not in stems:
            raise InvalidPillarError(
                pillars,
                f"a {day.hanzi} day has no {hour.hanzi} hour: its {hour.branch.hanzi} hour is "
                f"{Pillar.of((2 * day.stem + hour.branch) % 10, hour.branch).hanzi}",
            )
    return year, month, day, hour


def find(
    pillars: str | FourPillars,
    start: int = 1800,
    end: int = 2199,
    tz: str | tzinfo | None = None,
    *,
    place: str | None = None,
    **school: Unpack[PillarSchool],
) -> list[Segment]:
    """Every interval of local time in years ``start``–``end`` whose chart has ``pillars``.

    Args:
        pillars: four pillars (``"庚午 辛巳 壬午 乙巳"``) or three (hour unknown).
        start, end: the Gregorian years (of the local times found) searched, inclusive,
            1800–2199.
        tz: where the clock was read; default the clock of ``place``, else ``+08:00``
            (Beijing time as peers read it).
        place: the birthplace, as for :func:`charts_between`.
        school: the pillar school (``day_boundary``, ``solar_time``, ``longitude``,
            ``preset``), as for :func:`bazi.chart`.

    Returns:
        The intervals in time order; with three pillars each whole day-pillar interval.

    Raises:
        InvalidPillarError: bad names, parity, or a month stem impossible for the year.
        OutOfRangeError: years outside 1800–2199.
    """
    clock = _Clock("+08:00" if tz is None and place is None else tz, place, dict(school), "find")
    options = clock.options
    for name, value in (("start", start), ("end", end)):
        if type(value) is not int:
            raise InvalidInputError(f"{name} must be a year, got {value!r}", value, name)
    year, month, day, hour = _parse_target(pillars)
    if start > end:
        raise InvalidInputError(f"start ({start}) must not be after end ({end})", end, "end")
    if not 1800 <= start <= end <= 2199:
        raise OutOfRangeError(
            f"years {start}-{end}",
            Date(1800, 1, 1),
            Date(2200, 1, 1),
            "years 1800-2199",
            "start" if start < 1800 else "end",
        )
    clock_tz = clock.tz
    clock.check(datetime(start, 7, 1, tzinfo=UTC))  # a clock's offset is checked once
    table = solar_term_table()
    months_after_yin = (month.branch - 2) % 12
    longitude = (315 + 30 * months_after_yin) % 360
    # Reckoned days can sit hours from the clock's (solar time far from the zone meridian):
    # search each candidate civil day with this margin on both sides.
    margin = timedelta(hours=6)
    found: list[Segment] = []
    # A January birth before 立春 belongs to the previous ba-zi year: start one year early.
    for y in range(start - 1, end + 1):
        if (y - 4) % 60 != year.index:
            continue
        # 小寒 (the 丑 month) falls in January of the next Gregorian year.
        term_year = y + 1 if months_after_yin == 11 else y
        if not 1800 <= term_year <= 2199:
            continue
        opening = next(t for t in solar_terms(term_year) if t.longitude == longitude)
        closing = table.next_jie(to_microseconds(opening.instant))
        d = (opening.instant - margin).astimezone(clock_tz).date() - timedelta(days=1)
        while d <= (closing.instant + margin).astimezone(clock_tz).date() + timedelta(days=1):
            if (d.toordinal() + 14) % 60 == day.index:
                midnight = datetime.combine(d, time(0), clock_tz)
                lo = max(opening.instant, midnight - timedelta(hours=1) - margin)
                hi = min(closing.instant, midnight + timedelta(days=1) + margin)
                if lo < hi:
                    for seg in _between(lo, hi, clock_tz, options):
                        p = seg.pillars
                        if (p.year, p.month, p.day) == (year, month, day) and hour in (
                            None,
                            p.hour,
                        ):
                            _append(found, seg, merge=hour is None)
            d += timedelta(days=1)
    return found


def _append(found: list[Segment], seg: Segment, merge: bool) -> None:
    if merge:
        seg = Segment(seg.start, seg.end, seg.pillars, hour_known=False)
    if found and found[-1].end == seg.start and (merge or found[-1].pillars == seg.pillars):
        found[-1] = Segment(found[-1].start, seg.end, found[-1].pillars, seg.hour_known)
    else:
        found.append(seg)
