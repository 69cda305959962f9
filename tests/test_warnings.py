"""What a person should know before trusting a chart, told by default (``bazi.margins``), and
the place and clock that decide it (``bazi.clocks``): every expected value is a published
instant (HKO) or derived by hand in the test, never read back from the engine.

The hand rules used: a year's stem-branch is (year − 4) mod 60; the month stem follows the
year stem (五虎遁: 甲己 → 丙寅, 乙庚 → 戊寅); the hour stem follows the day stem (五鼠遁:
甲己 → 甲子, 丁壬 → 庚子, 戊癸 → 壬子); the 子 hour runs 23:00–01:00, then two-hour steps.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bazi


def kinds(c: bazi.Chart) -> list[str]:
    return [w.kind for w in c.warnings]


def test_seven_minutes_before_lichun_is_warned_by_default() -> None:
    """立春 2024 at 16:27 Beijing time (HKO): a birth at 16:20 is 癸卯 乙丑; after the 节 the
    year is 甲辰 ((2024 − 4) mod 60 = 40) and the month 丙寅 (五虎遁 from 甲)."""
    c = bazi.chart("2024-02-04 16:20", tz="Asia/Shanghai")
    (w,) = c.warnings
    assert w.kind == "jie" and w.other.split()[:2] == ["甲辰", "丙寅"]
    assert timedelta(minutes=7) < w.margin < timedelta(minutes=7, seconds=30)
    d = c.to_dict()
    (shown,) = d["warnings"]
    assert shown["message"].startswith("出生在立春（2024-02-04 16:27:")
    assert "之前7分钟" in shown["message"] and "年柱、月柱为 甲辰 丙寅" in shown["message"]
    assert c.to_dict("zh-Hant")["warnings"][0]["message"].endswith("立春後則年柱、月柱為 甲辰 丙寅")
    english = c.to_dict("en")["warnings"][0]["message"]
    assert english.startswith("born 7 min before the Start of Spring (2024-02-04 16:27:")


def test_the_seed_is_told_what_the_day_boundary_schools_say() -> None:
    """1995-03-08 23:40 in 深圳 under 子初换日 is 己亥 甲子 (the next day's 子 hour). At
    子正换日 the day stays 戊戌 (1995-03-08) and 23:00 takes the next day's 甲子; keeping
    the day's own stem (夜子时), 戊 gives 壬子 (五鼠遁)."""
    c = bazi.chart("1995-03-08 23:40", place="深圳")
    assert str(c.pillars) == "乙亥 己卯 己亥 甲子"
    others = {w.option["day_boundary"]: w.other for w in c.warnings if w.kind == "day_boundary"}
    assert others == {
        "midnight": "乙亥 己卯 戊戌 甲子",
        "midnight-same-day": "乙亥 己卯 戊戌 壬子",
    }
    # True solar time in Shenzhen (114.07°E, 24 min behind the zone's 120°E; the equation of
    # time early in March about −11 min) is about 23:05: still the 子 hour, no warning.
    assert "solar_time" not in kinds(c)


def test_true_solar_time_that_changes_the_chart_is_shown() -> None:
    """The issue's case: 1995-03-08 23:10 in 深圳. Mean solar time is 23:10 − 23.7 min ≈
    22:46, true solar time about 22:35: the 亥 hour of 1995-03-08 (戊戌), 癸亥 by 五鼠遁 —
    against 己亥 甲子 by the clock."""
    c = bazi.chart("1995-03-08 23:10", place="深圳")
    assert str(c.pillars) == "乙亥 己卯 己亥 甲子"
    (w,) = [w for w in c.warnings if w.kind == "solar_time"]
    assert w.other == "乙亥 己卯 戊戌 癸亥" and w.option == {"solar_time": "apparent"}
    assert c.apparent_solar_time is not None
    assert f"{c.apparent_solar_time:%H:%M}" in ("22:34", "22:35", "22:36")
    d = c.to_dict()
    assert d["local"]["apparent_solar_time"].startswith("1995-03-08T22:3")
    assert "真太阳时为22:3" in next(
        x["message"] for x in d["warnings"] if x["kind"] == "solar_time"
    )
    # Asked for true solar time, the chart is the other one, and the warning goes away.
    solar = bazi.chart("1995-03-08 23:10", place="深圳", solar_time="apparent")
    assert str(solar.pillars) == "乙亥 己卯 戊戌 癸亥" and "solar_time" not in kinds(solar)


def test_hour_boundary_and_daylight_saving() -> None:
    """1990-05-17 11:55 in Beijing under daylight saving is 10:55 standard time: 5 minutes
    before the 午 hour (11:00), which for the 壬 day 壬午 is 丙午 (五鼠遁 丁壬 → 庚子)."""
    c = bazi.chart("1990-05-17 11:55", tz="Asia/Shanghai")
    assert str(c.pillars) == "庚午 辛巳 壬午 乙巳"
    (hour,) = [w for w in c.warnings if w.kind == "hour"]
    assert hour.margin == timedelta(minutes=5) and hour.other.split()[3] == "丙午"
    # Read on the clock (11:30 with DST, 10:30 standard), 1988-07-10 is in the 午 hour on the
    # clock but the 巳 hour in standard time: the warning gives the clock's chart.
    c = bazi.chart("1988-07-10 11:30", tz="Asia/Shanghai")
    (dst,) = [w for w in c.warnings if w.kind == "dst"]
    assert c.pillars.hour.branch.hanzi == "巳" and dst.other.split()[3][1] == "午"
    assert dst.other.split()[2] == c.pillars.day.hanzi  # the same day
    assert "钟表11:30，标准时10:30" in dst.message.zh


def test_a_repeated_wall_time_is_named() -> None:
    """China's clocks went back from 02:00 to 01:00 on 1988-09-11: 01:30 happened twice."""
    c = bazi.chart("1988-09-11 01:30", tz="Asia/Shanghai", fold=1)
    (w,) = [w for w in c.warnings if w.kind == "clock_change"]
    assert "01:30出现两次，此处取后一次" in w.message.zh


def test_nothing_to_warn_about() -> None:
    """10:30 is an hour from either end of the 巳 hour, the 节 are days away, standard and
    clock time (09:30, 10:30) share the 巳 hour, and no longitude is known."""
    c = bazi.chart("1990-05-17 10:30", tz="Asia/Shanghai")
    assert c.warnings == () and c.to_dict()["warnings"] == []


def test_born_after_jie_and_local_times() -> None:
    """惊蛰 1995 at 09:16 on 03-06 Beijing time (HKO); the birth 03-08 23:40 is 2 days 14 h
    24 min later."""
    d = bazi.chart("1995-03-08 23:40", tz="Asia/Shanghai").to_dict()
    assert d["month_jie"]["local"].startswith("1995-03-06T09:16:")
    assert d["month_jie"]["local"].endswith("+08:00") and d["month_jie"]["instant"].endswith("Z")
    assert d["born_after_jie"]["text"] == "生于惊蛰后 2 天 14 时"
    assert (d["born_after_jie"]["days"], d["born_after_jie"]["hours"]) == (2, 14)
    english = bazi.chart("1995-03-08 23:40", tz="Asia/Shanghai").to_dict("en")
    assert english["born_after_jie"]["text"] == (
        "born 2 days 14 hours after the Awakening of Insects"
    )


def test_place_and_zone_never_silently_disagree() -> None:
    """The issue's cases: a New York birth read on Beijing time, and a Shenzhen birth read on
    New York time, are refused, naming both; the place alone gives its own clock: 2024-02-04
    16:20 in New York is 21:20 UTC, after 立春 (08:27 UTC, HKO 16:27 Beijing): 甲辰 丙寅."""
    with pytest.raises(bazi.ZoneMismatchError, match="America/New_York") as info:
        bazi.chart("2024-02-04 16:20", tz="Asia/Shanghai", place="New York")
    assert info.value.field == "tz" and "Asia/Shanghai" in str(info.value)
    with pytest.raises(bazi.ZoneMismatchError, match="Asia/Shanghai"):
        bazi.chart("2024-02-04 16:20", tz="America/New_York", place="深圳")
    alone = bazi.chart("2024-02-04 16:20", place="New York")
    assert str(alone.pillars).split()[:2] == ["甲辰", "丙寅"]
    # The same offset written another way is the same clock.
    assert str(bazi.chart("1995-03-08 23:40", tz="+08:00", place="深圳").pillars) == (
        "乙亥 己卯 己亥 甲子"
    )


def test_xinjiang_keeps_two_clocks() -> None:
    """Ürümqi's IANA zone is Xinjiang time (UTC+6); records are kept on Beijing time: read on
    Beijing time by default, either clock accepted, and the choice told."""
    c = bazi.chart("2000-06-01 12:00", place="乌鲁木齐")
    assert c.moment.zone == "Asia/Shanghai" and c.moment.utc_offset == timedelta(hours=8)
    (w,) = [w for w in c.warnings if w.kind == "place_clock"]
    assert w.option == {"tz": "Asia/Urumqi"} and "按北京时间（UTC+08:00）读" in w.message.zh
    local = bazi.chart("2000-06-01 12:00", tz="Asia/Urumqi", place="乌鲁木齐")
    assert local.moment.utc_offset == timedelta(hours=6)
    (w,) = [w for w in local.warnings if w.kind == "place_clock"]
    assert w.option == {"tz": "Asia/Shanghai"}
    bazi.chart("2000-06-01 12:00", tz="+06:00", place="乌鲁木齐")
    with pytest.raises(bazi.ZoneMismatchError):
        bazi.chart("2000-06-01 12:00", tz="+05:00", place="乌鲁木齐")
    # Near 立春 (16:27 Beijing, HKO) the clocks disagree: 16:00 Beijing time is before it
    # (癸卯), 16:00 Xinjiang time (18:00 Beijing) after it (甲辰).
    c = bazi.chart("2024-02-04 16:00", place="乌鲁木齐")
    (w,) = [w for w in c.warnings if w.kind == "place_clock"]
    assert str(c.pillars).startswith("癸卯") and w.other.startswith("甲辰")


def test_searches_take_a_place() -> None:
    """A day, a span and a reverse lookup read on the place's clock, with its longitude."""
    day = bazi.charts_for_day("1995-03-08", place="深圳")
    assert day[0].start.utcoffset() == timedelta(hours=8)
    assert [s.text for s in day] == [s.text for s in bazi.charts_for_day("1995-03-08", "+08:00")]
    with pytest.raises(bazi.ZoneMismatchError):
        bazi.charts_for_day("1995-03-08", tz="America/New_York", place="深圳")
    solar = bazi.charts_between("1995-03-08 22:00", "1995-03-09 01:00", place="深圳",
                                solar_time="apparent")  # fmt: skip
    # True solar time runs about 35 min behind the clock here: the 子 hour begins ~23:35.
    assert solar[1].start.strftime("%H:%M") in ("23:34", "23:35", "23:36")
    with pytest.raises(bazi.BaziError, match="tz or place is required"):
        bazi.charts_for_day("1995-03-08")


def test_three_pillars_found_print_three() -> None:
    """With the hour unknown a found span is a whole day pillar: its text has three
    pillars (the hour changes within it)."""
    (found,) = bazi.find("乙亥 己卯 己亥", 1995, 1995)
    assert found.text == "乙亥 己卯 己亥" and found.to_dict()["pillars"] == "乙亥 己卯 己亥"
    assert found.end - found.start == timedelta(days=1) and not found.hour_known
    (four,) = bazi.find("乙亥 己卯 己亥 甲子", 1995, 1995)
    assert four.text == "乙亥 己卯 己亥 甲子" and four.hour_known


ZONES = ["+08:00", "Asia/Shanghai", "America/New_York", "Europe/London", "Asia/Kolkata"]


@settings(max_examples=300, deadline=None)
@given(
    jie=st.integers(min_value=20, max_value=9000),
    seconds=st.integers(min_value=-1200, max_value=1200),
    zone=st.sampled_from(ZONES),
    day_boundary=st.sampled_from(["zi", "midnight", "midnight-same-day"]),
    longitude=st.sampled_from([None, 87.6, 114.07, -73.9]),
)
def test_the_quick_checks_miss_no_warning(
    jie: int, seconds: int, zone: str, day_boundary: str, longitude: float | None
) -> None:
    """``cautions`` rules kinds out on plain numbers before wording them: near 节 (drawn
    from the table) and near whole hours (the seconds), it finds what every check run
    unconditionally finds."""
    from datetime import UTC

    from bazi import margins
    from bazi.terms import solar_term_table

    table = solar_term_table()
    term = table.jie(min(jie, len(table.jie_instants) - 2))
    hour = term.instant.replace(minute=0, second=0, microsecond=0, tzinfo=UTC)
    for instant in (term.instant + timedelta(seconds=seconds), hour + timedelta(seconds=seconds)):
        if not table.start_us < int(instant.timestamp() * 1e6) < table.end_us - 10**11:
            continue
        c = bazi.chart(instant, zone, day_boundary=day_boundary, longitude=longitude)  # type: ignore[arg-type]
        every = (
            *margins._jie(c, margins.THRESHOLD),
            *margins._clock(c, margins.THRESHOLD),
            *margins._clock_change(c, margins.THRESHOLD),
            *margins._conventions(c),
            *margins._place_clock(c),
        )
        assert c.warnings == every
