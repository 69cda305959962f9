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
from typing import get_args

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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bazi", description="Exact four pillars (四柱八字) of a birth moment."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    c = sub.add_parser("chart", help="the four pillars of a birth moment")
    c.add_argument("when", help="'YYYY-MM-DD HH:MM[:SS]' local time, or an ISO timestamp")
    c.add_argument("--tz", help="IANA zone (Asia/Shanghai) or offset (+08:00)")
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
    c.add_argument("--json", action="store_true", help="print the chart as JSON")

    t = sub.add_parser("terms", help="the 24 solar terms of a year")
    t.add_argument("year", type=int)
    t.add_argument("--tz", help="show instants in this zone instead of UTC")
    t.add_argument("--json", action="store_true")

    sub.add_parser("info", help="versions, data coverage and sources")
    return parser


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
            )
            out = (
                json.dumps(result.to_dict(args.lang), ensure_ascii=False, indent=2)
                if args.json
                else render(result, args.lang)
            )
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
        else:
            out = info()
    except BaziError as error:
        print(f"bazi: error: {error}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
