"""Dates and times as people type them (``bazi.datetext``), on every face: the same chart as
the ISO form, and an impossible value named, never "expected 'YYYY-MM-DD HH:MM'"."""

from __future__ import annotations

import re

import pytest

import bazi
from bazi.cli import main

SEED = "乙亥 己卯 己亥 甲子"  # 1995-03-08 23:40 Beijing time (tests/test_seed.py)


@pytest.mark.parametrize(
    "written",
    [
        "1995/3/8 23:40",
        "1995-3-8 23:40",
        "1995.3.8 23:40",
        "1995年3月8日 23:40",
        "1995年3月8日23时40分",
        "1995年3月8号 晚上11点40分",
        "1995-03-08 11:40 pm",
        "1995/03/08T23:40:00+08:00",
    ],
)
def test_written_as_people_write_it(written: str) -> None:
    assert str(bazi.chart(written, tz="Asia/Shanghai").pillars) == SEED


@pytest.mark.parametrize(
    ("written", "hour", "minute"),
    [
        ("1995-03-08 下午3点", 15, 0),
        ("1995-03-08 凌晨1点", 1, 0),
        ("1995-03-08 上午11点半", 11, 30),
        ("1995-03-08 中午12点", 12, 0),
        ("1995-03-08 中午1点", 13, 0),
        ("1995-03-08 早上7点5分", 7, 5),
        ("1995-03-08 12:00 am", 0, 0),
        ("1995-03-08 12:30 PM", 12, 30),
    ],
)
def test_periods_of_the_day(written: str, hour: int, minute: int) -> None:
    wall = bazi.chart(written, tz="+08:00").moment.wall
    assert (wall.hour, wall.minute) == (hour, minute)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2025-02-30 10:00", "2025-02 has 28 days"),
        ("2024-02-30 10:00", "2024-02 has 29 days"),
        ("1995/4/31 10:00", "1995-04 has 30 days"),
        ("1995-03-08 25:40", "hour 25 does not exist (0-23)"),
        ("1995-13-08 10:00", "month 13 does not exist (1-12)"),
        ("1995-03-08 10:61", "minute 61 does not exist (0-59)"),
        ("1995-03-08 晚上12点", "ambiguous"),
        ("1995-03-08 13:00 pm", "hour 13 pm does not exist (1-12)"),
        ("1995年3月8日", "has no time of day"),
        ("1995/3/8", "has no time of day"),
        ("March 8th", "cannot read 'March 8th' as a date-time"),
    ],
)
def test_an_impossible_value_is_named(written: str, message: str) -> None:
    with pytest.raises(bazi.InvalidInputError, match=re.escape(message)) as info:
        bazi.chart(written, tz="Asia/Shanghai")
    assert info.value.field == "datetime"


def test_lunar_dates_and_days_are_read_alike() -> None:
    """Lunar 1995 二月初八 is 1995-03-08 (HKO's 1995 calendar); lunar day 30 exists where a
    Gregorian one does not, and is checked against the lunar month instead."""
    assert str(bazi.chart("1995年2月8日 23:40", "+08:00", calendar="lunar").pillars) == SEED
    with pytest.raises(bazi.InvalidLunarDateError):
        bazi.chart("1995-02-31 10:00", "+08:00", calendar="lunar")
    day = bazi.charts_for_day("1995年3月8日", tz="+08:00")
    assert day == bazi.charts_for_day("1995-03-08", tz="+08:00")
    with pytest.raises(bazi.InvalidInputError, match="1995-02 has 28 days") as info:
        bazi.charts_for_day("1995/2/29", tz="+08:00")
    assert info.value.field == "date"


def test_cli_and_http_read_them_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chart", "1995年3月8日 晚上11点40分", "--tz", "+08:00", "--json"]) == 0
    assert capsys.readouterr().out.count(SEED) >= 1
    assert main(["chart", "2025-02-30 10:00", "--tz", "+08:00"]) == 2
    assert capsys.readouterr().err == "bazi: error: '2025-02-30 10:00': 2025-02 has 28 days\n"
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from api.main import app

    client = TestClient(app)
    ok = client.get("/v1/chart", params={"datetime": "1995/3/8 23:40", "tz": "+08:00"})
    assert ok.status_code == 200 and ok.json()["text"] == SEED
    bad = client.get("/v1/chart", params={"datetime": "1995-03-08 25:40", "tz": "+08:00"})
    assert bad.status_code == 422
    assert "hour 25 does not exist" in bad.json()["detail"][0]["msg"]
