"""Peers' documented charts (tests/data/reference/peer_cases_public.json).

Every case names its source and the conventions the peer assumes (``input.sect``). Peers
read the Beijing clock as a fixed UTC+8. Cases whose conventions we implement must agree
exactly. Cases from peers that switch year and month on the calendar *day* of a 节, or on
its 时辰 or minute, must agree on day and hour; where they differ on year or month, the
test shows with the DE423 table that a 节 instant lies after the birth but within the
peer's window, so the peer moved the month early and the exact-instant answer stands.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import bazi
from bazi.terms import solar_term_table, to_microseconds

PATH = Path(__file__).parent / "data" / "reference" / "peer_cases_public.json"
SCHOOLS = {
    ("23:00", "next_day"): "zi",
    ("00:00", "next_day"): "midnight",
    ("00:00", "current_civil_day"): "midnight-same-day",
    ("n/a", "n/a"): "zi",  # away from 23:00 and any 节: every school agrees
    ("00:00", "unspecified"): "midnight",  # only the day stem is asserted
}
BEIJING = timedelta(hours=8)


PILLAR_KEYS = ("year", "month", "day", "hour", "day_stem", "hour_branch")


def _all_cases() -> list[dict[str, Any]]:
    with open(PATH, encoding="utf-8") as f:
        cases: list[dict[str, Any]] = json.load(f)
    return [
        c
        for c in cases
        if c["kind"] in ("instant", "luck", "location")
        and c["input"].get("time")
        and c["input"].get("calendar") in ("gregorian", "lunar")
        and any(k in c["expected"] for k in PILLAR_KEYS)
    ]


def _in_range(case: dict[str, Any]) -> bool:
    return 1800 <= int(case["input"]["date"][:4]) <= 2199


def _cases() -> list[dict[str, Any]]:
    return [c for c in _all_cases() if _in_range(c)]


def _school(case: dict[str, Any]) -> str | None:
    sect = case["input"].get("sect") or {}
    return SCHOOLS.get((sect.get("day_pillar_rollover"), sect.get("late_zi_hour_stem")))


def _chart(case: dict[str, Any], school: str) -> bazi.Chart:
    inp = case["input"]
    options: dict[str, Any] = {"tz": inp.get("utc_offset") or "+08:00", "day_boundary": school}
    if inp.get("longitude") is not None:
        options.update(solar_time="apparent", longitude=inp["longitude"])
    if inp["calendar"] == "lunar":
        options.update(calendar="lunar", leap_month=bool(inp.get("leap_month")))
    return bazi.chart(f"{inp['date'][:10]} {inp['time']}", **options)


def _observed(c: bazi.Chart, expected: dict[str, Any]) -> dict[str, str]:
    p = c.pillars
    values = {
        "year": str(p.year),
        "month": str(p.month),
        "day": str(p.day),
        "hour": str(p.hour),
        "day_stem": p.day.stem.hanzi,
        "hour_branch": p.hour.branch.hanzi,
    }
    return {k: v for k, v in values.items() if k in expected}


EXACT = [
    c
    for c in _cases()
    if (c["input"].get("sect") or {}).get("year_month_switch", "").startswith("jie_instant")
    and (_school(c) is not None or c["input"]["sect"].get("day_pillar_rollover") == "unspecified")
]


@pytest.mark.parametrize("case", EXACT, ids=[c["id"] for c in EXACT])
def test_peers_with_our_conventions_agree(case: dict[str, Any]) -> None:
    got = _observed(_chart(case, _school(case) or "zi"), case["expected"])
    assert got, "the case asserts none of the pillars"
    assert got == {k: case["expected"][k] for k in got}, case["source"]


def test_enough_exact_peer_cases() -> None:
    assert len(EXACT) >= 60
    sources = {c["source"].split(":")[0] for c in EXACT}
    assert {"6tail/lunar-java", "6tail/tyme4j", "liyooh007/bazi-chart"} <= sources


WINDOW = {
    "jie_calendar_day": "the same Beijing calendar day",
    "jie_shichen_tie": "the same 2-hour 时辰",
    "jie_minute_tie": "the same clock minute",
}
EARLY = [
    c
    for c in _cases()
    if (c["input"].get("sect") or {}).get("year_month_switch") in WINDOW and _school(c)
]


def _same_window(kind: str, birth: datetime, jie: datetime) -> bool:
    """Whether the peer's window around the birth (Beijing time) contains the 节 instant."""
    if kind == "jie_calendar_day":
        return birth.date() == jie.date()
    if kind == "jie_minute_tie":
        return birth.replace(second=0, microsecond=0) == jie.replace(second=0, microsecond=0)

    # 时辰 windows start at odd hours: 23-01, 01-03, ...
    def shichen(t: datetime) -> datetime:
        return (t + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0) - timedelta(
            hours=(t + timedelta(hours=1)).hour % 2 + 1
        )

    return shichen(birth) == shichen(jie)


@pytest.mark.parametrize("case", EARLY, ids=[c["id"] for c in EARLY])
def test_peers_switching_early_differ_only_by_a_later_jie(case: dict[str, Any]) -> None:
    kind = case["input"]["sect"]["year_month_switch"]
    c = _chart(case, _school(case) or "zi")
    got = _observed(c, case["expected"])
    want = {k: case["expected"][k] for k in got}
    for key in ("day", "hour", "day_stem", "hour_branch"):
        assert got.get(key) == want.get(key), (key, case["source"])
    if got == want:
        return
    # The disagreement: the peer already counts the next 节; DE423 puts it after the birth.
    jie = solar_term_table().next_jie(to_microseconds(c.moment.instant))
    birth_bj = c.moment.instant.replace(tzinfo=None) + BEIJING
    jie_bj = jie.instant.replace(tzinfo=None) + BEIJING
    assert birth_bj < jie_bj and _same_window(kind, birth_bj, jie_bj), (
        f"{case['id']}: {jie.name} at {jie_bj} Beijing is not in {WINDOW[kind]} as the birth"
    )
    after_jie = _observed(bazi.chart(jie.instant + timedelta(milliseconds=1)), want)
    assert {k: after_jie[k] for k in ("year", "month") if k in want} == {
        k: want[k] for k in ("year", "month") if k in want
    }


OUTSIDE = [c for c in _all_cases() if not _in_range(c)]


@pytest.mark.parametrize("case", OUTSIDE, ids=[c["id"] for c in OUTSIDE])
def test_peer_cases_outside_1800_2199_are_refused_not_extrapolated(case: dict[str, Any]) -> None:
    with pytest.raises(bazi.OutOfRangeError, match="小寒 1800 to 小寒 2200"):
        _chart(case, "zi")


def test_known_early_switch_example() -> None:
    """0xf3cd (precision DAY) calls 2000-02-04 20:39 Beijing 庚辰 year; 立春 was later.

    DE423 puts 立春 2000 at 12:40:22.7 UTC (20:40:22.7 Beijing); the peer data cite
    20:40:23 Beijing. One minute before it the year is still 己卯 and the month 丁丑.
    """
    lichun = next(t for t in bazi.solar_terms(2000) if t.name == "立春")
    cited = datetime.fromisoformat("2000-02-04T20:40:23+08:00")
    assert abs(lichun.instant - cited) < timedelta(seconds=2)
    c = bazi.chart("2000-02-04 20:39", tz="+08:00")
    assert (str(c.pillars.year), str(c.pillars.month)) == ("己卯", "丁丑")
