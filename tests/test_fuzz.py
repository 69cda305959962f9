"""Hostile input on every face: the library raises only its own errors, the CLI exits 0 or 2
with one line and no traceback, HTTP never answers 5xx, MCP never reports an internal error.

Each test draws ``BAZI_FUZZ_EXAMPLES`` inputs (default 60); the ``slow`` tests draw ten
times as many (``pytest -m slow``, not in CI's default run). Inputs mix what people and
attackers send: dates and times right and wrong, the range's edges and years 1-9999,
zones real and forged, numbers in every notation, booleans as text, control characters,
very long text, and values of the wrong type.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import string
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bazi
from bazi.cli import main

EXAMPLES = int(os.environ.get("BAZI_FUZZ_EXAMPLES", "60"))
OPTION_NAMES = [o.name for o in bazi.OPTIONS]

# Text people and programs send for a date-time, a zone, a place or a number.
TEXTS = st.one_of(
    st.sampled_from(
        [
            "1990-05-17 10:30",
            "1990-05-17T10:30",
            "1990-05-17T10:30+08:00",
            "1995-03-08 23:40",
            "1800-01-05 11:36",
            "1800-01-10 10:30",
            "2199-12-20 10:30",
            "2200-01-05 14:06",
            "0001-01-01 00:00",
            "9999-12-31 23:59",
            "1990-02-30 10:00",
            "1990-05-17 25:40",
            "1988-04-17 02:30",
            "1988-09-11 01:30",
            "2024-02-04 16:20",
            "1990-05-17",
            "",
            " ",
            "0",
            "-1",
            "1_0",
            "0x10",
            "1e308",
            "nan",
            "inf",
            "true",
            "no",
            "yes",
            "Asia/Shanghai",
            "+08:00",
            "-14:00",
            "+23:59",
            "UTC",
            "Mars/Base",
            "../../etc",
            "深圳",
            "Springfield",
            "Hogwarts",
            "庚午 辛巳 壬午 乙巳",
            "甲丑",
            "\x00",
            "\n",
            "%0a",
            "\u202e",
            "🙂",
            "x" * 500,
        ]
    ),
    st.text(alphabet=string.printable + "年月日时 ：庚午甲子", max_size=40),
    st.text(max_size=20),
)
VALUES = st.one_of(
    TEXTS,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([0, 1, 2, 1799, 1800, 2199, 2200, 9999, 10**12]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.datetimes(
        min_value=datetime(1700, 1, 1), max_value=datetime(2300, 1, 1), timezones=st.just(UTC)
    ),
    st.dates(),
    st.sampled_from([timedelta(1), timezone(timedelta(hours=-23)), b"1990", object()]),
)


def settings_for(factor: int = 1) -> Any:
    return settings(
        max_examples=EXAMPLES * factor,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


def only_user_errors(call: Any, *args: Any, **kwargs: Any) -> None:
    """``call`` either answers or raises a :class:`bazi.BaziError` (a ``TypeError`` only for
    a keyword the function does not take)."""
    try:
        call(*args, **kwargs)
    except bazi.BaziError as error:
        problem = "" if error.field else f"no field: {error!r}"
    except TypeError as error:
        problem = "" if "unexpected keyword argument" in str(error) else repr(error)
    else:
        problem = ""
    assert not problem, (call, args, kwargs, problem)


# --- the library ------------------------------------------------------------------------


@given(when=VALUES, tz=VALUES, options=st.dictionaries(st.sampled_from(OPTION_NAMES), VALUES))
@settings_for()
def test_chart(when: Any, tz: Any, options: dict[str, Any]) -> None:
    only_user_errors(bazi.chart, when, tz, **options)


@given(name=st.sampled_from(OPTION_NAMES), value=VALUES)
@settings_for()
def test_each_option_of_a_good_birth(name: str, value: Any) -> None:
    only_user_errors(bazi.chart, "1990-05-17 10:30", "Asia/Shanghai", **{name: value})


@given(a=VALUES, b=VALUES, c=VALUES, d=VALUES)
@settings_for()
def test_the_other_entry_points(a: Any, b: Any, c: Any, d: Any) -> None:
    only_user_errors(bazi.charts_between, a, b, c)
    only_user_errors(bazi.charts_for_day, a, b)
    only_user_errors(bazi.find, a, b if isinstance(b, int) else 1990, 1990, "+08:00")
    only_user_errors(bazi.find, "庚午 辛巳 壬午 乙巳", b, c, d)
    only_user_errors(bazi.lunar_date, a)
    only_user_errors(bazi.solar_date, a, b)
    only_user_errors(bazi.solar_terms, a)
    only_user_errors(bazi.Options, day_boundary=a, longitude=b)


@given(value=VALUES)
@settings_for()
def test_the_chart_s_own_methods(value: Any) -> None:
    c = bazi.chart("1990-05-17 10:30", "Asia/Shanghai", gender="male")
    assert c.luck is not None
    only_user_errors(c.to_dict, value)
    only_user_errors(c.explain, value)
    only_user_errors(c.luck.annual, value)
    only_user_errors(c.luck.monthly, value)
    only_user_errors(c.luck.minor, value)
    only_user_errors(bazi.solar_terms(2024)[0].to_dict, value)


@pytest.mark.parametrize(
    "when",
    [
        *("1800-01-05 19:37", "1800-01-10 10:30", "1800-02-03 10:30", "2199-12-20 10:30"),
        *("2200-01-05 22:00", "1800-01-05 19:36:29.989", "2200-01-05 22:06:37.348"),
    ],
)
def test_the_range_edges_explain_with_absent_boundaries(when: str) -> None:
    """At the edges of the table a chart explains itself; a boundary beyond the table is
    absent, never asserted (1800-01-05 19:36:29.989 +08:00 is 小寒 1800, the first instant)."""
    c = bazi.chart(when, "+08:00")
    e = c.explain()
    assert len(e.pillars) == 4
    first = datetime(1800, 1, 5, 11, 36, 29, 989000, tzinfo=UTC)
    if c.moment.instant < first + timedelta(days=30):
        assert e["year"].previous is None and e["month"].previous is None
    if c.moment.instant > datetime(2199, 12, 1, tzinfo=UTC):
        assert e["year"].next is None
    c.to_dict(explanation=True)


# --- the command line -------------------------------------------------------------------

FLAGS = [
    *("--tz", "--place", "--json", "--explain", "--lang", "--start", "--end", "--fold"),
    *("--" + name.replace("_", "-") for name in OPTION_NAMES),
]
VERBS = ["chart", "terms", "find", "between", "day", "info", "check", "no-such-verb"]
ARGUMENTS = st.lists(
    st.one_of(st.sampled_from(FLAGS), TEXTS.filter(lambda t: "\x00" not in t)), max_size=6
)


@given(verb=st.sampled_from(VERBS), arguments=ARGUMENTS)
@settings_for()
def test_cli(verb: str, arguments: list[str]) -> None:
    """Any command line ends in status 0 or 2 with, on failure, one line on stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main([verb, *arguments])
        except SystemExit as ended:  # argparse: usage errors and --help
            status = ended.code if isinstance(ended.code, int) else 2
    assert status in (0, 2), (verb, arguments, err.getvalue())
    if status == 2:
        lines = err.getvalue().strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in lines[0], lines


# --- HTTP -------------------------------------------------------------------------------

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from api.main import app  # noqa: E402

client = TestClient(app, raise_server_exceptions=False)
PARAMETERS = [
    "claim",
    *OPTION_NAMES,
    *("datetime", "tz", "lang", "explain", "date", "lunar", "year"),
    *("pillars", "start", "end", "leap_month", "bogus"),
]
QUERY = st.dictionaries(
    st.sampled_from(PARAMETERS), TEXTS.filter(lambda t: "\x00" not in t), max_size=5
)
JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        TEXTS,
    ),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(PARAMETERS), children, max_size=4)
    ),
    max_leaves=10,
)
PATHS = [
    *("/v1/chart", "/v1/solar-terms", "/v1/lunar", "/v1/solar", "/v1/find"),
    *("/v1/charts-between", "/v1/day", "/v1/options", "/healthz", "/", "/docs"),
]


@given(path=st.sampled_from(PATHS), query=QUERY)
@settings_for()
def test_http_get(path: str, query: dict[str, str]) -> None:
    r = client.get(path, params=query)
    assert r.status_code < 500, (path, query, r.text[:300])
    if r.status_code == 422:
        assert all(d["loc"] and d["msg"] for d in r.json()["detail"])


@given(path=st.sampled_from(["/v1/chart", "/v1/charts", "/v1/check"]), body=JSON)
@settings_for()
def test_http_post(path: str, body: Any) -> None:
    if path == "/v1/charts" and isinstance(body, dict):
        body = {"items": [body, body]}
    r = client.post(path, json=body)
    assert r.status_code < 500, (path, body, r.text[:300])


@given(raw=st.binary(max_size=200))
@settings_for()
def test_http_unreadable_bodies(raw: bytes) -> None:
    r = client.post("/v1/chart", content=raw, headers={"content-type": "application/json"})
    assert r.status_code in (200, 422), raw


# --- MCP --------------------------------------------------------------------------------

mcp = pytest.importorskip("mcp")
from mcp import Client  # noqa: E402

from api.mcp import TOOLS, server  # noqa: E402

MCP_ARGUMENTS = st.dictionaries(
    st.sampled_from([*PARAMETERS, "from_calendar"]),
    st.one_of(TEXTS, st.integers(-(10**6), 10**6), st.booleans(), st.none(), st.floats()),
    max_size=5,
)


@given(tool=st.sampled_from([t.name for t in TOOLS]), arguments=MCP_ARGUMENTS)
@settings_for()
def test_mcp(tool: str, arguments: dict[str, Any]) -> None:
    async def call() -> Any:
        async with Client(server) as session:
            return await session.call_tool(tool, arguments)

    result = asyncio.run(call())
    text = " ".join(getattr(block, "text", "") for block in result.content)
    assert "InternalError" not in text, (tool, arguments, text)


# --- longer hunts, by hand ----------------------------------------------------------------


@pytest.mark.slow
@given(when=VALUES, tz=VALUES, options=st.dictionaries(st.sampled_from(OPTION_NAMES), VALUES))
@settings_for(10)
def test_chart_longer(when: Any, tz: Any, options: dict[str, Any]) -> None:
    only_user_errors(bazi.chart, when, tz, **options)


@pytest.mark.slow
@given(path=st.sampled_from(PATHS), query=QUERY)
@settings_for(10)
def test_http_get_longer(path: str, query: dict[str, str]) -> None:
    assert client.get(path, params=query).status_code < 500


@pytest.mark.slow
@given(verb=st.sampled_from(VERBS), arguments=ARGUMENTS)
@settings_for(10)
def test_cli_longer(verb: str, arguments: list[str]) -> None:
    test_cli.hypothesis.inner_test(verb, arguments)  # type: ignore[attr-defined]


def test_dates_of_every_year() -> None:
    """Years 1 to 9999 in every entry point that takes a date: an answer or a range error."""
    for year in (1, 2, 999, 1799, 1800, 2199, 2200, 9998, 9999):
        for month, day in ((1, 1), (12, 31)):
            only_user_errors(bazi.charts_for_day, date(year, month, day), "+14:00")
            only_user_errors(bazi.charts_for_day, date(year, month, day), "-12:00")
            only_user_errors(bazi.lunar_date, date(year, month, day))
            text = f"{year:04d}-{month:02d}-{day:02d} 23:59"
            for tz in ("+14:00", "-12:00", "Asia/Shanghai", "America/New_York"):
                only_user_errors(bazi.chart, text, tz)
                only_user_errors(bazi.charts_between, text, f"{year:04d}-12-31 23:59", tz)
