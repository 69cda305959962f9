"""Turning a local birth reading into an absolute instant (conventions §2).

A reading is a wall time plus where it was read: an IANA zone name (loaded from the pinned
``tzdata`` package, never the host's database, so every machine answers alike), a fixed
UTC offset such as ``+08:00``, or an offset inside an aware timestamp. Wall times that a
clock change skipped raise :class:`NonexistentTimeError`; those it repeated raise
:class:`AmbiguousTimeError` unless ``fold`` (0 earlier, 1 later) says which.
Civil time is taken as UT1 before 1972 and UTC after, the time scales of the term table.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache, lru_cache
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from .datetext import split_date_time
from .errors import (
    AmbiguousTimeError,
    InvalidInputError,
    NaiveDateTimeError,
    NonexistentTimeError,
    OutOfRangeError,
    UnknownZoneError,
)
from .transitions import (
    BLOCK_SHIFT,
    BLOCKS,
    EPOCH_WALL_US,
    FIRST_WALL_US,
    WALL_TABLES,
    tzdata_bytes,
    wall_block,
)

__all__ = [
    "Moment",
    "clock_moment",
    "clock_reading",
    "format_offset",
    "parse_wall_time",
    "resolve",
    "tzdata_version",
    "zone",
    "zone_moment",
]

Resolution = Literal["unique", "fold=0 (earlier)", "fold=1 (later)", "absolute"]

_OFFSET = re.compile(r"^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_UNIX_EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal()


@cache
def tzdata_version() -> str:
    """The IANA release of the pinned ``tzdata`` package, e.g. ``"2025b"``."""
    import tzdata

    return str(tzdata.IANA_VERSION)


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(tzdata_bytes("zones").decode("utf-8").split())


class _PinnedZone(ZoneInfo):
    """An IANA zone read from the pinned ``tzdata`` package's file. ``zoneinfo`` refuses to
    pickle a zone read from a file; this one pickles as its name and comes back as the
    pinned zone of that name, so charts and their datetimes cross processes
    (multiprocessing, Dask) and, in one process, come back to the same zone."""

    def __reduce__(self) -> tuple[Callable[[str], ZoneInfo], tuple[str]]:
        return _iana_zone, (str(self.key),)


@cache
def _iana_zone(name: str) -> ZoneInfo:
    from io import BytesIO

    data = tzdata_bytes("zoneinfo", *name.split("/"))  # a name of _zone_names
    return _PinnedZone.from_file(BytesIO(data), key=name)


def zone(name: str, field: str = "tz") -> tzinfo:
    """The zone called ``name``: an IANA name, ``UTC``/``Z``, or an offset like ``+08:00``.

    Raises:
        UnknownZoneError: neither an IANA name in the pinned database nor an offset
            (``field`` names the parameter it came in).
    """
    if not isinstance(name, str):
        raise InvalidInputError(f"{field} must be a string, got {type(name).__name__}", name, field)
    try:
        return _zone(name)
    except UnknownZoneError as error:
        if field == error.field:
            raise
        raise UnknownZoneError(name, error.suggestions, field) from None


@lru_cache(maxsize=1024)  # every chart looks its zone up: keep the answers
def _zone(name: str) -> tzinfo:
    text = name.strip()
    if text in ("UTC", "Z", "GMT"):
        return UTC
    m = _OFFSET.match(text)
    if m:
        sign, hours, minutes = m.group(1), int(m.group(2)), int(m.group(3) or 0)
        if hours > 23 or minutes > 59:
            raise UnknownZoneError(name)
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if sign == "-" else delta)
    if text in _zone_names():
        return _iana_zone(text)
    lowered = {n.lower(): n for n in _zone_names()}
    if text.lower() in lowered:
        return _iana_zone(lowered[text.lower()])
    import difflib  # only to suggest names for a zone that does not exist

    close = difflib.get_close_matches(text, sorted(_zone_names()), n=3, cutoff=0.6)
    raise UnknownZoneError(name, tuple(close))


@lru_cache(maxsize=1024)
def zone_name(tz: tzinfo) -> str:
    """The IANA key of a zone, else its offset text (``+08:00``)."""
    key = getattr(tz, "key", None)
    if isinstance(key, str):
        return key
    if tz is UTC:
        return "UTC"
    offset = tz.utcoffset(None)
    return format_offset(offset) if offset is not None else str(tz)


@lru_cache(maxsize=256)  # a handful of offsets, formatted for every chart
def format_offset(offset: timedelta) -> str:
    """``+08:00`` style text of an offset (with seconds when it has any, as in LMT)."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def parse_wall_time(text: str, field: str = "datetime") -> datetime:
    """Parse ``YYYY-MM-DD HH:MM[:SS[.ffffff]]`` with an optional offset, or a date and time
    as people type it (:mod:`bazi.datetext`); keep it as given.

    Raises:
        InvalidInputError: unreadable, no time of day, or a value that does not exist,
            saying which (``1995-02 has 28 days``, ``hour 25 does not exist (0-23)``).
    """
    if not isinstance(text, str):
        raise InvalidInputError(
            f"expected a date-time string, got {type(text).__name__}", text, field
        )
    stripped = text.strip()
    if len(stripped) == 10 and _DATE_ONLY.fullmatch(stripped):
        raise InvalidInputError(
            f"{text!r} has no time of day; a chart needs one, e.g. '{stripped} 10:30'",
            text,
            field,
        )
    try:
        return datetime.fromisoformat(stripped)
    except ValueError:
        pass
    written = split_date_time(stripped, field)  # as people type it: 1995/3/8 下午3点
    if written is None:
        raise InvalidInputError(
            f"cannot read {text!r} as a date-time: expected 'YYYY-MM-DD HH:MM' "
            "(also 1995/3/8 23:40, 1995年3月8日 23时40分, 下午3点; seconds and a UTC offset "
            "such as '+08:00' optional)",
            text,
            field,
        )
    if written.hour is None:
        raise InvalidInputError(
            f"{text!r} has no time of day; a chart needs one, e.g. '{stripped} 10:30'",
            text,
            field,
        )
    written.check_gregorian(text, field)
    return datetime(
        written.year,
        written.month,
        written.day,
        written.hour,
        written.minute,
        written.second,
        written.microsecond,
        written.offset,
    )


class Moment(NamedTuple):
    """A birth instant and how it was read.

    Attributes:
        instant: the absolute instant, aware, in UTC.
        wall: the local wall-clock reading (naive), DST included.
        zone: IANA name or fixed offset text of where it was read.
        utc_offset: total offset from UTC of the wall clock at that instant.
        dst: the daylight-saving part of ``utc_offset`` (zero when none).
        resolution: how the wall time mapped to the instant: ``unique``, one of the two
            ``fold`` readings of a repeated time, or ``absolute`` when the input carried
            its own offset.
        tz: the zone itself (pinned IANA data or a fixed offset).
    """

    instant: datetime
    wall: datetime
    zone: str
    utc_offset: timedelta
    dst: timedelta
    resolution: Resolution
    tz: tzinfo

    @property
    def standard_time(self) -> datetime:
        """The zone's standard time at the instant: the wall clock with DST removed."""
        return self.wall - self.dst


@lru_cache(maxsize=1024)  # few offsets are distinct
def _clock_epoch_us(tz: timezone) -> int:
    """The reading of a fixed-offset clock at 1970-01-01 00:00 UTC, in microseconds from the
    start of day ordinal 0 (as ``toordinal()`` counts)."""
    return _UNIX_EPOCH_ORDINAL * 86_400_000_000 + _offset_us(tz)


def _offset_us(tz: timezone) -> int:
    offset = tz.utcoffset(None)
    return (offset.days * 86_400 + offset.seconds) * 1_000_000 + offset.microseconds


def clock_moment(wall: datetime, zone: timezone) -> Moment:
    """The :class:`Moment` of a wall time on a clock at the fixed offset ``zone``: read in
    it (``unique``), or, if ``wall`` carries ``zone`` itself, an ``absolute`` instant."""
    offset = zone.utcoffset(None)
    naive = wall if wall.tzinfo is None and not wall.fold else wall.replace(tzinfo=None, fold=0)
    # Positional: the fields in order (instant, wall, zone, utc_offset, dst, resolution, tz).
    return Moment(
        (naive - offset).replace(tzinfo=UTC),
        naive,
        zone_name(zone),
        offset,
        _NO_DST,
        "unique" if wall.tzinfo is None else "absolute",
        zone,
    )


_NO_DST = timedelta(0)


def zone_moment(wall: datetime, zone: ZoneInfo, offset_us: int, dst_us: int) -> Moment:
    """The :class:`Moment` of a naive wall time that has one reading in the IANA ``zone``,
    at the offset and DST :func:`clock_reading` found for it (as :func:`resolve` gives it)."""
    offset = timedelta(microseconds=offset_us)
    naive = wall.replace(fold=0) if wall.fold else wall
    return Moment(
        instant=(naive - offset).replace(tzinfo=UTC),
        wall=naive,
        zone=zone_name(zone),
        utc_offset=offset,
        dst=timedelta(microseconds=dst_us),
        resolution="unique",
        tz=zone,
    )


def clock_reading(
    when: str | datetime, tz: str | tzinfo | None, fold: int | None = None
) -> tuple[datetime, tzinfo, int, tuple[int, int] | None] | None:
    """The fast path of :func:`resolve` for a wall time with one reading, else ``None``.

    Covers a wall time with ``tz`` a fixed offset (``"+08:00"``), a ``datetime`` carrying
    a fixed offset and no ``tz`` (neither with ``fold``: such a clock never skips or
    repeats a time, so the instant is plain arithmetic on the wall fields), and a naive
    wall time (text or ``datetime``) with ``tz`` an IANA zone, read in the zone's table of
    offsets (:mod:`bazi.transitions`) unless it lies in a gap, a fold or outside the table
    (``fold`` then changes nothing). Returns the wall time (naive, or aware in its fixed
    offset), the zone (the pinned one for an IANA name), the instant in microseconds
    since 1970 UTC, and for an IANA zone its (UTC offset, DST) in microseconds, else
    ``None``; the moment is :func:`clock_moment` or :func:`zone_moment`. Anything else
    (conversions between zones, gaps, folds, errors) returns ``None``, for :func:`resolve`
    to handle and report.
    """
    if type(when) is datetime:
        wall = when
    elif type(when) is str:
        try:
            wall = parse_wall_time(when)
        except InvalidInputError:
            return None
    else:
        return None
    own = wall.tzinfo
    if own is None:
        if type(tz) is str:
            try:
                place = _zone(tz)
            except (UnknownZoneError, InvalidInputError):
                return None
        elif type(tz) is ZoneInfo:  # a host ZoneInfo is read in the pinned database
            if tz.key is None:
                return None
            try:
                place = _zone(tz.key)
            except (UnknownZoneError, InvalidInputError):
                return None
        else:
            place = tz  # type: ignore[assignment]
    elif tz is None:
        place = own
    else:
        return None
    # Microseconds from the wall fields: several times faster than datetime arithmetic,
    # and exact (integers throughout).
    seconds = ((wall.toordinal() * 24 + wall.hour) * 60 + wall.minute) * 60 + wall.second
    if type(place) is timezone:
        if fold is not None:
            return None
        return wall, place, seconds * 1_000_000 + wall.microsecond - _clock_epoch_us(place), None
    if type(place) is not _PinnedZone or own is not None:  # a datetime tagged with a zone:
        return None  # resolve reads it in the pinned database, with its own fold
    wall_us = seconds * 1_000_000 + wall.microsecond
    block = (wall_us - FIRST_WALL_US) >> BLOCK_SHIFT
    if not 0 <= block < BLOCKS:
        return None
    blocks = WALL_TABLES.get(place.key)
    table = None if blocks is None else blocks[block]
    if table is None:
        table = wall_block(place, block)
    state = table.states[bisect_right(table.edges, wall_us)]
    if state is None:
        return None
    if wall.fold:
        wall = wall.replace(fold=0)
    return wall, place, wall_us - EPOCH_WALL_US - state[0], state


def _offsets(wall: datetime, tz: tzinfo) -> tuple[timedelta, timedelta]:
    early = wall.replace(tzinfo=tz, fold=0).utcoffset()
    late = wall.replace(tzinfo=tz, fold=1).utcoffset()
    assert early is not None and late is not None
    return early, late


def _pinned(tz: tzinfo | None) -> tzinfo | None:
    """The same IANA zone loaded from the pinned ``tzdata``, for a host ``ZoneInfo``."""
    if isinstance(tz, ZoneInfo) and tz.key is not None:
        return zone(tz.key)
    return tz


def _localize(
    wall: datetime, tz: tzinfo, fold: int | None, field: str, fold_field: str
) -> tuple[datetime, Resolution]:
    """Attach ``tz`` to a naive wall time, refusing skipped and unresolved repeated times."""
    if isinstance(tz, timezone):  # a fixed offset never skips or repeats a wall time
        return wall.replace(tzinfo=tz), "unique"
    early, late = _offsets(wall, tz)
    if early == late:
        return wall.replace(tzinfo=tz, fold=0), "unique"
    name = zone_name(tz)
    # zoneinfo never raises: a skipped time round-trips through UTC to another wall time.
    for f in (0, 1):
        aware = wall.replace(tzinfo=tz, fold=f)
        if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall:
            raise NonexistentTimeError(wall, name, field)
    if fold is None:
        offsets = (format_offset(early), format_offset(late))
        raise AmbiguousTimeError(wall, name, offsets, fold_field)
    return wall.replace(tzinfo=tz, fold=fold), "fold=1 (later)" if fold else "fold=0 (earlier)"


def resolve(
    when: str | datetime,
    tz: str | tzinfo | None = None,
    fold: int | None = None,
    *,
    field: str = "datetime",
    fold_field: str = "fold",
) -> Moment:
    """Resolve a birth reading to a :class:`Moment`.

    Args:
        when: ``"YYYY-MM-DD HH:MM[:SS]"`` wall time, an ISO timestamp with offset, or a
            ``datetime`` (aware, or naive together with ``tz``).
        tz: IANA zone name, fixed offset like ``"+08:00"``, or a ``tzinfo``. With an aware
            input it names where the local reading is taken; the instant stays as given.
        fold: for a wall time that happened twice, 0 = the earlier, 1 = the later.
        field, fold_field: the names the caller took ``when`` and ``fold`` under, for the
            ``field`` of the errors about them.

    Raises:
        NaiveDateTimeError, UnknownZoneError, NonexistentTimeError, AmbiguousTimeError,
        InvalidInputError, OutOfRangeError (a date years away from the engine's range;
        the exact range is the solar-term table's, checked by the caller).
    """
    try:
        return _resolve(when, tz, fold, field, fold_field)
    except OverflowError:  # year 1 or 9999 shifted across the calendar's edge by the offset
        raise _far_out(when, field) from None


# The engine's range, as dates: from 小寒 1800 to 小寒 2200 (to the millisecond in the
# solar-term table, which the callers check). A reading years outside it is refused here,
# before any arithmetic that could overflow at year 1 or 9999.
FIRST_DAY = date(1800, 1, 5)
LAST_DAY = date(2200, 1, 5)


def _far_out(value: object, field: str) -> OutOfRangeError:
    return OutOfRangeError(
        value, FIRST_DAY, LAST_DAY, "the solar-term table (小寒 1800 to 小寒 2200)", field
    )


def _resolve(
    when: str | datetime,
    tz: str | tzinfo | None,
    fold: int | None,
    field: str,
    fold_field: str,
) -> Moment:
    """The work of :func:`resolve`, which turns overflow at year 1 or 9999 into a range error."""
    if fold is not None and (type(fold) is not int or fold not in (0, 1)):
        raise InvalidInputError(f"fold must be 0 or 1, got {fold!r}", fold, fold_field)
    if isinstance(when, datetime):
        given = when
    elif isinstance(when, date | time):
        raise InvalidInputError(f"expected a date and a time of day, got {when!r}", when, field)
    else:
        given = parse_wall_time(when, field)
    if not FIRST_DAY.year - 1 <= given.year <= LAST_DAY.year + 1:
        raise _far_out(when, field)
    place = _pinned(tz if isinstance(tz, tzinfo) or tz is None else zone(tz))
    given_zone = _pinned(given.tzinfo)
    if isinstance(given_zone, ZoneInfo):
        # A wall time tagged with an IANA zone: read it in the pinned database, keeping
        # the datetime's own fold; a skipped wall time is still refused.
        wall = given.replace(tzinfo=None)
        aware, resolution = _localize(wall, given_zone, given.fold, field, fold_field)
        instant = aware.astimezone(UTC)
        place = place or given_zone
        aware = instant.astimezone(place)
    elif given_zone is not None and given.utcoffset() is not None:
        instant = given.astimezone(UTC)
        place = place or given_zone
        aware = instant.astimezone(place)
        resolution = "absolute"
    else:
        if place is None:
            raise NaiveDateTimeError(when)
        aware, resolution = _localize(given.replace(tzinfo=None), place, fold, field, fold_field)
        instant = aware.astimezone(UTC)
    offset = aware.utcoffset()
    dst = aware.dst() or timedelta(0)
    assert offset is not None
    return Moment(
        instant=instant,
        wall=aware.replace(tzinfo=None, fold=0),
        zone=zone_name(place),
        utc_offset=offset,
        dst=dst,
        resolution=resolution,
        tz=place,
    )
