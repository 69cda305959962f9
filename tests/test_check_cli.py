"""``bazi check``: one claim (exit 0 right, 1 wrong, 2 bad input), a claim on standard input,
and ``--file`` scoring; with the real engine.

Expected charts are derived by hand in tests/test_check.py's docstring: 2013-03-08 12:00
HKT is 癸巳 乙卯 癸酉 戊午; 1995-03-08 23:40 Beijing time (深圳) is 乙亥 己卯 己亥 甲子, and
乙亥 己卯 庚子 丙子 is the chart of the next day at that time (庚子 03-10 from 23:00 under
zi; a 庚 day's 子 hour is 丙子).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bazi.cli import main

ROOT = Path(__file__).resolve().parents[1]
HK = ["--tz", "Asia/Hong_Kong"]


def _command() -> list[str]:
    exe = shutil.which("bazi", path=os.path.dirname(sys.executable))
    return [exe] if exe else [sys.executable, "-m", "bazi"]


def test_the_issue_example_on_the_command_line() -> None:
    run = subprocess.run(
        [*_command(), "check", "乙亥 己卯 庚子 丙子", "1995-03-08 23:40", "--place", "深圳"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert run.returncode == 1, run.stderr
    out = run.stdout
    assert "right    乙亥 己卯 己亥 甲子" in out
    assert "day    庚子  wrong: should be 己亥" in out
    assert "date off by a day (日期差一天) [whole chart]" in out
    assert "Shenzhen" in out


def test_a_chatbot_answer_on_standard_input() -> None:
    answer = "您的八字如下：\n年柱：乙亥（木猪）\n月柱：己卯\n日柱：戊戌\n时柱：壬子\n日主戊土，……"
    run = subprocess.run(
        [*_command(), "check", "-", "1995-03-08 23:40", "--tz", "Asia/Shanghai", "--json"],
        input=answer,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert run.returncode == 1, run.stderr
    data = json.loads(run.stdout)
    assert data["claim"]["text"] == "乙亥 己卯 戊戌 壬子" and data["verdict"] == "wrong"
    assert data["diagnosis"][0]["id"] == "day_boundary" and data["diagnosis"][0]["whole_claim"]


def test_right_is_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "癸巳 乙卯 癸酉 戊午", "2013-03-08 12:00", *HK]) == 0
    assert "verdict  right" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["check", "no pillars", "2013-03-08 12:00", *HK],
        ["check", "癸巳 乙卯 癸酉 戊午", "2013-03-08 12:00"],  # no zone
        ["check", "癸巳 乙卯 癸酉 戊午", "2013-03-08 12:00", *HK, "--gender", "male"],
        ["check", "癸巳 乙卯 癸酉 戊午"],
        ["check", "癸巳 乙卯 癸酉 戊午", "2013-03-08 12:00", "--file", "x.jsonl"],
        ["check", "--file", "/nonexistent/answers.jsonl"],
    ],
)
def test_bad_input_is_exit_2_with_one_line(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(args)
    except SystemExit as stopped:  # argparse's own refusals (an unknown flag)
        code = int(stopped.code or 0)
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("bazi") and err.count("\n") == 1


def test_scoring_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        {"id": "a", "claim": "癸巳 乙卯 癸酉 戊午", "datetime": "2013-03-08 12:00",
         "tz": "Asia/Hong_Kong", "mistake": "none"},
        # 03-09: 甲戌 day, 午 → 庚午 (date off by a day).
        {"id": "b", "claim": "癸巳年 乙卯月 甲戌日 庚午时", "datetime": "2013-03-08 12:00",
         "tz": "Asia/Hong_Kong", "mistake": "date_off_by_a_day"},
        # 03-08 12:00 HKT is 04:00 UTC: 寅 hour, 甲寅.
        {"id": "c", "claim": "gui si, yi mao, gui you, jia yin", "datetime": "2013-03-08 12:00",
         "tz": "Asia/Hong_Kong", "mistake": "time_zone"},
        {"id": "d", "claim": "nothing", "datetime": "2013-03-08 12:00", "tz": "Asia/Hong_Kong"},
        {"id": "e", "claim": "癸巳 乙卯 癸酉", "datetime": "2013-03-08 12:00",
         "tz": "Asia/Hong_Kong", "colour": "red"},
    ]  # fmt: skip
    answers = tmp_path / "answers.jsonl"
    answers.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\nnot json\n",
        encoding="utf-8",
    )
    verdicts = tmp_path / "verdicts.jsonl"
    assert main(["check", "--file", str(answers), "--output", str(verdicts), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["answers"] == 6 and summary["checked"] == 3 and summary["errors"] == 3
    assert summary["verdicts"] == {"right": 1, "wrong": 2, "impossible": 0}
    assert summary["pillars"]["day"] == {"right": 2, "wrong": 1, "impossible": 0,
                                         "accuracy": 0.6667}  # fmt: skip
    assert summary["pillars"]["year"]["accuracy"] == 1.0
    assert summary["by_label"]["date_off_by_a_day"]["named_first"] == 1
    assert summary["by_label"]["time_zone"]["named_first"] == 1
    assert summary["by_label"]["none"]["right"] == 1
    rows = [json.loads(x) for x in verdicts.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3, 4, 5, 7]
    assert rows[1]["pillars"] == {"year": "right", "month": "right", "day": "wrong",
                                  "hour": "wrong"}  # fmt: skip
    assert rows[3]["error"]["field"] == "claim"
    assert rows[4]["error"] == {"type": "InvalidInputError", "field": "colour",
                                "message": "unknown field 'colour'"}  # fmt: skip
    assert "error" in rows[5]
    # The text summary names the accuracy per pillar and the labels.
    assert main(["check", "--file", str(answers)]) == 0
    text = capsys.readouterr().out
    assert "pillar accuracy  year 100.0% (3/3)" in text and "date_off_by_a_day" in text
