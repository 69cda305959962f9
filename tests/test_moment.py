"""Birth-moment resolution: zones, offsets, DST gaps and folds (conventions §2).

Expected offsets come from the IANA database's documented history: China observed DST
from 1986 to 1991 (clocks forward at 02:00 to 03:00, back at 02:00 to 01:00; e.g.
1988-04-17 and 1988-09-11); New York's 2021 changes were 14 March and 7 November.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

import bazi
from bazi.moment import resolve, tzdata_version, zone


def test_iana_zone_gives_historical_offset_and_dst() -> None:
    m = resolve("1988-07-01 10:30", "Asia/Shanghai")
    assert m.utc_offset == timedelta(hours=9) and m.dst == timedelta(hours=1)
    assert m.instant == datetime(1988, 7, 1, 1, 30, tzinfo=UTC)
    assert m.standard_time == datetime(1988, 7, 1, 9, 30)  # conventions §5's example


def test_fixed_offsets() -> None:
    for text in ("+08:00", "+0800", "+08", "UTC+08:00"):
        assert resolve("1990-05-17 10:30", text).instant == datetime(1990, 5, 17, 2, 30, tzinfo=UTC)
    m = resolve("1990-05-17 10:30", "-05:30")
    assert m.instant == datetime(1990, 5, 17, 16, 0, tzinfo=UTC) and m.zone == "-05:30"
    assert resolve("1990-05-17 10:30", "UTC").zone == "UTC"


def test_aware_inputs() -> None:
    expected = datetime(1990, 5, 17, 2, 30, tzinfo=UTC)
    assert resolve("1990-05-17T10:30+08:00").instant == expected
    assert resolve("1990-05-17T02:30Z").instant == expected
    assert resolve(datetime(1990, 5, 17, 2, 30, tzinfo=UTC)).instant == expected
    aware = datetime(1990, 5, 17, 10, 30, tzinfo=timezone(timedelta(hours=8)))
    assert resolve(aware).resolution == "absolute"
    # An aware instant read in another zone keeps the instant and gives that zone's wall time.
    m = resolve("1990-05-17T02:30Z", "Asia/Tokyo")
    assert m.instant == expected and m.wall == datetime(1990, 5, 17, 11, 30)


def test_host_zoneinfo_is_read_from_pinned_tzdata() -> None:
    host = ZoneInfo("Asia/Shanghai")
    m = resolve(datetime(1988, 7, 1, 10, 30, tzinfo=host))
    assert m.zone == "Asia/Shanghai" and m.utc_offset == timedelta(hours=9)


def test_naive_without_zone_says_how_to_give_one() -> None:
    with pytest.raises(bazi.NaiveDateTimeError, match="tz='Asia/Shanghai'"):
        bazi.chart("1990-05-17 10:30")
    with pytest.raises(bazi.NaiveDateTimeError):
        bazi.chart(datetime(1990, 5, 17, 10, 30))


def test_unknown_zone_suggests_names() -> None:
    with pytest.raises(bazi.UnknownZoneError, match="Asia/Shanghai") as info:
        bazi.chart("1990-05-17 10:30", tz="Asia/Shanghay")
    assert "Asia/Shanghai" in info.value.suggestions
    for bad in ("Mars/Olympus", "+25:00", "../etc/passwd", ""):
        with pytest.raises(bazi.UnknownZoneError):
            zone(bad)
    assert zone("asia/shanghai").key == "Asia/Shanghai"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("wall", "tz"),
    [
        ("1988-04-17 02:30", "Asia/Shanghai"),
        ("1986-05-04 02:00", "Asia/Shanghai"),
        ("2021-03-14 02:30", "America/New_York"),
    ],
)
def test_nonexistent_wall_times(wall: str, tz: str) -> None:
    with pytest.raises(bazi.NonexistentTimeError, match="did not exist") as info:
        bazi.chart(wall, tz=tz)
    assert info.value.zone == tz
    with pytest.raises(bazi.NonexistentTimeError):
        bazi.chart(wall, tz=tz, fold=1)  # no fold makes a skipped time exist


@pytest.mark.parametrize(
    ("wall", "tz", "early_utc", "late_utc"),
    [
        ("1988-09-11 01:30", "Asia/Shanghai", "1988-09-10T16:30", "1988-09-10T17:30"),
        ("2021-11-07 01:30", "America/New_York", "2021-11-07T05:30", "2021-11-07T06:30"),
    ],
)
def test_ambiguous_wall_times(wall: str, tz: str, early_utc: str, late_utc: str) -> None:
    with pytest.raises(bazi.AmbiguousTimeError, match="fold=0") as info:
        bazi.chart(wall, tz=tz)
    assert info.value.offsets[0] != info.value.offsets[1]
    early = bazi.chart(wall, tz=tz, fold=0).moment
    late = bazi.chart(wall, tz=tz, fold=1).moment
    assert early.instant == datetime.fromisoformat(early_utc + "+00:00")
    assert late.instant == datetime.fromisoformat(late_utc + "+00:00")
    assert (early.resolution, late.resolution) == ("fold=0 (earlier)", "fold=1 (later)")


def test_fold_on_the_contract_example_changes_the_standard_time_reading() -> None:
    # 1988-09-11 01:30 happened at 01:30 DST (00:30 standard) and at 01:30 standard.
    early = bazi.chart("1988-09-11 01:30", tz="Asia/Shanghai", fold=0)
    late = bazi.chart("1988-09-11 01:30", tz="Asia/Shanghai", fold=1)
    assert early.local_time == datetime(1988, 9, 11, 0, 30)
    assert late.local_time == datetime(1988, 9, 11, 1, 30)
    assert early.pillars.hour.branch.hanzi == "子" and late.pillars.hour.branch.hanzi == "丑"


@pytest.mark.parametrize(
    "text", ["1990-05-17", "yesterday", "1990-13-01 10:00", "1990-05-17 25:00", "17/05/1990 10:30"]
)
def test_malformed_input(text: str) -> None:
    with pytest.raises(bazi.InvalidInputError):
        bazi.chart(text, tz="+08:00")


@pytest.mark.parametrize(
    ("text", "tz"), [("0001-01-01 00:00", "+08:00"), ("9999-12-31 23:00", "-05:00")]
)
def test_calendar_edges_are_out_of_range_not_overflow(text: str, tz: str) -> None:
    with pytest.raises(bazi.OutOfRangeError):
        bazi.chart(text, tz=tz)


def test_bad_fold_and_options() -> None:
    with pytest.raises(bazi.InvalidInputError, match="fold"):
        bazi.chart("1990-05-17 10:30", tz="+08:00", fold=2)
    with pytest.raises(bazi.InvalidInputError, match="day_boundary"):
        bazi.chart("1990-05-17 10:30", tz="+08:00", day_boundary="noon")  # type: ignore[arg-type]
    with pytest.raises(bazi.InvalidInputError, match="calendar"):
        bazi.chart("1990-05-17 10:30", tz="+08:00", calendar="hebrew")  # type: ignore[arg-type]


def test_every_error_is_a_value_error() -> None:
    for error in (
        bazi.NaiveDateTimeError,
        bazi.UnknownZoneError,
        bazi.NonexistentTimeError,
        bazi.AmbiguousTimeError,
        bazi.OutOfRangeError,
        bazi.InvalidLunarDateError,
        bazi.InvalidPillarError,
        bazi.InvalidInputError,
    ):
        assert issubclass(error, bazi.BaziError) and issubclass(error, ValueError)


def test_tzdata_version_is_reported() -> None:
    import tzdata

    assert tzdata_version() == tzdata.IANA_VERSION
    assert bazi.chart("1990-05-17 10:30", tz="+08:00").data_versions["tzdata"] == tzdata_version()
