"""The changes of an IANA zone's clock, as tables: wall times read at the speed of a fixed
offset (conventions §2).

Over the engine's range an IANA zone of the pinned ``tzdata`` is a step function of the
instant: its UTC offset and its daylight-saving part change at some instants and hold in
between. :func:`zone_changes` finds those instants and the values between them by asking
``zoneinfo`` itself (the offsets are never computed here), at each transition listed in
the zone's TZif file and at each transition of the rule in its footer for the later years;
between two of those points whose readings differ it bisects to the second, the unit
``zoneinfo`` counts in. Every rule transition must be a change where it is expected, else
the zone is sampled every week as well, as ``bazi.batch`` once did.

:func:`wall_table` turns the changes into wall times: around each change, the wall times
from its earlier to its later reading (a gap skipped or a fold repeated) are left to
:func:`bazi.moment.resolve`, which refuses them or follows ``fold``; every other wall time
has one reading, with the offset and DST of its stretch. The edges of each stretch are
checked with ``zoneinfo`` as ``resolve`` reads a wall time (both folds); a stretch that
fails is left to ``resolve`` too.

:func:`bazi.chart` reads a zone in blocks of about 18 years of wall time
(:func:`wall_block`), each built on its first use and kept in :data:`WALL_TABLES`: a
single chart pays for one block (about a millisecond), not for four centuries.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

__all__ = [
    "BLOCKS",
    "BLOCK_SHIFT",
    "EPOCH_WALL_US",
    "FIRST_WALL_US",
    "WALL_TABLES",
    "WallTable",
    "ZoneChanges",
    "tzdata_bytes",
    "wall_block",
    "wall_state",
    "wall_table",
    "zone_changes",
]

_SECOND = 1_000_000  # µs
_DAY_S = 86_400
_DAY = _DAY_S * _SECOND
_WEEK_S = 7 * _DAY_S
_UNIX_EPOCH_ORDINAL = 719_163  # date(1970, 1, 1).toordinal()
# Wall times are counted in µs from the start of day ordinal 0 (as toordinal() counts), as
# bazi.moment counts them; instants in µs since 1970-01-01 UTC.
EPOCH_WALL_US = _UNIX_EPOCH_ORDINAL * _DAY
# The instants covered, in seconds since 1970: a month on either side of the engine's
# range (bazi.moment.FIRST_DAY 1800-01-05 to LAST_DAY 2200-01-05), so that every wall time
# whose instant is in range, at any offset under a day, is in the table.
FIRST_S = (date(1799, 12, 1).toordinal() - _UNIX_EPOCH_ORDINAL) * _DAY_S
LAST_S = (date(2200, 2, 5).toordinal() - _UNIX_EPOCH_ORDINAL) * _DAY_S
# Blocks of wall time: block b holds the wall times from FIRST_WALL_US + b << BLOCK_SHIFT
# (2**49 µs, about 17.8 years) to the next block.
BLOCK_SHIFT = 49
FIRST_WALL_US = FIRST_S * _SECOND + EPOCH_WALL_US
BLOCKS = ((LAST_S - FIRST_S) * _SECOND >> BLOCK_SHIFT) + 1

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ZERO = timedelta(0)
_MICROSECOND = timedelta(microseconds=1)

State = tuple[int, int]  # (UTC offset, DST) in µs


class ZoneChanges(NamedTuple):
    """A zone as a step function of the instant, from ``FIRST_S`` to ``LAST_S``.

    ``states[k]`` is the (UTC offset, DST) in µs, as ``zoneinfo`` gives them, from
    ``changes[k - 1]`` (or the start) to ``changes[k]`` (or the end); ``changes`` are
    instants in µs since 1970 UTC (whole seconds), increasing. ``weekly``: the zone had to
    be sampled every week as well (its file or rule was not understood, or missed a change).
    """

    changes: tuple[int, ...]
    states: tuple[State, ...]
    weekly: bool = False


class WallTable(NamedTuple):
    """Wall times (µs from day ordinal 0) to their one reading.

    ``states[bisect_right(edges, wall)]`` is the (UTC offset, DST) in µs of ``wall``, or
    ``None`` where a wall time may have none or two readings (a gap, a fold, the edges of
    the table, a stretch ``zoneinfo`` reads otherwise): those are for ``resolve``.
    """

    edges: list[int]
    states: list[State | None]


# --- Candidates: the transitions of the TZif file and of its footer's rule ----------------


def tzdata_bytes(*parts: str) -> bytes:
    """A file of the pinned ``tzdata`` package, read beside its ``__init__``: through
    importlib.resources, whose imports cost more than a chart, only if it is not in a
    directory (a zip)."""
    import os

    import tzdata

    try:
        with open(os.path.join(os.path.dirname(tzdata.__file__), *parts), "rb") as f:
            return f.read()
    except OSError:
        from importlib.resources import files

        return files("tzdata").joinpath(*parts).read_bytes()


def _tzif(key: str) -> tuple[list[int], str]:
    """Transition instants (seconds) and footer (POSIX TZ string) of the zone's TZif file
    in the pinned ``tzdata`` (RFC 8536: a version 1 block with 32-bit times, then, from
    version 2, a second header, the same data with 64-bit times and the footer)."""
    import struct

    data = tzdata_bytes("zoneinfo", *key.split("/"))
    if data[:4] != b"TZif":
        return [], ""
    isut, isstd, leap, count, types, chars = struct.unpack(">6l", data[20:44])
    if data[4] == 0:
        return list(struct.unpack(f">{count}l", data[44 : 44 + 4 * count])), ""
    second = 44 + 5 * count + 6 * types + chars + 8 * leap + isstd + isut
    isut, isstd, leap, count, types, chars = struct.unpack(">6l", data[second + 20 : second + 44])
    start = second + 44
    times = list(struct.unpack(f">{count}q", data[start : start + 8 * count]))
    end = start + 9 * count + 6 * types + chars + 12 * leap + isstd + isut
    footer = data[end:].strip(b"\n").decode("ascii", "replace")
    return times, footer


def _posix_seconds(text: str) -> int:
    """``[+-]hh[:mm[:ss]]`` in seconds."""
    sign = -1 if text[0] == "-" else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")]
    parts += [0] * (3 - len(parts))
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _rule_day(spec: str, year: int) -> int:
    """The ordinal of the day a POSIX TZ date (``Mm.w.d``, ``Jn``, ``n``) names in ``year``."""
    if spec[0] == "M":
        month, week, weekday = (int(p) for p in spec[1:].split("."))
        first = date(year, month, 1)
        after = date(year + month // 12, month % 12 + 1, 1)
        day = 1 + (weekday - (first.weekday() + 1) % 7) % 7 + 7 * (week - 1)
        while day > (after - first).days:  # week 5: the last such weekday of the month
            day -= 7
        return first.toordinal() + day - 1
    new_year = date(year, 1, 1).toordinal()
    if spec[0] == "J":  # 1-365, 29 February never counted
        n = int(spec[1:])
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return new_year + n - 1 + (1 if leap and n >= 60 else 0)
    return new_year + int(spec)


class _Rule(NamedTuple):
    """A POSIX TZ rule: standard and DST offsets (s east), the days (``Mm.w.d``, ``Jn``,
    ``n``) and local times (s) DST starts (on standard time) and ends (on DST)."""

    std: int
    dst: int
    start: str
    at_start: int
    end: str
    at_end: int

    def transitions(self, first_year: int, last_year: int) -> list[int]:
        """The instants (s since 1970 UTC) of its transitions in those years."""
        times = []
        for year in range(first_year, last_year + 1):
            local = (_rule_day(self.start, year) - _UNIX_EPOCH_ORDINAL) * _DAY_S + self.at_start
            times.append(local - self.std)
            local = (_rule_day(self.end, year) - _UNIX_EPOCH_ORDINAL) * _DAY_S + self.at_end
            times.append(local - self.dst)
        return times


def _parse_rule(footer: str) -> _Rule | bool:
    """The daylight-saving rule of a TZif footer (a POSIX TZ string); ``True`` for a zone
    without one, ``False`` for a footer not understood here (the zone is then sampled
    weekly as well)."""
    import re

    name = r"(?:[A-Za-z]{3,}|<[+\-0-9A-Za-z]+>)"
    offset = r"[+-]?\d{1,3}(?::\d{1,2}){0,2}"
    day = r"M\d{1,2}\.\d\.\d|J\d{1,3}|\d{1,3}"
    match = re.fullmatch(
        rf"{name}({offset})(?:{name}({offset})?,({day})(?:/({offset}))?,({day})(?:/({offset}))?)?",
        footer,
    )
    if match is None:
        return False
    std_text, dst_text, start, start_time, end, end_time = match.groups()
    if start is None:
        return True
    std = -_posix_seconds(std_text)  # POSIX offsets count west of Greenwich
    return _Rule(
        std=std,
        dst=std + 3600 if dst_text is None else -_posix_seconds(dst_text),
        start=start,
        at_start=7200 if start_time is None else _posix_seconds(start_time),
        end=end,
        at_end=7200 if end_time is None else _posix_seconds(end_time),
    )


def _rule_transitions(footer: str) -> list[int] | None:
    """The transitions (s) of the footer's rule in every year of the range; ``[]`` for a
    zone without daylight saving, ``None`` for a footer not understood here."""
    rule = _parse_rule(footer)
    if isinstance(rule, bool):
        return [] if rule else None
    return rule.transitions(_year(FIRST_S) - 1, _year(LAST_S) + 1)


def _year(seconds: int) -> int:
    return date.fromordinal(seconds // _DAY_S + _UNIX_EPOCH_ORDINAL).year


@cache
def _source(key: str) -> tuple[list[int], _Rule | bool]:
    """The TZif file's transitions (s) and its footer's rule (see :func:`_parse_rule`);
    ``([], False)`` when the file cannot be read."""
    try:
        transitions, footer = _tzif(key)
    except (OSError, ValueError, ImportError):
        return [], False
    return transitions, _parse_rule(footer)


# --- The changes, from zoneinfo -----------------------------------------------------------


def _us(delta: timedelta) -> int:
    return (delta.days * _DAY_S + delta.seconds) * _SECOND + delta.microseconds


def _instant_state(tz: tzinfo, seconds: int) -> State:
    """(UTC offset, DST) in µs of the zone at ``seconds`` since 1970 UTC, from zoneinfo."""
    local = (_EPOCH + timedelta(seconds=seconds)).astimezone(tz)
    offset = local.utcoffset()
    assert offset is not None
    return _us(offset), _us(local.dst() or _ZERO)


class _Unreadable(Exception):
    """zoneinfo reads an instant as a wall time whose offset does not give it back."""


def _checked_state(tz: tzinfo, seconds: int) -> State:
    """:func:`_instant_state`, refusing an instant zoneinfo reads two ways: its wall time
    less the offset zoneinfo gives for that wall time is another instant."""
    instant = _EPOCH + timedelta(seconds=seconds)
    local = instant.astimezone(tz)
    offset = local.utcoffset()
    assert offset is not None
    if local.replace(tzinfo=UTC) - offset != instant:
        raise _Unreadable(seconds)
    return _us(offset), _us(local.dst() or _ZERO)


def _sampled(
    tz: tzinfo,
    points: list[int],
    first: int = FIRST_S,
    last: int = LAST_S,
    state: Callable[[tzinfo, int], State] = _instant_state,
) -> tuple[list[int], list[State], set[int]]:
    """Changes (seconds) and states of ``tz`` from ``first`` to ``last``, asking ``state``
    at ``points`` (increasing, strictly inside) and bisecting between any two that differ.
    Also the points that were a change exactly (the reading there differs from the one a
    second before)."""
    current = state(tz, first)
    changes: list[int] = []
    states = [current]
    exact: set[int] = set()
    previous = first
    for point in [*points, last]:
        target = state(tz, point)
        while target != current:
            low, high = previous, point  # state(low) == current != state(high)
            if state(tz, point - 1) == current:
                low = point - 1
                exact.add(point)
            while high - low > 1:
                middle = (low + high) // 2
                if state(tz, middle) == current:
                    low = middle
                else:
                    high = middle
            current = target if high == point else state(tz, high)
            changes.append(high)
            states.append(current)
            previous = high
        previous = point
    return changes, states, exact


def zone_changes(
    tz: ZoneInfo, first: int = FIRST_S, last: int = LAST_S, *, strict: bool = False
) -> ZoneChanges:
    """Where the UTC offset or DST of ``tz`` changes from ``first`` to ``last`` (seconds
    since 1970 UTC; by default the whole range, ``FIRST_S`` to ``LAST_S``).

    Asked at the TZif file's transitions and its rule's; if the file cannot be read, its
    rule is not understood, or one of the rule's transitions is not a change exactly where
    expected, at every week as well. ``strict``: raise :class:`_Unreadable` for an instant
    asked that zoneinfo reads two ways (no zone of the pinned tzdata has one).
    """
    state = _checked_state if strict else _instant_state
    transitions, rule = _source(tz.key) if tz.key is not None else ([], False)
    points = {t for t in transitions if first < t < last}
    if rule is not False:
        expected = set()
        if isinstance(rule, _Rule):
            after = transitions[-1] if transitions else first
            years = rule.transitions(_year(first) - 1, _year(last) + 1)
            # The rule governs after the file's list.
            expected = {t for t in years if after < t and first < t < last}
        changes, states, exact = _sampled(tz, sorted(points | expected), first, last, state)
        if expected <= exact:
            return _finish(changes, states, weekly=False)
    points.update(range(first + _WEEK_S, last, _WEEK_S))
    changes, states, _ = _sampled(tz, sorted(points), first, last, state)
    return _finish(changes, states, weekly=True)


def _finish(changes: list[int], states: list[State], weekly: bool) -> ZoneChanges:
    shared: dict[State, State] = {}  # one tuple per distinct state
    return ZoneChanges(
        tuple(c * _SECOND for c in changes),
        tuple(shared.setdefault(s, s) for s in states),
        weekly,
    )


# --- Wall times -----------------------------------------------------------------------------


def wall_state(tz: tzinfo, wall: datetime) -> tuple[State, State]:
    """(UTC offset, DST) in µs of a naive wall time read in ``tz`` with ``fold=0`` and
    ``fold=1``, as :func:`bazi.moment.resolve` reads it."""
    early, late = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
    e, lt = early.utcoffset(), late.utcoffset()
    assert e is not None and lt is not None
    return (_us(e), _us(early.dst() or _ZERO)), (_us(lt), _us(late.dst() or _ZERO))


def _wall_datetime(us: int) -> datetime:
    return datetime.fromordinal(us // _DAY) + timedelta(microseconds=us % _DAY)


# The blocks of wall_table built so far, by zone key (None: not yet built).
WALL_TABLES: dict[str, list[WallTable | None]] = {}
_NO_TABLE = WallTable([], [None])


def wall_block(tz: ZoneInfo, block: int) -> WallTable:
    """The :class:`WallTable` of block ``block`` of ``tz`` (a pinned zone), which holds the
    wall times from ``FIRST_WALL_US + block << BLOCK_SHIFT`` to the next block; built on
    first use and kept in :data:`WALL_TABLES` under the zone's key."""
    key = tz.key
    blocks = WALL_TABLES.setdefault(key, [None] * BLOCKS) if key is not None else None
    table = blocks[block] if blocks is not None else None
    if table is None:
        # The instants these wall times can have, at any offset under a day, and a day more.
        start = (FIRST_WALL_US + (block << BLOCK_SHIFT) - EPOCH_WALL_US) // _SECOND
        first = max(FIRST_S, start - 2 * _DAY_S)
        last = min(LAST_S, start + ((1 << BLOCK_SHIFT) // _SECOND) + 2 * _DAY_S)
        table = wall_table(tz, first, last)
        if blocks is not None:
            blocks[block] = table
    return table


def wall_table(tz: ZoneInfo, first: int = FIRST_S, last: int = LAST_S) -> WallTable:
    """The :class:`WallTable` of ``tz`` for the instants from ``first`` to ``last``
    (seconds since 1970 UTC), built anew: wall times whose instant may lie outside are
    left to ``resolve``."""
    return _build(tz, first, last)


def _build(tz: ZoneInfo, first_s: int, last_s: int) -> WallTable:
    try:
        changes, states, _ = zone_changes(tz, first_s, last_s, strict=True)
    except _Unreadable:
        return _NO_TABLE  # zoneinfo reads the zone two ways here: resolve decides alone
    if any(abs(offset) >= _DAY for offset, _ in states):
        return _NO_TABLE  # a clock a day or more off UTC: bazi.chart's month lookup needs less
    # Segment k of instants, [bounds[k], bounds[k + 1]) with offset a_k, is read on the wall
    # from bounds[k] + a_k to bounds[k + 1] + a_k. Its wall times have no other reading
    # where no other segment's are: above every earlier segment's end and below every
    # later segment's start (around a change, that leaves out the wall times from its
    # earlier reading to its later one: a gap or a fold). Instants outside the range may
    # be read up to a day inside it: the day at either end is left out too.
    bounds = [first_s * _SECOND, *changes, last_s * _SECOND]
    starts = [bounds[k] + state[0] + EPOCH_WALL_US for k, state in enumerate(states)]
    ends = [bounds[k + 1] + state[0] + EPOCH_WALL_US for k, state in enumerate(states)]
    later = [bounds[-1] + EPOCH_WALL_US - _DAY]  # the least start after segment k, reversed
    for start in reversed(starts[1:]):
        later.append(min(later[-1], start))
    later.reverse()
    earlier = bounds[0] + EPOCH_WALL_US + _DAY  # the greatest end before segment k
    edges: list[int] = []
    kept: list[State | None] = [None]
    for k, state in enumerate(states):
        low, high = max(starts[k], earlier), min(ends[k], later[k])
        if low < high:
            edges += [low, high]
            kept += [state, None]
        earlier = max(earlier, ends[k])
    # Check each stretch at its first and last microsecond as resolve reads a wall time.
    for i in range(1, len(kept), 2):
        reading = kept[i]
        for wall in (edges[i - 1], edges[i] - 1):
            early, late = wall_state(tz, _wall_datetime(wall))
            if early != reading or late[0] != early[0]:
                kept[i] = None
                break
    return WallTable(edges, kept)
