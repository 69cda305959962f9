"""``bazi golden OUT``: the corpus is complete, documented, reproducible, and its cases agree
with independent sources where this test can derive them.

Independent sources: the Hong Kong Observatory's 2013 solar terms (HKT, to the minute);
the month pillars of 2013 by 五虎遁 (壬辰 year: 子 month 壬子, 丑 癸丑; 癸巳 year: 寅
甲寅 卯 乙卯 … 子 甲子); 1995-03-08 is 戊戌 and 03-09 己亥 (tests/test_check.py), a 戊
day's 亥 hour is 癸亥 and 子 壬子, a 己 day's 子 甲子 (五鼠遁); China's summer time of 1988
began at 02:00 on 04-17 (UTC+8 → UTC+9) and ended at 02:00 on 09-11.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bazi.cli import main

ROOT = Path(__file__).resolve().parents[1]
HKO = ROOT / "tests" / "data" / "reference" / "hko_solar_terms_2013.csv"
MONTHS_2013 = {  # the month each 节 of 2013 opens, and the one it closes
    "小寒": ("壬子", "癸丑"), "立春": ("癸丑", "甲寅"), "惊蛰": ("甲寅", "乙卯"),
    "清明": ("乙卯", "丙辰"), "立夏": ("丙辰", "丁巳"), "芒种": ("丁巳", "戊午"),
    "小暑": ("戊午", "己未"), "立秋": ("己未", "庚申"), "白露": ("庚申", "辛酉"),
    "寒露": ("辛酉", "壬戌"), "立冬": ("壬戌", "癸亥"), "大雪": ("癸亥", "甲子"),
}  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden")
    assert main(["golden", str(out)]) == 0
    return out


def cases(corpus: Path) -> dict[str, dict[str, Any]]:
    lines = (corpus / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    return {c["id"]: c for c in map(json.loads, lines)}


def test_files_manifest_and_reproducibility(corpus: Path, tmp_path: Path) -> None:
    text = (corpus / "cases.jsonl").read_bytes()
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sha256"] == hashlib.sha256(text).hexdigest()
    assert manifest["corpus_version"] == "1"
    every = cases(corpus)
    assert manifest["cases"] == len(every) == len(text.splitlines())  # ids are unique
    assert set(manifest["kinds"]) == {"named", "jie", "day_boundary", "dst", "confusion"}
    assert main(["golden", str(tmp_path)]) == 0
    assert (tmp_path / "cases.jsonl").read_bytes() == text


def _keys(value: Any) -> set[str]:
    """Every key of a case, nested ones included."""
    if not isinstance(value, dict):
        return set()
    return set(value) | {k for v in value.values() for k in _keys(v)}


def test_the_readme_explains_every_field(corpus: Path) -> None:
    readme = (corpus / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", readme))
    used: set[str] = set()
    for case in cases(corpus).values():
        used |= _keys(case)
    assert used - documented == set()


def test_2013_jie_cases_against_the_hong_kong_observatory(corpus: Path) -> None:
    every = cases(corpus)
    with HKO.open(encoding="utf-8") as f:
        published = {row["name_zh"]: row["hkt_minute"] for row in csv.DictReader(f)}
    for name, (old, new) in MONTHS_2013.items():
        minute = datetime.fromisoformat(published[name] + "+08:00")
        before, after = every[f"jie/2013/{name}/before"], every[f"jie/2013/{name}/after"]
        b = datetime.fromisoformat(before["input"]["datetime"])
        a = datetime.fromisoformat(after["input"]["datetime"])
        assert timedelta(0) < a - b <= timedelta(seconds=2)
        assert abs(b - minute) < timedelta(seconds=61), name  # HKO prints the minute
        assert before["expected"]["pillars"]["month"] == old, name
        assert after["expected"]["pillars"]["month"] == new, name
    # 立春 changes the year too.
    assert every["jie/2013/立春/before"]["expected"]["pillars"]["year"] == "壬辰"
    assert every["jie/2013/立春/after"]["expected"]["pillars"]["year"] == "癸巳"


@pytest.mark.parametrize(
    ("school", "reading", "day", "hour"),
    [
        ("zi", "1995-03-08T22:59:59", "戊戌", "癸亥"),
        ("zi", "1995-03-08T23:00:00", "己亥", "甲子"),
        ("zi", "1995-03-09T00:00:00", "己亥", "甲子"),
        ("midnight", "1995-03-08T23:00:00", "戊戌", "甲子"),
        ("midnight", "1995-03-08T23:59:59", "戊戌", "甲子"),
        ("midnight-same-day", "1995-03-08T23:00:00", "戊戌", "壬子"),
        ("midnight-same-day", "1995-03-09T00:00:00", "己亥", "甲子"),
    ],
)
def test_day_boundary_cases(corpus: Path, school: str, reading: str, day: str, hour: str) -> None:
    case = cases(corpus)[f"day_boundary/{school}/{reading}"]
    assert case["conventions"]["day_boundary"] == school
    assert (case["expected"]["pillars"]["day"], case["expected"]["pillars"]["hour"]) == (day, hour)


def test_dst_cases(corpus: Path) -> None:
    every = cases(corpus)
    start = "dst/Asia/Shanghai/1988-04-16T18:00:00Z"
    before, after = every[f"{start}/before/clock"], every[f"{start}/after/clock"]
    assert before["expected"]["local"]["wall_time"] == "1988-04-17T01:59:59"
    assert before["expected"]["local"]["utc_offset"] == "+08:00"
    assert after["expected"]["local"]["wall_time"] == "1988-04-17T03:00:01"
    assert after["expected"]["local"]["utc_offset"] == "+09:00"
    # Standard time removes the hour: 02:00:01, the 丑 hour, as 01:59:59 is.
    standard = every[f"{start}/after/standard"]["expected"]["local"]["reckoned_time"]
    assert standard == "1988-04-17T02:00:01"
    skipped = every["dst/Asia/Shanghai/1988-04-17T02:30/fold=None"]["expected"]
    assert skipped == {"error": {"type": "NonexistentTimeError", "field": "datetime"}}
    repeated = every["dst/Asia/Shanghai/1988-09-11T01:30/fold=None"]["expected"]
    assert repeated == {"error": {"type": "AmbiguousTimeError", "field": "fold"}}


def test_named_and_confusion_cases(corpus: Path) -> None:
    every = cases(corpus)
    assert every["named/1995-03-08T23:40"]["expected"]["text"] == "乙亥 己卯 己亥 甲子"
    seed = [c for k, c in every.items() if k.startswith("confusion/1995-03-08T23:40/")]
    given = {(c["mistake"]["id"], c["mistake"]["pillars"]) for c in seed}
    # midnight-same-day: 戊戌 day, 戊 day's 子 hour 壬子 (also the day before's chart); a
    # day late: 庚子 day, 丙子 hour.
    assert ("day_boundary", "乙亥 己卯 戊戌 壬子") in given
    assert ("date_off_by_a_day", "乙亥 己卯 戊戌 壬子") in given
    assert ("date_off_by_a_day", "乙亥 己卯 庚子 丙子") in given
    assert all(c["expected"]["text"] == "乙亥 己卯 己亥 甲子" for c in seed)
