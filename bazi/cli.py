"""The ``bazi`` command: ``bazi chart``, ``bazi terms``, ``bazi batch`` and ``bazi info``.

Bad input ends with exit status 2 and one line on standard error, never a traceback.
Birth data is only printed back to the caller, never logged or stored.

``bazi batch in.csv out.csv`` charts every row of a CSV file with
:func:`bazi.batch.pillars_or_errors`, in chunks, so memory stays flat however long the
file. A row that cannot be charted gets its error in the ``error`` column and the run goes
on; a missing file or ``datetime`` column, or a bad option, exits 2 before any row.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import datetime
from itertools import islice
from typing import IO, Any, NoReturn, get_args

from .chart import chart, data_versions
from .conventions import (
    DayBoundary,
    Gender,
    LuckMethod,
    Options,
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
  bazi batch births.csv charts.csv --tz Asia/Shanghai   (needs numpy: the fast extra)
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

    a = sub.add_parser(
        "batch",
        help="the pillars of every row of a CSV file (needs numpy)",
        description="Write the input columns plus the year, month, day and hour pillars of "
        "each row, and an 'error' column: a row that cannot be charted gets its error there "
        "and the run goes on. Each 'datetime' is read as `bazi chart` reads it, in the "
        "row's 'tz' cell when there is one, else in --tz.",
    )
    a.add_argument(
        "input", help="CSV with a header, a 'datetime' and optionally a 'tz' column ('-': stdin)"
    )
    a.add_argument("output", help="CSV to write ('-' for standard output)")
    a.add_argument("--tz", help="zone of rows without a tz cell: IANA name or offset (+08:00)")
    a.add_argument("--day-boundary", choices=get_args(DayBoundary), default="zi")
    a.add_argument("--solar-time", choices=get_args(SolarTime), default="standard")
    a.add_argument("--longitude", type=float, help="degrees east (for mean/apparent)")
    a.add_argument("--fold", type=int, choices=(0, 1), help="repeated wall times: 0 or 1")
    a.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="progress on stderr (tqdm if installed); auto: files over 1 MiB, on a terminal",
    )
    a.add_argument("--chunk-size", type=int, default=50_000, help=argparse.SUPPRESS)

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


_OUTPUT_COLUMNS = ("year", "month", "day", "hour", "error")


def _fail(message: str) -> int:
    print(f"bazi: error: {message}", file=sys.stderr)
    return 2


class _Progress:
    """Rows done on stderr: a tqdm bar over the input's bytes if tqdm is installed, else a
    counter; off unless asked for, or stderr is a terminal and the input over 1 MiB."""

    def __init__(self, mode: str, total: int | None) -> None:
        self.enabled = mode == "always" or (
            mode == "auto" and sys.stderr.isatty() and (total is None or total > 1 << 20)
        )
        self.total = total
        self.rows = 0
        self.position = 0
        self.bar: Any = None
        if self.enabled:
            try:
                tqdm = importlib.import_module("tqdm").tqdm
            except ImportError:
                return
            self.bar = tqdm(total=total, unit="B", unit_scale=True, desc="bazi batch")

    def update(self, rows: int, position: int | None) -> None:
        self.rows += rows
        if not self.enabled:
            return
        if self.bar is not None:
            if position is not None:
                self.bar.update(position - self.position)
                self.position = position
            return
        share = f" ({100 * position / self.total:.0f}%)" if position and self.total else ""
        sys.stderr.write(f"\rbazi batch: {self.rows:,} rows{share}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.enabled:
            sys.stderr.write("\n")


def _chunks(reader: Iterator[list[str]], size: int) -> Iterator[list[list[str]]]:
    while chunk := [row for row in islice(reader, size) if row]:  # blank lines skipped
        yield chunk


def _chart_rows(
    rows: list[list[str]],
    width: int,
    columns: tuple[int, int | None],
    args: argparse.Namespace,
    pillars_or_errors: Any,
) -> int:
    """Append year, month, day, hour and error to each row; return the number of errors."""
    when_column, tz_column = columns
    errors = [""] * len(rows)
    groups: dict[str | None, list[int]] = {}
    for i, row in enumerate(rows):
        if len(row) > width:
            errors[i] = f"InvalidInputError: the row has {len(row)} fields, the header {width}"
            del row[width:]
            continue
        row.extend([""] * (width - len(row)))
        cell = row[tz_column].strip() if tz_column is not None else ""
        groups.setdefault(cell or args.tz, []).append(i)
    names = [[""] * len(rows) for _ in range(4)]
    for tz, where in groups.items():
        try:
            pillars, failed = pillars_or_errors(
                [rows[i][when_column] for i in where],
                tz=tz,
                day_boundary=args.day_boundary,
                solar_time=args.solar_time,
                longitude=args.longitude,
                fold=args.fold,
                as_strings=True,
            )
        except BaziError as error:  # the tz cell names no zone
            for i in where:
                errors[i] = f"{type(error).__name__}: {error}"
            continue
        for column, values in zip(names, pillars, strict=True):
            for i, value in zip(where, values.tolist(), strict=True):
                column[i] = value
        for k, problem in failed.items():
            errors[where[k]] = f"{type(problem).__name__}: {problem}"
    for i, row in enumerate(rows):
        row.extend((names[0][i], names[1][i], names[2][i], names[3][i], errors[i]))
    return sum(1 for e in errors if e)


def batch_csv(args: argparse.Namespace) -> int:
    """``bazi batch``: chart every row of a CSV file; return the exit status."""
    try:
        from .batch import pillars_or_errors
    except ImportError as error:
        return _fail(f"bazi batch needs numpy ({error}): pip install 'bazi-reference[fast]'")
    # Bad options stop the run before any file is opened, as one line (main catches them).
    Options(day_boundary=args.day_boundary, solar_time=args.solar_time, longitude=args.longitude)
    if args.tz is not None:
        zone(args.tz)
    if args.chunk_size < 1:
        return _fail(f"--chunk-size must be positive, got {args.chunk_size}")
    if args.input == "-":
        source: IO[bytes] = sys.stdin.buffer
    else:
        try:
            source = open(args.input, "rb")  # noqa: SIM115 (closed below, also for stdin)
        except OSError as error:
            return _fail(f"cannot read {args.input}: {error.strerror or error}")
    text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    try:
        return _batch_stream(args, text, source, pillars_or_errors)
    finally:
        if args.input == "-":
            text.detach()  # leave standard input open
        else:
            text.close()


def _batch_stream(
    args: argparse.Namespace, text: IO[str], source: IO[bytes], pillars_or_errors: Any
) -> int:
    reader = csv.reader(text)
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as error:
        return _fail(f"cannot read {args.input} as UTF-8 CSV: {error}")
    if not header:
        return _fail(f"{args.input} is empty: expected a header row with a 'datetime' column")
    if "datetime" not in header:
        return _fail(f"{args.input} has no 'datetime' column (its columns: {', '.join(header)})")
    clash = [c for c in _OUTPUT_COLUMNS if c in header]
    if clash:
        return _fail(f"{args.input} already has a column {clash[0]!r}, which bazi batch writes")
    columns = (header.index("datetime"), header.index("tz") if "tz" in header else None)
    if "-" not in (args.input, args.output) and os.path.exists(args.output):  # noqa: SIM102
        if os.path.samefile(args.input, args.output):
            return _fail(f"{args.output} is the input file; write the output elsewhere")
    try:
        sink = (
            sys.stdout
            if args.output == "-"
            else open(  # noqa: SIM115
                args.output, "w", newline="", encoding="utf-8"
            )
        )
    except OSError as error:
        return _fail(f"cannot write {args.output}: {error.strerror or error}")
    seekable = source.seekable()
    size = os.fstat(source.fileno()).st_size if seekable else None
    progress = _Progress(args.progress, size)
    failed = 0
    try:
        writer = csv.writer(sink, lineterminator="\n")
        writer.writerow([*header, *_OUTPUT_COLUMNS])
        for rows in _chunks(reader, args.chunk_size):
            failed += _chart_rows(rows, len(header), columns, args, pillars_or_errors)
            writer.writerows(rows)
            progress.update(len(rows), source.tell() if seekable else None)
    except (csv.Error, UnicodeDecodeError) as error:
        return _fail(f"cannot read {args.input} as UTF-8 CSV: {error}")
    finally:
        progress.close()
        if sink is not sys.stdout:
            sink.close()
    if failed:
        print(
            f"bazi: {failed:,} of {progress.rows:,} rows could not be charted; "
            "see the 'error' column",
            file=sys.stderr,
        )
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
        elif args.command == "batch":
            return batch_csv(args)
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
