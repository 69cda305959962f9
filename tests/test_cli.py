"""The ``bazi`` command line: output, JSON, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bazi.cli import main


def test_chart_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chart", "1990-05-17 10:30", "--tz", "Asia/Shanghai"]) == 0
    out = capsys.readouterr().out
    assert "庚午 辛巳 壬午 乙巳" in out and "立夏" in out and "Asia/Shanghai" in out


def test_chart_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chart", "1990-04-23 10:30", "--tz", "Asia/Shanghai", "--calendar", "lunar",
                 "--json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["text"] == "庚午 辛巳 壬午 乙巳" and data["lunar_date"]["hanzi"] == "1990年四月廿三"


@pytest.mark.parametrize(
    "args",
    [
        ["chart", "1990-05-17 10:30"],  # no zone
        ["chart", "1990-05-17 10:30", "--tz", "Mars/Base"],
        ["chart", "1988-04-17 02:30", "--tz", "Asia/Shanghai"],  # skipped by DST
        ["chart", "1988-09-11 01:30", "--tz", "Asia/Shanghai"],  # repeated by DST
        ["chart", "1700-01-01 10:30", "--tz", "+08:00"],
        ["chart", "not a date", "--tz", "+08:00"],
        ["chart", "1990-05-17 10:30", "--tz", "+08:00", "--solar-time", "apparent"],
        ["terms", "2500"],
    ],
)
def test_bad_input_exits_2_with_one_line(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("bazi: error: ") and captured.err.count("\n") == 1


def test_terms(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["terms", "2013", "--tz", "Asia/Hong_Kong"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 24
    # HKO's published 立春 2013: 2013-02-04 00:13 HKT.
    assert any(line.startswith("立春") and "2013-02-04 00:13:" in line for line in lines)


def test_installed_entry_points() -> None:
    """`python -m bazi` prints versions and coverage; the module also runs the command."""
    info = subprocess.run(
        [sys.executable, "-m", "bazi"], capture_output=True, text=True, check=True
    )
    assert "solar_terms" in info.stdout and "tzdata" in info.stdout and "DE423" in info.stdout
    bad = subprocess.run([sys.executable, "-m", "bazi", "chart", "1990-05-17 10:30"],
                         capture_output=True, text=True)  # fmt: skip
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["chart"],
        ["chart", "1990-05-17 10:30", "--gender", "man"],
        ["nonsense"],
        ["chart", "x", "--lang", "fr"],
    ],
)
def test_usage_errors_are_one_line_exit_2(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error:" in err


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert 'bazi chart "1990-05-17 10:30" --tz Asia/Shanghai' in out and "bazi serve" in out


def test_compact_chart_columns_align(capsys: pytest.CaptureFixture[str]) -> None:
    """CJK characters are two columns wide: the four pillar cells start at the same column
    in the header row and the pillar row."""
    import unicodedata

    assert main(["chart", "1990-05-17 10:30", "--tz", "Asia/Shanghai"]) == 0
    lines = capsys.readouterr().out.splitlines()

    def starts(line: str, cells: list[str]) -> list[int]:
        """Display columns at which each of ``cells`` begins in ``line``."""
        found, col = [], 0
        for i, ch in enumerate(line):
            if any(line.startswith(c, i) for c in cells):
                found.append(col)
            col += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return found

    header = starts(lines[0], ["年柱", "月柱", "日柱", "时柱"])
    pillars = starts(lines[1], ["庚午", "辛巳", "壬午", "乙巳"])
    assert len(header) == len(pillars) == 4 and header == pillars


def test_explain_find_day_between(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chart", "2024-02-04 16:20", "--tz", "Asia/Shanghai", "--explain"]) == 0
    out = capsys.readouterr().out
    assert "+7.1分钟" in out and "→ 甲辰" in out and "→ 丙寅" in out
    # The warning by default, on the birth's clock: 立春 at 16:27:07 Beijing time (HKO).
    assert "! 出生在立春（2024-02-04 16:27:07 UTC+08:00）之前7分钟" in out
    assert main(["find", "庚午 辛巳 壬午 乙巳"]) == 0
    out = capsys.readouterr().out
    assert (
        "1990-05-17 09:00:00 – 1990-05-17 11:00:00  庚午 辛巳 壬午 乙巳" in out and "+08:00" in out
    )
    assert main(["day", "2024-02-04", "--tz", "Asia/Shanghai", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 14
    assert main(["between", "2024-02-04 16:00", "2024-02-04 17:00", "--tz", "Asia/Shanghai"]) == 0
    assert capsys.readouterr().out.count("\n") == 3  # two intervals and the closing note
    assert main(["find", "甲子 甲子 甲子 甲子"]) == 2
