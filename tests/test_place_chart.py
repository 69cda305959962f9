"""Births given by place name: the resolved zone and longitude drive the chart."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

import bazi
from bazi.cli import main

STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def test_shenzhen_apparent_solar_time_by_hand() -> None:
    """1995-03-08 23:40 in Shenzhen (UTC+8) is 15:40 UT. Shenzhen lies at 114.07° E
    (GeoNames; Wikipedia 114°03′ E), 5.93° west of the +08:00 meridian: 23.7 min behind, so
    mean solar time is 23:16:16. Early March the equation of time is about −11 min, so true
    solar time is about 23:05: still the 子 hour, which under zi already belongs to
    1995-03-09. Day pillar by counting from 2000-01-01 戊午: −1760 days → 己亥."""
    c = bazi.chart("1995-03-08 23:40", place="深圳", solar_time="apparent")
    assert c.place is not None and c.place.timezone == "Asia/Shanghai"
    assert c.moment.zone == "Asia/Shanghai"
    assert abs(c.options.longitude - 114.06) < 0.05  # type: ignore[operator]
    mean = datetime(1995, 3, 8, 15, 40) + timedelta(hours=c.place.longitude / 15)
    assert mean.strftime("%H:%M:%S") == "23:16:16"
    eot = c.equation_of_time
    assert eot is not None and timedelta(minutes=-11.5) < eot < timedelta(minutes=-10.5)
    assert c.local_time == mean + eot
    days = (date(1995, 3, 9) - date(2000, 1, 1)).days
    sixty = [STEMS[n % 10] + BRANCHES[n % 12] for n in range(60)]
    assert str(c.pillars.day) == sixty[(sixty.index("戊午") + days) % 60] == "己亥"
    assert str(c.pillars.hour) == "甲子"  # 五鼠遁: 己 day → 甲子
    assert c.data_versions["places"]


def test_place_gives_zone_and_longitude_but_explicit_options_win() -> None:
    c = bazi.chart("2000-06-01 12:00", place="New York City")
    assert c.moment.zone == "America/New_York" and c.moment.utc_offset == timedelta(hours=-4)
    c = bazi.chart("2000-06-01 12:00", place="Shenzhen", tz="+08:00", longitude=120.0)
    assert c.moment.zone == "+08:00" and c.options.longitude == 120.0


def test_place_errors() -> None:
    with pytest.raises(bazi.BaziError, match="ambiguous") as info:
        bazi.chart("2000-06-01 12:00", place="Springfield")
    assert info.value.field == "place"
    with pytest.raises(bazi.BaziError, match="unknown place"):
        bazi.chart("2000-06-01 12:00", place="Hogwarts")


def test_cli_says_which_place_longitude_and_zone(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["chart", "1995-03-08 23:40", "--place", "深圳", "--solar-time", "apparent", "--explain"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "出生地    深圳 (Shenzhen, Guangdong, China; 22.5455, 114.0683; Asia/Shanghai)" in out
    assert "真太阳时 1995-03-08 23:05:23，经度 114.0683" in out and "依据：" in out
    assert main([*args, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Place          深圳 (Shenzhen, Guangdong, China;" in out
    assert "longitude 114.0683" in out and "Why:" in out
    assert main(["chart", "1995-03-08 23:40", "--place", "Springfield"]) == 2
