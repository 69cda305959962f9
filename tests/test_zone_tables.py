"""Named zones read off their tables (``bazi.transitions``) against ``zoneinfo`` itself.

On every change of a zone's clock from 1800 to 2199, found here without the tables (the
pinned zone read with ``zoneinfo`` at each transition of its TZif file and every week,
bisected to the second), the wall times just before, at and just after both of its
readings and the middle of the gap or fold are charted and compared with what ``zoneinfo``
and the refusal rules of conventions §2 say, and with :func:`bazi.moment.resolve`, the
exact path: the instant, offset, DST, resolution, the whole moment, the pillars, the
errors and their fields. The default run takes every change of a dozen tricky zones and a
seeded sample of the others; ``pytest -m slow`` every change of every zone.
"""

from __future__ import annotations

import hashlib
import random
import struct
import subprocess
import sys
from bisect import bisect_right
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import bazi
from bazi.moment import resolve, zone
from bazi.options import resolve_options
from bazi.pillars import four_pillars
from bazi.terms import solar_term_table
from bazi.transitions import (
    BLOCK_SHIFT,
    BLOCKS,
    FIRST_S,
    FIRST_WALL_US,
    LAST_S,
    WALL_TABLES,
    _rule_transitions,
    _sampled,
    _tzif,
    _Unreadable,
    wall_block,
    wall_table,
    zone_changes,
)

US = 1_000_000
HOUR = 3600 * US
DAY = 24 * HOUR
EPOCH = datetime(1970, 1, 1)
TABLE = solar_term_table()
# The changes tested: 1800-01-01 to 2200-01-01 (µs since 1970 UTC).
START = (datetime(1800, 1, 1) - EPOCH) // timedelta(microseconds=1)
END = (datetime(2200, 1, 1) - EPOCH) // timedelta(microseconds=1)

ALL_NAMES = files("tzdata").joinpath("zones").read_text(encoding="utf-8").split()
# UTC, GMT and their spellings are datetime.UTC in bazi, not an IANA table.
NAMES = [n for n in ALL_NAMES if isinstance(zone(n), ZoneInfo)]


def _content(name: str) -> str:
    data = files("tzdata.zoneinfo").joinpath(*name.split("/")).read_bytes()
    return hashlib.sha256(data).hexdigest()


def _distinct() -> list[str]:
    """One name per distinct TZif file (a link is its target's file again)."""
    seen: dict[str, str] = {}
    for name in NAMES:
        seen.setdefault(_content(name), name)
    return sorted(seen.values())


DISTINCT = _distinct()
# Negative DST (Dublin), double summer time (London, St John's), half-hour DST (Lord Howe),
# LMT with seconds (Kolkata, Shanghai), a day skipped at the date line (Apia, Manila) or
# repeated (Sitka), a rule at 50 h (Gaza), two hours of DST (Troll), Ramadan (Casablanca).
TRICKY = [
    "Africa/Casablanca",
    "America/New_York",
    "America/Sitka",
    "America/St_Johns",
    "Antarctica/Troll",
    "Asia/Gaza",
    "Asia/Kolkata",
    "Asia/Manila",
    "Asia/Shanghai",
    "Australia/Lord_Howe",
    "Europe/Dublin",
    "Europe/London",
    "Pacific/Apia",
]
SAMPLE = sorted(random.Random(2026).sample([n for n in DISTINCT if n not in TRICKY], 8))


# --- The oracle: zoneinfo alone ---------------------------------------------------------


@cache
def _pinned(name: str) -> ZoneInfo:
    """The zone from the pinned tzdata, loaded here, apart from bazi's own copy."""
    with files("tzdata.zoneinfo").joinpath(*name.split("/")).open("rb") as f:
        return ZoneInfo.from_file(f, key=name)


def _tzif_times(name: str) -> list[int]:
    """The transition instants (s) of the zone's TZif file (RFC 8536, version 2+ block)."""
    data = files("tzdata.zoneinfo").joinpath(*name.split("/")).read_bytes()
    isut, isstd, leap, count, types, chars = struct.unpack(">6l", data[20:44])
    if data[4] == 0:
        return list(struct.unpack(f">{count}l", data[44 : 44 + 4 * count]))
    second = 44 + 5 * count + 6 * types + chars + 8 * leap + isstd + isut
    count = struct.unpack(">6l", data[second + 20 : second + 44])[3]
    return list(struct.unpack(f">{count}q", data[second + 44 : second + 44 + 8 * count]))


def _state(tz: ZoneInfo, seconds: int) -> tuple[timedelta, timedelta]:
    local = (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)).astimezone(tz)
    offset, dst = local.utcoffset(), local.dst()
    assert offset is not None and dst is not None
    return offset, dst


@cache
def changes(name: str) -> list[tuple[int, timedelta, timedelta]]:
    """(instant µs, offset before, offset after) of each change of the zone's offset or
    DST from 1800 to 2199, sampling zoneinfo at the file's transitions and every week."""
    tz = _pinned(name)
    lo, hi = START // US - 7 * 86400, END // US + 7 * 86400
    points = sorted({*range(lo, hi, 7 * 86400), *(t for t in _tzif_times(name) if lo < t < hi)})
    found = []
    previous, current = lo, _state(tz, lo)
    for point in [*points[1:], hi]:
        target = _state(tz, point)
        while target != current:
            low, high = previous, point
            while high - low > 1:
                middle = (low + high) // 2
                if _state(tz, middle) == current:
                    low = middle
                else:
                    high = middle
            after = _state(tz, high)
            found.append((high * US, current[0], after[0]))
            current, previous = after, high
        previous = point
    return [c for c in found if START <= c[0] < END]


def _wall(us: int) -> datetime:
    """The naive wall time ``us`` µs after 1970-01-01 00:00 on the clock."""
    return EPOCH + timedelta(microseconds=us)


@cache
def _offsets(name: str) -> frozenset[timedelta]:
    """Every UTC offset the zone has from 1800 to 2199."""
    tz = _pinned(name)
    found = changes(name)
    return frozenset({_state(tz, START // US)[0]} | {c[2] for c in found})


def _expected(name: str, wall: datetime) -> tuple[str, list[datetime]]:
    """What zoneinfo and the refusal rules say of a wall time: ``unique`` with its instant,
    ``skipped`` (no instant reads it), or ``repeated`` with both instants. Decided twice:
    by zoneinfo's reading of the wall time (both folds, and the round trip through UTC that
    refuses a skipped time), and by the instants that read back as the wall time (wall −
    offset, for every offset the zone has); the two must agree."""
    tz = _pinned(name)
    early, late = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
    back = [a.astimezone(UTC).astimezone(tz).replace(tzinfo=None) for a in (early, late)]
    if early.utcoffset() == late.utcoffset():
        verdict = "unique"
    elif back[0] != wall or back[1] != wall:
        verdict = "skipped"
    else:
        verdict = "repeated"
    instants = sorted(
        {
            instant
            for offset in _offsets(name)
            if (instant := (wall - offset).replace(tzinfo=UTC)).astimezone(tz).replace(tzinfo=None)
            == wall
        }
    )
    assert {"skipped": 0, "unique": 1, "repeated": 2}[verdict] == len(instants), (name, wall)
    return verdict, instants


# --- The check of one wall time -----------------------------------------------------------


def _exact(wall: datetime, name: str, fold: int | None, solar_time: str) -> Any:
    """The exact path, as chart() took it before the tables: resolve, then four_pillars."""
    try:
        return four_pillars(resolve(wall, name, fold), resolve_options({"solar_time": solar_time}))
    except bazi.BaziError as error:
        return error


def _same_error(got: BaseException, expected: BaseException) -> None:
    assert type(got) is type(expected)
    assert str(got) == str(expected)
    assert vars(got) == vars(expected)


def _chart(wall: datetime, name: str, fold: int | None, solar_time: str) -> Any:
    try:
        return bazi.chart(wall, name, fold=fold, solar_time=solar_time)  # type: ignore[arg-type]
    except bazi.BaziError as error:
        return error


def check_wall(
    name: str, wall: datetime, solar_time: str = "standard", folds: tuple[int, ...] = ()
) -> bool:
    """Chart ``wall`` in ``name`` against zoneinfo and the exact path, without ``fold`` and
    with each of ``folds`` (both where the wall time is skipped or repeated); True if the
    chart without ``fold`` came off the table."""
    verdict, instants = _expected(name, wall)
    fast = False
    for fold in (None, *((0, 1) if verdict != "unique" else folds)):
        exact = _exact(wall, name, fold, solar_time)
        got = _chart(wall, name, fold, solar_time)
        if isinstance(got, bazi.BaziError):
            assert isinstance(exact, bazi.BaziError), (name, wall, fold, got)
            _same_error(got, exact)
            if verdict == "skipped":
                assert isinstance(got, bazi.NonexistentTimeError)
            elif verdict == "repeated" and fold is None:
                assert isinstance(got, bazi.AmbiguousTimeError)
            else:
                assert isinstance(got, bazi.OutOfRangeError)
            continue
        fast = fast or (fold is None and "moment" not in got.__dict__)
        assert not isinstance(exact, bazi.BaziError), (name, wall, fold, exact)
        m = got.moment
        assert m == exact.moment, (name, wall, fold)
        assert m.tz is zone(name)
        assert m.wall == wall and m.wall.fold == 0
        assert got.pillars == exact.pillars
        assert got.local_time == exact.local_time
        assert got.month_jie == TABLE.jie(exact.jie)
        # zoneinfo's own answer, apart from resolve.
        reading = m.instant.astimezone(_pinned(name))
        assert (m.utc_offset, m.dst) == (reading.utcoffset(), reading.dst())
        if verdict == "unique":
            assert m.resolution == "unique" and [m.instant] == instants
        else:
            assert verdict == "repeated"
            assert m.instant == instants[fold or 0]
            assert m.resolution == ("fold=1 (later)" if fold else "fold=0 (earlier)")
    return fast


def check_changes(name: str, found: list[tuple[int, timedelta, timedelta]]) -> int:
    """Check the wall times around each change; returns how many there were."""
    instants = [c[0] for c in found]
    for k, (instant, before, after) in enumerate(found):
        a, b = before // timedelta(microseconds=1), after // timedelta(microseconds=1)
        # The last wall time before the gap or fold and the first after it come off the
        # table, to the µs (also with a fold given), unless another change is near or the
        # instant is out of the engine's range.
        near = instants[max(k - 1, 0) : k + 2]
        lonely = all(abs(other - instant) > 3 * DAY for other in near if other != instant)
        inside = TABLE.start_us + DAY < instant < TABLE.end_us - DAY
        for us in (instant + min(a, b) - 1, instant + max(a, b)):
            fast = check_wall(name, _wall(us), folds=(1,))
            assert fast or not (lonely and inside), (name, _wall(us), "not off the table")
        walls = {instant + a + d for d in (-US, 0, 1)} | {instant + b + d for d in (-1, 1)}
        walls.add(instant + (a + b) // 2)
        for us in sorted(walls - {instant + min(a, b) - 1, instant + max(a, b)}):
            check_wall(name, _wall(us))
    return len(found)


# --- The tests --------------------------------------------------------------------------


@pytest.mark.parametrize("name", TRICKY)
def test_every_change_of_a_tricky_zone(name: str) -> None:
    assert check_changes(name, changes(name)) > 0


@pytest.mark.parametrize("name", SAMPLE)
def test_every_change_of_a_sampled_zone(name: str) -> None:
    check_changes(name, changes(name))


@pytest.mark.slow
@pytest.mark.parametrize("name", DISTINCT)
def test_every_change_of_every_zone(name: str) -> None:
    check_changes(name, changes(name))


def _table_changes_match(name: str) -> None:
    """The tables' changes are those found here, to the µs, with the same offsets and DST;
    found from the zone's own transitions (never the weekly fallback); no stretch of wall
    times between two changes left to resolve."""
    tz = zone(name)
    assert isinstance(tz, ZoneInfo)
    found = zone_changes(tz)
    assert not found.weekly
    inside = [k for k, c in enumerate(found.changes) if START <= c < END]
    assert [found.changes[k] for k in inside] == [c[0] for c in changes(name)]
    for k, (_, before, after) in zip(inside, changes(name), strict=True):
        assert found.states[k][0] == before // timedelta(microseconds=1)
        assert found.states[k + 1][0] == after // timedelta(microseconds=1)
        assert found.states[k + 1] == tuple(
            d // timedelta(microseconds=1) for d in _state(_pinned(name), found.changes[k] // US)
        )
    table = wall_table(tz)
    assert table.states[0] is None and table.states[-1] is None
    assert all(table.states[i] is None for i in range(0, len(table.states), 2))
    assert all(table.states[i] is not None for i in range(1, len(table.states), 2))
    assert table.edges == sorted(table.edges)


@pytest.mark.parametrize("name", TRICKY + SAMPLE)
def test_the_tables_hold_every_change_found_by_zoneinfo(name: str) -> None:
    _table_changes_match(name)


@pytest.mark.slow
@pytest.mark.parametrize("name", DISTINCT)
def test_the_tables_hold_every_change_of_every_zone(name: str) -> None:
    _table_changes_match(name)


def test_every_footer_rule_is_understood() -> None:
    """The rule of every zone's footer is read here (so no zone falls back to weekly
    sampling), and its transitions are each a change of the zone, at the second."""
    for name in DISTINCT:
        times, footer = _tzif(name)
        rule = _rule_transitions(footer)
        assert rule is not None, (name, footer)
        assert ("," in footer) == bool(rule), (name, footer)
    for name in ("America/New_York", "Europe/Dublin", "Asia/Gaza", "America/Nuuk"):
        times, footer = _tzif(name)
        rule = _rule_transitions(footer)
        assert rule is not None
        tz = _pinned(name)
        later = [t for t in rule if times[-1] < t < LAST_S]
        assert len(later) > 100
        for t in later:
            assert _state(tz, t - 1) != _state(tz, t), (name, t)


def test_weekly_sampling_finds_the_same_changes() -> None:
    """The fallback (weekly samples as well) and the quick way agree."""
    for name in ("Europe/London", "Asia/Shanghai", "Pacific/Apia"):
        tz = zone(name)
        assert isinstance(tz, ZoneInfo)
        quick = zone_changes(tz)
        weekly = _sampled(tz, list(range(FIRST_S + 1, LAST_S, 7 * 86400)))
        assert quick.changes == tuple(c * US for c in weekly[0])
        assert quick.states == tuple(weekly[1])


@pytest.mark.parametrize("name", ["Asia/Shanghai", "America/Sitka", "Pacific/Kiritimati"])
@pytest.mark.parametrize("edge", [TABLE.start_us, TABLE.end_us])
def test_wall_times_within_a_day_of_the_range_edges(name: str, edge: int) -> None:
    """Around 小寒 1800 and 小寒 2200 the table answers, or leaves to resolve, exactly as
    resolve does: an instant out of range is refused with the same error."""
    tz = _pinned(name)
    offset = _state(tz, edge // US)[0] // timedelta(microseconds=1)
    walls = {edge + offset + d for d in (-1, 0, 1)}
    walls |= {edge + offset + k * HOUR + d for k in range(-26, 27) for d in (-1, 0)}
    for us in sorted(walls):
        check_wall(name, _wall(us))
        check_wall(name, _wall(us), "clock")


@pytest.mark.parametrize("name", ["America/New_York", "Europe/Dublin", "Pacific/Apia"])
def test_the_blocks_read_as_the_whole_table(name: str) -> None:
    """Each block chart() builds answers as the table of the whole range, at every edge of
    the latter (and a µs before) and at the block's own ends."""
    tz = zone(name)
    assert isinstance(tz, ZoneInfo)
    whole = wall_table(tz)
    for block in range(BLOCKS):
        table = wall_block(tz, block)
        low = FIRST_WALL_US + (block << BLOCK_SHIFT)
        high = low + (1 << BLOCK_SHIFT)
        walls = [w for e in whole.edges for w in (e - 1, e) if low <= w < high]
        for wall in [low, *walls, high - 1]:
            expected = whole.states[bisect_right(whole.edges, wall)]
            assert table.states[bisect_right(table.edges, wall)] == expected, (block, wall)


def test_no_table_is_built_on_import() -> None:
    code = "import bazi, bazi.transitions as t; print(len(t.WALL_TABLES))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
    bazi.chart("1990-05-17 10:30", "Asia/Shanghai")
    assert "Asia/Shanghai" in WALL_TABLES


def _make_tzif(transitions: list[tuple[int, int]], offsets: list[int], footer: str) -> bytes:
    """A TZif version 2 file: (instant s, type) transitions, the types' UTC offsets (s)."""
    chars = b"ZZZ\0"
    counts = struct.pack(">6l", 0, 0, 0, len(transitions), len(offsets), len(chars))
    types = b"".join(struct.pack(">lBB", offset, 0, 0) for offset in offsets)
    indices = bytes(t for _, t in transitions)
    v1 = b"".join(struct.pack(">l", s) for s, _ in transitions)
    v2 = b"".join(struct.pack(">q", s) for s, _ in transitions)
    header = b"TZif2" + bytes(15) + counts
    return (
        header + v1 + indices + types + chars
        + header + v2 + indices + types + chars
        + f"\n{footer}\n".encode()
    )  # fmt: skip


def test_a_zone_zoneinfo_reads_two_ways_is_left_to_resolve() -> None:
    """A made-up zone that goes from UTC to +01:00 and, an hour later, to -10:00 (as across
    the date line, too soon after): zoneinfo reads it two ways there (an instant read at
    -10:00 gives back a wall time whose offset zoneinfo then says is UTC). Around those
    changes the table answers nothing, leaving every wall time to resolve; away from them
    it answers, each wall time as zoneinfo reads it with both folds, as resolve does."""
    import io

    t0 = 1_000_000_000
    data = _make_tzif([(t0, 1), (t0 + 3600, 2), (t0 + 30 * 86400, 0)], [0, 3600, -36000], "<+00>0")
    tz = ZoneInfo.from_file(io.BytesIO(data))  # no key: sampled every week as well
    with pytest.raises(_Unreadable):
        zone_changes(tz, t0 - 40 * 86400, t0 + 60 * 86400, strict=True)
    assert zone_changes(tz, t0 - 40 * 86400, t0 + 60 * 86400).changes  # as the batch reads it
    around = wall_table(tz, t0 - 40 * 86400, t0 + 60 * 86400)
    assert set(around.states) == {None}
    later = wall_table(tz, t0 + 40 * 86400, t0 + 400 * 86400)
    base = t0 * US + (EPOCH - datetime(1, 1, 1)).days * DAY + DAY  # t0 read at UTC
    answered = 0
    for hours in range(0, 500 * 24, 7):
        wall_us = base + hours * HOUR
        state = later.states[bisect_right(later.edges, wall_us)]
        if state is None:
            continue
        answered += 1
        wall = datetime(1, 1, 1) + timedelta(microseconds=wall_us - DAY)
        early, late = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
        assert early.utcoffset() == late.utcoffset() == timedelta(microseconds=state[0])
        assert early.dst() == timedelta(microseconds=state[1])
    assert answered > 1000
