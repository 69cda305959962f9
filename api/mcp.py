"""The MCP server: :mod:`bazi` as tools a chatbot calls instead of guessing a ba-zi.

Five tools (``bazi_chart``, ``bazi_solar_terms``, ``bazi_convert_calendar``, ``bazi_find``,
``bazi_charts_between``), each a thin mapping of its arguments onto the core, as the HTTP
API's routers are. Run it on stdio with ``bazi mcp`` or ``python -m api.mcp`` (:func:`main`);
over streamable HTTP it is served at ``/mcp`` by ``api.main:app`` (:class:`HTTPEndpoint`), or
alone by ``uvicorn --factory api.mcp:http_app``. Needs the ``mcp`` extra.

Errors. A user error (any :class:`bazi.BaziError`) comes back as a tool result with
``isError`` set, whose text names the error type, the argument at fault and the core's
message (what was wrong, what is accepted); so does an argument the tool does not take
(the SDK would drop it silently, and a misspelt option would change the chart unnoticed).
Arguments of the wrong type or outside a listed choice are refused by the SDK's validation,
also as an ``isError`` result naming the field. The session stays usable after any of them.

Privacy. The arguments are birth data: nothing here logs them, and errors are returned as
results rather than raised, because the SDK logs the text of a raised tool error and the
core's messages repeat the input. An unexpected exception is logged by its type and source
line only.
"""

from __future__ import annotations

import inspect
import json
import logging
import traceback
import types
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import date as Date
from pathlib import Path
from typing import (
    Annotated,
    Any,
    Literal,
    Union,
    Unpack,
    get_args,
    get_origin,
    get_type_hints,
)

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from mcp_types import CallToolResult, InputRequiredResult, TextContent, ToolAnnotations
from pydantic import Field
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

import bazi
from bazi import lunar
from bazi.chart import Calendar
from bazi.conventions import (
    DayBoundary,
    Gender,
    LuckMethod,
    PalaceSchool,
    PunishmentRule,
    SolarTime,
)
from bazi.moment import format_offset, zone
from bazi.names import Lang
from bazi.presets import Preset, apply_preset

__all__ = ["HTTPEndpoint", "http_app", "main", "server"]

log = logging.getLogger("bazi.mcp")

SOURCE = (
    "The answer is computed, not guessed: solar terms from a table computed from the JPL "
    "DE423 ephemeris, time zones from the IANA database, modular arithmetic for the "
    "stem-branch cycle. Quote the values it returns as they are (pillars, instants, names); "
    "do not recompute, reword or 'correct' them, and say which conventions (options) were used."
)

INSTRUCTIONS = f"""\
Exact ba-zi (四柱八字, Four Pillars of Destiny) from a deterministic reference engine.
Whenever someone asks for their ba-zi, four pillars, 八字, day master, luck pillars or the
solar terms, call these tools instead of working anything out yourself. {SOURCE}
Ask for the birthplace (its time zone) if it is not known: the zone and daylight saving
decide the day and hour pillars. If the hour of birth is unknown, call bazi_charts_between
with date=... for every candidate chart of that day rather than picking one."""

# --- shared parameter descriptions -------------------------------------------------------

TZ = (
    "Time zone of the clock the times were read on: an IANA name such as 'Asia/Shanghai', "
    "'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'America/New_York', 'Europe/London', "
    "or a fixed UTC offset such as '+08:00' or '-05:00' ('UTC' also accepted). The IANA name "
    "of the birthplace is best: it carries that place's historical offsets and daylight "
    "saving (China used daylight saving 1986-1991)."
)
DAY_BOUNDARY = (
    "When the day pillar changes, and which day the 23:00-24:00 子 hour belongs to. 'zi' "
    "(the default, 子初换日): the day changes at 23:00, so from 23:00 both the day pillar and "
    "the hour stem are the next day's. 'midnight' (子正换日 with 夜子时): the day pillar "
    "changes at 00:00; 23:00-24:00 takes the next day's 子 hour pillar. 'midnight-same-day': "
    "the day changes at 00:00 and 23:00-24:00 keeps the current day's hour stem. Omit it for "
    "the default ('zi', or the preset's)."
)
SOLAR_TIME = (
    "The local time the day and hour pillars are reckoned on (year and month never depend on "
    "it). 'standard' (the default): the zone's standard time, daylight saving removed. "
    "'clock': the wall clock as read, daylight saving included. 'mean': local mean solar "
    "time, UT + longitude/15 hours (needs longitude). 'apparent': true solar time 真太阳时, "
    "mean solar time + the equation of time (needs longitude). Omit it for the default "
    "('standard', or the preset's)."
)
LONGITUDE = (
    "Birthplace longitude in degrees, east positive (Beijing 116.4, New York -74.0); "
    "-180 to 180. Needed for solar_time 'mean' or 'apparent'; with preset 'bazi-chart' it "
    "switches to true solar time."
)
PRESET = (
    "A peer engine's conventions in one word, for the options not given explicitly: "
    "'lunar-python' (day_boundary 'midnight', luck_method 'lunar-sect1'), 'tyme' ('zi', "
    "'tyme'), 'bazi-chart' ('zi', 'proportional'; true solar time when longitude is given). "
    "Omit it for this engine's defaults. Explicit options always win."
)
YEAR_RANGE = "Supported: every instant from 小寒 1800 up to 小寒 2200 (1800-2199)."


def _param(description: str, **constraints: Any) -> Any:
    """A parameter's schema entry: its description (and bounds) for the tool's JSON schema."""
    return Field(description=description, **constraints)


# --- the tools ---------------------------------------------------------------------------


def _takes_place(engine: Callable[..., Any]) -> bool:
    """Whether a chart function declares ``place``: as a parameter, or as a key of the
    TypedDict its ``**options`` are typed with (``Unpack[ChartOptions]``)."""
    parameters = inspect.signature(engine).parameters
    if "place" in parameters:
        return True
    for parameter in parameters.values():
        if parameter.kind is parameter.VAR_KEYWORD:
            hint = get_type_hints(engine, include_extras=True).get(parameter.name)
            if get_origin(hint) is Unpack:
                return "place" in get_type_hints(get_args(hint)[0])
    return False


def bazi_chart(
    datetime: Annotated[
        str,
        _param(
            "Birth date and time, 'YYYY-MM-DD HH:MM' or 'YYYY-MM-DD HH:MM:SS' (24-hour "
            "clock). Without a UTC offset it is read on the tz clock (the local wall clock "
            "at the birthplace, as on the birth record), daylight saving as it was then. "
            "With an offset ('1990-05-17T10:30+08:00') that instant is used and tz only "
            "names the local clock. With calendar='lunar' the date part is a lunar year, "
            "month and day. " + YEAR_RANGE,
            max_length=64,
        ),
    ],
    tz: Annotated[
        str | None,
        _param(
            TZ + " Required unless datetime carries its UTC offset or place is given.",
            max_length=64,
        ),
    ] = None,
    calendar: Annotated[
        Calendar,
        _param(
            "'gregorian' (the default) or 'lunar': the date part of datetime is a Chinese "
            "lunar date (lunar years 1900-2099; month 1-12, day 1-30)."
        ),
    ] = "gregorian",
    leap_month: Annotated[
        bool,
        _param(
            "With calendar='lunar': true if the month is the leap month 闰月 (default "
            "false). Refused with calendar='gregorian'."
        ),
    ] = False,
    fold: Annotated[
        int | None,
        _param(
            "Only for a wall time that happened twice (clocks turned back at the end of "
            "daylight saving): 0 = the earlier, 1 = the later. Without it such a time is "
            "refused rather than guessed. Default: none.",
            ge=0,
            le=1,
        ),
    ] = None,
    day_boundary: Annotated[DayBoundary | None, _param(DAY_BOUNDARY)] = None,
    solar_time: Annotated[SolarTime | None, _param(SOLAR_TIME)] = None,
    longitude: Annotated[float | None, _param(LONGITUDE, ge=-180, le=180)] = None,
    gender: Annotated[
        Gender | None,
        _param(
            "'male' or 'female'. Needed for the luck pillars 大运 (their direction depends "
            "on it); without it the answer has no luck section (luck is null)."
        ),
    ] = None,
    luck_method: Annotated[
        LuckMethod | None,
        _param(
            "How the gap between the birth and the 节 (forward or backward per gender and "
            "year stem) becomes the age luck starts. 'proportional' (the default): exact, "
            "3 days = 1 tropical year, i.e. span = gap × 365.2422/3. 'lunar-sect1' "
            "(lunar-python getYun(g, 1): whole days and 时辰), 'lunar-sect2' (getYun(g, 2): "
            "whole minutes), 'tyme' (tyme4py: whole seconds). Used only with gender. Omit it "
            "for the default ('proportional', or the preset's)."
        ),
    ] = None,
    palace_school: Annotated[
        PalaceSchool,
        _param(
            "The month number 命宫 and 身宫 count from: 'jie' (the default: the month "
            "pillar's solar month, as lunar-python and tyme) or 'lunar' (the lunar month of "
            "the birth date)."
        ),
    ] = "jie",
    punishment: Annotated[
        PunishmentRule,
        _param(
            "三刑 of 寅巳申 and 丑戌未: 'pairs' (the default, 《三命通会》: any two of them "
            "punish) or 'full' (only all three)."
        ),
    ] = "pairs",
    preset: Annotated[Preset | None, _param(PRESET)] = None,
    lang: Annotated[
        Lang,
        _param(
            "Language of the derived names (ten gods, elements, stages, ...): 'zh' (the "
            "default, simplified Chinese), 'zh-Hant', 'pinyin' or 'en'. The pillars are "
            "always given in Chinese characters too."
        ),
    ] = "zh",
    place: Annotated[
        str | None,
        _param(
            "Birthplace name ('Shenzhen', '深圳', 'Springfield, US-IL'; add ', country' or "
            "', country-region' to single one out), looked up offline in the engine's city "
            "table: its IANA zone is used when tz is not given, its longitude when longitude "
            "is not given (longitude matters only for solar_time 'mean'/'apparent' and preset "
            "'bazi-chart'). The place used is in the answer's `place`. An unknown or ambiguous "
            "name is refused with the candidates. If this engine version has no place lookup "
            "the call is refused, asking for tz. Default: none.",
            max_length=128,
        ),
    ] = None,
) -> CallToolResult:
    """The four pillars (year, month, day, hour) of a birth moment, with the full reading:
    hidden stems, ten gods, nayin, twelve stages, void, 胎元/命宫/身宫, relations, element
    counts; luck pillars when gender is given; and the explanation: the rule behind each
    pillar, the margin to the nearest boundary before and after, the other conventions that
    would change the chart, and warnings when the birth is within 10 minutes of a boundary.

    The answer (JSON) has `pillars` {year, month, day, hour} and `text` ('庚午 辛巳 壬午
    乙巳'), `instant_utc`, `local` (the clock reading, zone, offset, DST, the reckoned local
    time), `options` (every convention used, defaults included), `month_jie`/`next_jie`,
    `lunar_date`, the reading, `luck`, `explanation` and `data_versions`.
    Example: datetime='1990-05-17 10:30', tz='Asia/Shanghai' gives 庚午 辛巳 壬午 乙巳."""
    options: dict[str, Any] = {
        "calendar": calendar,
        "leap_month": leap_month,
        "fold": fold,
        "day_boundary": day_boundary,
        "solar_time": solar_time,
        "longitude": longitude,
        "gender": gender,
        "luck_method": luck_method,
        "palace_school": palace_school,
        "punishment": punishment,
        "preset": preset,
    }

    def compute() -> dict[str, Any]:
        # Checked per call: an engine without a place lookup must refuse, not ignore, it.
        if place is not None and not _takes_place(bazi.chart):
            raise bazi.InvalidInputError(
                "this engine version has no place lookup: give tz (an IANA zone such as "
                "'Asia/Shanghai') instead, and longitude for solar time",
                place,
                "place",
            )
        where: dict[str, Any] = {} if place is None else {"place": place}
        return bazi.chart(datetime, tz, **options, **where).to_dict(lang, explanation=True)

    return _answer("bazi_chart", "datetime", compute)


def bazi_solar_terms(
    year: Annotated[
        int,
        _param(
            "Gregorian year, 1800-2199. The 24 terms from 小寒 (early January).", ge=1800, le=2199
        ),
    ],
    tz: Annotated[
        str | None,
        _param(
            TZ + " Optional: adds each term's local time there (default: UTC only).", max_length=64
        ),
    ] = None,
) -> CallToolResult:
    """The 24 solar terms (节气) of a Gregorian year: name (simplified, traditional, pinyin,
    English), the Sun's apparent longitude (a multiple of 15°; the 12 节 that open the ba-zi
    months are 315° 立春 + 30° k) and the exact instant in UTC to the millisecond, plus
    `local`, the instant on the tz clock. 立春 (315°) opens the ba-zi year."""

    def compute() -> dict[str, Any]:
        place = zone(tz) if tz is not None else None
        terms = []
        for term in bazi.solar_terms(year):
            local = term.instant.astimezone(place) if place is not None else term.instant
            offset = local.utcoffset()
            assert offset is not None
            text = f"{local:%Y-%m-%dT%H:%M:%S.%f}"[:-3] + format_offset(offset)
            terms.append({**term.to_dict(), "local": text})
        return {
            "year": year,
            "tz": tz or "UTC",
            "terms": terms,
            "data_versions": bazi.data_versions(),
        }

    return _answer("bazi_solar_terms", "year", compute)


def bazi_convert_calendar(
    date: Annotated[
        str,
        _param(
            "The date to convert, 'YYYY-MM-DD': a Gregorian date (1900-01-31 to 2100-02-08) "
            "when from_calendar='gregorian', else a lunar year, month (1-12) and day (1-30) "
            "of lunar years 1900-2099.",
            max_length=16,
        ),
    ],
    from_calendar: Annotated[
        Calendar,
        _param(
            "The calendar `date` is in: 'gregorian' (the default: Gregorian → lunar) or "
            "'lunar' (lunar → Gregorian)."
        ),
    ] = "gregorian",
    leap_month: Annotated[
        bool,
        _param(
            "With from_calendar='lunar': true if the month is the leap month 闰月 (default "
            "false). Refused with from_calendar='gregorian'."
        ),
    ] = False,
) -> CallToolResult:
    """Convert a date between the Gregorian and the Chinese lunar calendar (农历), both ways.
    Lunar months begin on the Beijing-time day of the new moon (Beijing mean time before
    1929), checked day by day against new moons from the JPL ephemeris. The answer has both:
    `gregorian` ('YYYY-MM-DD') and `lunar` {year, month, day, leap, hanzi, uncertain};
    `uncertain` marks the three future months (2057-09, 2089-09, 2097-08) whose first day
    depends on future Earth rotation. The lunar date does not decide any ba-zi pillar (the
    year turns at 立春 and the months at the 节)."""

    def compute() -> dict[str, Any]:
        if from_calendar == "gregorian":
            if leap_month:
                raise bazi.InvalidInputError(
                    "leap_month=true applies only with from_calendar='lunar'",
                    leap_month,
                    "leap_month",
                )
            try:
                day = Date.fromisoformat(date.strip())
            except ValueError:
                raise bazi.InvalidInputError(
                    f"cannot read {date!r} as a Gregorian date: expected 'YYYY-MM-DD'", date, "date"
                ) from None
        elif from_calendar == "lunar":
            parts = date.strip().split("-")
            if len(parts) != 3 or not all(p.isdigit() for p in parts):
                raise bazi.InvalidInputError(
                    f"cannot read {date!r} as a lunar date: expected 'YYYY-MM-DD' (lunar year, "
                    "month 1-12, day 1-30)",
                    date,
                    "date",
                )
            y, m, d = (int(p) for p in parts)
            day = lunar.to_gregorian(y, m, d, leap_month)
        else:  # unreachable through the schema; a direct caller gets the same message
            raise bazi.InvalidInputError(
                f"from_calendar must be 'gregorian' or 'lunar'; got {from_calendar!r}",
                from_calendar,
                "from_calendar",
            )
        return {
            "gregorian": day.isoformat(),
            "lunar": lunar.from_gregorian(day).to_dict(),
            "data_versions": bazi.data_versions(),
        }

    return _answer("bazi_convert_calendar", "date", compute)


def bazi_find(
    pillars: Annotated[
        str,
        _param(
            "Four pillars year month day hour, e.g. '庚午 辛巳 壬午 乙巳' (spaces optional), "
            "or three (year month day) when the hour does not matter.",
            max_length=32,
        ),
    ],
    start: Annotated[
        int, _param("First Gregorian year searched (default 1800).", ge=1800, le=2199)
    ] = 1800,
    end: Annotated[
        int, _param("Last Gregorian year searched, inclusive (default 2199).", ge=1800, le=2199)
    ] = 2199,
    tz: Annotated[
        str,
        _param(TZ + " Default '+08:00' (Beijing time, as peer engines read it).", max_length=64),
    ] = "+08:00",
    day_boundary: Annotated[DayBoundary | None, _param(DAY_BOUNDARY)] = None,
    solar_time: Annotated[SolarTime | None, _param(SOLAR_TIME)] = None,
    longitude: Annotated[float | None, _param(LONGITUDE, ge=-180, le=180)] = None,
    preset: Annotated[Preset | None, _param(PRESET)] = None,
) -> CallToolResult:
    """Reverse lookup: every interval of local time (on the tz clock) in the years searched
    whose chart has these pillars. Each match is {start, end, start_utc, end_utc, pillars},
    a half-open interval [start, end) to the millisecond; with three pillars, each whole
    interval of that day pillar. The pillars repeat every 60 years or so, hence several
    matches. Impossible combinations (a month stem the year cannot have, an hour stem the
    day cannot have) are refused with the reason."""
    school = _school(day_boundary, solar_time, longitude, preset)

    def compute() -> dict[str, Any]:
        found = bazi.find(pillars, start, end, tz=tz, **school)
        return {
            "pillars": pillars,
            "years": [start, end],
            "tz": tz,
            "options": _conventions(school),
            "count": len(found),
            "matches": [s.to_dict() for s in found],
            "data_versions": bazi.data_versions(),
        }

    return _answer("bazi_find", "pillars", compute)


def bazi_charts_between(
    tz: Annotated[str, _param(TZ, max_length=64)],
    date: Annotated[
        str | None,
        _param(
            "A local civil date 'YYYY-MM-DD' when the hour of birth is unknown: every "
            "candidate chart of that whole day (00:00-24:00 on the tz clock). Give either "
            "date, or start and end.",
            max_length=16,
        ),
    ] = None,
    start: Annotated[
        str | None,
        _param(
            "Earliest possible birth time, 'YYYY-MM-DD HH:MM' read on the tz clock (or with "
            "its UTC offset). With end; at most 366 days before end.",
            max_length=64,
        ),
    ] = None,
    end: Annotated[
        str | None,
        _param(
            "Latest possible birth time (excluded), 'YYYY-MM-DD HH:MM' read on the tz clock. "
            "Keep the span short: each 2-hour 时辰 is one result.",
            max_length=64,
        ),
    ] = None,
    day_boundary: Annotated[DayBoundary | None, _param(DAY_BOUNDARY)] = None,
    solar_time: Annotated[SolarTime | None, _param(SOLAR_TIME)] = None,
    longitude: Annotated[float | None, _param(LONGITUDE, ge=-180, le=180)] = None,
    preset: Annotated[Preset | None, _param(PRESET)] = None,
) -> CallToolResult:
    """Every distinct chart a birth time known only roughly can have: the exact partition of
    [start, end), or of the whole day `date` when the hour is unknown, into intervals with
    the same four pillars. Each segment is {start, end, start_utc, end_utc, pillars}; the
    boundaries are exact (hour changes, the day change, and any 节 inside the span, to the
    millisecond). Present all of them, or ask for the hour; do not pick one."""
    school = _school(day_boundary, solar_time, longitude, preset)

    def compute() -> dict[str, Any]:
        if date is not None and (start is not None or end is not None):
            raise bazi.InvalidInputError(
                "give either date (a whole day, hour unknown) or start and end, not both",
                date,
                "date",
            )
        if date is not None:
            segments = bazi.charts_for_day(date, tz=tz, **school)
            span: dict[str, Any] = {"date": date}
        elif start is not None and end is not None:
            segments = bazi.charts_between(start, end, tz=tz, **school)
            span = {"start": start, "end": end}
        else:
            raise bazi.InvalidInputError(
                "give date ('YYYY-MM-DD', the hour unknown) or both start and end "
                "('YYYY-MM-DD HH:MM')",
                None,
                "start" if start is None else "end",
            )
        return {
            **span,
            "tz": tz,
            "options": _conventions(school),
            "count": len(segments),
            "segments": [s.to_dict() for s in segments],
            "data_versions": bazi.data_versions(),
        }

    return _answer("bazi_charts_between", "start" if date is None else "date", compute)


TOOLS: tuple[Callable[..., CallToolResult], ...] = (
    bazi_chart,
    bazi_solar_terms,
    bazi_convert_calendar,
    bazi_find,
    bazi_charts_between,
)

# --- answers and refusals ----------------------------------------------------------------

# The argument each core error is about when the error does not say itself.
_FIELD_OF: dict[type[bazi.BaziError], str] = {
    bazi.NaiveDateTimeError: "tz",
    bazi.UnknownZoneError: "tz",
    bazi.AmbiguousTimeError: "fold",
    bazi.InvalidPillarError: "pillars",
}


def _school(
    day_boundary: str | None, solar_time: str | None, longitude: float | None, preset: str | None
) -> dict[str, Any]:
    return {
        "day_boundary": day_boundary,
        "solar_time": solar_time,
        "longitude": longitude,
        "preset": preset,
    }


def _conventions(school: dict[str, Any]) -> dict[str, Any]:
    """The conventions a search used: the options given, then the preset's, then defaults."""
    chosen = apply_preset(school["preset"], school)
    return {k: chosen.get(k) for k in ("day_boundary", "solar_time", "longitude", "preset")}


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


def _refusal(kind: str, field: str | None, message: str) -> CallToolResult:
    where = f" ({field})" if field else ""
    error = {"type": kind, "field": field, "message": message}
    return CallToolResult(
        content=[TextContent(type="text", text=f"{kind}{where}: {message}")],
        structured_content={"error": error},
        is_error=True,
    )


def _answer(tool: str, field: str, compute: Callable[[], dict[str, Any]]) -> CallToolResult:
    """Run ``compute`` for ``tool``: its result as JSON text and structured content, or
    the refusal. ``field`` is the argument a core error is about when neither the error
    nor its type names one (a time that does not exist, a date out of range)."""
    try:
        data = compute()
    except bazi.BaziError as error:
        named = error.field or _FIELD_OF.get(type(error))
        if named not in _PARAMETERS.get(tool, ()):
            named = field
        return _refusal(type(error).__name__, named, str(error))
    except Exception as error:  # a bug, never the caller's input: no message, no arguments
        frame = traceback.extract_tb(error.__traceback__)[-1]
        log.error(
            "%s raised %s at %s:%d (arguments not logged)",
            tool,
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
        content=[TextContent(type="text", text=_json(data))], structured_content=data
    )


# --- the server --------------------------------------------------------------------------

_PARAMETERS: dict[str, frozenset[str]] = {
    tool.__name__: frozenset(inspect.signature(tool).parameters) for tool in TOOLS
}
READ_ONLY = ToolAnnotations(
    read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
)


def _choices(annotation: Any) -> tuple[Any, ...]:
    """The values a ``Literal`` (inside ``Annotated`` and ``| None``) allows, else ()."""
    if get_origin(annotation) is Annotated:
        return _choices(get_args(annotation)[0])
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        return tuple(c for arg in get_args(annotation) for c in _choices(arg))
    return ()


def _describe(tool: Callable[..., Any]) -> str:
    """The tool's description: its docstring, the source note, then every parameter with
    its accepted values, whether it is required, and what it means (its defaults included)."""
    hints = get_type_hints(tool, include_extras=True)
    lines = [inspect.cleandoc(tool.__doc__ or ""), "", SOURCE, "", "Parameters:"]
    for name, parameter in inspect.signature(tool).parameters.items():
        hint = hints[name]
        meaning = next(m.description for m in get_args(hint)[1:] if hasattr(m, "description"))
        choices = _choices(hint)
        accepted = f"one of {', '.join(repr(c) for c in choices)}; " if choices else ""
        needed = "required" if parameter.default is inspect.Parameter.empty else "optional"
        lines.append(f"- {name} ({accepted}{needed}): {meaning}")
    return "\n".join(lines)


class _Server(MCPServer[Any]):
    """``MCPServer`` that refuses arguments a tool does not take, as the HTTP API does
    (the SDK ignores them: a misspelt option would silently leave its default in force)."""

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        unknown = sorted(set(arguments) - _PARAMETERS.get(name, frozenset(arguments)))
        if unknown:
            accepted = ", ".join(sorted(_PARAMETERS[name]))
            return _refusal(
                "UnknownArgument",
                unknown[0],
                f"{name} takes no argument {', '.join(map(repr, unknown))}; it takes {accepted}",
            )
        return await super().call_tool(name, arguments, context)


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
        made.add_tool(tool, description=_describe(tool), annotations=READ_ONLY)
    return made


server = _server()


def main() -> None:
    """Serve the tools on stdio until the client closes it (``bazi mcp``)."""
    server.run("stdio")


# --- streamable HTTP ---------------------------------------------------------------------


def http_app(path: str = "/mcp") -> Starlette:
    """A new ASGI app serving the tools over streamable HTTP at ``path``; its lifespan runs
    the SDK's session manager (``uvicorn --factory api.mcp:http_app``).

    Stateless, with JSON answers: the tools keep no state between calls, so any worker of
    a multi-process server can answer any request. DNS-rebinding protection (a Host
    allow-list) is off: the endpoint holds no data and changes nothing, like the REST API
    it sits beside, and the list would refuse legitimate hosts (a reverse proxy, a LAN).
    """
    return server.streamable_http_app(
        streamable_http_path=path,
        stateless_http=True,
        json_response=True,
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
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
