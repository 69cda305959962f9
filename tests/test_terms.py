"""The shipped solar-term table: against the Hong Kong Observatory, its checks and range."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import bazi
from bazi import OutOfRangeError
from bazi.terms import (
    TABLE_FILE,
    TABLE_SHA256,
    format_instant,
    load_table,
    parse_table,
    solar_term_table,
)

REFERENCE = Path(__file__).parent / "data" / "reference"
HKT = timedelta(hours=8)


def hko_2013() -> list[dict[str, str]]:
    with open(REFERENCE / "hko_solar_terms_2013.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_2013_against_hong_kong_observatory() -> None:
    """HKO prints HKT to the minute; 23 of 24 equal the true instant rounded to the minute.

    The exception is 小满 (HKO 05:09): DE423 puts it at about 05:09:30.3 HKT, a half-minute
    case where HKO's source truncates or rounds from a value a fraction of a second earlier.
    """
    ours = {t.name: t.instant for t in bazi.solar_terms(2013)}
    rows = hko_2013()
    assert len(rows) == 24 == len(ours)
    rounded_equal = 0
    for row in rows:
        published = datetime.fromisoformat(row["hkt_minute"]).replace(tzinfo=UTC) - HKT
        ours_hkt = ours[row["name_zh"]]
        assert abs(ours_hkt - published) <= timedelta(seconds=31), row["name_zh"]
        rounded = (ours_hkt + timedelta(seconds=30)).replace(second=0, microsecond=0)
        if rounded == published:
            rounded_equal += 1
        else:
            assert row["name_zh"] == "小满"
            assert abs(ours_hkt + HKT - datetime(2013, 5, 21, 5, 9, 30, tzinfo=UTC)) < timedelta(
                seconds=1
            )
    assert rounded_equal == 23


def test_table_covers_the_supported_range() -> None:
    table = solar_term_table()
    assert table.start.year == 1800 and table.start.month == 1
    assert table.end.year == 2200 and table.end.month == 1
    assert table.header["generator"] == "python tools/make_solar_terms.py"
    assert len(bazi.solar_terms(1800)) == 24 == len(bazi.solar_terms(2199))
    first = bazi.solar_terms(1800)[0]
    assert (first.name, first.longitude) == ("小寒", 285)


def test_instants_out_of_range_are_refused() -> None:
    table = solar_term_table()
    with pytest.raises(OutOfRangeError, match="小寒 1800 to 小寒 2200") as info:
        bazi.chart(table.start - timedelta(milliseconds=1))
    assert info.value.start == table.start
    with pytest.raises(OutOfRangeError):
        bazi.chart(table.end)
    bazi.chart(table.start)  # the first instant is in range
    bazi.chart(table.end - timedelta(microseconds=1))
    with pytest.raises(OutOfRangeError):
        bazi.chart("1799-12-31 12:00", tz="UTC")
    with pytest.raises(OutOfRangeError):
        bazi.chart("2250-01-01 12:00", tz="UTC")
    with pytest.raises(OutOfRangeError):
        bazi.solar_terms(2200)


def _table_text() -> str:
    from importlib.resources import files

    return files("bazi").joinpath("data", TABLE_FILE).read_text(encoding="utf-8")


def test_damaged_table_is_a_runtime_error_naming_the_generator() -> None:
    text = _table_text()
    tampered = text.replace("315 2013-02-03T", "315 2013-02-04T", 1)
    assert tampered != text
    with pytest.raises(RuntimeError, match=r"python tools/make_solar_terms\.py"):
        parse_table(tampered)
    with pytest.raises(RuntimeError, match="no 'sha256'"):
        parse_table("\n".join(line for line in text.splitlines() if "sha256" not in line))


def _table_bytes() -> bytes:
    from importlib.resources import files

    return files("bazi").joinpath("data", TABLE_FILE).read_bytes()


def test_an_edited_table_is_refused_even_with_its_checksum_recomputed() -> None:
    """The file's SHA-256 is pinned in the code: an edit that recomputes the header's own
    checksum, or a stray byte that is not UTF-8, gives the same clear error."""
    import hashlib

    data = _table_bytes()
    assert hashlib.sha256(data).hexdigest() == TABLE_SHA256
    lines = data.decode().splitlines()
    body = [line for line in lines if not line.startswith("#")]
    edited = [b[:-4] + "999Z" if b.startswith("315 2013-") else b for b in body]  # a moved 立春
    assert edited != body
    digest = hashlib.sha256("".join(f"{d}\n" for d in edited).encode()).hexdigest()
    header = [h if not h.startswith("# sha256") else f"# sha256: {digest}" for h in lines]
    header = [h for h in header if h.startswith("#")]
    resealed = "".join(f"{line}\n" for line in header + edited).encode()
    parse_table(resealed.decode())  # consistent in itself ...
    for damaged in (resealed, data.replace(b"\n270 ", b"\n\xff270 ", 1), data[:-1]):
        with pytest.raises(RuntimeError, match=r"damaged .*python tools/make_solar_terms\.py"):
            load_table(damaged)  # ... but not the bytes the generator wrote


def test_validation_catches_a_term_out_of_order() -> None:
    """Even with a matching checksum, a line out of sequence is refused."""
    import hashlib

    header = [line for line in _table_text().splitlines() if line.startswith("#")]
    data = ["285 2000-01-06T01:00:00.000Z", "315 2000-01-21T01:00:00.000Z"]
    digest = hashlib.sha256("".join(f"{d}\n" for d in data).encode()).hexdigest()
    header = [h if not h.startswith("# sha256") else f"# sha256: {digest}" for h in header]
    with pytest.raises(RuntimeError, match="does not follow"):
        parse_table("\n".join(header + data))


def test_instants_print_with_milliseconds() -> None:
    assert format_instant(datetime(2013, 2, 3, 16, 13, 25, 123000, tzinfo=UTC)) == (
        "2013-02-03T16:13:25.123Z"
    )
