"""The MCP server: :mod:`bazi` as tools a chatbot calls instead of guessing a ba-zi.

Six tools (``bazi_chart``, ``bazi_check``, ``bazi_solar_terms``, ``bazi_convert_calendar``,
``bazi_find``, ``bazi_charts_between``), each a thin mapping of its arguments onto the
public :mod:`bazi` namespace, as the HTTP API's routers are. The chart options are not
written here: each tool's parameters for them (type or choices, default, bounds, help) come
from :data:`bazi.OPTIONS`. Each parameter's text is in the tool's input schema, once; the tool
description says what the tool does. Run it on stdio with ``bazi mcp`` or
``python -m api.mcp`` (:func:`main`); over streamable HTTP it is served at ``/mcp`` by
``api.main:app`` (:class:`HTTPEndpoint`), or alone by ``uvicorn --factory api.mcp:http_app``.
Needs the ``mcp`` extra.

Errors. A user error (any :class:`bazi.BaziError`) comes back as a tool result with
``isError`` set, whose text names the error type, the argument at fault (the core's
``field``) and the core's message; so does an argument the tool does not take (the SDK
would drop it silently, and a misspelt option would change the chart unnoticed). Arguments
of the wrong type or outside a listed choice are refused by the SDK's validation, also as
an ``isError`` result naming the field. The session stays usable after any of them.

Privacy. The arguments are birth data: nothing here logs them, and errors are returned as
results rather than raised, because the SDK logs the text of a raised tool error and the
core's messages repeat the input. An unexpected exception is logged by its type and source
line only.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import traceback
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.server.transport_security import TransportSecuritySettings
from mcp_types import CallToolResult, InputRequiredResult, TextContent, ToolAnnotations
from mcp_types import Tool as MCPTool
from pydantic import Field, ValidationError
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

import bazi

from .budget import MAX_SPAN_DAYS
from .schemas import StrictBool, StrictInt, option_annotation

__all__ = ["HTTPEndpoint", "http_app", "main", "server"]

log = logging.getLogger("bazi.mcp")

INSTRUCTIONS = """\
Exact ba-zi (四柱八字, Four Pillars of Destiny) from a deterministic reference engine.
Whenever someone asks for their ba-zi, four pillars, 八字, day master, luck pillars or the
solar terms, call these tools instead of working anything out yourself. The answers are
computed, not guessed: solar terms from the JPL DE423 ephemeris, time zones from the IANA
database. Quote the values as returned (pillars, instants, names); do not recompute or
'correct' them, and say which conventions (the answer's options) were used. Ask for the
birthplace if it is not known: the zone and daylight saving decide the day and hour
pillars. If the hour of birth is unknown, call bazi_charts_between with date=... and
present every candidate chart rather than picking one. To verify a chart already given
(by you or anyone), call bazi_check with it and the birth."""

SOURCE = "Computed, not guessed: quote it as returned."

PILLAR_SCHOOL = tuple(o for o in bazi.OPTIONS if o.group == "pillar")
SEARCH_OPTIONS = tuple(o for o in bazi.OPTIONS if o.name == "place") + PILLAR_SCHOOL
CHECK_OPTIONS = tuple(o for o in bazi.OPTIONS if o.group in ("input", "pillar"))
TZ = "IANA zone ('Asia/Shanghai', with its DST) or offset ('+08:00')."
YEARS = "1800-2199."


# --- parameters --------------------------------------------------------------------------


def _parameter(name: str, annotation: Any, default: Any, text: str, **bounds: Any) -> Any:
    """A keyword parameter with its JSON-schema text and bounds."""
    described = Annotated[annotation, Field(description=text, **bounds)]
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=described
    )


def _option_parameters(
    options: Iterable[bazi.Option], described_in: str | None = None
) -> list[inspect.Parameter]:
    """One parameter per declared option: its type or choices, face default, bounds and
    help; or, ``described_in`` another tool that has them, a pointer to that tool's text
    (each parameter's text is listed once)."""
    parameters = []
    for o in options:
        annotation = option_annotation(o)
        bounds = {
            key: value
            for key, value in (("ge", o.minimum), ("le", o.maximum), ("max_length", o.max_length))
            if value is not None
        }
        # The schema states the default; the text adds it only where a preset may change it.
        text = f"As in {described_in}." if described_in else o.help
        if o.presettable:
            text += f" Default {o.default!r} (or the preset's)."
        parameters.append(_parameter(o.name, annotation, o.face_default, text, **bounds))
    return parameters


REQUIRED = inspect.Parameter.empty


class _Tool:
    """A tool: its name, description, parameters, and the function of its arguments that
    computes the answer (``field``: the argument a core error is about when the core names
    a parameter this tool calls otherwise)."""

    def __init__(
        self,
        name: str,
        description: str,
        parameters: list[inspect.Parameter],
        compute: Callable[[dict[str, Any]], dict[str, Any]],
        field: str,
    ) -> None:
        self.name, self.compute, self.field = name, compute, field
        self.parameters = frozenset(p.name for p in parameters)

        def tool(**arguments: Any) -> CallToolResult:
            return _answer(self, arguments)

        tool.__name__ = name
        tool.__doc__ = f"{description}\n{SOURCE}"
        tool.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            parameters, return_annotation=CallToolResult
        )
        self.function = tool


# --- the tools ---------------------------------------------------------------------------


def _chart(a: dict[str, Any]) -> dict[str, Any]:
    options = {o.name: a[o.name] for o in bazi.OPTIONS}
    chart = bazi.chart(a["datetime"], a["tz"], **options)
    return chart.to_dict(a["lang"], explanation=True, years=a["years"])


def _solar_terms(a: dict[str, Any]) -> dict[str, Any]:
    terms = [term.to_dict(a["tz"] or "UTC") for term in bazi.solar_terms(a["year"])]
    return {
        "year": a["year"],
        "tz": a["tz"] or "UTC",
        "terms": terms,
        "data_versions": bazi.data_versions(),
    }


def _convert_calendar(a: dict[str, Any]) -> dict[str, Any]:
    if a["from_calendar"] == "lunar":
        gregorian = bazi.solar_date(a["date"], a["leap_month"]).isoformat()
    elif a["leap_month"]:
        raise bazi.InvalidInputError(
            "leap_month=true applies only with from_calendar='lunar'", True, "leap_month"
        )
    else:
        gregorian = a["date"].strip()  # read as 'YYYY-MM-DD' by bazi.lunar_date
    return {
        "gregorian": gregorian,
        "lunar": bazi.lunar_date(gregorian).to_dict(),
        "data_versions": bazi.data_versions(),
    }


def _check(a: dict[str, Any]) -> dict[str, Any]:
    options = {o.name: a[o.name] for o in CHECK_OPTIONS}
    return bazi.check(a["claim"], a["datetime"], a["tz"], **options).to_dict()


def _school(a: dict[str, Any]) -> dict[str, Any]:
    return {o.name: a[o.name] for o in PILLAR_SCHOOL}


def _clock(a: dict[str, Any], default: str | None = None) -> dict[str, Any]:
    """tz (``default`` when neither it nor a place is given), place and the pillar school."""
    tz = default if a["tz"] is None and a["place"] is None else a["tz"]
    return {"tz": tz, "place": a["place"], **_school(a)}


def _conventions(school: dict[str, Any]) -> dict[str, Any]:
    """The pillar-school conventions a search used, defaults and preset applied."""
    resolved = bazi.Options(**school)
    return {o.name: getattr(resolved, o.name) for o in PILLAR_SCHOOL}


def _find(a: dict[str, Any]) -> dict[str, Any]:
    school, clock = _school(a), _clock(a, "+08:00")
    found = bazi.find(a["pillars"], a["start"], a["end"], **clock)
    return {
        "pillars": a["pillars"],
        "years": [a["start"], a["end"]],
        "tz": clock["tz"],
        "place": a["place"],
        "options": _conventions(school),
        "count": len(found),
        "matches": [s.to_dict() for s in found],
        "data_versions": bazi.data_versions(),
    }


def _charts_between(a: dict[str, Any]) -> dict[str, Any]:
    school, clock, date, start, end = _school(a), _clock(a), a["date"], a["start"], a["end"]
    if date is not None and (start is not None or end is not None):
        raise bazi.InvalidInputError(
            "give either date (a whole day, hour unknown) or start and end, not both", date, "date"
        )
    if date is not None:
        segments = bazi.charts_for_day(date, **clock)
        span: dict[str, Any] = {"date": date}
    elif start is not None and end is not None:
        segments = bazi.charts_between(start, end, max_days=MAX_SPAN_DAYS, **clock)
        span = {"start": start, "end": end}
    else:
        raise bazi.InvalidInputError(
            "give date ('YYYY-MM-DD', the hour unknown) or both start and end ('YYYY-MM-DD HH:MM')",
            None,
            "start" if start is None else "end",
        )
    return {
        **span,
        "tz": a["tz"],
        "place": a["place"],
        "options": _conventions(school),
        "count": len(segments),
        "segments": [s.to_dict() for s in segments],
        "data_versions": bazi.data_versions(),
    }


TOOLS = (
    _Tool(
        "bazi_chart",
        "A birth's four pillars with the full reading (hidden stems, ten gods, nayin, "
        "stages, void, palaces, relations, elements, 神煞, 旺相休囚死), luck (with gender) "
        "and why. Tell the user its `warnings`.",
        [
            _parameter(
                "datetime",
                str,
                REQUIRED,
                "Birth time 'YYYY-MM-DD HH:MM' as recorded on the tz clock, or with its UTC "
                "offset; " + YEARS,
                max_length=64,
            ),
            _parameter("tz", str | None, None, TZ + " Or give place.", max_length=64),
            *_option_parameters(bazi.OPTIONS),
            _parameter(
                "lang",
                bazi.Lang,
                "zh",
                "Language.",
            ),
            _parameter(
                "years",
                str | None,
                None,
                "Add `annual`: 流年 of '2025' or '2024-2034', with 流月.",
                max_length=20,
            ),
        ],
        _chart,
        "datetime",
    ),
    _Tool(
        "bazi_check",
        "Check a chart someone gave against the birth: each pillar right, wrong (with the "
        "right one) or impossible, and the conventions or mistakes that explain it. Use "
        "before presenting a chart you worked out.",
        [
            _parameter(
                "claim",
                str,
                REQUIRED,
                "'乙亥 己卯 己亥 甲子', or a whole answer ('年柱：乙亥 …', "
                "pinyin, English); 3 pillars if no hour.",
                max_length=20_000,
            ),
            _parameter("datetime", str, REQUIRED, "As in bazi_chart.", max_length=64),
            _parameter("tz", str | None, None, "As in bazi_chart.", max_length=64),
            *_option_parameters(CHECK_OPTIONS, described_in="bazi_chart"),
        ],
        _check,
        "claim",
    ),
    _Tool(
        "bazi_solar_terms",
        "The 24 solar terms 节气 of a year: names, solar longitude, UTC instant and `local` time.",
        [
            _parameter("year", StrictInt, REQUIRED, "Gregorian year, 1800-2199.", ge=1800, le=2199),
            _parameter("tz", str | None, None, "As in bazi_chart. Default 'UTC'.", max_length=64),
        ],
        _solar_terms,
        "year",
    ),
    _Tool(
        "bazi_convert_calendar",
        "A date in the Gregorian and the Chinese lunar calendar 农历 (months from the "
        "Beijing day of the new moon; `uncertain` if Earth's rotation decides). No pillar "
        "depends on it.",
        [
            _parameter(
                "date",
                str,
                REQUIRED,
                "'YYYY-MM-DD', Gregorian 1900-01-31..2100-02-08, or lunar (1900-2099) with "
                "from_calendar 'lunar'.",
                max_length=16,
            ),
            _parameter(
                "from_calendar",
                Literal["gregorian", "lunar"],
                "gregorian",
                "Calendar of date.",
            ),
            _parameter(
                "leap_month",
                StrictBool,
                False,
                "With from_calendar 'lunar': the month is the leap month 闰月.",
            ),
        ],
        _convert_calendar,
        "date",
    ),
    _Tool(
        "bazi_find",
        "Every interval of local time in the years searched with these pillars (half-open; "
        "three pillars: whole days).",
        [
            _parameter(
                "pillars",
                str,
                REQUIRED,
                "Four pillars '庚午 辛巳 壬午 乙巳', or three (no hour).",
                max_length=32,
            ),
            _parameter(
                "start", StrictInt, 1800, "First year searched (1800-2199).", ge=1800, le=2199
            ),
            _parameter("end", StrictInt, 2199, "Last year searched, inclusive.", ge=1800, le=2199),
            _parameter(
                "tz",
                str | None,
                None,
                "As in bazi_chart; default the place's, else '+08:00'.",
                max_length=64,
            ),
            *_option_parameters(SEARCH_OPTIONS, described_in="bazi_chart"),
        ],
        _find,
        "pillars",
    ),
    _Tool(
        "bazi_charts_between",
        "The charts of a birth known only roughly: [start, end) or the day `date`, split "
        "where the pillars change. Present them all or ask for the hour; never pick one.",
        [
            _parameter("tz", str | None, None, "As in bazi_chart.", max_length=64),
            _parameter(
                "date",
                str | None,
                None,
                "A local date, the hour unknown (not with start/end).",
                max_length=24,
            ),
            _parameter(
                "start", str | None, None, "Earliest birth time 'YYYY-MM-DD HH:MM'.", max_length=64
            ),
            _parameter(
                "end",
                str | None,
                None,
                f"Latest birth time (excluded); at most {MAX_SPAN_DAYS} days after start.",
                max_length=64,
            ),
            *_option_parameters(SEARCH_OPTIONS, described_in="bazi_chart"),
        ],
        _charts_between,
        "start",
    ),
)
_BY_NAME = {tool.name: tool for tool in TOOLS}


# --- answers and refusals ----------------------------------------------------------------


def _refusal(kind: str, field: str | None, message: str) -> CallToolResult:
    where = f" ({field})" if field else ""
    error = {"type": kind, "field": field, "message": message}
    return CallToolResult(
        content=[TextContent(type="text", text=f"{kind}{where}: {message}")],
        structured_content={"error": error},
        is_error=True,
    )


def _answer(tool: _Tool, arguments: dict[str, Any]) -> CallToolResult:
    """Run ``tool``: its result as JSON text and structured content, or the refusal."""
    try:
        data = tool.compute(arguments)
    except bazi.BaziError as error:
        # The core names its own parameter; where this tool calls it otherwise (the date
        # that bazi.solar_date calls ``lunar``), the tool's own argument is meant.
        field = error.field if error.field in tool.parameters else tool.field
        return _refusal(type(error).__name__, field, str(error))
    except Exception as error:  # a bug, never the caller's input: no message, no arguments
        frame = traceback.extract_tb(error.__traceback__)[-1]
        log.error(
            "%s raised %s at %s:%d (arguments not logged)",
            tool.name,
            type(error).__name__,
            Path(frame.filename).name,
            frame.lineno,
        )
        return _refusal(
            "InternalError",
            None,
            f"the engine failed ({type(error).__name__}); this is a bug in bazi-reference, "
            "not a problem with the input. Do not guess a chart instead.",
        )
    return CallToolResult(
        content=[TextContent(type="text", text=json.dumps(data, ensure_ascii=False))],
        structured_content=data,
    )


# --- the server --------------------------------------------------------------------------

READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)  # read-only: idempotent


# Bounds pydantic cannot attach to an optional type stay under its own names: written as
# JSON Schema says, for clients that validate (the server checks them either way).
_JSON_SCHEMA = {"ge": "minimum", "le": "maximum"}


def _compact(schema: Any, in_properties: bool = False) -> Any:
    """A JSON schema as pydantic writes it, made shorter without changing what it accepts:
    no ``title`` entries (the property names say it), no ``"default": null`` (leaving an
    argument out is the same), pydantic's ``ge``/``le`` as ``minimum``/``maximum``, and
    ``anyOf`` a type or null written as one schema
    (``"type": ["string", "null"]``, or null among the ``enum`` choices)."""
    if isinstance(schema, list):
        return [_compact(v) for v in schema]
    if not isinstance(schema, dict):
        return schema
    if in_properties:
        return {name: _compact(v) for name, v in schema.items()}
    out = {
        _JSON_SCHEMA.get(k, k): _compact(v, k == "properties")
        for k, v in schema.items()
        if k != "title" and (k, v) != ("default", None)  # an absent argument is None
    }
    options = out.get("anyOf")
    if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
        (only,) = [o for o in options if o != {"type": "null"}]
        del out["anyOf"]
        if "enum" in only:
            out["enum"] = [*only["enum"], None]
        else:
            out.update(only, type=[only["type"], "null"])
    return out


class _Server(MCPServer[Any]):
    """``MCPServer`` that refuses arguments a tool does not take, as the HTTP API does (the
    SDK ignores them: a misspelt option would silently leave its default in force), and
    lists its input schemas compacted."""

    async def list_tools(self) -> list[MCPTool]:
        return [
            tool.model_copy(update={"input_schema": _compact(tool.input_schema)})
            for tool in await super().list_tools()
        ]

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        tool = _BY_NAME.get(name)
        unknown = sorted(set(arguments) - tool.parameters) if tool is not None else []
        if tool is not None and unknown:
            accepted = ", ".join(sorted(tool.parameters))
            return _refusal(
                "UnknownArgument",
                unknown[0],
                f"{name} takes no argument {', '.join(map(repr, unknown))}; it takes {accepted}",
            )
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as error:
            if isinstance(error, UnexpectedToolError) or not isinstance(
                error.__cause__, ValidationError
            ):
                raise
            return _invalid_arguments(error.__cause__)


def _invalid_arguments(error: ValidationError) -> CallToolResult:
    """Arguments the SDK's validation refused, as a refusal naming the first argument at
    fault: the core's own error where the core refused the value (an option), else what
    pydantic says (a missing or mistyped argument)."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or None
    cause = first.get("ctx", {}).get("error")
    if isinstance(cause, bazi.BaziError):
        return _refusal(type(cause).__name__, field, str(cause))
    message = str(first["msg"]).removeprefix("Value error, ")
    return _refusal("InvalidArgument", field, message)


@contextmanager
def _logging_untouched() -> Iterator[None]:
    """``MCPServer()`` calls ``logging.basicConfig``; importing this module (as ``api.main``
    does) must not configure the host process's logging."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def _server() -> MCPServer[Any]:
    with _logging_untouched():
        made = _Server(
            "bazi-reference",
            title="bazi-reference: exact four pillars (四柱八字)",
            instructions=INSTRUCTIONS,
            version=bazi.data_versions()["engine"],
            log_level="WARNING",
        )
    for tool in TOOLS:
        made.add_tool(tool.function, annotations=READ_ONLY)
    return made


server = _server()


def main() -> None:
    """Serve the tools on stdio until the client closes it (``bazi mcp``)."""
    server.run("stdio")


# --- streamable HTTP ---------------------------------------------------------------------


LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


def allowed(variable: str, loopback: list[str]) -> list[str]:
    """The loopback defaults and the comma-separated values of environment ``variable``."""
    extra = [v.strip() for v in os.environ.get(variable, "").split(",") if v.strip()]
    return [*loopback, *extra]


def http_app(path: str = "/mcp") -> Starlette:
    """A new ASGI app serving the tools over streamable HTTP at ``path``; its lifespan runs
    the SDK's session manager (``uvicorn --factory api.mcp:http_app``).

    Stateless, with JSON answers: the tools keep no state between calls, so any worker of
    a multi-process server can answer any request. DNS-rebinding protection is on: only
    loopback Host and Origin headers are accepted (any port), and those added in the
    environment variables ``BAZI_MCP_ALLOWED_HOSTS`` and ``BAZI_MCP_ALLOWED_ORIGINS``
    (comma-separated, e.g. ``bazi.example.org`` and ``https://bazi.example.org`` behind a
    reverse proxy); others get 421 or 403.
    """
    hosts = allowed("BAZI_MCP_ALLOWED_HOSTS", [h + p for h in LOOPBACK for p in ("", ":*")])
    origins = allowed(
        "BAZI_MCP_ALLOWED_ORIGINS",
        [
            f"{scheme}://{h}{p}"
            for scheme in ("http", "https")
            for h in LOOPBACK
            for p in ("", ":*")
        ],
    )
    return server.streamable_http_app(
        streamable_http_path=path,
        stateless_http=True,
        json_response=True,
        transport_security=TransportSecuritySettings(
            enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins
        ),
    )


class HTTPEndpoint:
    """The streamable-HTTP endpoint as an ASGI app to route at ``path`` in a host app, with
    its session manager run inside the host's lifespan::

        endpoint = HTTPEndpoint()
        app.router.routes.append(Route("/mcp", endpoint))  # and in the lifespan:
        async with endpoint.running(): ...

    The SDK's session manager runs once only, so each lifespan gets a new one. Before the
    lifespan has started (or after it ended) the endpoint answers 503.
    """

    def __init__(self, path: str = "/mcp") -> None:
        self.path = path
        self._app: Starlette | None = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        app = http_app(self.path)
        async with app.router.lifespan_context(app):
            self._app = app
            try:
                yield
            finally:
                self._app = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._app is None:
            detail = "the MCP endpoint is not running: serve the app with its lifespan"
            await JSONResponse({"detail": detail}, status_code=503)(scope, receive, send)
            return
        await self._app(scope, receive, send)


if __name__ == "__main__":
    main()
