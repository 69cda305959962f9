"""The fast path of ``bazi.chart`` (a clock at a fixed UTC offset, no ``fold``) against the
general path through ``bazi.moment.resolve``, which ``fold=0`` forces (a fixed offset never
repeats a wall time, so ``fold`` changes nothing else). Both must give the same chart, field
by field, in every input form; the pillar rules themselves are checked against hand-written
tables in ``tests/test_boundaries.py`` and ``tests/test_pillars.py``."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bazi
from bazi.chart import Chart
from bazi.cycle import Pillar
from bazi.moment import format_offset
from bazi.terms import format_instant, from_microseconds, solar_term_table

# Instants inside the table's range (小寒 1800 – 小寒 2200), at microsecond resolution.
INSTANTS = st.integers(
    min_value=-5_364_662_400_000_000 + 86_400_000_000 * 20,  # 1800-01-21 UTC
    max_value=7_258_118_400_000_000 - 86_400_000_000 * 30,  # 2199-12-02 UTC
)
# Near a 节: within ±2 s of one, where a wrong µs in the fast arithmetic would show.
NEAR_JIE = st.tuples(st.integers(50, 4750), st.integers(-2_000_000, 2_000_000))
# Any fixed offset Python allows (under a day either way), not only the civil ones: the
# fast path finds the 节 from the local month, which holds for every offset under a day.
OFFSETS = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda m: timedelta(minutes=m)
)
BOUNDARIES = st.sampled_from(["zi", "midnight", "midnight-same-day"])
RECKONINGS = st.sampled_from(["standard", "clock"])


def _inputs(us: int, offset: timedelta) -> list[tuple[object, object]]:
    """The same birth as each input form the fast path takes: (when, tz)."""
    zone = timezone(offset)
    aware = from_microseconds(us).astimezone(zone)
    wall = aware.replace(tzinfo=None)
    text = wall.isoformat(sep=" ")
    return [
        (text, format_offset(offset)),  # wall text + offset text
        (wall, zone),  # naive datetime + tzinfo
        (wall, format_offset(offset)),  # naive datetime + offset text
        (aware, None),  # aware datetime on its own clock
        (aware.isoformat(), None),  # ISO text carrying its offset
    ]


def _same(fast: Chart, general: Chart) -> None:
    assert "moment" not in fast.__dict__  # it really took the fast path
    assert "moment" in general.__dict__
    assert fast.pillars == general.pillars
    assert str(fast.pillars) == str(general.pillars)
    assert fast.moment == general.moment
    assert fast.local_time == general.local_time
    assert fast.month_jie == general.month_jie
    assert fast.next_jie == general.next_jie
    assert fast.equation_of_time is general.equation_of_time is None
    assert fast == general
    assert fast.to_dict() == general.to_dict()


@settings(max_examples=300, deadline=None)
@given(INSTANTS, OFFSETS, BOUNDARIES, RECKONINGS)
def test_fast_path_equals_the_general_path(
    us: int, offset: timedelta, boundary: str, reckoning: str
) -> None:
    for when, tz in _inputs(us, offset):
        options = {"day_boundary": boundary, "solar_time": reckoning}
        _same(
            bazi.chart(when, tz, **options),  # type: ignore[arg-type]
            bazi.chart(when, tz, fold=0, **options),  # type: ignore[arg-type]
        )


@settings(max_examples=200, deadline=None)
@given(NEAR_JIE, OFFSETS)
def test_fast_path_equals_the_general_path_around_each_jie(
    near: tuple[int, int], offset: timedelta
) -> None:
    index, shift = near
    us = solar_term_table().jie_instants[index] + shift
    for when, tz in _inputs(us, offset):
        _same(bazi.chart(when, tz), bazi.chart(when, tz, fold=0))  # type: ignore[arg-type]


def test_fast_path_range_edges_refuse_like_the_general_path() -> None:
    table = solar_term_table()
    for us in (table.start_us - 1, table.end_us):
        when = format_instant(from_microseconds(us)).replace("Z", "+00:00")
        with pytest.raises(bazi.OutOfRangeError):
            bazi.chart(when)
    # A wall time the UTC offset pushes past year 1: refused as a date, never an overflow.
    with pytest.raises(bazi.OutOfRangeError):
        bazi.chart("0001-01-01 00:30", tz="+08:00")


def test_a_chart_is_immutable_comparable_and_picklable() -> None:
    c = bazi.chart(datetime(1990, 5, 17, 10, 30, tzinfo=timezone(timedelta(hours=8))))
    with pytest.raises(AttributeError):
        c.pillars = c.pillars  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del c.options
    with pytest.raises(AttributeError):
        c.pillars.year.index = 3  # type: ignore[misc]
    # The same instant read on a UTC clock is another reading: 02:30 is a 丑 hour.
    utc = bazi.chart("1990-05-17 02:30", tz="UTC")
    assert utc.moment.instant == c.moment.instant and utc != c
    assert str(utc.pillars) == "庚午 辛巳 壬午 辛丑"
    again = bazi.chart("1990-05-17T10:30+08:00")
    assert c == again and hash(c) == hash(again)
    restored = pickle.loads(pickle.dumps(c))
    assert restored == c and str(restored.pillars) == "庚午 辛巳 壬午 乙巳"
    assert pickle.loads(pickle.dumps(Pillar(54))) == Pillar(54)
    assert sorted([Pillar(3), Pillar(1)]) == [Pillar(1), Pillar(3)]


def test_unknown_keyword_is_a_type_error_naming_it() -> None:
    with pytest.raises(TypeError, match="chart\\(\\) got an unexpected keyword argument 'gendr'"):
        bazi.chart("1990-05-17 10:30", tz="+08:00", gendr="male")  # type: ignore[call-arg]
    assert bazi.chart("1990-05-17 02:30", tz=UTC).moment.zone == "UTC"
