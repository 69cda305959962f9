"""What a ``bazi`` process loads to answer: the packed solar-term table, the version without
package metadata, and a chart that imports only what it needs (benchmarks/cli_speed.py
times it against bazi-chart's)."""

from __future__ import annotations

import gc
import hashlib
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import bazi
from bazi.cli import _parser, main
from bazi.pillars import jie_pillars, month_pillar, year_of_jie, year_pillar
from bazi.terms import (
    PACKED_FILE,
    PACKED_SHA256,
    TABLE_FILE,
    SolarTerm,
    _read,
    _sha256,
    from_microseconds,
    load_packed,
    load_table,
    pack_instants,
    solar_term_table,
    unpack_instants,
)
from bazi.versions import VERSION

ROOT = Path(__file__).resolve().parent.parent
CHART = ["chart", "1990-05-17 10:30", "--tz", "Asia/Shanghai", "--gender", "male"]


def test_the_packed_table_is_the_text_table() -> None:
    """The instants packed are those of the text, line by line; the table read from both
    is the one parse_table reads (and checks) from the text alone."""
    text, packed = _read(TABLE_FILE), _read(PACKED_FILE)
    parsed = load_table(text)
    assert packed == pack_instants(parsed.instants)
    assert unpack_instants(packed) == parsed.instants
    assert hashlib.sha256(packed).hexdigest() == PACKED_SHA256
    table = solar_term_table()
    for name in ("header", "longitudes", "instants", "jie_longitudes", "jie_instants"):
        assert getattr(table, name) == getattr(parsed, name), name
    assert (table.start_us, table.end_us, table.month_base) == (
        parsed.start_us,
        parsed.end_us,
        parsed.month_base,
    )
    assert table.version == parsed.version == bazi.data_versions()["solar_terms"]


def test_a_damaged_packed_table_is_refused() -> None:
    text, packed = _read(TABLE_FILE), _read(PACKED_FILE)
    moved = bytearray(packed)
    moved[8 * 100] ^= 1  # one term a microsecond off
    for damaged in (bytes(moved), packed[:-8], packed + bytes(8)):
        with pytest.raises(RuntimeError, match=r"solar_terms\.bin is damaged .*make_solar_terms"):
            load_packed(text, damaged)
    with pytest.raises(RuntimeError, match=r"solar_terms\.txt is damaged"):
        load_packed(text.replace(b"315 2013-02-03T", b"315 2013-02-04T", 1), packed)


def test_sha256_is_hashlib_s() -> None:
    for data in (b"", b"abc", bytes(range(256)) * 300):
        assert _sha256(data) == hashlib.sha256(data).hexdigest()


def test_jie_pillars_counted_are_those_of_each_date() -> None:
    table = solar_term_table()
    dated = []
    for longitude, us in zip(table.jie_longitudes, table.jie_instants, strict=True):
        jie = SolarTerm(longitude, from_microseconds(us))
        year = year_of_jie(jie)
        dated.append((year_pillar(year), month_pillar(year, jie)))
    assert jie_pillars() == tuple(dated)


def test_the_version_is_the_installed_one() -> None:
    assert VERSION == version("bazi-reference") == bazi.data_versions()["engine"]


def test_a_chart_loads_no_package_metadata_resources_or_json() -> None:
    """The text chart imports what it needs: no importlib.metadata (the version is a
    constant), no importlib.resources (data files are read beside the modules), no json
    (only --json prints JSON), no hashlib (CPython's own SHA-256 where it has one)."""
    code = (
        "import sys, io\n"
        "from bazi.cli import main\n"
        "out, sys.stdout = sys.stdout, io.StringIO()\n"
        f"status = main({CHART!r})\n"
        "sys.stdout = out\n"
        "heavy = ['importlib.metadata', 'importlib.resources', 'json', 'hashlib', 'zipfile']\n"
        "print(status, sorted(m for m in heavy if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split("\n")[0] == "0 []"


def test_main_leaves_the_garbage_collector_as_it_found_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert gc.isenabled()
    assert main(CHART) == 0 and main(["terms", "2024", "--json"]) == 0
    assert main(["chart", "1990-05-17 10:30"]) == 2  # no zone
    with pytest.raises(SystemExit):
        main(["chart", "--help"])
    assert gc.isenabled()
    gc.disable()
    try:
        assert main(CHART) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
    capsys.readouterr()


@pytest.mark.parametrize(
    ("args", "status"),
    [(CHART, 0), (["terms", "2024"], 0), (["chart", "1990-05-17 10:30"], 2),
     (["check", "乙亥 己卯 庚子 丙子", "1995-03-08 23:40", "--place", "深圳"], 1)],
)  # fmt: skip
def test_the_command_answers_as_main_does(args: list[str], status: int) -> None:
    """``python -m bazi`` (the console script's ``command``) ends a brief verb at once, its
    output written and its status kept; the others return their status."""
    run = subprocess.run(
        [sys.executable, "-m", "bazi", *args], capture_output=True, text=True, cwd=ROOT
    )
    inline = subprocess.run(
        [sys.executable, "-c", f"import sys; from bazi.cli import main; sys.exit(main({args!r}))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert (run.returncode, run.stdout, run.stderr) == (
        status,
        inline.stdout,
        inline.stderr,
    ) and inline.returncode == status


def test_only_the_chosen_sub_command_is_made() -> None:
    lazy = _parser(lazy=True)
    lazy.parse_args(CHART)
    (commands,) = (a for a in lazy._actions if a.dest == "command")
    made = sorted(name for name, p in commands.choices.items() if p.pending is None)
    assert made == ["chart"]
    full = _parser()
    (commands,) = (a for a in full._actions if a.dest == "command")
    assert all(p.pending is None for p in commands.choices.values())
    assert lazy.format_help() == full.format_help()
