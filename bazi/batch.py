"""The four pillars of many births at once, vectorised with numpy (the ``fast`` extra).

:func:`pillars_batch` gives, for every item, exactly the pillars of ``bazi.chart(item, tz,
...)``, as four integer arrays of pillar indices 0–59 (甲子 = 0, …, 癸亥 = 59) or, with
``as_strings=True``, their names (``"庚午"``), and raises the error ``chart`` would raise
for the first item it cannot chart. :func:`pillars_or_errors` keeps going instead and
returns each failed item's error.

>>> import numpy as np
>>> p = pillars_batch(np.array(["1990-05-17T02:30"], dtype="datetime64[us]"), tz="+08:00")
>>> p.year, p.month, p.day, p.hour
(array([6]), array([17]), array([18]), array([41]))
>>> " ".join(pillars_batch(["1990-05-17 10:30"], tz="Asia/Shanghai", as_strings=True).row(0))
'庚午 辛巳 壬午 乙巳'

Input:

* a numpy ``datetime64`` array (any unit; or a pandas column of that dtype): UTC
  instants, read in ``tz``; with ``wall_time=True``, wall-clock readings in ``tz``.
* a sequence of ``datetime`` objects or ISO strings, each taken as ``chart`` takes it:
  with an offset (or aware), an instant; without, a wall time in ``tz``.

How (conventions §4–5, the same rules as :mod:`bazi.pillars`, on integer microseconds):

* year and month: the 节 at or before each instant in the shipped table (found in
  constant time: the table's span is cut into slots shorter than any month, each knowing
  the 节 before it); each 节 carries its year and month pillar.
* local reckoning: ``standard`` and ``clock`` add the zone's offset (standard: UTC offset
  minus DST). A fixed offset is one number; an IANA zone becomes a table of the instants
  where its offset or DST changes (:func:`bazi.transitions.zone_changes`: the pinned zone
  asked with ``zoneinfo`` itself at the transitions of its TZif file and of its rule for
  later years, bisected to the second), so the offsets are those ``chart`` uses.
  ``mean`` adds longitude/15 h; ``apparent`` adds the equation of time of
  :mod:`bazi.solartime`, vectorised.
* day and hour: with k = ⌊(local + 1 h) / 2 h⌋, the 时辰 counted from 1969-12-31 23:00,
  the hour pillar is (k + 24) mod 60 and, under ``"zi"``, the day ((k div 12) + 17) mod 60
  (1970-01-01 is 辛巳 = 17). Under ``"midnight"`` the day counts from 00:00; under
  ``"midnight-same-day"`` 23:00–24:00 also keeps the current day's hour stem.

Items the arithmetic cannot settle with certainty go through ``chart`` one by one: wall
times within two days of a change of an IANA zone's offset (so gaps and repeated times
raise, or follow ``fold``, exactly as in ``chart``), apparent solar times within 1 ms of
a whole hour (the vectorised equation of time agrees with the scalar one to far better
than that, but could round its last microsecond differently), zones that are neither a
fixed offset nor an IANA zone, datetimes tagged with an IANA zone, and every item in error.

Dask: run it on each partition with ``map_partitions``; the partitions are plain pandas
frames, and a ``datetime64`` column goes straight in::

    import dask.dataframe as dd
    import bazi

    def add_pillars(part):
        p = bazi.pillars_batch(part["instant"], tz="Asia/Shanghai")  # UTC instants
        return part.assign(**p.to_dict())

    births = dd.read_parquet("births/")  # a datetime64 column "instant", in UTC
    meta = {**births.dtypes.to_dict(), "year": "int64", "month": "int64",
            "day": "int64", "hour": "int64"}
    charted = births.map_partitions(add_pillars, meta=meta)

Wall times in a column: ``wall_time=True``. To keep bad rows instead of failing the
partition, use :func:`pillars_or_errors` (failed items get -1 and their error).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import Any, Literal, Unpack
from zoneinfo import ZoneInfo

try:
    import numpy as np
    import numpy.typing as npt
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "bazi.pillars_batch needs numpy: pip install 'bazi-reference[fast]'"
    ) from error

from .chart import chart
from .cycle import Pillar
from .errors import BaziError, InvalidInputError, OutOfRangeError
from .moment import _pinned, parse_wall_time, zone
from .options import BY_NAME, PILLAR_SCHOOL, DayBoundary, Options, PillarSchool, pillar_options
from .pillars import jie_pillars
from .terms import solar_term_table
from .transitions import zone_changes

__all__ = ["PillarArrays", "pillars_batch", "pillars_or_errors"]

Array = npt.NDArray[Any]

_SECOND = 1_000_000
_HOUR = 3_600 * _SECOND
_DAY = 24 * _HOUR
_MICROSECOND = timedelta(microseconds=1)
_EPOCH_NAIVE = datetime(1970, 1, 1)
# 1970-01-01 (ordinal 719163) is day pillar (719163 + 14) mod 60 = 17 (辛巳); its 子 hour,
# from 1969-12-31 23:00, is 12 × 17 mod 60 = 24 (戊子) by 五鼠遁.
_EPOCH_DAY = 17
_EPOCH_HOUR = 24
# A wall time this far from every change of its zone's offset has exactly one reading.
_WALL_MARGIN = 2 * _DAY
# Apparent solar times this close to a whole hour are recomputed by chart() itself.
_APPARENT_GUARD = 1_000
_J2000_US = 946_728_000_000_000  # 2000-01-01 12:00 UTC
_NAMES = np.array([Pillar(i).hanzi for i in range(60)] + [""])  # index -1 (failed) → ""


@dataclass(frozen=True, slots=True, eq=False)
class PillarArrays:
    """The year, month, day and hour pillars of a batch: four arrays of the input's shape.

    Integer arrays hold pillar indices 0–59 (``bazi.Pillar(i)``), string arrays the names.
    ``to_dict()`` gives ``{"year": …, "month": …, "day": …, "hour": …}``, ready for
    ``DataFrame.assign(**p.to_dict())``.
    """

    year: Array
    month: Array
    day: Array
    hour: Array

    def __iter__(self) -> Iterator[Array]:
        return iter((self.year, self.month, self.day, self.hour))

    def __len__(self) -> int:
        return len(self.year)

    def to_dict(self) -> dict[str, Array]:
        return {"year": self.year, "month": self.month, "day": self.day, "hour": self.hour}

    def row(self, i: int) -> tuple[Any, Any, Any, Any]:
        """The four pillars of item ``i`` (its flat position), as Python ints or strings."""
        return (
            self.year.flat[i].item(),
            self.month.flat[i].item(),
            self.day.flat[i].item(),
            self.hour.flat[i].item(),
        )


def pillars_batch(
    instants: Any,
    *,
    tz: str | tzinfo | None = "+08:00",
    as_strings: bool = False,
    wall_time: bool = False,
    fold: Literal[0, 1] | None = None,
    **school: Unpack[PillarSchool],
) -> PillarArrays:
    """The four pillars of every item, each exactly as ``bazi.chart(item, tz, ...).pillars``.

    Args:
        instants: a ``datetime64`` array (or pandas column) of UTC instants, or, with
            ``wall_time=True``, of wall times in ``tz``; or a sequence of ``datetime``
            objects or ISO strings, each read as ``chart`` reads it (with an offset: an
            instant; naive: a wall time in ``tz``).
        tz: where day and hour are read: IANA name, fixed offset (default Beijing time,
            ``"+08:00"``) or ``tzinfo``; also the zone of naive wall times. ``None``
            reads each aware item in its own offset, and ``datetime64`` input in UTC.
        as_strings: names (``"庚午"``) instead of indices 0–59.
        wall_time: ``datetime64`` values are wall-clock readings in ``tz``.
        fold: for wall times that happened twice: 0 the earlier, 1 the later.
        school: the pillar school (``day_boundary``, ``solar_time``, ``longitude``,
            ``preset``), as in :func:`bazi.chart`.

    Returns:
        :class:`PillarArrays`: int64 indices, or strings, in the input's shape.

    Raises:
        The error ``chart`` raises for the first item it cannot chart (with a note naming
        the item): OutOfRangeError, NonexistentTimeError, AmbiguousTimeError,
        InvalidInputError (unreadable text; ``NaT``), NaiveDateTimeError; and
        UnknownZoneError or InvalidInputError for the options.
    """
    options = pillar_options(school, "pillars_batch")
    pillars, errors = _run(instants, tz, options, wall_time, fold, stop_at_error=True)
    if errors:
        index = min(errors)
        error = errors[index]
        error.add_note(f"(item {index} of the batch)")
        raise error
    return _finish(pillars, as_strings)


def pillars_or_errors(
    instants: Any,
    *,
    tz: str | tzinfo | None = "+08:00",
    as_strings: bool = False,
    wall_time: bool = False,
    fold: Literal[0, 1] | None = None,
    **school: Unpack[PillarSchool],
) -> tuple[PillarArrays, dict[int, BaziError]]:
    """Like :func:`pillars_batch`, but an item in error does not stop the batch.

    Returns:
        The pillars, with -1 (or ``""``) for failed items, and the error of each failed
        item by its (flat) position. Bad options or ``tz`` still raise.
    """
    options = pillar_options(school, "pillars_or_errors")
    pillars, errors = _run(instants, tz, options, wall_time, fold, stop_at_error=False)
    return _finish(pillars, as_strings), errors


def _finish(pillars: tuple[Array, Array, Array, Array], as_strings: bool) -> PillarArrays:
    return PillarArrays(*(_NAMES[p] if as_strings else p for p in pillars))


# --- Input ----------------------------------------------------------------------------

_SLOW, _INSTANT, _WALL = 0, 1, 2


@dataclass(slots=True)
class _Items:
    """The batch as integer microseconds, and what each item is."""

    us: Array  # int64: instants (or wall times, where kind is _WALL)
    kind: Array | int  # per item, or one kind for all
    own_offset: Array | None  # aware items' own offsets (µs), for tz=None
    when: Any  # item i as chart() takes it: when(i)


def _from_datetime64(values: Array, wall_time: bool) -> _Items:
    unit, count = np.datetime_data(values.dtype)
    if unit == "us" and count == 1:
        us = values.view(np.int64)
    else:
        # numpy floors finer units to whole microseconds. A coarser value beyond the
        # ±290 000 years of int64 microseconds wraps around silently: it is caught by
        # converting back, and reported as out of range.
        converted = values.astype("datetime64[us]")
        us = converted.view(np.int64)
        if unit in ("Y", "M", "W", "D", "h", "m", "s"):
            lost = converted.astype(values.dtype) != values
            us = np.where(lost & ~np.isnat(values), np.iinfo(np.int64).min, us)

    def when(i: int) -> Any:
        value = int(us[i])
        if value == np.iinfo(np.int64).min:
            if np.isnat(values[i]):
                return InvalidInputError("NaT is not a date-time", "NaT", "datetime")
            return _range_error(str(values[i]))
        try:
            moment = _EPOCH_NAIVE + timedelta(microseconds=value)
        except OverflowError:
            return _range_error(str(values[i]))
        return moment if wall_time else moment.replace(tzinfo=UTC)

    return _Items(us, _WALL if wall_time else _INSTANT, None, when)


def _range_error(value: str) -> OutOfRangeError:
    table = solar_term_table()
    return OutOfRangeError(
        value, table.start, table.end, "the solar-term table (小寒 1800 to 小寒 2200, UTC)"
    )


def _from_objects(items: list[Any], own_offsets: bool) -> _Items:
    """Read each item as chart() would; anything else is left to chart() (kind _SLOW)."""
    n = len(items)
    us = np.zeros(n, np.int64)
    kind = np.zeros(n, np.int8)
    own = np.zeros(n, np.int64) if own_offsets else None
    refused: dict[int, BaziError] = {}
    for i, item in enumerate(items):
        if isinstance(item, str):
            try:
                moment = parse_wall_time(item)
            except BaziError:
                continue
        elif isinstance(item, datetime):
            moment = item
            if moment != moment:  # pandas.NaT, which chart() cannot even inspect
                refused[i] = InvalidInputError("NaT is not a date-time", "NaT", "datetime")
                continue
        else:
            continue
        try:
            offset = moment.utcoffset()
            us[i] = (moment.replace(tzinfo=None) - _EPOCH_NAIVE) // _MICROSECOND
        except (ArithmeticError, TypeError, ValueError):
            continue  # an unusual datetime subclass or tzinfo: chart() says what it makes of it
        if offset is None:
            kind[i] = _WALL
        elif isinstance(moment.tzinfo, timezone):
            # Fixed offsets (UTC included); a datetime tagged with a zone is read by chart().
            us[i] -= offset // _MICROSECOND
            kind[i] = _INSTANT
            if own is not None:
                own[i] = offset // _MICROSECOND

    def when(i: int) -> Any:
        return refused.get(i, items[i])

    return _Items(us, kind, own, when)


# --- Zones ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ZoneTable:
    """An IANA zone as a step function of the instant (µs), over the supported range.

    ``clock[k]`` and ``standard[k]`` hold the UTC offset, and the UTC offset minus DST,
    from ``changes[k - 1]`` (or the start) to ``changes[k]`` (or the end).
    """

    changes: Array
    clock: Array
    standard: Array
    bounds: Array  # changes with far sentinels on both sides, for the wall-time margin


@cache
def _zone_table(key: str) -> _ZoneTable:
    tz = zone(key)
    assert isinstance(tz, ZoneInfo)
    terms = solar_term_table()
    lo, hi = terms.start_us - _WALL_MARGIN, terms.end_us + _WALL_MARGIN
    # The changes of the zone's offset and DST, found with zoneinfo itself (at the
    # transitions of its TZif file and its rule, bisected to the second where needed):
    # those inside (lo, hi), and the state at lo.
    found = zone_changes(tz)
    first, last = bisect_right(found.changes, lo), bisect_left(found.changes, hi)
    states = found.states[first : last + 1]
    clock = np.array([offset for offset, _ in states], np.int64)
    if np.abs(clock).max() >= _WALL_MARGIN // 2:
        raise RuntimeError(f"zone {key} has an offset of a day or more")
    edges = np.array(found.changes[first:last], np.int64)
    far = np.array([lo - 2 * _WALL_MARGIN], np.int64), np.array([hi + 2 * _WALL_MARGIN], np.int64)
    return _ZoneTable(
        changes=edges,
        clock=clock,
        standard=np.array([offset - dst for offset, dst in states], np.int64),
        bounds=np.concatenate([far[0], edges, far[1]]),
    )


# --- Pillars --------------------------------------------------------------------------


# The 节 before an instant, found in constant time: the table's span cut into slots of
# 2**36 µs (19.1 hours), far shorter than the shortest month (29.4 days), so a slot holds at
# most one 节 and one comparison settles which side of it an instant is. A binary search
# (np.searchsorted) over the 4,800 节 took two thirds of a batch's time.
_SLOT_BITS = 36


@dataclass(frozen=True, slots=True)
class _Terms:
    jie: Array  # instants (µs) of the 节, increasing, then one past every instant
    year: Array  # year pillar by the count of 节 at or before an instant (-1: none)
    month: Array
    origin: int  # the table's first instant, where slot 0 starts
    slots: Array  # the count of 节 at or before the start of each slot
    instants: Array  # every term, for the equation of time
    longitudes: Array

    def jie_count(self, us: Array) -> Array:
        """The number of 节 at or before each instant (in the table's range):
        ``np.searchsorted(jie, us, "right")``, in constant time per instant."""
        before = self.slots[(us - self.origin) >> _SLOT_BITS]
        count: Array = before + (self.jie[before] <= us)
        return count


@cache
def _terms() -> _Terms:
    table = solar_term_table()
    opened = jie_pillars()  # the year and month pillars of each 节, as bazi.chart uses
    jie = np.array(table.jie_instants, np.int64)
    if np.diff(jie).min() <= 1 << _SLOT_BITS:
        raise RuntimeError("two 节 less than a slot apart: batch.py's slots need fewer bits")
    origin = table.start_us
    starts = origin + (np.arange(((table.end_us - origin) >> _SLOT_BITS) + 1) << _SLOT_BITS)
    return _Terms(
        jie=np.append(jie, np.iinfo(np.int64).max),
        year=np.array([-1] + [year.index for year, _ in opened], np.int64),
        month=np.array([-1] + [month.index for _, month in opened], np.int64),
        origin=origin,
        slots=np.searchsorted(jie, starts, "right").astype(np.min_scalar_type(len(jie))),
        instants=np.array(table.instants, np.int64),
        longitudes=np.array(table.longitudes, np.float64),
    )


def _equation_of_time(us: Array) -> Array:
    """:func:`bazi.solartime.equation_of_time` in microseconds, for in-range instants."""
    terms = _terms()
    # The Sun's apparent longitude: the cubic through the four terms around each instant.
    first = np.clip(np.searchsorted(terms.instants, us, "right") - 2, 0, len(terms.instants) - 4)
    x = [(terms.instants[first + m] - us) / 86_400e6 for m in range(4)]
    lam = np.zeros(us.shape)
    for j in range(4):
        weight = np.ones(us.shape)
        for m in range(4):
            if m != j:
                weight *= (0.0 - x[m]) / (x[j] - x[m])
        lam += weight * (terms.longitudes[first] + 15.0 * j)
    days = (us - _J2000_US) / 86_400e6
    t = days / 36525
    mean_sun = 280.46061837 + 0.98564736629 * days + 0.000387933 * t**2 - t**3 / 38_710_000
    omega = np.radians(125.04452 - 1934.136261 * t)
    sun = np.radians(2 * (280.4665 + 36000.7698 * t))
    moon = np.radians(2 * (218.3165 + 481267.8813 * t))
    d_psi = -17.20 * np.sin(omega) - 1.32 * np.sin(sun) - 0.23 * np.sin(moon)
    d_psi = (d_psi + 0.21 * np.sin(2 * omega)) / 3600
    d_eps = 9.20 * np.cos(omega) + 0.57 * np.cos(sun) + 0.10 * np.cos(moon)
    d_eps = (d_eps - 0.09 * np.cos(2 * omega)) / 3600
    eps0 = 23.439291111 - (46.8150 * t + 0.00059 * t**2 - 0.001813 * t**3) / 3600
    eps = np.radians(eps0 + d_eps)
    lam = np.radians(lam)
    alpha = np.degrees(np.arctan2(np.cos(eps) * np.sin(lam), np.cos(lam)))
    e = mean_sun - alpha + d_psi * np.cos(eps)
    e = (e + 180.0) % 360.0 - 180.0
    microseconds: Array = np.rint(e * 240e6).astype(np.int64)
    return microseconds


def _day_and_hour(local: Array, day_boundary: DayBoundary) -> tuple[Array, Array]:
    k = (local + _HOUR) // (2 * _HOUR)  # 时辰 since 1969-12-31 23:00
    if day_boundary == "zi":
        return (k // 12 + _EPOCH_DAY) % 60, (k + _EPOCH_HOUR) % 60
    day = local // _DAY
    if day_boundary == "midnight":
        return (day + _EPOCH_DAY) % 60, (k + _EPOCH_HOUR) % 60
    # midnight-same-day: 23:00-24:00 takes the stem of its own day, 12 pillars back.
    return (day + _EPOCH_DAY) % 60, (k - 12 * (k // 12 - day) + _EPOCH_HOUR) % 60


# --- The batch ------------------------------------------------------------------------


def _run(
    values: Any,
    tz: str | tzinfo | None,
    options: Options,
    wall_time: bool,
    fold: Literal[0, 1] | None,
    *,
    stop_at_error: bool,
) -> tuple[tuple[Array, Array, Array, Array], dict[int, BaziError]]:
    BY_NAME["fold"].check(fold)
    place = _pinned(tz if isinstance(tz, tzinfo) or tz is None else zone(tz))

    dtype = getattr(values, "dtype", None)
    if isinstance(dtype, np.dtype) and dtype.kind == "M":
        array = np.asarray(values)
        shape = array.shape
        items = _from_datetime64(array.reshape(-1), wall_time)
        if place is None and not wall_time:
            place = UTC  # chart() reads an aware UTC instant without tz in UTC
    else:
        if isinstance(values, str | bytes) or not hasattr(values, "__len__"):
            raise InvalidInputError(
                "pillars_batch takes a sequence or array of date-times, "
                f"got {type(values).__name__}",
                values,
                "datetime",
            )
        listed = values.ravel().tolist() if isinstance(values, np.ndarray) else list(values)
        shape = np.shape(values) if isinstance(values, np.ndarray) else (len(listed),)
        items = _from_objects(listed, own_offsets=place is None)

    n = len(items.us)
    us = items.us
    kind = items.kind
    if isinstance(kind, int):
        slow = np.zeros(n, bool)
        walls = np.full(n, kind == _WALL)
        any_walls = kind == _WALL
    else:
        slow = kind == _SLOW
        walls = kind == _WALL
        any_walls = bool(walls.any())
    offset = place.utcoffset(None) if isinstance(place, timezone) else None
    fixed = None if offset is None else offset // _MICROSECOND
    table = _zone_table(place.key) if isinstance(place, ZoneInfo) and place.key else None

    # Wall times to instants.
    if any_walls:
        if fixed is not None:
            us = np.where(walls, us - fixed, us)
        elif table is not None:
            where = np.searchsorted(table.changes, us, "right")
            safe = (us - table.bounds[where] > _WALL_MARGIN) & (
                table.bounds[where + 1] - us > _WALL_MARGIN
            )
            us = np.where(walls & safe, us - table.clock[where], us)
            slow |= walls & ~safe
        else:
            slow |= walls  # no zone to read them in (chart raises), or an unusual tzinfo

    terms = solar_term_table()
    slow |= (us < terms.start_us) | (us >= terms.end_us)
    if fixed is None and table is None and items.own_offset is None:
        slow[:] = True  # a tzinfo that is neither a fixed offset nor an IANA zone
    if slow.any():
        us = np.where(slow, terms.start_us, us)

    # The local reckoning of day and hour.
    local: Array
    if options.solar_time in ("standard", "clock"):
        if fixed is not None:
            local = us + fixed
        elif table is not None:
            steps = table.standard if options.solar_time == "standard" else table.clock
            local = us + steps[np.searchsorted(table.changes, us, "right")]
        else:
            assert items.own_offset is not None
            local = us + items.own_offset
    else:
        assert options.longitude is not None
        local = us + timedelta(hours=options.longitude / 15) // _MICROSECOND
        if options.solar_time == "apparent":
            local = local + _equation_of_time(us)
            near = (local + _APPARENT_GUARD) % _HOUR < 2 * _APPARENT_GUARD
            slow |= near

    pillar_tables = _terms()
    jie = pillar_tables.jie_count(us)
    year = pillar_tables.year[jie]
    month = pillar_tables.month[jie]
    day, hour = _day_and_hour(local, options.day_boundary)

    errors: dict[int, BaziError] = {}
    # The options as resolved, given explicitly (a preset has already been applied).
    school: dict[str, Any] = {o.name: getattr(options, o.name) for o in PILLAR_SCHOOL}
    for i in np.flatnonzero(slow).tolist():
        when = items.when(i)
        try:
            if isinstance(when, BaziError):
                raise when
            p = chart(when, tz, fold=fold, **school).pillars
        except BaziError as error:
            errors[i] = error
            year[i] = month[i] = day[i] = hour[i] = -1
            if stop_at_error:
                break
            continue
        year[i], month[i], day[i], hour[i] = (q.index for q in p)
    return (
        year.reshape(shape),
        month.reshape(shape),
        day.reshape(shape),
        hour.reshape(shape),
    ), errors
