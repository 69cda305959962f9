"""``bazi.chart`` with a named zone, read off the zone's table (``bazi.transitions``),
against the exact path it took before the tables: :func:`bazi.moment.resolve`, then
:func:`bazi.pillars.four_pillars`. Random zones of the pinned tzdata, random wall times
(to the µs, up to the edges of the range), near the changes of the trickiest zones, in
every input form, with and without ``fold`` and options: the same chart or the same error,
field by field."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import cache
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

import bazi
from bazi.chart import Chart
from bazi.moment import resolve, zone
from bazi.options import resolve_options
from bazi.pillars import four_pillars
from bazi.terms import solar_term_table
from bazi.transitions import BLOCKS, WALL_TABLES, WallTable, ZoneChanges, zone_changes

NAMES = [
    n
    for n in files("tzdata").joinpath("zones").read_text(encoding="utf-8").split()
    if isinstance(zone(n), ZoneInfo)
]
TRICKY = ["Europe/Dublin", "Europe/London", "America/St_Johns", "Pacific/Apia", "Asia/Gaza"]
EPOCH = datetime(1970, 1, 1)
US = 1_000_000
DAY = 86_400 * US
TABLE = solar_term_table()
# Wall times from a few weeks before 小寒 1800 to a few weeks after 小寒 2200, to the µs.
WALLS = st.integers(TABLE.start_us - 20 * DAY, TABLE.end_us + 20 * DAY)
RECKONINGS = st.sampled_from(["standard", "standard", "clock", "mean", "apparent"])
BOUNDARIES = st.sampled_from(["zi", "midnight", "midnight-same-day"])
FOLDS = st.sampled_from([None, None, 0, 1])


@cache
def _changes(name: str) -> ZoneChanges:
    tz = zone(name)
    assert isinstance(tz, ZoneInfo)
    return zone_changes(tz)


@st.composite
def near_a_change(draw: st.DrawFn) -> tuple[str, int]:
    """A tricky zone and a wall time within two days of one of its changes' readings."""
    name = draw(st.sampled_from(TRICKY))
    found = _changes(name)
    k = draw(st.integers(0, len(found.changes) - 1))
    offset = found.states[k + draw(st.integers(0, 1))][0]
    shift = draw(st.one_of(st.integers(-3, 3), st.integers(-2 * DAY, 2 * DAY)))
    return name, found.changes[k] + offset + shift


def _forms(name: str, wall: datetime) -> list[tuple[Any, Any]]:
    """The same reading in each form chart() takes it: (when, tz)."""
    return [
        (wall.isoformat(sep=" "), name),
        (wall, name),
        (wall.replace(fold=1), name),
        (wall, zone(name)),  # the pinned ZoneInfo
        (wall, zoneinfo.ZoneInfo(name)),  # the host's, read in the pinned database
        (wall.isoformat(), f" {name.lower()} "),
        (wall.replace(tzinfo=zoneinfo.ZoneInfo(name)), None),  # tagged: read by resolve
        (wall.replace(tzinfo=zone(name), fold=1), None),
    ]


def _exact(when: Any, tz: Any, fold: int | None, options: dict[str, Any]) -> Any:
    try:
        school = {k: v for k, v in options.items() if k != "gender"}
        return four_pillars(resolve(when, tz, fold), resolve_options(school))
    except bazi.BaziError as error:
        return error


def _chart(when: Any, tz: Any, fold: int | None, options: dict[str, Any]) -> Any:
    try:
        return bazi.chart(when, tz, fold=fold, **options)  # type: ignore[arg-type]
    except bazi.BaziError as error:
        return error


def _compare(when: Any, tz: Any, fold: int | None, options: dict[str, Any]) -> bool:
    """Chart and exact path agree; True if the chart came off the table."""
    exact, got = _exact(when, tz, fold, options), _chart(when, tz, fold, options)
    if isinstance(exact, bazi.BaziError):
        assert type(got) is type(exact), (when, tz, fold, got, exact)
        assert str(got) == str(exact) and vars(got) == vars(exact)
        return False
    assert isinstance(got, Chart), (when, tz, fold, got)
    fast = "moment" not in got.__dict__
    assert got.pillars == exact.pillars
    assert got.moment == exact.moment
    assert got.moment.tz is exact.moment.tz is zone(exact.moment.zone)
    assert got.moment.wall.fold == exact.moment.wall.fold == 0
    assert got.local_time == exact.local_time
    assert got.local_time.fold == exact.local_time.fold
    assert got.equation_of_time == exact.equation_of_time
    assert got.month_jie == TABLE.jie(exact.jie)
    assert got.next_jie == TABLE.jie(exact.jie + 1)
    return fast


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NAMES), WALLS, RECKONINGS, BOUNDARIES, FOLDS, st.booleans())
def test_any_zone_any_wall_time(
    name: str, us: int, reckoning: str, boundary: str, fold: int | None, gender: bool
) -> None:
    wall = EPOCH + timedelta(microseconds=us)
    options: dict[str, Any] = {"solar_time": reckoning, "day_boundary": boundary}
    if reckoning in ("mean", "apparent"):
        options["longitude"] = 121.47
    if gender:
        options["gender"] = "female"
    for when, tz in _forms(name, wall):
        _compare(when, tz, fold, options)


@settings(max_examples=300, deadline=None)
@given(near_a_change(), st.sampled_from(["standard", "clock"]), FOLDS)
def test_near_the_changes_of_tricky_zones(
    near: tuple[str, int], reckoning: str, fold: int | None
) -> None:
    name, us = near
    wall = EPOCH + timedelta(microseconds=us)
    for when, tz in _forms(name, wall)[:2]:
        _compare(when, tz, fold, {"solar_time": reckoning})


@contextmanager
def _no_table(name: str) -> Iterator[None]:
    """Charts of ``name`` take the exact path (resolve) while inside."""
    kept = WALL_TABLES.get(name)
    WALL_TABLES[name] = [WallTable([], [None])] * BLOCKS
    try:
        yield
    finally:
        if kept is None:
            del WALL_TABLES[name]
        else:
            WALL_TABLES[name] = kept


def test_the_whole_chart_is_the_same_as_on_the_exact_path() -> None:
    """to_dict(), equality and hash of a chart off the table and one through resolve."""
    cases = [
        ("1990-05-17 10:30", "Asia/Shanghai"),
        ("1988-07-01 10:30", "Asia/Shanghai"),  # Beijing daylight saving: standard 09:30
        ("1944-06-06 07:00", "Europe/London"),  # double summer time
        ("1971-01-01 12:00", "Europe/Dublin"),  # IST as standard time, negative DST after
        ("2024-01-15 23:30", "Europe/Dublin"),
        ("1850-03-01 12:00", "Asia/Kolkata"),  # LMT with seconds
        ("2012-06-01 00:30", "Pacific/Apia"),
        ("2150-07-04 16:00", "America/New_York"),
    ]
    for when, name in cases:
        cases_options: list[dict[str, Any]] = [
            {},
            {"gender": "male", "solar_time": "clock"},
            {"fold": 1},
        ]
        for options in cases_options:
            fast = bazi.chart(when, name, **options)
            assert "moment" not in fast.__dict__
            with _no_table(name):
                general = bazi.chart(when, name, **options)
            assert "moment" in general.__dict__
            assert fast.moment == general.moment and fast.moment.tz is general.moment.tz
            assert fast.local_time == general.local_time
            assert fast == general and hash(fast) == hash(general)
            assert fast.to_dict() == general.to_dict()
            assert fast.to_dict("en", years=2030) == general.to_dict("en", years=2030)


def test_the_tables_are_taken_for_most_wall_times() -> None:
    """The fast path is the common one: a random wall time in a zone with daylight saving
    comes off the table unless it is near a change."""
    import random

    rng = random.Random(16)
    taken = 0
    for _ in range(2000):
        us = rng.randrange(TABLE.start_us + DAY, TABLE.end_us - DAY)
        wall = EPOCH + timedelta(microseconds=us)
        taken += _compare(wall, "America/New_York", None, {})
    assert taken >= 1980
