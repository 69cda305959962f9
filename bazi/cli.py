"""The ``bazi`` command: ``bazi chart``, ``bazi terms`` and ``bazi info``.

Bad input ends with exit status 2 and one line on standard error, never a traceback.
Birth data is only printed back to the caller, never logged or stored.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import NoReturn, get_args

from .chart import chart, data_versions
from .conventions import (
    DayBoundary,
    Gender,
    LuckMethod,
    PalaceSchool,
    PunishmentRule,
    SolarTime,
)
from .errors import BaziError
from .moment import format_offset, zone
from .names import LANGS
from .presets import Preset
from .render import render
from .search import Segment, charts_between, charts_for_day, find
from .terms import format_instant, solar_term_table, solar_terms

__all__ = ["main"]


def _local(instant: datetime, tz: str | None) -> str:
    if tz is None:
        return format_instant(instant)
    local = instant.astimezone(zone(tz))
    offset = local.utcoffset()
    assert offset is not None
    return f"{local:%Y-%m-%d %H:%M:%S} {format_offset(offset)}"


def info() -> str:
    """Versions, the solar-term table's coverage and its source (``python -m bazi``)."""
    table = solar_term_table()
    h = table.header
    lines = [f"{k:<12} {v}" for k, v in data_versions().items()]
    lines += [
        f"{'range':<12} {format_instant(table.start)} (小寒 1800) to "
        f"{format_instant(table.end)} (小寒 2200), end excluded",
        f"{'table':<12} bazi/data/solar_terms.txt, {len(table.instants)} terms",
    ]
    for key in ("coverage", "ephemeris", "delta T", "time scale", "cross-check", "generator"):
        if key in h:
            lines.append(f"{key:<12} {h[key]}")
    return "\n".join(lines)


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr and exit status 2, like bad input."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _school_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--day-boundary", choices=get_args(DayBoundary), help="default zi")
    parser.add_argument("--solar-time", choices=get_args(SolarTime), help="default standard")
    parser.add_argument("--longitude", type=float, help="degrees east (for mean/apparent)")
    parser.add_argument("--preset", choices=get_args(Preset))


def _school_values(args: argparse.Namespace) -> dict[str, object]:
    return {
        "day_boundary": args.day_boundary,
        "solar_time": args.solar_time,
        "longitude": args.longitude,
        "preset": args.preset,
    }


def _segments(segments: list[Segment], as_json: bool, tz: str) -> str:
    if as_json:
        return json.dumps([s.to_dict() for s in segments], ensure_ascii=False, indent=2)
    if not segments:
        return "no time in the range has this chart"
    lines = [
        f"{s.start:%Y-%m-%d %H:%M:%S} – {s.end:%Y-%m-%d %H:%M:%S}  {s.pillars}" for s in segments
    ]
    return "\n".join([*lines, f"(local times on the {tz} clock; the end of each is excluded)"])


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bazi",
        description="Exact four pillars (四柱八字) of a birth moment.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""examples:
  bazi chart "1990-05-17 10:30" --tz Asia/Shanghai
  bazi chart "1977-09-23 19:00" --tz +08:00 --gender female --lang en
  bazi chart "1990-04-23 10:30" --tz Asia/Shanghai --calendar lunar --json
  bazi chart "1988-09-11 01:30" --tz Asia/Shanghai --fold 1
  bazi chart "1990-05-17 10:30" --tz Asia/Urumqi --solar-time apparent --longitude 87.6
  bazi chart "2022-03-09 20:51" --tz +08:00 --gender male --preset tyme
  bazi chart "2024-02-04 16:20" --tz Asia/Shanghai --explain
  bazi chart "1995-03-08 23:40" --place 深圳 --solar-time apparent --explain
  bazi find "庚午 辛巳 壬午 乙巳"
  bazi day 1990-05-17 --tz Asia/Shanghai        (hour unknown: the candidate charts)
  bazi terms 2024 --tz Asia/Shanghai
  bazi serve --port 8000          (needs the api extra: pip install 'bazi-reference[api]')
  bazi mcp                        (MCP server on stdio: pip install 'bazi-reference[mcp]')
  python -m bazi                  (versions, data coverage and sources)

Bad input exits with status 2 and one line on stderr.""",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    c = sub.add_parser("chart", help="the four pillars of a birth moment")
    c.add_argument("when", help="'YYYY-MM-DD HH:MM[:SS]' local time, or an ISO timestamp")
    c.add_argument("--tz", help="IANA zone (Asia/Shanghai) or offset (+08:00)")
    c.add_argument(
        "--place", help="birthplace name (Shenzhen, 深圳, 'Springfield, US-IL'): zone and longitude"
    )
    c.add_argument("--day-boundary", choices=get_args(DayBoundary), help="default zi")
    c.add_argument("--solar-time", choices=get_args(SolarTime), help="default standard")
    c.add_argument("--longitude", type=float, help="degrees east (for mean/apparent)")
    c.add_argument("--calendar", choices=("gregorian", "lunar"), default="gregorian")
    c.add_argument("--leap-month", action="store_true", help="lunar date is in a leap month")
    c.add_argument("--fold", type=int, choices=(0, 1), help="repeated wall time: 0 or 1")
    c.add_argument("--gender", choices=get_args(Gender), help="needed for luck pillars")
    c.add_argument("--luck-method", choices=get_args(LuckMethod), help="default proportional")
    c.add_argument("--palace-school", choices=get_args(PalaceSchool), default="jie")
    c.add_argument("--punishment", choices=get_args(PunishmentRule), default="pairs")
    c.add_argument("--preset", choices=get_args(Preset), help="a peer engine's conventions")
    c.add_argument("--lang", choices=LANGS, default="zh", help="names: zh, zh-Hant, pinyin, en")
    c.add_argument("--explain", action="store_true", help="why each pillar, margins, alternatives")
    c.add_argument("--json", action="store_true", help="print the chart as JSON")

    t = sub.add_parser("terms", help="the 24 solar terms of a year")
    t.add_argument("year", type=int)
    t.add_argument("--tz", help="show instants in this zone instead of UTC")
    t.add_argument("--json", action="store_true")

    f = sub.add_parser("find", help="every time whose chart has these pillars (reverse lookup)")
    f.add_argument(
        "pillars", help="'庚午 辛巳 壬午 乙巳', or three pillars when the hour is unknown"
    )
    f.add_argument("--start", type=int, default=1800, help="first year searched (default 1800)")
    f.add_argument("--end", type=int, default=2199, help="last year searched (default 2199)")
    f.add_argument("--tz", default="+08:00", help="clock the times are read on (default +08:00)")
    _school_options(f)
    f.add_argument("--json", action="store_true")

    b = sub.add_parser("between", help="the charts of a birth known only within an interval")
    b.add_argument("start", help="'YYYY-MM-DD HH:MM' local start")
    b.add_argument("end", help="'YYYY-MM-DD HH:MM' local end (excluded)")
    b.add_argument("--tz", required=True)
    _school_options(b)
    b.add_argument("--json", action="store_true")

    d = sub.add_parser("day", help="the candidate charts of a day when the hour is unknown")
    d.add_argument("date", help="'YYYY-MM-DD' (local civil date)")
    d.add_argument("--tz", required=True)
    _school_options(d)
    d.add_argument("--json", action="store_true")

    sub.add_parser("info", help="versions, data coverage and sources")

    sub.add_parser("mcp", help="run the MCP server on stdio (a tool chatbots call)")

    v = sub.add_parser("serve", help="run the HTTP API and web page (uvicorn)")
    v.add_argument("--host", default="127.0.0.1")
    v.add_argument("--port", type=int, default=8000)
    return parser


def serve(host: str, port: int) -> int:
    """Run ``api.main:app`` under uvicorn, with its access log off: the request line holds
    birth data, and the app logs requests without their query strings instead."""
    try:
        import uvicorn

        import api.main  # noqa: F401  (fail here, clearly, when the api extra is missing)
    except ImportError as error:
        print(
            f"bazi: error: the HTTP server needs the api extra ({error.name} is missing): "
            "pip install 'bazi-reference[api]'",
            file=sys.stderr,
        )
        return 2
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    uvicorn.run("api.main:app", host=host, port=port, access_log=False)
    return 0


def mcp() -> int:
    """Run the MCP server (``api.mcp``) on stdio, for chatbot clients."""
    try:
        from api.mcp import main as run
    except ImportError as error:
        print(
            f"bazi: error: the MCP server needs the mcp extra ({error.name} is missing): "
            "pip install 'bazi-reference[mcp]'",
            file=sys.stderr,
        )
        return 2
    run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "chart":
            result = chart(
                args.when,
                tz=args.tz,
                day_boundary=args.day_boundary,
                solar_time=args.solar_time,
                longitude=args.longitude,
                calendar=args.calendar,
                leap_month=args.leap_month,
                fold=args.fold,
                gender=args.gender,
                luck_method=args.luck_method,
                palace_school=args.palace_school,
                punishment=args.punishment,
                preset=args.preset,
                place=args.place,
            )
            out = (
                json.dumps(
                    result.to_dict(args.lang, explanation=args.explain),
                    ensure_ascii=False,
                    indent=2,
                )
                if args.json
                else render(result, args.lang, explain=args.explain)
            )
        elif args.command == "find":
            found = find(args.pillars, args.start, args.end, tz=args.tz, **_school_values(args))
            out = _segments(found, args.json, args.tz)
        elif args.command == "between":
            parts = charts_between(args.start, args.end, tz=args.tz, **_school_values(args))
            out = _segments(parts, args.json, args.tz)
        elif args.command == "day":
            parts = charts_for_day(args.date, tz=args.tz, **_school_values(args))
            out = _segments(parts, args.json, args.tz)
        elif args.command == "terms":
            terms = solar_terms(args.year)
            if args.tz is not None:
                zone(args.tz)  # validate before printing anything
            if args.json:
                out = json.dumps(
                    [{**t.to_dict(), "local": _local(t.instant, args.tz)} for t in terms],
                    ensure_ascii=False,
                    indent=2,
                )
            else:
                out = "\n".join(
                    f"{t.name}  {t.longitude:>3}°  {_local(t.instant, args.tz)}  {t.english}"
                    for t in terms
                )
        elif args.command == "serve":
            return serve(args.host, args.port)
        elif args.command == "mcp":
            return mcp()
        else:
            out = info()
    except BaziError as error:
        print(f"bazi: error: {error}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
