"""Luck pillars by hand derivation: direction, the four start methods, 流年 流月 小运, presets."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import bazi
from bazi.luck import StartOffset, _add_6tail_lunar, _add_tyme

BEIJING = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    ("when", "gender", "forward"),
    [
        ("1984-06-01 12:00", "male", True),  # 甲子 year: yang stem, male → forward
        ("1984-06-01 12:00", "female", False),
        ("1985-06-01 12:00", "male", False),  # 乙丑 year: yin stem
        ("1985-06-01 12:00", "female", True),
    ],
)
def test_direction(when: str, gender: str, forward: bool) -> None:
    luck = bazi.chart(when, tz="+08:00", gender=gender).luck  # type: ignore[arg-type]
    assert luck is not None and luck.forward is forward
    month = bazi.chart(when, tz="+08:00").pillars.month
    step = 1 if forward else -1
    assert [p.pillar for p in luck.pillars] == [month + step * k for k in range(1, 11)]


def test_lunar_sect1_by_hand() -> None:
    """2023-03-21 12:00 Beijing, male, 癸卯 (yin) year → backward to 惊蛰.

    惊蛰 2023 is 2023-03-06 04:36 Beijing (DE423: 2023-03-05 20:36:xx UTC). 时辰 index of
    04:36 is (4 + 1) // 2 = 2, of 12:00 is 6: 4 时辰; whole days 03-06 → 03-21: 15.
    15 days × 4 months = 60 months; 4 时辰 = 40 days = 1 month 10 days → 5 y 1 m 10 d.
    Start = 2028-03-21 + 1 month + 10 days = 2028-05-01 12:00 (0xf3cd records the same from
    lunar-python).
    """
    jie = next(t for t in bazi.solar_terms(2023) if t.name == "惊蛰")
    assert jie.instant.astimezone(BEIJING).strftime("%m-%d %H:%M") == "03-06 04:36"
    c = bazi.chart("2023-03-21 12:00", tz="+08:00", gender="male", luck_method="lunar-sect1")
    assert c.luck is not None
    assert c.luck.start_offset == StartOffset(5, 1, 10, 0)
    assert c.luck.start == datetime(2028, 5, 1, 12, 0, tzinfo=BEIJING)
    # 6tail labels: start year 2028; age 2028 − 2023 + 1 = 6; then +10 each.
    assert [(p.start_year, p.start_age) for p in c.luck.pillars[:3]] == [
        (2028, 6),
        (2038, 16),
        (2048, 26),
    ]


def test_lunar_sect2_and_tyme_by_hand() -> None:
    """Same birth. Gap back to 惊蛰 (03-06 04:36:xx Beijing) to 03-21 12:00.

    sect2 counts whole clock minutes: 15 d 7 h 24 min = 22 044 min → 5 y (21 600), 1 m
    (360), 7 d (84), 0 min → 5 y 1 m 7 d 0 h; start 2028-04-28 12:00 (0xf3cd records the
    same from lunar-python). tyme counts whole seconds of the exact gap.
    """
    c2 = bazi.chart("2023-03-21 12:00", tz="+08:00", gender="male", luck_method="lunar-sect2")
    assert c2.luck is not None and c2.luck.start_offset == StartOffset(5, 1, 7, 0)
    assert c2.luck.start == datetime(2028, 4, 28, 12, 0, tzinfo=BEIJING)
    ct = bazi.chart("2023-03-21 12:00", tz="+08:00", gender="male", luck_method="tyme")
    assert ct.luck is not None
    seconds = round(ct.luck.gap.total_seconds())
    years, rest = divmod(seconds, 259_200)
    months, rest = divmod(rest, 21_600)
    days, rest = divmod(rest, 720)
    hours, rest = divmod(rest, 30)
    assert ct.luck.start_offset == StartOffset(years, months, days, hours, rest * 2)


def test_proportional_is_exact() -> None:
    """bazi-chart's rule: span = gap × 365.2422 / 3, to the microsecond."""
    c = bazi.chart("2000-02-04 22:01", tz="+08:00", gender="male")  # 庚辰 yang male → forward
    luck = c.luck
    assert luck is not None and luck.method == "proportional" and luck.forward
    jie = next(t for t in bazi.solar_terms(2000) if t.name == "惊蛰")
    gap = jie.instant - c.moment.instant
    assert luck.gap == gap
    expected = c.moment.instant + gap * 365.2422 / 3
    assert abs(luck.start - expected) < timedelta(microseconds=2)
    assert luck.pillars[0].start_age == round(gap / timedelta(days=3), 4)
    assert luck.pillars[1].start - luck.pillars[0].start == timedelta(days=3652.422)


def test_calendar_addition_rules() -> None:
    birth = datetime(2023, 1, 31, 10, 0)
    # lunar-python clamps the day when adding months: 01-31 + 1 month → 02-28.
    assert _add_6tail_lunar(birth, StartOffset(0, 1, 0, 0)) == datetime(2023, 2, 28, 10, 0)
    # tyme carries the overflow: 01-31 + 1 month → "02-31" → 03-03.
    assert _add_tyme(birth, StartOffset(0, 1, 0, 0)) == datetime(2023, 3, 3, 10, 0)
    # lunar-python on 29 February: + 1 year → 28 February.
    leap = datetime(2000, 2, 29, 0, 0)
    assert _add_6tail_lunar(leap, StartOffset(1, 0, 0, 0)) == datetime(2001, 2, 28, 0, 0)
    # tyme: minutes and hours carry into days, days into months.
    assert _add_tyme(datetime(2023, 12, 31, 23, 50), StartOffset(0, 0, 0, 0, 20)) == datetime(
        2024, 1, 1, 0, 10
    )


def test_annual_monthly_minor() -> None:
    c = bazi.chart("2023-05-03 09:00", tz="+08:00", gender="male")
    luck = c.luck
    assert luck is not None
    # 流年: 1984 甲子, nominal age = year − birth year + 1.
    assert (str(luck.annual(1984).pillar), luck.annual(2024).age) == ("甲子", 2)
    # 流月 of 2023 (癸卯): 五虎遁 戊癸 → 甲寅 first, then 乙卯 … 乙丑; each opened by its 节.
    months = luck.monthly(2023)
    assert [str(m.pillar) for m in months][:3] == ["甲寅", "乙卯", "丙辰"]
    assert str(months[-1].pillar) == "乙丑" and len(months) == 12
    assert [m.jie.name for m in months][:2] == ["立春", "惊蛰"] and months[-1].jie.name == "小寒"
    # 小运: 癸卯 year is yin → male backward; age 1 = hour pillar − 1.
    minor = luck.minor(3)
    assert [m.pillar for m in minor] == [c.pillars.hour - k for k in (1, 2, 3)]
    assert [m.year for m in minor] == [2023, 2024, 2025]


def test_presets_and_overrides() -> None:
    c = bazi.chart("1988-02-15 23:30", tz="+08:00", gender="male", preset="lunar-python")
    assert (c.options.day_boundary, c.options.luck_method) == ("midnight", "lunar-sect1")
    c = bazi.chart("1988-02-15 23:30", tz="+08:00", preset="lunar-python", day_boundary="zi")
    assert c.options.day_boundary == "zi"  # explicit wins
    c = bazi.chart("1988-02-15 23:30", tz="+08:00", preset="tyme", gender="female")
    assert (c.options.day_boundary, c.options.luck_method) == ("zi", "tyme")
    c = bazi.chart("1990-05-12 14:30", tz="+08:00", preset="bazi-chart", longitude=116.4)
    assert c.options.solar_time == "apparent" and c.options.luck_method == "proportional"
    assert bazi.chart("1990-05-12 14:30", tz="+08:00", preset="bazi-chart").options.solar_time == (
        "standard"
    )


def test_luck_errors_and_absence() -> None:
    assert bazi.chart("1990-05-17 10:30", tz="+08:00").luck is None
    with pytest.raises(bazi.InvalidInputError, match="gender"):
        bazi.chart("1990-05-17 10:30", tz="+08:00", gender="x")  # type: ignore[arg-type]
    with pytest.raises(bazi.InvalidInputError, match="luck_method"):
        bazi.chart("1990-05-17 10:30", tz="+08:00", gender="male", luck_method="x")  # type: ignore[arg-type]
    with pytest.raises(bazi.InvalidInputError, match="preset"):
        bazi.chart("1990-05-17 10:30", tz="+08:00", preset="sxtwl")  # type: ignore[arg-type]
