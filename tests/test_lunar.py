"""The lunar adapter against the calendar rule, computed from the DE423 new moons.

The rule (conventions §6): a month begins on the Beijing day (UTC+8 from 1929; before that the
local mean time of the Beijing meridian, 116°25′ E = UTC+7:45:40) containing the new moon;
the month containing 冬至 is the 11th; in a span of 13 months from one 11th month to the
next, the first month without a 中气 is the leap month and repeats the previous number.
New moons come from ``tests/data/new_moons.txt`` (``tools/make_new_moons.py``) and 中气 from
the shipped JPL table; neither is produced by the adapter under test.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest

from bazi import InvalidInputError, InvalidLunarDateError, LunarDate, OutOfRangeError, lunar
from bazi.terms import solar_term_table

DATA = Path(__file__).parent / "data"
BEIJING = timedelta(hours=8)
BEIJING_MERIDIAN = timedelta(hours=7, minutes=45, seconds=40)  # 116°25′ E, used until 1929
# The one month 1900-1928 where the calendar as promulgated (computed with the Qing 时宪历
# theory) differs from the modern rule: DE423 puts the new moon at 1906-04-23 23:52:05
# Beijing mean time, so the rule starts 四月 on 04-23; the published calendar, lunardate and
# lunar-python (6tail) all start it on 04-24. The published calendar is the historical fact.
HISTORICAL_FIRST_DAYS = {date(1906, 4, 24)}


def new_moons() -> list[datetime]:
    lines = (DATA / "new_moons.txt").read_text(encoding="utf-8").splitlines()
    return [datetime.fromisoformat(s) for s in lines if s and not s.startswith("#")]


def _beijing_dates_of_new_moons() -> list[date]:
    return [
        (moon + (BEIJING_MERIDIAN if moon.year < 1929 else BEIJING)).date() for moon in new_moons()
    ]


def _beijing_dates_of_terms(longitude: int | None) -> list[date]:
    table = solar_term_table()
    out = []
    for lon, us in zip(table.longitudes, table.instants, strict=True):
        if (longitude is None and lon % 30 == 0) or lon == longitude:
            out.append((datetime(1970, 1, 1) + timedelta(microseconds=us) + BEIJING).date())
    return out


@cache
def rule_calendar() -> dict[date, tuple[int, int, int, bool]]:
    """Every day of lunar years 1899–2100 by the rule: date → (year, month, day, leap)."""
    one = timedelta(days=1)
    starts = [
        s + one if s + one in HISTORICAL_FIRST_DAYS else s for s in _beijing_dates_of_new_moons()
    ]
    zhongqi = _beijing_dates_of_terms(None)
    solstices = _beijing_dates_of_terms(270)

    def month_of(day: date) -> int:
        return bisect_right(starts, day) - 1  # index of the month containing ``day``

    def has_zhongqi(m: int) -> bool:
        i = bisect_right(zhongqi, starts[m] - timedelta(days=1))
        return i < len(zhongqi) and zhongqi[i] < starts[m + 1]

    days: dict[date, tuple[int, int, int, bool]] = {}
    for before, after in pairwise(solstices):
        first, last = month_of(before), month_of(after)  # the two 11th months
        if first < 0 or last + 1 >= len(starts):
            continue
        leap_found = last - first == 12  # 12 months: no leap in this span
        number, year = 11, after.year - 1
        for m in range(first, last):
            leap = False
            if m > first and not leap_found and not has_zhongqi(m):
                leap, leap_found = True, True
            elif m > first:
                number += 1
                if number == 13:
                    number, year = 1, year + 1
            for k in range((starts[m + 1] - starts[m]).days):
                days[starts[m] + timedelta(days=k)] = (year, number, k + 1, leap)
    return days


def test_rule_reproduces_published_anchor_dates() -> None:
    # Published facts the rule must give: Chinese New Year 1990 and 2024, leap months.
    cal = rule_calendar()
    assert cal[date(1990, 1, 27)] == (1990, 1, 1, False)
    assert cal[date(2024, 2, 10)] == (2024, 1, 1, False)
    assert cal[date(2023, 3, 22)] == (2023, 2, 1, True)  # 2023 闰二月
    assert cal[date(2033, 12, 22)] == (2033, 11, 1, True)  # 2033 闰十一月


def _uncertain_days() -> set[date]:
    days = set()
    for fix in lunar.UNCERTAIN:
        year, month, leap = fix.month
        assert lunar.to_gregorian(year, month, 1, leap) == fix.first_day
        month_days = (fix.first_day + timedelta(days=k) for k in range(-1, 31))
        days |= {d for d in month_days if lunar.from_gregorian(d).uncertain}
    return days


def test_uncertain_months_are_those_with_a_new_moon_near_beijing_midnight() -> None:
    """After observed ΔT ends (2027), a new moon within 120 s of Beijing midnight."""
    near = set()
    for moon in new_moons():
        beijing = moon + BEIJING
        seconds = beijing.hour * 3600 + beijing.minute * 60 + beijing.second
        if moon.year >= 2027 and min(seconds, 86_400 - seconds) < 120:
            near.add(beijing.date() if seconds < 43_200 else beijing.date() + timedelta(days=1))
    flagged = {fix.first_day for fix in lunar.UNCERTAIN}
    # Each flagged month starts on the day of the new moon or the day before it.
    assert len(near) == len(flagged) == 3
    for day in near:
        assert day in flagged or day - timedelta(days=1) in flagged


def test_adapter_matches_rule_every_day_1900_2099() -> None:
    """Every day agrees, except inside the flagged uncertain months, where both readings
    (the published one the adapter gives and the rule's) are one day apart."""
    cal = rule_calendar()
    uncertain = _uncertain_days()
    day, wrong, checked = lunar.FIRST_DAY, [], 0
    while day <= lunar.LAST_DAY:
        got = lunar.from_gregorian(day)
        if day in uncertain:
            assert got.uncertain
        elif (got.year, got.month, got.day, got.leap) != cal[day]:
            wrong.append((day, got, cal[day]))
        else:
            checked += 1
        day += timedelta(days=1)
    assert wrong == [], wrong[:5]
    assert checked == (lunar.LAST_DAY - lunar.FIRST_DAY).days + 1 - len(uncertain) > 72_900


def test_adapter_round_trips_every_month_start_and_end() -> None:
    cal, uncertain = rule_calendar(), _uncertain_days()
    for day, (year, month, number, leap) in cal.items():
        if day in uncertain:
            continue
        if lunar.FIRST_DAY <= day <= lunar.LAST_DAY and (number == 1 or number >= 29):
            assert lunar.to_gregorian(year, month, number, leap) == day


def test_lunardate_alone_is_wrong_exactly_in_the_corrected_months() -> None:
    """Without the corrections, lunardate disagrees with the rule on these days only."""
    from lunardate import LunarDate as Library

    cal, uncertain = rule_calendar(), _uncertain_days()
    wrong = set()
    day = lunar.FIRST_DAY
    while day <= lunar.LAST_DAY:
        raw = Library.from_solar_date(day.year, day.month, day.day)
        if day in uncertain:
            pass
        elif (raw.year, raw.month, raw.day, bool(raw.is_leap_month)) != cal[day]:
            wrong.add(day)
        day += timedelta(days=1)
    expected = set()
    for first, last in [
        (date(1933, 7, 22), date(1933, 8, 20)),
        (date(1954, 11, 25), date(1954, 12, 24)),
        (date(1978, 9, 2), date(1978, 10, 1)),
    ]:
        expected |= {first + timedelta(days=k) for k in range((last - first).days + 1)}
    assert wrong == expected


@pytest.mark.parametrize(
    ("instant", "first_day"),
    [
        # conventions §6 cites 00:02:45 for 1933; DE423 (and skyfield's own search with DE421)
        # give 00:03:03.05, 18 s later; the correction cites the ephemeris value.
        ("1933-07-23T00:03:03", date(1933, 7, 23)),
        ("1954-11-25T20:30:22", date(1954, 11, 25)),
        ("1978-09-03T00:08:54", date(1978, 9, 3)),
    ],
)
def test_corrections_cite_the_ephemeris_new_moon(instant: str, first_day: date) -> None:
    """Each correction's evidence is a DE423 new moon, cited to the second."""
    cited = datetime.fromisoformat(instant + "+08:00")
    nearest = min(new_moons(), key=lambda m: abs(m - cited))
    assert abs(nearest - cited) < timedelta(seconds=1)
    assert (nearest + BEIJING).date() == first_day
    assert any(
        c.first_day == first_day and instant.replace("T", " ") in c.evidence
        for c in lunar.CORRECTIONS
    )


def test_uncertain_month_2057_is_flagged() -> None:
    # DE423 puts this new moon within seconds of Beijing midnight (conventions §6).
    assert lunar.from_gregorian(date(2057, 9, 28)) == LunarDate(2057, 9, 1, False, True)
    assert lunar.from_gregorian(date(2057, 10, 27)).uncertain
    assert not lunar.from_gregorian(date(2057, 10, 28)).uncertain
    assert not lunar.from_gregorian(date(2057, 9, 27)).uncertain


def test_leap_months_and_their_errors() -> None:
    # 1990 had a leap 5th month (闰五月 began 1990-06-23 by the rule above).
    assert lunar.to_gregorian(1990, 5, 1, leap=True) == date(1990, 6, 23)
    with pytest.raises(InvalidLunarDateError, match="1990 has leap month 5"):
        lunar.to_gregorian(1990, 4, 1, leap=True)
    with pytest.raises(InvalidLunarDateError, match="2024 has no leap month"):
        lunar.to_gregorian(2024, 4, 1, leap=True)
    with pytest.raises(InvalidLunarDateError, match="29 days"):
        lunar.to_gregorian(1990, 5, 30, leap=True)
    with pytest.raises(InvalidLunarDateError, match="1 to 12"):
        lunar.to_gregorian(1990, 13, 1)
    with pytest.raises(OutOfRangeError):
        lunar.to_gregorian(1899, 12, 1)
    with pytest.raises(OutOfRangeError):
        lunar.from_gregorian(date(1900, 1, 30))
    with pytest.raises(InvalidInputError):
        lunar.to_gregorian(1990, "5", 1)  # type: ignore[arg-type]


def test_names() -> None:
    assert LunarDate(1990, 4, 23).hanzi == "1990年四月廿三"
    assert LunarDate(1990, 5, 10, leap=True).hanzi == "1990年闰五月初十"
    assert LunarDate(2000, 12, 30).hanzi == "2000年腊月三十"
    assert LunarDate(2000, 11, 1).hanzi == "2000年冬月初一"
