"""Explanations, margins, uncertain birth times and reverse lookup (issue: charts that
explain themselves).

Independent figures: HKO publishes 立春 2024 at 16:27 Beijing time (DE423: 08:27:07.582
UTC); hand derivations are written next to each case; the peers' reverse lookups come from
tests/data/reference/peer_cases_public.json. The partition and reverse-lookup laws compare
against ``bazi.chart`` itself, which other tests tie to independent sources.
"""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bazi
from bazi.search import charts_between, charts_for_day, find

MS = timedelta(milliseconds=1)
PATH = Path(__file__).parent / "data" / "reference" / "peer_cases_public.json"


def test_lichun_seven_minutes_later() -> None:
    """Done-when case: 2024-02-04 16:20 Beijing, 立春 at 16:27 (HKO) → 癸卯 乙丑 before,
    甲辰 丙寅 after (五虎遁: 甲 year → 丙寅)."""
    e = bazi.chart("2024-02-04 16:20", tz="Asia/Shanghai").explain()
    year, month = e["year"], e["month"]
    assert (year.value.hanzi, month.value.hanzi) == ("癸卯", "乙丑")
    assert year.next is not None and month.next is not None
    assert timedelta(minutes=7) < year.next.margin < timedelta(minutes=7, seconds=30)
    assert (year.next.other.hanzi, month.next.other.hanzi) == ("甲辰", "丙寅")
    # One warning for the 立春 (it changes year and month); day and hour are hours away.
    (warning,) = e.warnings
    assert (warning.kind, warning.other) == ("jie", "甲辰 丙寅 戊戌 庚申")
    assert "7 min before the Start of Spring (2024-02-04 16:27:07 UTC+08:00)" in warning.message.en


def test_day_and_hour_margins_by_hand() -> None:
    """1990-05-17 10:30 Beijing DST = 09:30 standard: 巳 hour (09–11) ends in 90 min and
    began 30 min ago; under zi the day ends at 23:00 standard (+08:00) = 15:00 UTC."""
    e = bazi.chart("1990-05-17 10:30", tz="Asia/Shanghai").explain()
    hour, day = e["hour"], e["day"]
    assert hour.previous is not None and hour.next is not None and day.next is not None
    assert (hour.previous.margin, hour.next.margin) == (
        timedelta(minutes=-30),
        timedelta(minutes=90),
    )
    assert (hour.previous.other.hanzi, hour.next.other.hanzi) == ("甲辰", "丙午")
    assert day.next.instant == datetime(1990, 5, 17, 15, 0, tzinfo=UTC)
    assert day.next.other.hanzi == "癸未"
    assert e.warnings == ()


def test_alternatives_dst_and_day_boundary() -> None:
    """1988-07-01 23:30 Beijing wall clock under DST = 22:30 standard (亥 hour of 1988-07-01).
    On the clock (DST kept) it is 23:30: 子 hour, and under zi already the next day."""
    c = bazi.chart("1988-07-01 23:30", tz="Asia/Shanghai")
    alternatives = {(a.option, a.value): a.pillars for a in c.explain().alternatives}
    clock = bazi.chart("1988-07-01 23:30", tz="Asia/Shanghai", solar_time="clock")
    assert str(clock.pillars.hour.branch) == "子" and clock.pillars.day == c.pillars.day + 1
    assert alternatives == {("solar_time", "clock"): str(clock.pillars)}


def test_to_dict_carries_the_explanation_on_request() -> None:
    c = bazi.chart("2024-02-04 16:20", tz="Asia/Shanghai")
    assert "explanation" not in c.to_dict()
    d = c.to_dict(explanation=True)["explanation"]
    json.dumps(d)
    assert d["pillars"]["year"]["next_boundary"]["other"] == "甲辰"


def test_charts_for_day_splits_at_lichun() -> None:
    """2024-02-04 in Beijing: 13 hour segments (子 split at 00:00 and 23:00 under zi) plus
    the 申 hour split by 立春 at 16:27:07.582."""
    parts = charts_for_day("2024-02-04", tz="Asia/Shanghai")
    assert len(parts) == 14
    split = [p for p in parts if p.start.hour == 16 and p.start.minute == 27]
    assert len(split) == 1 and str(split[0].pillars).startswith("甲辰 丙寅")
    assert split[0].start.astimezone(UTC) == datetime(2024, 2, 4, 8, 27, 7, 582000, tzinfo=UTC)


@settings(max_examples=25, deadline=None)
@given(
    st.datetimes(min_value=datetime(1800, 2, 1), max_value=datetime(2199, 11, 1)),
    st.integers(1, 48),
    st.sampled_from(["Asia/Shanghai", "America/New_York", "+05:30"]),
    st.sampled_from(["zi", "midnight", "midnight-same-day"]),
)
def test_partition_is_exact(start: datetime, hours: int, tz: str, school: str) -> None:
    try:
        parts = charts_between(start, start + timedelta(hours=hours), tz=tz, day_boundary=school)
    except (bazi.NonexistentTimeError, bazi.AmbiguousTimeError):
        return
    micro = timedelta(microseconds=1)
    for i, seg in enumerate(parts):
        # The first and last microsecond inside; one millisecond (or, for a neighbour shorter
        # than that, one microsecond) outside.
        assert bazi.chart(seg.start, tz=tz, day_boundary=school).pillars == seg.pillars
        assert bazi.chart(seg.end - micro, tz=tz, day_boundary=school).pillars == seg.pillars
        if i:
            before = min(MS, parts[i - 1].end - parts[i - 1].start)
            assert parts[i - 1].end == seg.start
            assert bazi.chart(seg.start - before, tz=tz, day_boundary=school).pillars != seg.pillars
        if i < len(parts) - 1:
            assert bazi.chart(seg.end, tz=tz, day_boundary=school).pillars != seg.pillars


@settings(max_examples=15, deadline=None)
@given(
    st.datetimes(
        min_value=datetime(1801, 1, 1), max_value=datetime(2198, 12, 1), timezones=st.just(UTC)
    )
)
def test_reverse_lookup_contains_the_birth_and_nothing_else(instant: datetime) -> None:
    c = bazi.chart(instant, tz="+08:00")
    found = find(str(c.pillars), max(1800, instant.year - 61), min(2199, instant.year + 61))
    assert any(s.start <= instant < s.end for s in found)
    for seg in found:  # every interval found has the pillars throughout
        assert bazi.chart(seg.start, tz="+08:00").pillars == c.pillars
        assert bazi.chart(seg.end - MS, tz="+08:00").pillars == c.pillars
    # Brute force: random instants with the same year pillar; any match must be found.
    rng = random.Random(instant.timestamp())
    for _ in range(300):
        probe = instant + timedelta(days=rng.choice([-60, 0, 60]) * 365.2422 + rng.uniform(-40, 40))
        if not datetime(1800, 2, 10, tzinfo=UTC) < probe < datetime(2199, 12, 1, tzinfo=UTC):
            continue
        if bazi.chart(probe, tz="+08:00").pillars == c.pillars:
            assert any(s.start <= probe < s.end for s in found), probe


def test_three_pillars_give_whole_days() -> None:
    found = find("庚午 辛巳 壬午", 1985, 1995)
    assert len(found) == 1
    (day,) = found
    # Under zi the 壬午 day runs 1990-05-16 23:00 to 1990-05-17 23:00 (+08:00).
    assert (day.start.isoformat(), day.end.isoformat()) == (
        "1990-05-16T23:00:00+08:00",
        "1990-05-17T23:00:00+08:00",
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("甲丑 丙寅 甲子 甲子", "yang stem"),
        ("甲子 甲子 甲子 甲子", "no 甲子 month"),
        ("甲子 丙寅 甲子 乙卯", "no 乙卯 hour"),  # 甲 day: 甲子 乙丑 丙寅 丁卯 …
        ("甲子 丙寅", "three or four"),
    ],
)
def test_invalid_pillars_are_rejected(text: str, reason: str) -> None:
    with pytest.raises(bazi.InvalidPillarError, match=reason):
        find(text)


SCHOOL = {("00:00", "next_day"): "midnight", ("23:00", "next_day"): "zi"}


def _reverse_cases() -> list[dict[str, Any]]:
    with open(PATH, encoding="utf-8") as f:
        cases = [c for c in json.load(f) if c["kind"] == "reverse_lookup"]
    out = []
    for c in cases:
        sect = c["input"]["sect"]
        school = SCHOOL.get((sect.get("day_pillar_rollover"), sect.get("late_zi_hour_stem")))
        if (
            school
            and c["input"]["pillars"].get("hour")
            and sect.get("year_month_switch") == "jie_instant"
        ):
            out.append({**c, "school": school})
    return out


REVERSE = _reverse_cases()


@pytest.mark.parametrize("case", REVERSE, ids=[c["id"] for c in REVERSE])
def test_peer_reverse_lookups(case: dict[str, Any]) -> None:
    """Each peer time (one representative time per matching 2-hour period, Beijing clock)
    lies in one of our intervals, and within the years the peer searched (its stated range;
    lunar's upper bound is the year it ran, taken as 2024) we find exactly as many periods."""
    p = case["input"]["pillars"]
    text = " ".join(p[k] for k in ("year", "month", "day", "hour"))
    peer = [datetime.fromisoformat(t + "+08:00") for t in case["expected"]["solar_times"]]
    years = [int(y) for y in re.findall(r"\b(\d{4})\b", case["input"]["search_range"])]
    first = max(1800, case["input"].get("base_year", years[0] if years else 1800))
    last = years[1] if len(years) > 1 else 2024
    peer_in_range = [t for t in peer if first <= t.year <= last]
    found = find(text, first, last, tz="+08:00", day_boundary=case["school"])
    for t in peer_in_range:
        assert any(s.start <= t < s.end for s in found), t
    assert len(found) == len(peer_in_range)


def test_peer_reverse_cases_are_used() -> None:
    assert len(REVERSE) >= 12
