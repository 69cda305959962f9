"""The MCP server (api/mcp.py): its six tools through real client sessions (in memory,
over streamable HTTP at /mcp of the HTTP app, and on stdio in a subprocess), answers equal
to the core's, user errors as tool errors that leave the session usable, and no birth data
in any log.

Expected values are published or derived by hand here: 1990-05-17 10:30 in Shanghai is
庚午 辛巳 壬午 乙巳 (the project's published contract); China kept daylight saving from
1990-04-15 to 09-16, so that day's clock ran at +09:00 and each 时辰 starts at an even hour
of the clock; 壬 days start at 庚子 (五鼠遁), so their 辰 and 巳 hours are 甲辰 and 乙巳;
立春 2024 is 16:27 Hong Kong time (HKO), 08:27:07.582 UT in the shipped table.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp")

import httpx2
from fastapi.testclient import TestClient
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp_types import CallToolResult

import bazi
from api import main as api_main
from api import mcp as api_mcp
from api.mcp import server

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[1]
TOOLS = {
    "bazi_chart",
    "bazi_check",
    "bazi_solar_terms",
    "bazi_convert_calendar",
    "bazi_find",
    "bazi_charts_between",
}
BIRTH = {"datetime": "1990-05-17 10:30", "tz": "Asia/Shanghai"}
CONTRACT = "庚午 辛巳 壬午 乙巳"
HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@asynccontextmanager
async def connect(mode: str = "legacy") -> AsyncIterator[Client]:
    """A client session with the server in this process: ``legacy`` is the initialize
    handshake and JSON-RPC over the SDK's in-memory streams; ``auto`` the 2026 protocol."""
    async with Client(server, mode=mode, raise_exceptions=False) as client:
        yield client


def answer(result: CallToolResult) -> dict[str, Any]:
    assert not result.is_error, result.content
    assert result.structured_content is not None
    (block,) = result.content
    data: dict[str, Any] = result.structured_content
    assert block.type == "text" and json.loads(block.text) == data
    return data


def refusal(result: CallToolResult) -> str:
    assert result.is_error
    (block,) = result.content
    assert block.type == "text"
    return block.text


def enums(schema: Any) -> list[Any]:
    """Every ``enum`` value anywhere in a JSON schema fragment."""
    if isinstance(schema, dict):
        return list(schema.get("enum", [])) + [v for x in schema.values() for v in enums(x)]
    if isinstance(schema, list):
        return [v for x in schema for v in enums(x)]
    return []


def listing(tools: list[Any]) -> str:
    """The tool listing as a client receives it (JSON, characters as they are)."""
    return json.dumps(
        [t.model_dump(by_alias=True, exclude_none=True, mode="json") for t in tools],
        ensure_ascii=False,
    )


async def test_six_tools_described_once_with_every_choice_and_default() -> None:
    async with connect() as client:
        listed = (await client.list_tools()).tools
    tools = {t.name: t for t in listed}
    assert set(tools) == TOOLS
    for tool in tools.values():
        text = tool.description or ""
        assert "Computed, not guessed" in text and "quote it as returned" in text, tool.name
        assert tool.annotations is not None and tool.annotations.read_only_hint
        for name, schema in tool.input_schema["properties"].items():
            # Each parameter's text is in the schema, once; the description names none.
            assert schema["description"], (tool.name, name)
            assert f"- {name} (" not in text
    # Every option of the declaration, with its choices and default, in bazi_chart.
    props = tools["bazi_chart"].input_schema["properties"]
    for option in bazi.OPTIONS:
        schema = props[option.name]
        if option.choices:
            assert enums(schema) == [*option.choices, None], option.name
        if option.presettable:
            assert f"Default {option.default!r} (or the preset's)" in schema["description"]
        else:
            assert schema.get("default") == option.default, option.name
    assert enums(props["lang"]) == ["zh", "zh-Hant", "pinyin", "en"]
    assert tools["bazi_chart"].input_schema["required"] == ["datetime"]
    assert "required" not in tools["bazi_charts_between"].input_schema  # tz or place
    assert tools["bazi_check"].input_schema["required"] == ["claim", "datetime"]
    search = ["place", *(o.name for o in bazi.OPTIONS if o.group == "pillar")]
    for name in ("bazi_find", "bazi_charts_between"):
        properties = tools[name].input_schema["properties"]
        assert [p for p in properties if p in search] == search
    check_options = [o.name for o in bazi.OPTIONS if o.group in ("input", "pillar")]
    properties = tools["bazi_check"].input_schema["properties"]
    assert [p for p in properties if p in {o.name for o in bazi.OPTIONS}] == check_options
    assert len(listing(listed)) <= 10_000


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_chart_is_the_core_chart_with_its_explanation(mode: str) -> None:
    async with connect(mode) as client:
        got = answer(await client.call_tool("bazi_chart", BIRTH))
    assert got["text"] == CONTRACT
    assert got["pillars"] == {"year": "庚午", "month": "辛巳", "day": "壬午", "hour": "乙巳"}
    expected = bazi.chart(BIRTH["datetime"], BIRTH["tz"]).to_dict("zh", explanation=True)
    assert got == json.loads(json.dumps(expected))
    assert got["options"]["day_boundary"] == "zi" and got["options"]["solar_time"] == "standard"
    assert got["local"]["dst"] == "+01:00" and got["explanation"]["pillars"]["hour"]


async def test_chart_passes_every_option() -> None:
    options: dict[str, Any] = {
        "gender": "female",
        "lang": "en",
        "preset": "lunar-python",
        "solar_time": "apparent",
        "longitude": 121.47,
        "luck_method": "tyme",
        "palace_school": "lunar",
        "punishment": "full",
    }
    async with connect() as client:
        got = answer(await client.call_tool("bazi_chart", {**BIRTH, **options}))
        lunar = answer(
            await client.call_tool(
                "bazi_chart",
                {"datetime": "1990-04-23 10:30", "tz": "Asia/Shanghai", "calendar": "lunar"},
            )
        )
        repeated = answer(
            await client.call_tool(
                "bazi_chart", {"datetime": "1988-09-11 01:30", "tz": "Asia/Shanghai", "fold": 1}
            )
        )
    core = {k: v for k, v in options.items() if k != "lang"}  # lang goes to to_dict
    want = bazi.chart(BIRTH["datetime"], BIRTH["tz"], **core).to_dict("en", explanation=True)
    assert got == json.loads(json.dumps(want))
    assert got["options"]["day_boundary"] == "midnight"  # the preset's, not given explicitly
    assert got["options"]["luck_method"] == "tyme" and got["luck"] is not None
    assert lunar["text"] == CONTRACT  # lunar 1990-04-23 is 1990-05-17
    assert repeated["local"]["resolution"] == "fold=1 (later)"


async def test_user_errors_are_tool_errors_and_the_session_goes_on() -> None:
    bad: list[tuple[dict[str, Any], str]] = [
        ({**BIRTH, "tz": "Mars/Olympus_Mons"}, "UnknownZoneError (tz): unknown time zone"),
        (
            {"datetime": "1988-04-17 02:30", "tz": "Asia/Shanghai"},
            "NonexistentTimeError (datetime): 1988-04-17 02:30:00 did not exist in Asia/Shanghai",
        ),
        (
            {"datetime": "1988-09-11 01:30", "tz": "Asia/Shanghai"},
            "AmbiguousTimeError (fold): 1988-09-11 01:30:00 happened twice",
        ),
        ({"datetime": "1990-05-17 10:30"}, "NaiveDateTimeError (tz)"),
        ({**BIRTH, "datetime": "1700-01-01 10:00"}, "OutOfRangeError (datetime)"),
        ({**BIRTH, "solar_time": "mean"}, "InvalidInputError (longitude): solar_time='mean'"),
        (
            {**BIRTH, "day_boundary": "noon"},
            "InvalidInputError (day_boundary): day_boundary must be one of 'zi', 'midnight', "
            "'midnight-same-day'; got 'noon'",
        ),
        ({**BIRTH, "longitude": 200}, "InvalidInputError (longitude): longitude must be in"),
        ({**BIRTH, "longitude": "1_0"}, "InvalidInputError (longitude): longitude must be a"),
        ({**BIRTH, "longitude": True}, "InvalidInputError (longitude): longitude must be a"),
        ({**BIRTH, "fold": 2}, "InvalidInputError (fold): fold must be one of 0, 1; got 2"),
        ({**BIRTH, "leap_month": "no"}, "InvalidInputError (leap_month): leap_month must be"),
        ({"tz": "Asia/Shanghai"}, "InvalidArgument (datetime): Field required"),
        ({**BIRTH, "dayBoundary": "midnight"}, "UnknownArgument (dayBoundary)"),
    ]
    async with connect() as client:
        for arguments, message in bad:
            assert message in refusal(await client.call_tool("bazi_chart", arguments)), arguments
        assert answer(await client.call_tool("bazi_chart", BIRTH))["text"] == CONTRACT
        assert (await client.list_tools()).tools


async def test_solar_terms() -> None:
    async with connect() as client:
        got = answer(
            await client.call_tool("bazi_solar_terms", {"year": 2024, "tz": "Asia/Shanghai"})
        )
        utc = answer(await client.call_tool("bazi_solar_terms", {"year": 2024}))
        early = refusal(await client.call_tool("bazi_solar_terms", {"year": 1799}))
        zone = refusal(await client.call_tool("bazi_solar_terms", {"year": 2024, "tz": "Mars"}))
    assert len(got["terms"]) == 24 and got["terms"][0]["name"] == "小寒"
    (lichun,) = (t for t in got["terms"] if t["name"] == "立春")
    assert lichun["instant"] == "2024-02-04T08:27:07.582Z"
    assert lichun["local"] == "2024-02-04T16:27:07.582+08:00"
    assert utc["terms"][2]["local"] == "2024-02-04T08:27:07.582+00:00"
    assert early.startswith("InvalidArgument (year): Input should be greater than or equal to 1800")
    assert zone.startswith("UnknownZoneError (tz)")


async def test_convert_calendar_both_ways() -> None:
    async with connect() as client:
        to_lunar = answer(await client.call_tool("bazi_convert_calendar", {"date": "1990-05-17"}))
        back = answer(
            await client.call_tool(
                "bazi_convert_calendar", {"date": "1990-04-23", "from_calendar": "lunar"}
            )
        )
        leap = answer(
            await client.call_tool(
                "bazi_convert_calendar",
                {"date": "1990-05-29", "from_calendar": "lunar", "leap_month": True},
            )
        )
        no_leap = refusal(
            await client.call_tool(
                "bazi_convert_calendar",
                {"date": "1991-05-29", "from_calendar": "lunar", "leap_month": True},
            )
        )
        misplaced = refusal(
            await client.call_tool(
                "bazi_convert_calendar", {"date": "1990-05-17", "leap_month": True}
            )
        )
        unreadable = refusal(await client.call_tool("bazi_convert_calendar", {"date": "17/5/1990"}))
    assert to_lunar["gregorian"] == back["gregorian"] == "1990-05-17"
    assert to_lunar["lunar"] == back["lunar"]
    assert to_lunar["lunar"] | {"hanzi": ""} == {
        "year": 1990,
        "month": 4,
        "day": 23,
        "leap": False,
        "hanzi": "",
        "uncertain": False,
    }
    assert leap["lunar"]["hanzi"] == "1990年闰五月廿九" and leap["gregorian"] == "1990-07-21"
    assert no_leap.startswith("InvalidLunarDateError (date)") and "no leap month" in no_leap
    assert misplaced.startswith("InvalidInputError (leap_month)")
    assert unreadable.startswith("InvalidInputError (date)")


async def test_find() -> None:
    async with connect() as client:
        got = answer(await client.call_tool("bazi_find", {"pillars": CONTRACT}))
        narrow = answer(
            await client.call_tool(
                "bazi_find", {"pillars": "庚午辛巳壬午", "start": 1990, "end": 1990, "tz": "+08:00"}
            )
        )
        impossible = refusal(await client.call_tool("bazi_find", {"pillars": "庚午 丙申 壬午"}))
    assert got["count"] == 3 and got["options"]["day_boundary"] == "zi"
    assert [m["start"][:4] for m in got["matches"]] == ["1930", "1990", "2170"]
    assert got["matches"][1] | {"start_utc": "", "end_utc": ""} == {
        "start": "1990-05-17T09:00:00.000+08:00",
        "end": "1990-05-17T11:00:00.000+08:00",
        "start_utc": "",
        "end_utc": "",
        "pillars": CONTRACT,
    }
    # Three pillars: the whole 壬午 day (zi school: from 23:00 the evening before).
    assert [(m["start"], m["end"]) for m in narrow["matches"]] == [
        ("1990-05-16T23:00:00.000+08:00", "1990-05-17T23:00:00.000+08:00")
    ]
    assert impossible.startswith("InvalidPillarError (pillars)") and "甲申" in impossible


async def test_charts_between_a_span_and_a_whole_day() -> None:
    async with connect() as client:
        span = answer(
            await client.call_tool(
                "bazi_charts_between",
                {"tz": "Asia/Shanghai", "start": "1990-05-17 08:00", "end": "1990-05-17 12:00"},
            )
        )
        day = answer(
            await client.call_tool(
                "bazi_charts_between", {"tz": "Asia/Shanghai", "date": "1990-05-17"}
            )
        )
        neither = refusal(await client.call_tool("bazi_charts_between", {"tz": "Asia/Shanghai"}))
        both = refusal(
            await client.call_tool(
                "bazi_charts_between",
                {"tz": "Asia/Shanghai", "date": "1990-05-17", "start": "1990-05-17 08:00"},
            )
        )
        gap = refusal(
            await client.call_tool(
                "bazi_charts_between",
                {"tz": "Asia/Shanghai", "start": "1988-04-17 02:30", "end": "1988-04-17 06:00"},
            )
        )
    assert [(s["start"][11:16], s["end"][11:16], s["pillars"]) for s in span["segments"]] == [
        ("08:00", "10:00", "庚午 辛巳 壬午 甲辰"),
        ("10:00", "12:00", CONTRACT),
    ]
    assert day["count"] == 12 and day["date"] == "1990-05-17"
    first, last = day["segments"][0], day["segments"][-1]
    assert (first["start"], first["pillars"]) == (
        "1990-05-17T00:00:00.000+09:00",
        "庚午 辛巳 壬午 庚子",
    )
    assert (last["end"], last["pillars"]) == (
        "1990-05-18T00:00:00.000+09:00",
        "庚午 辛巳 壬午 辛亥",
    )
    assert neither.startswith("InvalidInputError (start)")
    assert both.startswith("InvalidInputError (date)")
    assert gap.startswith("NonexistentTimeError (start)")


async def test_the_seed_birth_by_place() -> None:
    """The question of seeds/: 1995-03-08 23:40 in 深圳, female. 深圳 is on Beijing time
    (Asia/Shanghai, no daylight saving in 1995); 23:40 is in the 子 hour, which under the
    default zi school belongs to the next day, 1995-03-09. Hand derivation: 1995-03-09 is
    day ordinal 728361, (728361 + 14) mod 60 = 35 → 己亥; 己 days start at 甲子 (五鼠遁);
    惊蛰 1995 fell on 03-06 01:16 UT (DE423, tools/), so the month is 卯, and 乙亥 year's 卯
    month is 己卯 (五虎遁)."""
    birth = {"datetime": "1995-03-08 23:40", "place": "深圳", "gender": "female"}
    async with connect() as client:
        got = answer(await client.call_tool("bazi_chart", birth))
    assert got["text"] == "乙亥 己卯 己亥 甲子"
    assert got["place"]["label"] == "Shenzhen, Guangdong, China"
    assert got["local"]["zone"] == "Asia/Shanghai"
    assert got["luck"]["gender"] == "female" and got["explanation"]["alternatives"]


async def test_check_the_seed_claim_with_a_diagnosis() -> None:
    """A chatbot-style answer for the seed birth (see above: 乙亥 己卯 己亥 甲子), with the
    day kept on 1995-03-08 (戊戌, one day before 己亥) and 23:00 keeping that day's stem (a
    戊 day's 子 hour is 壬子): the midnight-same-day school."""
    answer_text = "年柱：乙亥\n月柱：己卯\n日柱：戊戌\n时柱：壬子\n日主戊土……"
    arguments = {"claim": answer_text, "datetime": "1995-03-08 23:40", "place": "深圳"}
    async with connect() as client:
        got = answer(await client.call_tool("bazi_check", arguments))
        unreadable = refusal(
            await client.call_tool("bazi_check", {**arguments, "claim": "no chart at all"})
        )
        no_zone = refusal(
            await client.call_tool(
                "bazi_check", {"claim": "乙亥 己卯 己亥 甲子", "datetime": "1995-03-08 23:40"}
            )
        )
        extra = refusal(await client.call_tool("bazi_check", {**arguments, "gender": "female"}))
    assert got["verdict"] == "wrong" and got["claim"]["text"] == "乙亥 己卯 戊戌 壬子"
    assert got["right"] == {"year": "乙亥", "month": "己卯", "day": "己亥", "hour": "甲子"}
    assert got["diagnosis"][0]["id"] == "day_boundary" and got["diagnosis"][0]["whole_claim"]
    assert "midnight-same-day" in got["diagnosis"][0]["detail"]
    assert unreadable.startswith("InvalidInputError (claim): found no pillar")
    assert no_zone.startswith("NaiveDateTimeError (tz)")
    assert extra.startswith("UnknownArgument (gender)")


async def test_a_bug_is_an_error_result_without_its_text(caplog: pytest.LogCaptureFixture) -> None:
    """The wrapper every tool runs in, given a computation that fails as a bug would (the
    engine itself is never replaced in these tests)."""

    def broken(arguments: dict[str, Any]) -> dict[str, Any]:
        raise KeyError(arguments["datetime"])

    probe = api_mcp._Tool("probe", "A failing tool.", [], broken, "datetime")
    result = api_mcp._answer(probe, {"datetime": "1987-03-14 06:45 Asia/Shanghai"})
    text = refusal(result)
    assert text.startswith("InternalError: the engine failed (KeyError)")
    assert "1987" not in text and "1987" not in caplog.text
    assert "probe raised KeyError at test_mcp.py" in caplog.text


SECRETS = ("1987-03-14", "1987-3-14", "06:45", "Shanghai", "Nowhere")
CLIENT_LOGGERS = ("mcp.client", "httpx", "httpx2", "httpcore", "httpcore2")


def _calls() -> list[tuple[str, dict[str, Any]]]:
    birth = {"datetime": "1987-03-14 06:45", "tz": "Asia/Shanghai"}
    return [
        ("bazi_chart", {**birth, "gender": "female"}),
        ("bazi_chart", {**birth, "tz": "Nowhere/Land"}),
        ("bazi_chart", {**birth, "day_boundary": "noon"}),
        ("bazi_chart", {**birth, "colour": "red"}),
        ("bazi_chart", {"datetime": "1987-03-14 06:45"}),
        ("bazi_convert_calendar", {"date": "1987-03-14"}),
        ("bazi_charts_between", {"tz": "Asia/Shanghai", "date": "1987-03-14"}),
        ("bazi_charts_between", {"tz": "Asia/Shanghai", "start": "1987-03-14 06:45"}),
        ("bazi_check", {**birth, "claim": "丁卯 癸卯 壬午 癸卯"}),
        ("bazi_check", {**birth, "claim": "1987-03-14 06:45 Shanghai"}),
        ("bazi_chart", {"datetime": "1987-03-14 06:45", "place": "Shanghai"}),  # either way
    ]


async def test_no_birth_data_in_any_log_record(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("", "mcp", "bazi", "api", "uvicorn", "starlette"):
        caplog.set_level(logging.DEBUG, logger=name)
    async with connect() as client:
        results = [await client.call_tool(name, args) for name, args in _calls()]
    assert [r.is_error for r in results][:-1] == [
        *(False, True, True, True, True, False, False, True),
        *(False, True),
    ]
    with TestClient(api_main.app, base_url="http://localhost") as http:
        for i, (name, args) in enumerate(_calls()):
            body = {"jsonrpc": "2.0", "id": i, "method": "tools/call"}
            body["params"] = {"name": name, "arguments": args}
            assert http.post("/mcp", json=body, headers=HEADERS).status_code == 200

    records = [r for r in caplog.records if not r.name.startswith(CLIENT_LOGGERS)]
    assert any(r.name == "bazi.api" and r.getMessage().startswith("POST /mcp 200") for r in records)
    lines = [r.getMessage() for r in records]
    lines += [f"{r.args!r} {r.exc_text or ''} {r.stack_info or ''}" for r in records]
    leaks = [line for line in lines if any(s in line for s in SECRETS)]
    assert not leaks, f"birth data in the log: {leaks}"


def _initialize(client: TestClient) -> Any:
    body = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "test", "version": "0"},
        },
    }
    return client.post("/mcp", json=body, headers=HEADERS)


def test_http_app_serves_mcp_at_slash_mcp_in_its_lifespan() -> None:
    assert api_main.mcp_http is not None
    outside = _initialize(
        TestClient(api_main.app, base_url="http://localhost")
    )  # no lifespan: the endpoint is not running
    assert outside.status_code == 503
    for _ in range(2):  # a new session manager in every lifespan
        with TestClient(api_main.app, base_url="http://localhost") as client:
            r = _initialize(client)
            assert r.status_code == 200 and r.headers["content-type"] == "application/json"
            assert r.json()["result"]["serverInfo"]["name"] == "bazi-reference"
            call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call"}
            call["params"] = {"name": "bazi_chart", "arguments": BIRTH}
            r = client.post("/mcp", json=call, headers=HEADERS)
            assert r.json()["result"]["structuredContent"]["text"] == CONTRACT
            assert client.get("/v1/chart", params=BIRTH).json()["text"] == CONTRACT
            paths = client.get("/openapi.json").json()["paths"]
            assert "/v1/chart" in paths and "/mcp" not in paths


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_sdk_client_over_streamable_http(mode: str) -> None:
    endpoint = api_main.mcp_http
    assert endpoint is not None
    transport = httpx2.ASGITransport(app=api_main.app)
    async with (
        endpoint.running(),
        httpx2.AsyncClient(transport=transport, base_url="http://localhost") as http,
        Client(
            streamable_http_client("http://localhost/mcp", http_client=http), mode=mode
        ) as client,
    ):
        assert {t.name for t in (await client.list_tools()).tools} == TOOLS
        bad = {"datetime": "1988-04-17 02:30", "tz": "Asia/Shanghai"}
        assert "NonexistentTimeError" in refusal(await client.call_tool("bazi_chart", bad))
        assert answer(await client.call_tool("bazi_chart", BIRTH))["text"] == CONTRACT


async def test_stdio_server_in_a_subprocess(tmp_path: Path) -> None:
    params = StdioServerParameters(
        command=sys.executable, args=["-c", "from api.mcp import main; main()"], cwd=ROOT
    )
    stderr = tmp_path / "stderr.txt"
    with stderr.open("w") as errlog:
        async with Client(stdio_client(params, errlog=errlog)) as client:
            bad = {"datetime": "1987-03-14 06:45", "tz": "Nowhere/Land"}
            assert refusal(await client.call_tool("bazi_chart", bad)).startswith("UnknownZoneError")
            assert answer(await client.call_tool("bazi_chart", BIRTH))["text"] == CONTRACT
    assert not any(s in stderr.read_text() for s in SECRETS)
