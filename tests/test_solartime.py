"""Mean and apparent solar time; the equation of time against the JPL ephemeris."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import bazi
from bazi.solartime import apparent_solar_time, mean_solar_time

DATA = Path(__file__).parent / "data"


def reference_values() -> list[tuple[datetime, float]]:
    """Equation of time from DE423 + skyfield (tools/make_equation_of_time.py)."""
    rows = []
    for line in (DATA / "equation_of_time.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            stamp, seconds = line.split()
            rows.append((datetime.fromisoformat(stamp), float(seconds)))
    return rows


def test_equation_of_time_within_two_seconds_of_the_ephemeris() -> None:
    rows = reference_values()
    assert len(rows) > 3900
    errors = [abs(bazi.equation_of_time(t).total_seconds() - want) for t, want in rows]
    assert max(errors) < 2.0
    assert sum(errors) / len(errors) < 0.5


def test_equation_of_time_extremes_of_2000() -> None:
    # Textbook values: about −14.2 min near 11 February, +16.4 min near 3 November.
    feb = bazi.equation_of_time(datetime(2000, 2, 11, 12, tzinfo=UTC)).total_seconds()
    nov = bazi.equation_of_time(datetime(2000, 11, 3, 12, tzinfo=UTC)).total_seconds()
    assert -14.4 * 60 < feb < -14.0 * 60
    assert 16.3 * 60 < nov < 16.5 * 60


def test_mean_solar_time_by_hand() -> None:
    # 02:30 UTC at 87.6° E: + 87.6/15 h = 5 h 50 min 24 s → 08:20:24.
    t = datetime(1990, 5, 17, 2, 30, tzinfo=UTC)
    assert mean_solar_time(t, 87.6) == datetime(1990, 5, 17, 8, 20, 24)
    assert mean_solar_time(t, -120.0) == datetime(1990, 5, 16, 18, 30)


def test_urumqi_contract_example() -> None:
    """10:30 in Asia/Urumqi (UTC+6 in 1990) at 87.6° E: 04:30 UT, mean time 10:20:24,
    apparent ≈ 10:24 (EoT ≈ +3.7 min in mid-May): still the 巳 hour of 壬午 day."""
    c = bazi.chart("1990-05-17 10:30", tz="Asia/Urumqi", solar_time="apparent", longitude=87.6)
    assert c.moment.utc_offset == timedelta(hours=6)
    eot = c.equation_of_time
    assert eot is not None and timedelta(minutes=3, seconds=30) < eot < timedelta(minutes=4)
    assert c.local_time == datetime(1990, 5, 17, 10, 20, 24) + eot
    assert str(c.pillars) == "庚午 辛巳 壬午 乙巳"


def test_solar_time_crossing_midnight_moves_day_and_hour_not_month() -> None:
    """bazi-chart README case: 07:00 Beijing clock, longitude −122.42 (San Francisco).
    UT 1940-11-26 23:00 − 8 h 09.7 min + EoT (+12.6 min) ≈ 15:03 on the 26th (the peer
    prints 15:02): day 癸酉 (26th), hour 庚申; year and month from the instant."""
    c = bazi.chart("1940-11-27 07:00", tz="+08:00", solar_time="apparent", longitude=-122.42)
    assert c.local_time.date() == datetime(1940, 11, 26).date()
    assert abs(c.local_time - datetime(1940, 11, 26, 15, 2, 30)) < timedelta(minutes=1)
    assert str(c.pillars) == "庚辰 丁亥 癸酉 庚申"


def test_year_and_month_never_follow_solar_time() -> None:
    """0xf3cd's case: 2000-02-05 02:30 at UTC+14, longitude 150°. The instant is
    2000-02-04 12:30 UTC, ten minutes before 立春 (12:40:22.7 UTC by DE423), so the year is
    still 己卯 and the month 丁丑, although the local solar time is past the 立春 moment."""
    c = bazi.chart("2000-02-05 02:30", tz="+14:00", solar_time="apparent", longitude=150.0)
    assert (str(c.pillars.year), str(c.pillars.month)) == ("己卯", "丁丑")


@pytest.mark.parametrize("solar_time", ["mean", "apparent"])
def test_solar_time_needs_longitude(solar_time: str) -> None:
    with pytest.raises(bazi.InvalidInputError, match="longitude"):
        bazi.chart("1990-05-17 10:30", tz="+08:00", solar_time=solar_time)  # type: ignore[arg-type]


def test_longitude_must_be_in_range() -> None:
    with pytest.raises(bazi.InvalidInputError, match=r"-180\.\.180"):
        bazi.chart("1990-05-17 10:30", tz="+08:00", solar_time="mean", longitude=200)


def test_apparent_is_mean_plus_equation_of_time() -> None:
    t = datetime(2013, 11, 3, 4, 0, tzinfo=UTC)
    assert apparent_solar_time(t, 120.0) - mean_solar_time(t, 120.0) == bazi.equation_of_time(t)
