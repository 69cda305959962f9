"""bazi.check: a verdict per pillar, and each named mistake recognised in a claim made by
hand by applying that mistake.

Every claim and every right chart below is derived by hand here, from independent sources:

* Solar terms: the Hong Kong Observatory's 2013 table (HKT = UTC+8, tests/data/reference/
  hko_solar_terms_2013.csv): 小寒 01-05 12:34, 立春 02-04 00:13, 惊蛰 03-05 18:15, 清明
  04-04 23:02. Every 节 falls on days 3-9 of its month (any almanac).
* Lunar months of 2013 from the new moons of tests/data/new_moons.txt (JPL ephemeris, the
  lunar month beginning on the Beijing day of the new moon): 2013-02-10 07:20Z → 正月初一
  2013-02-10 (春节); 2013-03-11 19:51Z → 二月初一 03-12; 2013-04-10 09:35Z → 三月初一
  04-10. 正月 holds 雨水 and 二月 春分, so neither is a leap month.
* Day pillars: 2000-01-01 is 戊午 (54); a date n days later has (54 + n) mod 60:
  2013-01-20 (+4768) 22 丙戌; 2013-01-27 (+4775) 29 癸巳; 2013-02-06 (+4785) 39 癸卯;
  2013-03-05 (+4812) 6 庚午; 2013-03-08 (+4815) 9 癸酉; 2013-03-09 (+4816) 10 甲戌;
  2013-04-17 (+4855) 49 癸丑; 1988-07-01 (−4201) 53 丁巳; 1995-03-08 (−1760) 34 戊戌;
  1995-03-09 (−1759) 35 己亥; 1995-03-13 (−1755) 39 癸卯.
* Year: (Y − 4) mod 60: 2012 壬辰, 2013 癸巳, 1988 戊辰, 1995 乙亥.
* 五虎遁 (the 寅 month's stem): 甲己丙寅, 乙庚戊寅, 丙辛庚寅, 丁壬壬寅, 戊癸甲寅; so a
  癸 year has 寅 甲寅, 卯 乙卯, 辰 丙辰, and its 丑 (the 12th month) 乙丑; a 壬 year has
  寅 壬寅 and 丑 癸丑; a 戊 year's 午 month is 戊午.
* 五鼠遁 (the 子 hour's stem): 甲己甲子, 乙庚丙子, 丙辛戊子, 丁壬庚子, 戊癸壬子; so a 癸
  day has 寅 甲寅, 巳 丁巳, 午 戊午, 未 己未; a 丙 day 午 甲午; a 庚 day 辰 庚辰; a 甲 day
  午 庚午; a 丁 day 巳 乙巳, 午 丙午; a 戊 day 子 壬子; a 己 day 子 甲子.
* China kept daylight saving (UTC+9) from 1988-04-17 to 09-11; Hong Kong had none in 2013.
"""

from __future__ import annotations

from typing import Any

import pytest

import bazi

HK = {"tz": "Asia/Hong_Kong"}


def check(claim: str, when: str, **birth: Any) -> bazi.Check:
    return bazi.check(claim, when, **birth)


def test_a_right_claim_is_confirmed() -> None:
    # 2013-03-08 12:00 HKT: after 惊蛰 (03-05 18:15) → 卯 month of 癸巳: 乙卯; 癸酉 day;
    # 12:00 is 午, 癸 day → 戊午.
    result = check("癸巳 乙卯 癸酉 戊午", "2013-03-08 12:00", **HK)
    assert result.verdict == "right" and result.right
    assert [p.verdict for p in result.pillars] == ["right"] * 4
    assert result.diagnosis == () and result.matches == ()
    # Three pillars when the hour is unknown; pillars as values.
    assert check("癸巳年 乙卯月 癸酉日", "2013-03-08 12:00", **HK).verdict == "right"
    pillars = bazi.FourPillars.from_hanzi("癸巳 乙卯 癸酉 戊午")
    assert bazi.check(pillars, "2013-03-08 12:00", **HK).claim.read_by == "pillars"


def first(result: bazi.Check) -> str:
    return result.diagnosis[0].mistake.id


def test_other_23_00_school() -> None:
    # 1995-03-08 23:40 in 深圳 is 乙亥 己卯 己亥 甲子 under zi (tests/test_seed.py). Under
    # midnight-same-day the day stays 1995-03-08 戊戌 and 23:00 keeps its stem: 戊 day → 壬子.
    result = check("乙亥 己卯 戊戌 壬子", "1995-03-08 23:40", tz="Asia/Shanghai")
    assert result.verdict == "wrong"
    assert [p.verdict for p in result.pillars] == ["right", "right", "wrong", "wrong"]
    assert result["day"].right.hanzi == "己亥" and result["hour"].right.hanzi == "甲子"
    top = result.diagnosis[0]
    assert top.mistake.id == "day_boundary" and top.whole and top.mistake.kind == "convention"
    assert "midnight-same-day" in top.detail
    # Under midnight, the day is 戊戌 and 23:00 takes the next (己) day's 子 hour: 甲子.
    result = check("乙亥 己卯 戊戌 甲子", "1995-03-08 23:40", tz="Asia/Shanghai")
    assert first(result) == "day_boundary" and "'midnight'" in result.diagnosis[0].detail


def test_clock_vs_true_solar_time() -> None:
    # 2013-03-08 12:40 Beijing time, born at 87.6°E: local mean time is 04:40 UT + 87.6/15 h
    # = 10:30, and true solar time within 17 min of it (|equation of time| < 17 min): the
    # 巳 hour, 癸 day → 丁巳; on the clock it is 午 → 戊午.
    result = check("癸巳 乙卯 癸酉 丁巳", "2013-03-08 12:40", tz="Asia/Shanghai", longitude=87.6)
    assert result["hour"].verdict == "wrong" and result["hour"].right.hanzi == "戊午"
    assert first(result) == "solar_time" and result.diagnosis[0].whole
    assert "true solar time" in result.diagnosis[0].detail


def test_daylight_saving_not_removed() -> None:
    # 1988-07-01 11:30 on the Shanghai clock (UTC+9) is 10:30 standard time: 巳 hour, 丁 day
    # → 乙巳. Kept at 11:30: 午 → 丙午. Year 戊辰; after 芒种, before 小暑: 午 month 戊午.
    result = check("戊辰 戊午 丁巳 丙午", "1988-07-01 11:30", tz="Asia/Shanghai")
    assert str(result.chart.pillars) == "戊辰 戊午 丁巳 乙巳"
    assert first(result) == "dst_not_removed" and result.diagnosis[0].whole


def test_year_at_spring_festival() -> None:
    # 2013-02-06 12:00 HKT: past 立春 (02-04 00:13) → 癸巳, 寅 month 甲寅; 癸卯 day; 午 → 戊午.
    # 春节 is 02-10: by the lunar year it is still 2012 壬辰, whose 寅 month is 壬寅.
    result = check("壬辰 壬寅 癸卯 戊午", "2013-02-06 12:00", **HK)
    assert str(result.chart.pillars) == "癸巳 甲寅 癸卯 戊午"
    assert [p.verdict for p in result.pillars] == ["wrong", "wrong", "right", "right"]
    assert first(result) == "year_at_spring_festival" and result.diagnosis[0].whole
    assert "2013-02-10" in result.diagnosis[0].detail  # the 春节 it names


def test_year_at_1_january() -> None:
    # 2013-01-20 12:00 HKT: after 小寒 (01-05), before 立春 (02-04): ba-zi year 2012 壬辰, its
    # 丑 month 癸丑; 丙戌 day; 午 → 甲午. Changing the year on 1 January: 癸巳, whose 丑
    # month is 乙丑. (春节 is 02-10, so the lunar year is 2012 too: no 春节 confusion.)
    result = check("癸巳 乙丑 丙戌 甲午", "2013-01-20 12:00", **HK)
    assert str(result.chart.pillars) == "壬辰 癸丑 丙戌 甲午"
    assert first(result) == "year_at_january" and result.diagnosis[0].whole


def test_month_from_lunar_month() -> None:
    # 2013-03-08 is lunar 正月廿七 (正月初一 = 02-10): the lunar month says 寅 (甲寅), the 节
    # (惊蛰 03-05 18:15) says 卯 (乙卯).
    result = check("癸巳 甲寅 癸酉 戊午", "2013-03-08 12:00", **HK)
    assert [p.verdict for p in result.pillars] == ["right", "wrong", "right", "right"]
    assert first(result) == "month_from_lunar_month" and result.diagnosis[0].whole


def test_jie_on_the_wrong_day() -> None:
    # 2013-03-05 08:00 HKT, ten hours before 惊蛰 (18:15): still the 寅 month, 甲寅; 庚午 day;
    # 08:00 is 辰 → 庚辰. 惊蛰 put a day early (or its whole day counted): 卯, 乙卯.
    result = check("癸巳 乙卯 庚午 庚辰", "2013-03-05 08:00", **HK)
    assert str(result.chart.pillars) == "癸巳 甲寅 庚午 庚辰"
    assert first(result) == "jie_wrong_day" and result.diagnosis[0].whole
    assert "惊蛰" in result.diagnosis[0].detail and "early" in result.diagnosis[0].detail


def test_shichen_counted_from_midnight() -> None:
    # 2013-03-08 13:30 HKT is the 未 hour (13-15): 癸 day → 己未. Counting 子 from 00:00
    # (子 00-02, 丑 02-04, …, 午 12-14) makes it 午: 戊午.
    result = check("癸巳 乙卯 癸酉 戊午", "2013-03-08 13:30", **HK)
    assert result["hour"].right.hanzi == "己未"
    assert first(result) == "shichen_from_midnight" and result.diagnosis[0].whole


def test_time_read_in_utc() -> None:
    # 2013-03-08 12:00 HKT is 04:00 UTC: the 寅 hour, 癸 day → 甲寅.
    result = check("癸巳 乙卯 癸酉 甲寅", "2013-03-08 12:00", **HK)
    assert first(result) == "time_zone" and result.diagnosis[0].whole
    assert "UTC" in result.diagnosis[0].detail


def test_lunar_date_read_as_solar() -> None:
    # 2013-03-08 is lunar 2013-01-27 (正月廿七); read as Gregorian 2013-01-27 12:00: before
    # 立春 → 壬辰, after 小寒 → 丑 month 癸丑; 癸巳 day; 午 → 戊午.
    result = check("壬辰 癸丑 癸巳 戊午", "2013-03-08 12:00", **HK)
    assert first(result) == "lunar_read_as_solar" and result.diagnosis[0].whole
    assert "2013-01-27" in result.diagnosis[0].detail


def test_solar_date_read_as_lunar() -> None:
    # 2013-03-08 read as lunar 2013 三月初八 = 04-17 (三月初一 04-10): after 清明 → 辰 month
    # 丙辰; 癸丑 day; 午 → 戊午.
    result = check("癸巳 丙辰 癸丑 戊午", "2013-03-08 12:00", **HK)
    assert first(result) == "solar_read_as_lunar" and result.diagnosis[0].whole
    # And the reverse input: a lunar birth whose numbers were read as Gregorian. Lunar
    # 2013-01-27 12:00 is 2013-03-08 12:00 (above); its numbers as 2013-01-27: 壬辰 癸丑
    # 癸巳 戊午.
    lunar = check("壬辰 癸丑 癸巳 戊午", "2013-01-27 12:00", calendar="lunar", **HK)
    assert str(lunar.chart.pillars) == "癸巳 乙卯 癸酉 戊午"
    assert first(lunar) == "lunar_read_as_solar" and lunar.diagnosis[0].whole


def test_date_off_by_a_day() -> None:
    # 2013-03-09 instead of 03-08: 甲戌 day, 午 → 庚午.
    result = check("癸巳 乙卯 甲戌 庚午", "2013-03-08 12:00", **HK)
    assert first(result) == "date_off_by_a_day" and result.diagnosis[0].whole
    assert "+1 day" in result.diagnosis[0].detail


def test_hour_stem_not_by_five_rats() -> None:
    # The 午 hour of a 癸 day is 戊午; 甲午 belongs to 丙 and 辛 days ((2·2 + 6) mod 10 = 0):
    # no moment has a 癸酉 day with a 甲午 hour.
    result = check("癸巳 乙卯 癸酉 甲午", "2013-03-08 12:00", **HK)
    assert result.verdict == "impossible"
    assert result["hour"].verdict == "impossible" and result["hour"].right.hanzi == "戊午"
    assert "癸酉 day with a 甲午 hour" in result["hour"].reason
    top = result.diagnosis[0]
    assert top.mistake.id == "hour_stem_rule"
    assert "甲午 is the 午 hour of 丙 and 辛 days" in top.detail
    assert result.matches == ()  # no moment to look up


def test_month_stem_not_by_five_tigers() -> None:
    # The 卯 month of a 癸 year is 乙卯; 丁卯 is the 卯 month of 甲 and 己 years (丙寅 丁卯).
    result = check("癸巳 丁卯 癸酉 戊午", "2013-03-08 12:00", **HK)
    assert result.verdict == "impossible" and result["month"].verdict == "impossible"
    assert first(result) == "month_stem_rule"
    assert "丁卯 is the 卯 month of 甲 and 己 years" in result.diagnosis[0].detail


def test_a_pillar_wrong_only_because_it_follows_a_wrong_one() -> None:
    # The example: 庚子 is 1995-03-10 (a day late: the chart of 03-09 23:40 under zi),
    # and 丙子 is a 庚 day's 子 hour: the hour follows the claimed day.
    result = check("乙亥 己卯 庚子 丙子", "1995-03-08 23:40", tz="Asia/Shanghai")
    assert first(result) == "date_off_by_a_day" and result.diagnosis[0].whole
    assert [d.mistake.id for d in result["hour"].diagnosis] == [
        "date_off_by_a_day",
        "follows_claimed_day",
    ]


def test_impossible_pairs() -> None:
    result = check("癸巳 甲丑 癸酉", "2013-03-08 12:00", **HK)
    assert result.verdict == "impossible"
    assert (
        result["month"].verdict == "impossible" and "not one of the sixty" in result["month"].reason
    )
    # A right month with a wrong year that cannot have it: the year is the impossible one.
    result = check("甲午 乙卯 癸酉 戊午", "2013-03-08 12:00", **HK)
    assert [p.verdict for p in result.pillars] == ["impossible", "right", "right", "right"]


def test_no_mistake_explains_it_then_the_nearest_moments() -> None:
    # 癸卯 is 1995-03-13 (five days on); its 亥 hour (21:00-23:00) on a 癸 day is 癸亥; the
    # 卯 month runs from 惊蛰 (03-06) to 清明 (04-05) and 癸卯 recurs only 60 days later.
    result = check("乙亥 己卯 癸卯 癸亥", "1995-03-08 23:40", tz="Asia/Shanghai")
    assert result.verdict == "wrong" and not any(d.whole for d in result.diagnosis)
    nearest = result.matches[0]
    assert f"{nearest.start:%Y-%m-%d %H:%M}" == "1995-03-13 21:00"
    assert f"{nearest.end:%Y-%m-%d %H:%M}" == "1995-03-13 23:00"
    assert "it is the chart of 1995-03-13 21:00" in result.summary


def test_the_seed_from_a_pasted_chatbot_answer() -> None:
    answer = (
        "根据您提供的出生信息（1995年3月8日23:40，深圳），八字如下：\n"
        "**年柱：乙亥**（木猪）\n**月柱：己卯**\n**日柱：戊戌**\n**时柱：壬子**\n日主为戊土……"
    )
    result = check(answer, "1995-03-08 23:40", place="深圳")
    assert str(result.claim) == "乙亥 己卯 戊戌 壬子" and result.claim.read_by == "labels"
    assert result.verdict == "wrong" and first(result) == "day_boundary"
    data = result.to_dict()
    assert data["right"] == {"year": "乙亥", "month": "己卯", "day": "己亥", "hour": "甲子"}
    assert data["birth"]["place"] == "Shenzhen, Guangdong, China"
    assert data["diagnosis"][0]["id"] == "day_boundary" and data["diagnosis"][0]["whole_claim"]


def test_errors_name_their_field() -> None:
    with pytest.raises(bazi.InvalidInputError) as caught:
        bazi.check("no chart here", "1995-03-08 23:40", tz="Asia/Shanghai")
    assert caught.value.field == "claim"
    with pytest.raises(bazi.NaiveDateTimeError) as naive:
        bazi.check("乙亥 己卯 己亥 甲子", "1995-03-08 23:40")
    assert naive.value.field == "tz"
    with pytest.raises(TypeError, match="gender"):
        bazi.check("乙亥 己卯 己亥 甲子", "1995-03-08 23:40", tz="+08:00", gender="male")  # type: ignore[call-arg]


def test_every_named_cause_is_tried_and_ordered() -> None:
    """The causes the tests above recognise are every cause the checker names."""
    ids = [m.id for m in bazi.MISTAKES]
    assert ids[:2] == ["day_boundary", "solar_time"]  # conventions first
    assert {m.kind for m in bazi.MISTAKES[:2]} == {"convention"}
    assert ids[-2:] == ["follows_claimed_day", "follows_claimed_year"]
    assert len(ids) == len(set(ids)) == 16
