"""Every chart option on every face, with the same choices and default as its declaration
in ``bazi/options.py``; and an option added to the declaration alone appearing everywhere.

Faces: the library (``bazi.chart`` and its ``ChartOptions``, ``bazi.check`` and its
``CheckOptions``), the CLI (``bazi chart``, ``bazi check`` and the pillar-school commands),
HTTP (``GET``/``POST /v1/chart``, ``POST /v1/check``, the search endpoints, ``/v1/options``),
MCP (``bazi_chart``, ``bazi_check``, ``bazi_find``, ``bazi_charts_between``). The web page
builds its form from ``/v1/options`` (checked in Chromium by ``tests/test_web_page.py``).
Each face runs the real engine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, get_type_hints

import pytest

import bazi
from bazi.cli import _parser

pytest.importorskip("fastapi")
pytest.importorskip("mcp")

from fastapi.testclient import TestClient
from mcp import Client

from api.main import app
from api.mcp import server

ROOT = Path(__file__).resolve().parents[1]
PILLAR = [o for o in bazi.OPTIONS if o.group == "pillar"]
# A search (find, a span, a day) takes the birthplace too: its clock and longitude.
SEARCH = [o for o in bazi.OPTIONS if o.name == "place"] + PILLAR
CHECK = [o for o in bazi.OPTIONS if o.group in ("input", "pillar")]
BIRTH = {"datetime": "1990-05-17 10:30", "tz": "Asia/Shanghai"}


def _subcommand(name: str) -> argparse.ArgumentParser:
    parser = _parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found: argparse.ArgumentParser = sub.choices[name]
    return found


def _flags(command: str) -> dict[str, argparse.Action]:
    return {a.dest: a for a in _subcommand(command)._actions}


def _enum(schema: dict[str, Any]) -> list[Any]:
    for part in schema.get("anyOf", [schema]):
        if "enum" in part:
            return [c for c in part["enum"] if c is not None]
    return []


def test_the_library_takes_exactly_the_declared_options() -> None:
    assert list(get_type_hints(bazi.ChartOptions)) == [o.name for o in bazi.OPTIONS]
    groups = {"input": bazi.InputOptions, "pillar": bazi.PillarSchool}
    groups["reading"] = bazi.ReadingSchool
    for group, declared in groups.items():
        assert list(get_type_hints(declared)) == [o.name for o in bazi.OPTIONS if o.group == group]
    assert list(get_type_hints(bazi.CheckOptions)) == [o.name for o in CHECK]
    # Not given, each school option takes its default; the answer reports every one.
    assert bazi.chart(BIRTH["datetime"], BIRTH["tz"]).to_dict()["options"] == {
        o.name: o.default for o in bazi.OPTIONS if o.group != "input"
    }


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("chart", bazi.OPTIONS),
        ("check", CHECK),
        ("find", SEARCH),
        ("between", SEARCH),
        ("day", SEARCH),
        ("batch", [bazi.OPTIONS[2], *PILLAR]),  # fold and the pillar school
    ],
)
def test_cli_flags(command: str, options: list[bazi.Option]) -> None:
    flags = _flags(command)
    declared = {a.dest for a in flags.values() if a.option_strings} & {o.name for o in bazi.OPTIONS}
    assert declared == {o.name for o in options}
    for o in options:
        action = flags[o.name]
        assert action.option_strings == ["--" + o.name.replace("_", "-")]
        assert action.default == o.face_default
        assert tuple(action.choices or ()) == o.choices
        assert action.help is not None and o.help in action.help
        assert (
            f"Default {'none' if o.default is None else ''}" in action.help
            or repr(o.default).lower() in action.help.lower()
        )


def test_http_schemas() -> None:
    spec = TestClient(app).get("/openapi.json").json()
    components = spec["components"]["schemas"]
    get_parameters = {p["name"]: p for p in spec["paths"]["/v1/chart"]["get"]["parameters"]}
    body = components["ChartRequest"]["properties"]
    for o in bazi.OPTIONS:
        for schema in (get_parameters[o.name]["schema"], body[o.name]):
            assert _enum(schema) == list(o.choices), o.name
            assert schema.get("default") == o.face_default, o.name
            assert o.help in schema["description"]
    check = components["CheckRequest"]["properties"]
    assert [n for n in check if n in {o.name for o in bazi.OPTIONS}] == [o.name for o in CHECK]
    for o in CHECK:
        assert _enum(check[o.name]) == list(o.choices), o.name
        assert check[o.name].get("default") == o.face_default, o.name
        assert o.help in check[o.name]["description"]
    for path in ("/v1/find", "/v1/charts-between", "/v1/day"):
        names = [p["name"] for p in spec["paths"][path]["get"]["parameters"]]
        assert [n for n in names if n in {o.name for o in bazi.OPTIONS}] == [o.name for o in SEARCH]
    declared = TestClient(app).get("/v1/options").json()
    assert declared["options"] == [json.loads(json.dumps(o.to_dict())) for o in bazi.OPTIONS]
    assert declared["langs"] == list(bazi.LANGS)


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_mcp_schemas(anyio_backend: str) -> None:
    async with Client(server) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    for tool, options in (
        ("bazi_chart", bazi.OPTIONS),
        ("bazi_check", CHECK),
        ("bazi_find", SEARCH),
        ("bazi_charts_between", SEARCH),
    ):
        properties = tools[tool].input_schema["properties"]
        assert [p for p in properties if p in {o.name for o in bazi.OPTIONS}] == [
            o.name for o in options
        ]
        for o in options:
            assert _enum(properties[o.name]) == list(o.choices), (tool, o.name)
            assert properties[o.name].get("default") == o.face_default, (tool, o.name)
            # Each parameter's text once: in bazi_chart; the other tools point to it.
            text = o.help if tool == "bazi_chart" else "As in bazi_chart."
            assert text in properties[o.name]["description"], (tool, o.name)
            if o.presettable:
                assert (
                    f"Default {o.default!r} (or the preset's)" in properties[o.name]["description"]
                )


def _school_choices() -> list[tuple[str, Any]]:
    """Every choice of every school option other than its default."""
    return [
        (o.name, c) for o in bazi.OPTIONS if o.group != "input" for c in o.choices if c != o.default
    ]


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
@pytest.mark.parametrize(("name", "value"), _school_choices())
async def test_every_choice_reaches_the_engine_on_every_face(
    anyio_backend: str, name: str, value: Any
) -> None:
    """The same option given on each face gives the library's answer, which reports it."""
    given = {"longitude": 121.47, "gender": "male", name: value}  # longitude for solar time
    want = json.loads(json.dumps(bazi.chart(BIRTH["datetime"], BIRTH["tz"], **given).to_dict()))
    if name != "preset":
        assert want["options"][name] == value
    flags = [a for k, v in given.items() for a in ("--" + k.replace("_", "-"), str(v))]
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "bazi",
            "chart",
            BIRTH["datetime"],
            "--tz",
            BIRTH["tz"],
            "--json",
            *flags,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout) == want
    http = TestClient(app)
    assert http.get("/v1/chart", params={**BIRTH, **given}).json() == want
    assert http.post("/v1/chart", json={**BIRTH, **given}).json() == want
    async with Client(server) as client:
        result = await client.call_tool("bazi_chart", {**BIRTH, **given})
    assert not result.is_error, result.content
    mcp = dict(result.structured_content or {})
    mcp.pop("explanation")
    assert mcp == want


def test_input_options_on_every_face() -> None:
    """calendar, leap_month, fold and place, each on the library, the CLI and HTTP.

    Lunar 1990-04-23 is 1990-05-17 and leap lunar 1990 五月廿九 is 1990-07-21 (Hong Kong
    Observatory's 1990 calendar); 1988-09-11 01:30 happened twice in China (daylight saving
    ended at 02:00), fold 1 the later."""
    cases: list[tuple[dict[str, Any], str]] = [
        ({"datetime": "1990-04-23 10:30", "calendar": "lunar"}, "1990-05-17T10:30:00"),
        (
            {"datetime": "1990-05-29 10:30", "calendar": "lunar", "leap_month": True},
            "1990-07-21T10:30:00",
        ),
        ({"datetime": "1988-09-11 01:30", "fold": 1}, "fold=1 (later)"),
        ({"datetime": "1995-03-08 23:40", "place": "深圳"}, "Shenzhen, Guangdong, China"),
    ]
    http = TestClient(app)
    for given, shows in cases:
        tz = {} if "place" in given else {"tz": "Asia/Shanghai"}
        options = {k: v for k, v in given.items() if k != "datetime"}
        want = json.loads(json.dumps(bazi.chart(given["datetime"], **tz, **options).to_dict()))
        assert shows in json.dumps(want, ensure_ascii=False)
        flags = []
        for k, v in options.items():
            flags += ["--" + k.replace("_", "-")] + ([] if v is True else [str(v)])
        cli = subprocess.run(
            [sys.executable, "-m", "bazi", "chart", given["datetime"], "--json", *flags]
            + [a for k, v in tz.items() for a in ("--" + k, v)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert cli.returncode == 0, cli.stderr
        assert json.loads(cli.stdout) == want
        query = {**given, **tz, **{k: str(v).lower() for k, v in options.items() if v is True}}
        assert http.get("/v1/chart", params=query).json() == want
        assert http.post("/v1/chart", json={**given, **tz}).json() == want


THROWAWAY = """
    throwaway: Annotated[
        Literal["a", "b"] | None,
        Spec(
            "a",
            label=("Throwaway", "试验", "試驗"),
            help=("A throwaway option of the parity test.", "一个试验选项。"),
        ),
    ]
"""

PROBE = r"""
import asyncio, json
import bazi
from bazi.cli import _parser
from fastapi.testclient import TestClient
from api.main import app
from mcp import Client
from api.mcp import server

birth = {"datetime": "1990-05-17T10:30", "tz": "+08:00"}
out = {}
out["library_default"] = bazi.chart(birth["datetime"], "+08:00").options.throwaway
out["library_given"] = bazi.chart(birth["datetime"], "+08:00", throwaway="b").options.throwaway
try:
    bazi.chart(birth["datetime"], "+08:00", throwaway="c")
except bazi.InvalidInputError as error:
    out["library_refuses"] = error.field
chart_command = _parser()._subparsers._group_actions[0].choices["chart"]
out["cli"] = "--throwaway {a,b}" in chart_command.format_help()
http = TestClient(app)
out["get"] = http.get("/v1/chart", params={**birth, "throwaway": "b"}).json()["options"]
out["post"] = http.post("/v1/chart", json={**birth, "throwaway": "b"}).json()["options"]
out["refused"] = http.get("/v1/chart", params={**birth, "throwaway": "c"}).json()["detail"]
paths = http.get("/openapi.json").json()["paths"]
out["openapi"] = [p["name"] for p in paths["/v1/chart"]["get"]["parameters"]]
out["page"] = http.get("/v1/options").json()["options"]


async def mcp():
    async with Client(server) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        result = await client.call_tool("bazi_chart", {**birth, "throwaway": "b"})
    schema = tools["bazi_chart"].input_schema["properties"]["throwaway"]
    return schema["enum"], result.structured_content["options"]["throwaway"]


out["mcp_enum"], out["mcp_answer"] = asyncio.run(mcp())
print(json.dumps(out))
"""


def test_an_option_added_to_the_declaration_alone_appears_on_every_face(tmp_path: Path) -> None:
    """Copy the package and the API, add one option to ``ReadingSchool`` in
    ``bazi/options.py`` and nothing else, and use it on every face."""
    for package in ("bazi", "api"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    options = tmp_path / "bazi" / "options.py"
    source = options.read_text(encoding="utf-8")
    anchor = (
        '    """The school of the reading: luck pillars, palaces, relations, stars, seasons."""\n'
    )
    assert anchor in source
    options.write_text(source.replace(anchor, anchor + THROWAWAY), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(PROBE)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    got = json.loads(run.stdout.strip().splitlines()[-1])
    assert got["library_default"] == "a" and got["library_given"] == "b"
    assert got["library_refuses"] == "throwaway"
    assert got["cli"] is True
    assert got["get"]["throwaway"] == got["post"]["throwaway"] == "b"
    assert got["refused"][0]["loc"] == ["query", "throwaway"]
    assert "throwaway" in got["openapi"]
    (declared,) = (o for o in got["page"] if o["name"] == "throwaway")
    assert declared["choices"] == ["a", "b"] and declared["default"] == "a"
    assert got["mcp_enum"] == ["a", "b", None] and got["mcp_answer"] == "b"
