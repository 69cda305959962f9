"""The JSON contract of ``Chart.to_dict()``, pinned by tests/golden/contract/*.json.

The files are written only by ``python tools/make_golden.py`` and reviewed as diffs; this
test never writes them. A difference means the contract changed: if on purpose, regenerate
and review the diff. The pillars of each chart come from independent sources, repeated
here (the files are not evidence of correctness):

* 1990-05-17 10:30 Shanghai, and lunar 1990 四月廿三 (= 1990-05-17, HKO's 1990 calendar):
  庚午 辛巳 壬午 乙巳 (hand derivation in tests/test_mcp.py);
* 1995-03-08 23:40 深圳: 乙亥 己卯 己亥 甲子 (tests/test_seed.py);
* 1988-02-15 23:30 +08:00 under lunar-python's conventions: 戊辰 甲寅 庚子 戊子 (6tail
  lunar-java BaZiTest, tests/data/reference/peer_cases_public.json);
* 2013-03-08 12:40 Beijing time at 87.6°E, true solar time: 癸巳 乙卯 癸酉 丁巳 (hand
  derivation in tests/test_check.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tools import make_golden

GOLDEN = Path(__file__).resolve().parent / "golden" / "contract"
PILLARS = {
    "1990-05-17-shanghai-male": "庚午 辛巳 壬午 乙巳",
    "1995-03-08-shenzhen-female-explained": "乙亥 己卯 己亥 甲子",
    "1988-02-15-lunar-python-pinyin": "戊辰 甲寅 庚子 戊子",
    "1990-04-23-lunar-date-traditional": "庚午 辛巳 壬午 乙巳",
    "2013-03-08-true-solar-time": "癸巳 乙卯 癸酉 丁巳",
}
SECTIONS = [
    "pillars", "text", "details", "lang", "instant_utc", "local", "options", "month_jie",
    "next_jie", "born_after_jie", "warnings", "lunar_date", "tai_yuan", "tai_xi", "ming_gong",
    "shen_gong", "relations", "elements", "elements_with_hidden", "seasons", "luck",
    "annual", "place", "explanation", "data_versions",
]  # fmt: skip
ASKED = {"explanation", "annual"}  # sections only when asked for


def golden(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    return data


def test_the_files_are_the_cases() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(PILLARS)
    assert [c["id"] for c in make_golden.CASES] == list(PILLARS)


@pytest.mark.parametrize("name", list(PILLARS))
def test_the_contract_is_unchanged(name: str) -> None:
    stored = golden(name)
    assert stored["chart"]["text"] == stored["case"]["pillars"] == PILLARS[name]
    (case,) = [c for c in make_golden.CASES if c["id"] == name]
    assert stored["case"] == case
    now = make_golden.contract(case)
    assert now == stored, (
        f"the JSON contract of {name} changed: if on purpose, run "
        "`python tools/make_golden.py` and review the diff of tests/golden/contract/"
    )


def test_every_section_and_language_is_pinned() -> None:
    charts = [golden(name)["chart"] for name in PILLARS]
    for chart in charts:
        assert [k for k in chart if k not in ASKED] == [s for s in SECTIONS if s not in ASKED]
    pinned = {k for chart in charts for k, v in chart.items() if v is not None}
    assert pinned == set(SECTIONS)
    assert {chart["lang"] for chart in charts} == {"zh", "zh-Hant", "pinyin", "en"}
