"""Presets reproduce each peer's documented pillars with one word (no other option)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import bazi

PATH = Path(__file__).parent / "data" / "reference" / "peer_cases_public.json"
PRESET_OF_SECT = {
    "6tail lunar EightChar sect=2": "lunar-python",
    "6tail tyme DefaultEightCharProvider": "tyme",
    "liyooh007/bazi-chart default": "bazi-chart",
}


def _cases() -> list[tuple[str, dict[str, Any]]]:
    with open(PATH, encoding="utf-8") as f:
        cases = json.load(f)
    out = []
    for c in cases:
        name = (c["input"].get("sect") or {}).get("name", "")
        preset = next((p for prefix, p in PRESET_OF_SECT.items() if name.startswith(prefix)), None)
        e = c["expected"]
        if (
            preset
            and c["kind"] in ("instant", "luck")
            and all(k in e for k in ("year", "month", "day", "hour"))
            and 1800 <= int(c["input"]["date"][:4]) <= 2199
        ):
            out.append((preset, c))
    return out


CASES = _cases()


@pytest.mark.parametrize(("preset", "case"), CASES, ids=[c["id"] for _, c in CASES])
def test_preset_reproduces_peer(preset: str, case: dict[str, Any]) -> None:
    inp, e = case["input"], case["expected"]
    extra: dict[str, Any] = {}
    if inp.get("longitude") is not None:
        extra["longitude"] = inp["longitude"]  # bazi-chart then reads true solar time
    if inp["calendar"] == "lunar":
        extra.update(calendar="lunar", leap_month=bool(inp.get("leap_month")))
    c = bazi.chart(f"{inp['date'][:10]} {inp['time']}", tz="+08:00", preset=preset, **extra)  # type: ignore[arg-type]
    assert str(c.pillars) == f"{e['year']} {e['month']} {e['day']} {e['hour']}"


def test_every_preset_is_exercised() -> None:
    assert {p for p, _ in CASES} == set(PRESET_OF_SECT.values())
    assert len(CASES) >= 45
