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
from bazi import cli
from bazi.cli import _parser, main
from bazi.options import DayBoundary
from bazi.pillars import (
    _day_and_hour_rule,
    day_hour_table,
    jie_pillars,
    month_pillar,
    year_of_jie,
    year_pillar,
)
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
    pack_table,
    solar_term_table,
)
from bazi.versions import VERSION

ROOT = Path(__file__).resolve().parent.parent
CHART = ["chart", "1990-05-17 10:30", "--tz", "Asia/Shanghai", "--gender", "male"]


def test_the_packed_table_is_the_text_table() -> None:
    """The packed file is the text's header and first line as written and every instant of
    the text, line by line; the table read from it is the one parse_table reads (and
    checks) from the text."""
    text, packed = _read(TABLE_FILE), _read(PACKED_FILE)
    assert packed == pack_table(text)
    assert hashlib.sha256(packed).hexdigest() == PACKED_SHA256
    header = text[: text.index(b"\n", text.index(b"\n# sha256:") + 1)]
    assert (
        packed.startswith(header)
        and len(packed) == text.index(b"\n", len(header) + 1) + 1 + 8 * 9603
    )
    parsed = load_table(text)
    table = solar_term_table()
    for name in ("header", "longitudes", "instants", "jie_longitudes", "jie_instants"):
        assert getattr(table, name) == getattr(parsed, name), name
    assert (table.start_us, table.end_us, table.month_base) == (
        parsed.start_us,
        parsed.end_us,
        parsed.month_base,
    )
    assert table.version == parsed.version == bazi.data_versions()["solar_terms"]
    table.check_months()  # as parse_table checks the text's


def test_a_jie_outside_its_month_is_refused() -> None:
    table = load_table(_read(TABLE_FILE))
    table.jie_instants[1000] -= 8 * 86_400_000_000  # eight days early: in the month before
    with pytest.raises(RuntimeError, match="is not a day inside its month"):
        table.check_months()


def test_a_damaged_packed_table_is_refused() -> None:
    """Any byte changed, cut or added: the digest pinned in bazi/terms.py refuses it."""
    packed = _read(PACKED_FILE)
    moved = bytearray(packed)
    moved[-8 * 100] ^= 1  # one term a microsecond off
    renamed = packed.replace(b"DE423", b"DE424", 1)  # a header edited
    for damaged in (bytes(moved), renamed, packed[:-8], packed + bytes(8)):
        with pytest.raises(RuntimeError, match=r"solar_terms\.bin is damaged .*make_solar_terms"):
            load_packed(damaged)


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


@pytest.mark.parametrize("school", ["zi", "midnight", "midnight-same-day"])
def test_the_day_and_hour_table_is_the_rule_s(school: DayBoundary) -> None:
    rule = tuple(_day_and_hour_rule(d, h, school) for d in range(60) for h in range(24))
    assert day_hour_table(school) == rule


def test_the_version_is_the_installed_one() -> None:
    assert VERSION == version("bazi-reference") == bazi.data_versions()["engine"]


def test_a_chart_loads_no_package_metadata_resources_or_json() -> None:
    """The text chart imports what it needs: no importlib.metadata (the version is a
    constant), no importlib.resources (data files are read beside the modules), no json
    (only --json prints JSON), no hashlib (CPython's own SHA-256 where it has one), no
    dataclasses (with inspect, ast and dis, about 9 ms: the chart's values are NamedTuples)."""
    code = (
        "import sys, io\n"
        "from bazi.cli import main\n"
        "out, sys.stdout = sys.stdout, io.StringIO()\n"
        f"status = main({CHART!r})\n"
        "sys.stdout = out\n"
        "heavy = ['importlib.metadata', 'importlib.resources', 'json', 'hashlib', 'zipfile',\n"
        "         'dataclasses', 'inspect']\n"
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


ENTRIES = {
    "python -m bazi": ["-m", "bazi"],
    "console script": [
        "-c",
        "import sys; sys.argv[0] = 'bazi'; from _bazi_command import command; sys.exit(command())",
    ],
}


@pytest.mark.parametrize(
    ("args", "status"),
    [(CHART, 0), (["terms", "2024"], 0), (["chart", "1990-05-17 10:30"], 2),
     (["check", "乙亥 己卯 庚子 丙子", "1995-03-08 23:40", "--place", "深圳"], 1)],
)  # fmt: skip
@pytest.mark.parametrize("entry", ENTRIES)
def test_the_command_answers_as_main_does(entry: str, args: list[str], status: int) -> None:
    """The console script (``_bazi_command``) and ``python -m bazi`` end a brief verb at
    once, its output written and its status kept; the others return their status."""
    command = [sys.executable, *ENTRIES[entry], *args]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
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


@pytest.mark.parametrize(
    ("args", "brief"), [(["terms", "2024"], True), (["find", "庚午 辛巳 壬午 乙巳"], False)]
)
def test_the_collector_runs_for_the_verbs_that_may_run_long(
    monkeypatch: pytest.MonkeyPatch, args: list[str], brief: bool
) -> None:
    """Paused by the console script before bazi loads, the collector is resumed for a verb
    outside the brief ones (a server, a file of answers, a search) while it runs."""
    seen = []
    monkeypatch.setattr(cli, "_run", lambda _: seen.append(gc.isenabled()) or 0)
    gc.disable()
    try:
        assert cli._main(args, True) == (0, brief)
        assert gc.isenabled()  # on again, as it was before the console script paused it
    finally:
        gc.enable()
    assert seen == [not brief]


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
