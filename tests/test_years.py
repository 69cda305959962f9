"""流年 and 流月 on every face (``years=``): each value derived by hand or published.

Hand rules: the year pillar is (year − 4) mod 60; the month stems follow the year stem
(五虎遁: 乙庚 → 戊寅); the ten god of a stem against the day master 己 (yin earth): 乙 (yin
wood, which controls earth, same polarity) 七杀, 戊 (yang earth) 劫财, 庚 (yang metal,
which earth produces, other polarity) 伤官. 立春 2025 at 22:10 on 02-03 Beijing time (HKO).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import bazi

SEED = ("1995-03-08 23:40", "Asia/Shanghai")  # 乙亥 己卯 己亥 甲子: day master 己


def test_the_year_2025_and_its_months() -> None:
    (row,) = bazi.chart(*SEED, gender="female").to_dict(years=2025)["annual"]
    assert (row["year"], row["pillar"], row["ten_god"]) == (2025, "乙巳", "七杀")
    assert row["age_nominal"] == 2025 - 1995 + 1
    months = row["months"]
    assert len(months) == 12 and months[0]["jie"] == "立春"
    assert months[0]["start"] == "2025-02-03T22:10+08:00"
    assert (months[0]["pillar"], months[0]["ten_god"]) == ("戊寅", "劫财")
    assert (months[2]["pillar"], months[2]["ten_god"]) == ("庚辰", "伤官")
    assert [m["jie"] for m in months][-1] == "小寒"


def test_luck_and_minor_luck_in_force() -> None:
    """The seed's luck starts 2004 (its first luck pillar 庚辰, forward from 己卯 for a woman
    born in a yin year): 2003 is still 小运, 2004 the first luck pillar's."""
    c = bazi.chart(*SEED, gender="female")
    assert c.luck is not None and c.luck.pillars[0].start_year == 2004
    rows = {r["year"]: r for r in c.to_dict(years="2003-2004")["annual"]}
    assert rows[2003]["luck_pillar"] is None and rows[2003]["minor_luck"] is not None
    assert rows[2004]["luck_pillar"] == "庚辰" and rows[2004]["minor_luck"] is None
    # Without a gender there is no luck, and the years are still there.
    (row,) = bazi.chart(*SEED).to_dict(years=1990)["annual"]
    assert row["luck_pillar"] is None and row["age_nominal"] is None  # before the birth
    assert row["pillar"] == "庚午"


@pytest.mark.parametrize(
    "years", ["2024-2034", "2024–2034", "2024~2034", "2024到2034", (2024, 2034)]
)
def test_spans(years: object) -> None:
    rows = bazi.chart(*SEED).to_dict(years=years)["annual"]  # type: ignore[arg-type]
    assert [r["year"] for r in rows] == list(range(2024, 2035))


@pytest.mark.parametrize(
    ("years", "error", "message"),
    [
        ("2030-2020", bazi.InvalidInputError, "ends before it begins"),
        ("next year", bazi.InvalidInputError, "e.g. 2025 or 2024-2034"),
        ("1700", bazi.OutOfRangeError, "1800-2199"),
        ("2000-2200", bazi.OutOfRangeError, "1800-2199"),
        ("1800-2000", bazi.InvalidInputError, "at most 120 years"),
    ],
)
def test_refused_spans(years: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message) as info:
        bazi.chart(*SEED).to_dict(years=years)
    assert getattr(info.value, "field", None) == "years"


def test_cli_http_and_mcp() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bazi", "chart", SEED[0], "--tz", SEED[1], "--gender", "female",
         "--years", "2025"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "流年：" in run.stdout and "2025 流月：" in run.stdout
    assert "立春  2025-02-03 22:10 UTC+08:00  戊寅  劫财" in run.stdout
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from api.main import app

    client = TestClient(app)
    query = {"datetime": "1995-03-08T23:40", "tz": SEED[1], "years": "2024-2026"}
    got = client.get("/v1/chart", params=query).json()
    assert [r["pillar"] for r in got["annual"]] == ["甲辰", "乙巳", "丙午"]
    bad = client.get("/v1/chart", params={**query, "years": "2026-2024"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "years"
    import asyncio

    pytest.importorskip("mcp")
    from mcp import Client

    from api.mcp import server

    async def call() -> dict[str, object]:
        async with Client(server) as mcp_client:
            result = await mcp_client.call_tool(
                "bazi_chart", {"datetime": SEED[0], "tz": SEED[1], "years": "2025"}
            )
        assert result.structured_content is not None
        return result.structured_content

    answer = asyncio.run(call())
    assert json.dumps(answer["annual"], ensure_ascii=False).count('"乙巳"') == 1
