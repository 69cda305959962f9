"""Pillars by hand derivation (conventions §1, §4) and the public contract of ``bazi.chart``."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

import bazi
from bazi import Branch, FourPillars, Pillar, Stem

STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
SIXTY = [STEMS[n % 10] + BRANCHES[n % 12] for n in range(60)]  # 甲子 … 癸亥, written out


def test_the_sixty_pairs() -> None:
    assert [str(Pillar(n)) for n in range(60)] == SIXTY
    assert SIXTY[:3] == ["甲子", "乙丑", "丙寅"] and SIXTY[-1] == "癸亥"
    for n, name in enumerate(SIXTY):
        assert Pillar.from_hanzi(name).index == n
        assert Pillar.of(Stem(n % 10), Branch(n % 12)) == Pillar(n)


def test_invalid_pillars() -> None:
    with pytest.raises(bazi.InvalidPillarError, match="yang stem"):
        Pillar.from_hanzi("甲丑")
    with pytest.raises(bazi.InvalidPillarError):
        Pillar.from_hanzi("子甲")
    with pytest.raises(bazi.InvalidPillarError):
        Pillar(60)


def test_names_in_four_forms() -> None:
    p = Pillar.from_hanzi("甲子")
    assert (p.pinyin, p.english) == ("jiǎ zǐ", "Yang Wood Rat")
    assert Pillar.from_hanzi("癸亥").english == "Yin Water Pig"
    assert Pillar.from_hanzi("戊午").english == "Yang Earth Horse"
    assert Stem.from_hanzi("庚").element.hanzi == "金" and Branch.from_hanzi("亥").animal == "Pig"


def _day_by_hand(day: date) -> str:
    # Anchor: 2000-01-01 is 戊午 (conventions §4; 6tail and bazi-chart agree). One pillar a day.
    return SIXTY[(SIXTY.index("戊午") + (day - date(2000, 1, 1)).days) % 60]


@pytest.mark.parametrize(
    ("day", "published"),
    [
        (date(2000, 1, 1), "戊午"),
        (date(1949, 10, 1), "甲子"),  # bazi-chart verify anchor
        (date(2024, 1, 1), "甲子"),
        (date(1900, 1, 1), "甲戌"),
        (date(1800, 1, 10), None),
        (date(2199, 12, 31), None),
    ],
)
def test_day_pillar_by_counting_days(day: date, published: str | None) -> None:
    c = bazi.chart(f"{day} 12:00", tz="+08:00")
    assert str(c.pillars.day) == _day_by_hand(day)
    if published:
        assert str(c.pillars.day) == published


def test_contract_example_by_hand() -> None:
    """1990-05-17 10:30 Beijing (DST: 09:30 standard time).

    Year: after 立春 1990, (1990 − 4) mod 60 = 26 → 庚午. Month: after 立夏 (05-05) → 巳;
    庚 year → 戊寅 for 寅, +3 → 辛巳. Day: 2000-01-01 戊午 − 3516 days → 壬午. Hour: 09:30 →
    巳; 五鼠遁 壬 day → 庚子 for 子, +5 → 乙巳.
    """
    c = bazi.chart("1990-05-17 10:30", tz="Asia/Shanghai")
    assert str(c.pillars) == "庚午 辛巳 壬午 乙巳"
    assert c.pillars.year.stem == Stem.GENG and isinstance(c.pillars.year.stem, Stem)
    assert str(c.pillars.month) == "辛巳"
    assert _day_by_hand(date(1990, 5, 17)) == "壬午"
    assert c.month_jie.name == "立夏" and c.next_jie.name == "芒种"
    assert c.lunar_date == bazi.LunarDate(1990, 4, 23)


def test_other_contract_calls() -> None:
    assert str(bazi.chart("1990-05-17 10:30", tz="+08:00", day_boundary="midnight").pillars) == (
        "庚午 辛巳 壬午 乙巳"
    )
    # An aware datetime with no tz= is read where its offset says: here UTC, so day and hour
    # are reckoned at 02:30 UTC (丑 hour; 五鼠遁 壬 day → 庚子, +1 → 辛丑).
    aware = bazi.chart(datetime(1990, 5, 17, 2, 30, tzinfo=UTC))
    assert str(aware.pillars) == "庚午 辛巳 壬午 辛丑"
    # The same instant read on the Beijing clock (DST: 10:30 wall, 09:30 standard).
    beijing = bazi.chart(datetime(1990, 5, 17, 1, 30, tzinfo=UTC), tz="Asia/Shanghai")
    assert str(beijing.pillars) == "庚午 辛巳 壬午 乙巳"
    lunar = bazi.chart("1990-04-23 10:30", tz="Asia/Shanghai", calendar="lunar", leap_month=False)
    assert lunar.moment.wall == datetime(1990, 5, 17, 10, 30)
    assert str(lunar.pillars) == "庚午 辛巳 壬午 乙巳"


@pytest.mark.parametrize(
    ("school", "expected"),
    [
        # 1984-02-03 23:30 +08:00 (甲子 year began 1984-02-04 23:19 Beijing, so still 癸亥).
        # Civil day 1984-02-03 is 丁卯, the next 戊辰. 五鼠遁: 丁 day → 庚子, 戊 day → 壬子.
        ("zi", "戊辰 壬子"),  # day and hour stem both from the next day
        ("midnight", "丁卯 壬子"),  # day stays; hour from the next day
        ("midnight-same-day", "丁卯 庚子"),  # day stays; hour stem from the current day
    ],
)
def test_day_boundary_schools_at_23_30(school: str, expected: str) -> None:
    c = bazi.chart("1984-02-03 23:30", tz="+08:00", day_boundary=school)  # type: ignore[arg-type]
    assert f"{c.pillars.day} {c.pillars.hour}" == expected
    assert str(c.pillars.year) == "癸亥"


def test_hour_branches_by_hand() -> None:
    # 23:00–00:59 子, 01:00 丑, …, 21:00–22:59 亥.
    for hour in range(24):
        c = bazi.chart(f"2013-06-15 {hour:02d}:30", tz="+08:00")
        assert c.pillars.hour.branch.hanzi == BRANCHES[(hour + 1) // 2 % 12]


def test_lunar_input_errors() -> None:
    with pytest.raises(bazi.InvalidLunarDateError):
        bazi.chart("1990-04-23 10:30", tz="Asia/Shanghai", calendar="lunar", leap_month=True)
    with pytest.raises(bazi.InvalidLunarDateError):
        # 2024 正月 ran from 02-10 (春节) to 03-09 (二月初一 was 03-10): 29 days.
        bazi.chart("2024-01-30 10:30", tz="Asia/Shanghai", calendar="lunar")
    with pytest.raises(bazi.OutOfRangeError):
        bazi.chart("1850-01-01 10:30", tz="Asia/Shanghai", calendar="lunar")
    # 二月三十 is not a Gregorian date but exists in 2024 (三月初一 was 04-09): 04-08.
    c = bazi.chart("2024-02-30 10:30", tz="Asia/Shanghai", calendar="lunar")
    assert c.lunar_date == bazi.LunarDate(2024, 2, 30)
    assert c.moment.wall == datetime(2024, 4, 8, 10, 30)
    with pytest.raises(bazi.InvalidInputError):
        bazi.chart("2024-01-30", tz="Asia/Shanghai", calendar="lunar")
    with pytest.raises(bazi.InvalidInputError, match="leap_month"):
        bazi.chart("2024-01-30 10:30", tz="Asia/Shanghai", leap_month=True)


def test_four_pillars_parse_and_iterate() -> None:
    p = FourPillars.from_hanzi("庚午辛巳壬午乙巳")
    assert str(p) == "庚午 辛巳 壬午 乙巳" and [str(x) for x in p][2] == "壬午"
    assert p.day_master.stem == Stem.REN


def test_to_dict_is_json_and_complete() -> None:
    d = bazi.chart("1988-09-11 01:30", tz="Asia/Shanghai", fold=1).to_dict()
    json.dumps(d)
    assert d["instant_utc"] == "1988-09-10T17:30:00.000Z"
    assert d["local"]["resolution"] == "fold=1 (later)"
    assert d["options"] == {
        "day_boundary": "zi",
        "solar_time": "standard",
        "longitude": None,
        "gender": None,
        "luck_method": "proportional",
        "palace_school": "jie",
        "punishment": "pairs",
        "preset": None,
        "star_anchor": "year-day",
        "tianyi": "sanming",
        "yangren": "yang",
        "hongyan": "rhyme",
        "kongwang": "day",
        "season_earth": "four",
    }
    assert d["month_jie"]["name"] == "白露"
    assert set(d["data_versions"]) == {"engine", "solar_terms", "tzdata"}
    assert d["pillars"]["year"] == "戊辰" and d["details"]["year"]["hanzi"] == "戊辰"
    assert set(d["lunar_date"]) == {"year", "month", "day", "leap", "hanzi", "uncertain"}
