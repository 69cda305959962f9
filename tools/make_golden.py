"""Write the JSON-contract golden files, ``tests/golden/contract/*.json``.

Each file pins the whole ``Chart.to_dict()`` of one chart: every key, its nesting and its
values, so that a change of the JSON contract shows as a diff in review. Together the
charts cover every section of ``to_dict()`` (reading, luck, place, explanation, lunar date,
each ``lang``). Regenerate only on purpose, and review the diff::

    python tools/make_golden.py

The files pin the shape, not the truth: each case's pillars come from an independent source
named in ``CASES`` (a hand derivation or a peer's documented chart), and this script refuses
to write a chart whose pillars differ from them. Version strings (engine, solar-term table,
tzdata, places) are written as ``"<version>"``: a new tzdata changes no contract.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "tests" / "golden" / "contract"
GENERATOR = "python tools/make_golden.py"

CASES: list[dict[str, Any]] = [
    {
        "id": "1990-05-17-shanghai-male",
        "when": "1990-05-17 10:30",
        "options": {"tz": "Asia/Shanghai", "gender": "male"},
        "lang": "zh",
        "explanation": False,
        "years": "2024-2025",
        "pillars": "庚午 辛巳 壬午 乙巳",
        "source": "hand derivation (tests/test_mcp.py): China's daylight saving made 10:30 "
        "09:30 standard time, the 巳 hour of 壬午 (1990-05-17); 立夏 05-05 opened 辛巳 of 庚午",
    },
    {
        "id": "1995-03-08-shenzhen-female-explained",
        "when": "1995-03-08 23:40",
        "options": {"place": "深圳", "gender": "female"},
        "lang": "en",
        "explanation": True,
        "pillars": "乙亥 己卯 己亥 甲子",
        "source": "hand derivation (tests/test_seed.py): zi school, 23:40 is the 子 hour of "
        "1995-03-09 己亥; 惊蛰 03-06 opened 己卯 of 乙亥",
    },
    {
        "id": "1988-02-15-lunar-python-pinyin",
        "when": "1988-02-15 23:30",
        "options": {"tz": "+08:00", "preset": "lunar-python"},
        "lang": "pinyin",
        "explanation": False,
        "pillars": "戊辰 甲寅 庚子 戊子",
        "source": "6tail/lunar-java BaZiTest (peer_cases_public.json "
        "lunar-java/BaZiTest/1988-02-15T23:30/sect2): day at 00:00, late 子 hour of the next day",
    },
    {
        "id": "1990-04-23-lunar-date-traditional",
        "when": "1990-04-23 10:30",
        "options": {
            "tz": "Asia/Shanghai",
            "calendar": "lunar",
            "palace_school": "lunar",
            "punishment": "full",
        },
        "lang": "zh-Hant",
        "explanation": False,
        "pillars": "庚午 辛巳 壬午 乙巳",
        "source": "lunar 1990 四月廿三 is 1990-05-17 (Hong Kong Observatory's 1990 calendar), "
        "the first case's birth",
    },
    {
        "id": "2013-03-08-true-solar-time",
        "when": "2013-03-08 12:40",
        "options": {"tz": "Asia/Shanghai", "solar_time": "apparent", "longitude": 87.6},
        "lang": "en",
        "explanation": False,
        "pillars": "癸巳 乙卯 癸酉 丁巳",
        "source": "hand derivation (tests/test_check.py): mean solar time at 87.6°E is 10:30, "
        "true solar time within 17 min of it, the 巳 hour of 癸酉; 惊蛰 2013-03-05 18:15 HKT "
        "(HKO) opened 乙卯 of 癸巳",
    },
]


def masked(data: Any) -> Any:
    """``data`` with every version string replaced by ``"<version>"``."""
    if isinstance(data, dict):
        return {
            k: dict.fromkeys(v, "<version>") if k == "data_versions" else masked(v)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [masked(v) for v in data]
    return data


def contract(case: dict[str, Any]) -> dict[str, Any]:
    """The golden file of ``case``: the case itself and its chart's ``to_dict()``."""
    import bazi

    options = dict(case["options"])
    tz = options.pop("tz", None)
    chart = bazi.chart(case["when"], tz, **options)
    if str(chart.pillars) != case["pillars"]:
        raise SystemExit(
            f"{case['id']}: the engine gives {chart.pillars}, the source {case['pillars']} "
            f"({case['source']}); not written"
        )
    data = chart.to_dict(case["lang"], explanation=case["explanation"], years=case.get("years"))
    return {"case": case, "chart": masked(json.loads(json.dumps(data)))}


def text(case: dict[str, Any]) -> str:
    return json.dumps(contract(case), ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        path = OUTPUT / f"{case['id']}.json"
        path.write_text(text(case), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
