"""Laws every chart obeys, checked on random inputs (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

import bazi
from bazi import Pillar
from bazi.moment import zone
from bazi.terms import solar_term_table

INSTANTS = st.datetimes(
    min_value=datetime(1800, 2, 1), max_value=datetime(2199, 12, 1), timezones=st.just(UTC)
)
OFFSETS = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda m: f"{'-' if m < 0 else '+'}{abs(m) // 60:02d}:{abs(m) % 60:02d}"
)


@given(st.integers(0, 59), st.integers(-500, 500))
def test_cycle_has_period_60(n: int, k: int) -> None:
    assert Pillar(n) + 60 * k == Pillar(n)
    assert (Pillar(n) + k) - k == Pillar(n)
    assert Pillar.from_hanzi(Pillar(n).hanzi) == Pillar(n)


@given(INSTANTS, OFFSETS)
def test_day_pillar_advances_by_one_per_day(instant: datetime, tz: str) -> None:
    today = bazi.chart(instant, tz=tz).pillars
    tomorrow = bazi.chart(instant + timedelta(days=1), tz=tz).pillars
    assert tomorrow.day == today.day + 1
    assert tomorrow.hour.branch == today.hour.branch
    assert (tomorrow.hour.stem - today.hour.stem) % 10 == 2  # 五鼠遁: two stems a day


@given(INSTANTS, OFFSETS, st.sampled_from(["zi", "midnight", "midnight-same-day"]))
def test_year_and_month_depend_only_on_the_instant(instant: datetime, tz: str, school: str) -> None:
    a = bazi.chart(instant, tz=tz, day_boundary=school).pillars  # type: ignore[arg-type]
    b = bazi.chart(instant).pillars
    assert (a.year, a.month) == (b.year, b.month)


@given(INSTANTS)
def test_month_lies_between_its_jie(instant: datetime) -> None:
    c = bazi.chart(instant)
    assert c.month_jie.instant <= instant < c.next_jie.instant
    assert c.next_jie.instant - c.month_jie.instant < timedelta(days=32)
    # The month branch steps once per 节, the year once per 立春.
    later = bazi.chart(c.next_jie.instant).pillars
    assert later.month == c.pillars.month + 1
    assert later.year == (c.pillars.year + 1 if c.next_jie.name == "立春" else c.pillars.year)


@given(INSTANTS)
def test_terms_increase_and_step_15_degrees(instant: datetime) -> None:
    terms = bazi.solar_terms(instant.year)
    assert all(a.instant < b.instant for a, b in pairwise(terms))
    assert all((b.longitude - a.longitude) % 360 == 15 for a, b in pairwise(terms))


SHANGHAI_DST_YEARS = st.datetimes(
    min_value=datetime(1986, 1, 1), max_value=datetime(1991, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=300)
@given(SHANGHAI_DST_YEARS | INSTANTS, st.sampled_from(["Asia/Shanghai", "America/New_York"]))
def test_wall_time_round_trips_to_the_instant(instant: datetime, name: str) -> None:
    """Reading an instant's wall time back (with its fold) gives the same instant."""
    local = instant.astimezone(zone(name))
    wall = local.replace(tzinfo=None)
    try:
        m = bazi.chart(wall, tz=name).moment
    except bazi.AmbiguousTimeError:
        m = bazi.chart(wall, tz=name, fold=local.fold).moment
        assert m.resolution.startswith(f"fold={local.fold}")
    assert m.instant == instant


def clock_change_days(name: str, first: int, last: int) -> list[datetime]:
    """Days on which the zone's offset changes, found with the stdlib's own zoneinfo."""
    tz, days = ZoneInfo(name), []
    day = datetime(first, 1, 1, 12)
    while day.year <= last:
        if (
            day.replace(tzinfo=tz).utcoffset()
            != (day - timedelta(days=1)).replace(tzinfo=tz).utcoffset()
        ):
            days.append(day.replace(hour=0))
        day += timedelta(days=1)
    return days


CHANGE_DAYS = {
    "Asia/Shanghai": clock_change_days("Asia/Shanghai", 1985, 1992),  # 12 changes, 1986-1991
    "America/New_York": clock_change_days("America/New_York", 1970, 2030),
}


@st.composite
def around_a_clock_change(draw: st.DrawFn, name: str) -> datetime:
    """A wall time in the small hours of a day the clocks changed, or of the day before."""
    day = draw(st.sampled_from(CHANGE_DAYS[name])) - timedelta(days=draw(st.integers(0, 1)))
    return day + timedelta(minutes=draw(st.integers(0, 4 * 60)))


ZONE_AND_WALL = st.sampled_from(["Asia/Shanghai", "America/New_York"]).flatmap(
    lambda name: st.tuples(st.just(name), around_a_clock_change(name))
)


@settings(max_examples=400)
@given(ZONE_AND_WALL)
def test_skipped_and_repeated_wall_times_are_never_guessed(
    zone_and_wall: tuple[str, datetime],
) -> None:
    """A wall time maps to zero, one or two instants; only the one-instant case is silent.

    Which case holds is decided independently of bazi with the stdlib's own zoneinfo: a
    wall time exists if some UTC instant within a day of it reads back as that wall time.
    """
    name, wall = zone_and_wall
    tz = ZoneInfo(name)
    guess = wall.replace(tzinfo=UTC) - timedelta(hours=-5 if name.startswith("America") else 8)
    matches = set()
    for shift in range(-3 * 60, 3 * 60 + 1, 30):  # every half hour around the guess
        candidate = guess + timedelta(minutes=shift)
        if candidate.astimezone(tz).replace(tzinfo=None) == wall:
            matches.add(candidate)
    assume(solar_term_table().start <= guess <= solar_term_table().end)
    event(f"{name}: wall time read by {len(matches)} instant(s)")
    if len(matches) == 0:
        try:
            bazi.chart(wall, tz=name)
        except bazi.NonexistentTimeError:
            return
        raise AssertionError(f"{wall} {name} does not exist but was accepted")
    if len(matches) == 2:
        try:
            bazi.chart(wall, tz=name)
        except bazi.AmbiguousTimeError:
            early, late = sorted(matches)
            assert bazi.chart(wall, tz=name, fold=0).moment.instant == early
            assert bazi.chart(wall, tz=name, fold=1).moment.instant == late
            return
        raise AssertionError(f"{wall} {name} is ambiguous but was accepted")
    assert bazi.chart(wall, tz=name).moment.instant == matches.pop()
