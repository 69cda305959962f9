"""``pillars_batch`` against ``bazi.chart`` item by item, its errors, ``bazi batch`` and Dask.

The reference is always ``bazi.chart`` itself: the batch must give the same four pillars on
every item, and the same error (type and message) where ``chart`` refuses one.
"""

from __future__ import annotations

import csv
import doctest
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import bazi
import bazi.batch
from bazi.batch import _zone_table, pillars_batch, pillars_or_errors
from bazi.cli import main
from bazi.moment import zone
from bazi.solartime import equation_of_time
from bazi.terms import solar_term_table

US = 1
MS = 1_000 * US
HOUR = 3_600_000_000
DAY = 24 * HOUR
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
TABLE = solar_term_table()
JIE = np.array(
    [us for lon, us in zip(TABLE.longitudes, TABLE.instants, strict=True) if (lon - 315) % 30 == 0]
)

# (tz, day_boundary, solar_time, longitude): every day boundary, fixed offsets and IANA zones
# (UTC-instant input), and each local reckoning.
CASES = [
    ("+08:00", "zi", "standard", None),
    ("+08:00", "midnight", "standard", None),
    ("+08:00", "midnight-same-day", "standard", None),
    ("-05:00", "zi", "standard", None),
    ("+05:45", "midnight", "clock", None),
    ("UTC", "midnight-same-day", "standard", None),
    ("Asia/Shanghai", "zi", "standard", None),
    ("Asia/Shanghai", "midnight", "standard", None),
    ("Asia/Shanghai", "midnight-same-day", "clock", None),
    ("America/New_York", "zi", "standard", None),
    ("America/New_York", "midnight", "clock", None),
    ("America/New_York", "midnight-same-day", "standard", None),
    ("America/New_York", "zi", "clock", None),
    ("+08:00", "zi", "mean", 87.6),
    ("Asia/Shanghai", "midnight", "apparent", 116.4),
    ("America/New_York", "zi", "apparent", -74.0),
    ("-03:30", "midnight-same-day", "apparent", -52.7),
]
PER_CASE = 100_000 // len(CASES)


def _datetime(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


def _offsets(tz: str, us: int) -> set[int]:
    """The standard and clock offsets (µs) of ``tz`` at the instant ``us``."""
    local = _datetime(us).astimezone(zone(tz))
    offset = local.utcoffset()
    assert offset is not None
    dst = local.dst() or timedelta(0)
    return {offset // timedelta(microseconds=1), (offset - dst) // timedelta(microseconds=1)}


def _births(rng: Any, tz: str, solar_time: str, longitude: float | None, n: int) -> Any:
    """Random instants, a third uniform over the range, a third within 1 ms of a 节, a third
    within 1 ms of a local 22:00, 23:00, 00:00 or 01:00 (and of an IANA zone's changes)."""
    deltas = np.array([-MS, -1, 0, 1, MS])
    third = n // 3
    uniform = rng.integers(TABLE.start_us, TABLE.end_us, n - 2 * third)
    jie = rng.choice(JIE[1:-1], third // 5)[:, None] + deltas
    days = rng.integers(TABLE.start_us // DAY + 2, TABLE.end_us // DAY - 2, third // 5)
    hours = rng.choice([-2, -1, 0, 1], third // 5) * HOUR
    local: list[int] = []
    for base in (days * DAY + hours).tolist():
        if solar_time in ("mean", "apparent"):
            assert longitude is not None
            shift = round(longitude / 15 * HOUR)
            instant = base - shift
            for _ in range(3 if solar_time == "apparent" else 0):
                eot = equation_of_time(_datetime(instant)) // timedelta(microseconds=1)
                instant = base - shift - eot
            local.append(instant)
        else:
            offsets = _offsets(tz, base)
            local.extend(base - offset for offset in offsets)
    near = np.array(local[: third // 5])[:, None] + deltas
    parts = [uniform, jie.ravel(), near.ravel()]
    if "/" in tz:
        changes = _zone_table(tz).changes
        parts.append(rng.choice(changes, 200)[:, None] + np.array([-MS, -1, 0, 1]))
    births = np.concatenate([p.ravel() for p in parts])
    births = births[(births >= TABLE.start_us) & (births < TABLE.end_us)]
    return rng.permutation(births)[:n]


def _chart(when: Any, tz: Any, **options: Any) -> tuple[int, int, int, int] | bazi.BaziError:
    try:
        pillars = bazi.chart(when, tz, **options).pillars
    except bazi.BaziError as error:
        return error
    return (pillars.year.index, pillars.month.index, pillars.day.index, pillars.hour.index)


@pytest.mark.parametrize(("tz", "day_boundary", "solar_time", "longitude"), CASES)
def test_batch_equals_chart_on_every_birth(
    tz: str, day_boundary: str, solar_time: str, longitude: float | None
) -> None:
    """100 000 births over all cases, UTC instants as datetime64, each against chart()."""
    rng = np.random.default_rng([2024, CASES.index((tz, day_boundary, solar_time, longitude))])
    births = _births(rng, tz, solar_time, longitude, PER_CASE)
    options: dict[str, Any] = {
        "day_boundary": day_boundary,
        "solar_time": solar_time,
        "longitude": longitude,
    }
    got = pillars_batch(births.astype("datetime64[us]"), tz=tz, **options)
    expected = np.array([_chart(_datetime(us), tz, **options) for us in births.tolist()])
    actual = np.stack(list(got), axis=1)
    wrong = np.flatnonzero((actual != expected).any(axis=1))
    assert not wrong.size, [(str(_datetime(births[i])), actual[i], expected[i]) for i in wrong[:5]]
    assert len(births) >= PER_CASE * 0.95


def _walls_around_changes(tz: str, start: int, end: int) -> list[datetime]:
    """Wall times around each change of the zone's offset from ``start`` to ``end`` (UTC s)."""
    table = _zone_table(tz)
    walls = []
    for change in table.changes.tolist():
        if not start * 1_000_000 <= change < end * 1_000_000:
            continue
        for offset in _offsets(tz, change - 1) | _offsets(tz, change):
            for minutes in (-61, -30, -1, 0, 1, 30, 59, 61):
                walls.append(_datetime(change + offset + minutes * 60_000_000))
            walls.append(_datetime(change + offset - 1))
    return [w.replace(tzinfo=None) for w in walls]


@pytest.mark.parametrize(
    ("tz", "start", "end"),
    [
        ("Asia/Shanghai", 0, 700_000_000),  # 1986-1991 daylight saving
        ("America/New_York", -2_000_000_000, 4_200_000_000),
        ("Europe/London", -1_000_000_000, 100_000_000),
    ],
)
@pytest.mark.parametrize("fold", [None, 0, 1])
def test_wall_times_around_clock_changes(tz: str, start: int, end: int, fold: int | None) -> None:
    """Skipped and repeated wall times: the same pillars, or the same error, as chart()."""
    walls = _walls_around_changes(tz, start, end)
    expected = [_chart(w, tz, fold=fold) for w in walls]
    texts = [w.isoformat(sep=" ") for w in walls]
    as_text, errors = pillars_or_errors(texts, tz=tz, fold=fold)
    as_array, array_errors = pillars_or_errors(
        np.array(walls, dtype="datetime64[us]"), tz=tz, fold=fold, wall_time=True
    )
    for result, failed in ((as_text, errors), (as_array, array_errors)):
        for i, want in enumerate(expected):
            if isinstance(want, bazi.BaziError):
                assert type(failed[i]) is type(want) and str(failed[i]) == str(want)
                assert result.row(i) == (-1, -1, -1, -1)
            else:
                assert i not in failed and result.row(i) == want, walls[i]
    if fold is None:
        assert any(isinstance(e, bazi.AmbiguousTimeError) for e in errors.values())
    assert any(isinstance(e, bazi.NonexistentTimeError) for e in errors.values())


def test_wall_times_in_a_fixed_offset_and_far_from_changes() -> None:
    rng = np.random.default_rng(7)
    walls = rng.integers(TABLE.start_us + DAY, TABLE.end_us - DAY, 3000)
    for tz in ("+09:30", "Asia/Shanghai", "America/New_York"):
        got = pillars_batch(walls.astype("datetime64[us]"), tz=tz, wall_time=True, fold=0)
        for i, us in enumerate(walls.tolist()):
            assert got.row(i) == _chart(_datetime(us).replace(tzinfo=None), tz, fold=0)


def test_first_error_is_raised_as_chart_raises_it() -> None:
    items = ["1990-05-17 10:30", "1988-04-17 02:30", "1700-01-01 00:00"]
    with pytest.raises(bazi.NonexistentTimeError) as raised:
        pillars_batch(items, tz="Asia/Shanghai")
    expected = _chart(items[1], "Asia/Shanghai")
    assert str(raised.value) == str(expected)
    assert raised.value.__notes__ == ["(item 1 of the batch)"]


def test_out_of_range() -> None:
    edges = [TABLE.start_us - 1, TABLE.start_us, TABLE.end_us - 1, TABLE.end_us]
    got, errors = pillars_or_errors(np.array(edges, dtype="datetime64[us]"), tz="+08:00")
    assert sorted(errors) == [0, 3]
    for i, us in enumerate(edges):
        want = _chart(_datetime(us), "+08:00")
        if i in errors:
            assert isinstance(errors[i], bazi.OutOfRangeError) and str(errors[i]) == str(want)
        else:
            assert got.row(i) == want
    with pytest.raises(bazi.OutOfRangeError, match="1700-01-01"):
        pillars_batch(np.array(["2000-01-01", "1700-01-01"], dtype="datetime64[us]"))
    far = np.array(["2000-01-01", "200000-01-01", "NaT"], dtype="datetime64[s]")
    _, errors = pillars_or_errors(far)
    assert isinstance(errors[1], bazi.OutOfRangeError) and "200000-01-01" in str(errors[1])
    assert isinstance(errors[2], bazi.InvalidInputError) and "NaT" in str(errors[2])
    wrapped = np.array([30, 1_000_000], dtype="datetime64[Y]")  # 2000, and 1 000 000 years
    got, errors = pillars_or_errors(wrapped)
    assert list(errors) == [1] and isinstance(errors[1], bazi.OutOfRangeError)
    assert got.row(0) == _chart(datetime(2000, 1, 1, tzinfo=UTC), "+08:00")
    # The range is of instants: 21:00 at +08:00 is before 小寒 2200 (14:06 UTC), at UTC after.
    late = np.array(["2200-01-05T21:00"], dtype="datetime64[us]")
    assert pillars_batch(late, tz="+08:00", wall_time=True).row(0) == _chart(
        "2200-01-05 21:00", "+08:00"
    )
    with pytest.raises(bazi.OutOfRangeError):
        pillars_batch(late, tz="+00:00", wall_time=True)


def test_jie_count_is_a_binary_search_of_the_table() -> None:
    """The constant-time 节 lookup counts the 节 at or before an instant as a binary search
    of the table's 节 instants does, at every 节 (±1 µs), at every slot's start (±1 µs),
    at the range's ends and at random instants."""
    terms = bazi.batch._terms()
    jie = np.array(TABLE.jie_instants, np.int64)
    slots = TABLE.start_us + (np.arange(len(terms.slots), dtype=np.int64) << 36)
    rng = np.random.default_rng(7)
    probes = np.concatenate(
        [
            (jie[:, None] + np.array([-1, 0, 1])).ravel(),
            (slots[:, None] + np.array([-1, 0, 1])).ravel(),
            [TABLE.start_us, TABLE.end_us - 1],
            rng.integers(TABLE.start_us, TABLE.end_us, 200_000),
        ]
    )
    probes = probes[(probes >= TABLE.start_us) & (probes < TABLE.end_us)]
    assert len(probes) > 750_000
    np.testing.assert_array_equal(terms.jie_count(probes), np.searchsorted(jie, probes, "right"))


def test_units_strings_and_datetimes() -> None:
    rng = np.random.default_rng(11)
    us = rng.integers(TABLE.start_us, TABLE.end_us, 2000)
    base = pillars_batch(us.astype("datetime64[us]"), tz="Asia/Shanghai")
    for unit in ("ns", "ms", "s", "m", "h", "D"):
        values = us.astype("datetime64[us]").astype(f"datetime64[{unit}]")
        floored = values.astype("datetime64[us]")
        got = pillars_batch(values, tz="Asia/Shanghai")
        want = pillars_batch(floored, tz="Asia/Shanghai")
        assert all((a == b).all() for a, b in zip(got, want, strict=True)), unit
    aware = [_datetime(u) for u in us.tolist()]
    shifted = [a.astimezone(timezone(timedelta(hours=-7))) for a in aware]
    texts = [a.isoformat() for a in shifted]
    for items in (aware, shifted, texts):
        got = pillars_batch(items, tz="Asia/Shanghai")
        assert all((a == b).all() for a, b in zip(got, base, strict=True))


def test_own_offsets_when_tz_is_none() -> None:
    """tz=None: each aware item is read in its own offset, as chart(item) reads it."""
    items: list[Any] = [
        "1990-05-17T10:30+08:00",
        "1990-05-17T23:30-05:00",
        datetime(2024, 2, 4, 16, 20, tzinfo=timezone(timedelta(hours=9))),
        datetime(2024, 2, 4, 16, 20, tzinfo=zone("Asia/Shanghai")),
        "1990-05-17 10:30",  # naive: no zone to read it in
        datetime(2024, 2, 4, 16, 20),
        19900517,
    ]
    got, errors = pillars_or_errors(items, tz=None)
    for i, item in enumerate(items):
        want = _chart(item, None)
        if isinstance(want, bazi.BaziError):
            assert type(errors[i]) is type(want) and str(errors[i]) == str(want)
        else:
            assert got.row(i) == want
    assert sorted(errors) == [4, 5, 6]
    utc = pillars_batch(np.array(["1990-05-17T23:30"], dtype="datetime64[us]"), tz=None)
    assert utc.row(0) == _chart(datetime(1990, 5, 17, 23, 30, tzinfo=UTC), None)


def test_strings_shape_and_empty() -> None:
    values = np.array([["1990-05-17T02:30", "2024-02-04T08:27"]] * 3, dtype="datetime64[us]")
    names = pillars_batch(values, tz="Asia/Shanghai", as_strings=True)
    assert names.year.shape == (3, 2)
    assert [names.year[0, 0], names.month[0, 0], names.day[0, 0], names.hour[0, 0]] == [
        "庚午", "辛巳", "壬午", "乙巳",
    ]  # fmt: skip
    assert str(bazi.chart("2024-02-04 16:27", tz="Asia/Shanghai").pillars) == " ".join(names.row(1))
    empty = pillars_batch(np.array([], dtype="datetime64[us]"))
    assert len(empty) == 0 and empty.year.dtype == np.int64
    assert len(pillars_batch([], tz="Asia/Shanghai", as_strings=True)) == 0
    assert set(pillars_batch(values).to_dict()) == {"year", "month", "day", "hour"}


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"day_boundary": "noon"}, bazi.InvalidInputError),
        ({"solar_time": "mean"}, bazi.InvalidInputError),
        ({"tz": "Mars/Base"}, bazi.UnknownZoneError),
        ({"fold": 2, "tz": "Asia/Shanghai"}, bazi.InvalidInputError),
    ],
)
def test_bad_options_raise_as_in_chart(options: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error) as raised:
        pillars_batch(["1990-05-17 10:30"], **options)
    want = _chart("1990-05-17 10:30", options.pop("tz", "+08:00"), **options)
    assert type(want) is error and str(raised.value) == str(want)


def test_doctests() -> None:
    failed, attempted = doctest.testmod(bazi.batch, verbose=False)
    assert attempted > 0 and failed == 0


def test_one_string_is_not_a_batch() -> None:
    with pytest.raises(bazi.InvalidInputError, match="sequence"):
        pillars_batch("1990-05-17 10:30")


def test_import_bazi_does_not_import_numpy() -> None:
    code = (
        "import sys, bazi\n"
        "assert 'numpy' not in sys.modules\n"
        "assert callable(bazi.pillars_batch) and 'numpy' in sys.modules\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_dask_map_partitions_matches_in_memory() -> None:
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    import dask

    rng = np.random.default_rng(5)
    instants = rng.integers(TABLE.start_us, TABLE.end_us, 10_000).astype("datetime64[us]")
    frame = pd.DataFrame({"id": np.arange(len(instants)), "instant": instants})
    births = dd.from_pandas(frame, npartitions=4)

    def add_pillars(part: Any) -> Any:
        p = bazi.pillars_batch(part["instant"], tz="Asia/Shanghai")
        return part.assign(**p.to_dict())

    meta = {**births.dtypes.to_dict(), "year": "int64", "month": "int64",
            "day": "int64", "hour": "int64"}  # fmt: skip
    with dask.config.set(scheduler="synchronous"):
        charted = births.map_partitions(add_pillars, meta=meta).compute()
    assert births.npartitions == 4
    expected = pillars_batch(instants, tz="Asia/Shanghai")
    for name, values in expected.to_dict().items():
        assert (charted[name].to_numpy() == values).all()
    assert (charted["id"].to_numpy() == np.arange(len(instants))).all()


# --- bazi batch (CSV) -----------------------------------------------------------------

ROWS = [
    ("1", "1990-05-17 10:30", "Asia/Shanghai"),
    ("2", "1988-04-17 02:30", "Asia/Shanghai"),  # skipped by daylight saving
    ("3", "1988-09-11 01:30", "Asia/Shanghai"),  # repeated: needs --fold
    ("4", "1700-01-01 10:30", ""),  # out of range
    ("5", "not a date", ""),
    ("6", "2024-02-04 16:20", "Mars/Base"),
    ("7", "1990-05-17T02:30Z", ""),
    ("8", "2024-02-04 16:27", ""),
    ("9", "1977-09-23 23:30", "America/New_York"),
]


def _write(path: Path, rows: list[tuple[str, ...]], header: tuple[str, ...]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.mark.parametrize("extra", [[], ["--fold", "1", "--day-boundary", "midnight"]])
def test_cli_round_trip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    _write(source, ROWS, ("id", "datetime", "tz"))
    args = ["batch", str(source), str(target), "--tz", "+08:00", "--chunk-size", "4", *extra]
    assert main(args) == 0
    err = capsys.readouterr().err
    with target.open(encoding="utf-8", newline="") as f:
        out = list(csv.DictReader(f))
    assert [r["id"] for r in out] == [r[0] for r in ROWS]
    assert list(out[0]) == ["id", "datetime", "tz", "year", "month", "day", "hour", "error"]
    fold = 1 if extra else None
    boundary = "midnight" if extra else "zi"
    failed = 0
    for line, (row, (_, when, tz)) in enumerate(zip(out, ROWS, strict=True), start=2):
        want = _chart(when, tz or "+08:00", fold=fold, day_boundary=boundary)
        if isinstance(want, bazi.BaziError):
            failed += 1
            assert row["error"] == f"{type(want).__name__}: line {line}: {want}"
            assert row["year"] == row["month"] == row["day"] == row["hour"] == ""
        else:
            assert row["error"] == ""
            names = tuple(bazi.Pillar(i).hanzi for i in want)
            assert (row["year"], row["month"], row["day"], row["hour"]) == names
    assert out[0]["day"] == "壬午"
    assert err.strip() == (
        f"bazi: {failed} of {len(ROWS)} rows could not be charted; see the 'error' column"
    )


def test_cli_without_tz_reads_offsets_and_refuses_naive_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    _write(source, [("1990-05-17T10:30+08:00",), ("1990-05-17 10:30",)], ("datetime",))
    assert main(["batch", str(source), "-"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "1990-05-17T10:30+08:00,庚午,辛巳,壬午,乙巳,"
    assert lines[2].startswith('1990-05-17 10:30,,,,,"NaiveDateTimeError: ')


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "cannot read"),
        ("no-column", "has no 'datetime' column"),
        ("empty", "is empty"),
        ("clash", "already has a column 'year'"),
        ("bad-tz", "unknown time zone"),
        ("bad-option", "needs the birthplace longitude"),
    ],
)
def test_cli_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: str, message: str
) -> None:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    header = {"no-column": ("when",), "clash": ("datetime", "year")}.get(setup, ("datetime",))
    if setup == "empty":
        source.write_text("")
    elif setup != "missing":
        _write(source, [("1990-05-17 10:30",) * len(header)], header)
    extra = {"bad-tz": ["--tz", "Mars"], "bad-option": ["--solar-time", "mean"]}.get(setup, [])
    assert main(["batch", str(source), str(target), *extra]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert captured.err.startswith("bazi: error: ") and message in captured.err
    assert not target.exists()


def test_cli_progress_counter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    _write(source, [("1990-05-17 10:30",)] * 10, ("datetime",))
    args = ["batch", str(source), str(target), "--tz", "+08:00", "--chunk-size", "3"]
    assert main([*args, "--progress", "always"]) == 0
    err = capsys.readouterr().err
    assert "bazi batch" in err  # the counter, or tqdm's bar when tqdm is installed
    assert main(args) == 0  # auto: not a terminal here, so silent
    assert capsys.readouterr().err == ""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 11


def test_cli_reads_stdin_and_writes_stdout() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bazi", "batch", "-", "-", "--tz", "Asia/Shanghai"],
        input="id,datetime\n7,1990-05-17 10:30\n",
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.splitlines() == [
        "id,datetime,year,month,day,hour,error",
        "7,1990-05-17 10:30,庚午,辛巳,壬午,乙巳,",
    ]
    assert out.stderr == ""


def test_cli_bad_lines_become_error_rows_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A line that is not UTF-8, one with an unterminated quote and one with too many fields
    each get an error naming its line; the lines around them are charted."""
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_bytes(
        b"id,datetime\n"
        b"1,1990-05-17 10:30\n"
        b"2,1990-05-17 \xff10:30\n"
        b'3,"1990-05-17 10:30\n'
        b"4,1990-05-17 10:30,extra\n"
        b"5,1990-05-17 10:30\n"
    )
    assert main(["batch", str(source), str(target), "--tz", "+08:00"]) == 0
    with target.open(encoding="utf-8", newline="") as f:
        out = list(csv.DictReader(f))
    assert [r["id"] for r in out] == ["1", "", "", "", "5"]
    assert [r["hour"] for r in out] == ["乙巳", "", "", "", "乙巳"]  # 壬 day, 巳 hour: 乙巳
    assert out[1]["error"].startswith("InvalidInputError: line 3 is not UTF-8")
    assert out[2]["error"].startswith("InvalidInputError: line 4 is not one CSV record")
    assert out[3]["error"] == "InvalidInputError: line 5 has 3 fields, the header 2"
    assert "3 of 5 rows could not be charted" in capsys.readouterr().err


def test_cli_interrupted_leaves_no_file(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT) in the middle of a run: one line on stderr, exit 130, no file at the
    target path and no temporary file left beside it."""
    import signal
    import subprocess
    import sys
    import time

    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    with source.open("w", encoding="utf-8") as f:
        f.write("datetime\n")
        f.writelines(f"19{10 + i % 80}-05-17 10:{i % 60:02d}\n" for i in range(600_000))
    run = subprocess.Popen(
        [
            *(sys.executable, "-m", "bazi", "batch", str(source), str(target)),
            *("--tz", "+08:00", "--chunk-size", "2000"),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.csv.*.partial")):  # the output is being written
        assert run.poll() is None and time.monotonic() < deadline, "finished before the signal"
        time.sleep(0.01)
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130
    assert err.strip() == "bazi: interrupted; nothing was written to the output file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
