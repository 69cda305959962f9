"""The ``bazi`` command: ``chart``, ``check``, ``terms``, ``find``, ``between``, ``day``,
``batch``, ``golden``, ``info``, ``serve`` and ``mcp``.

A face over the public :mod:`bazi` namespace: every chart option is a flag made from
:data:`bazi.OPTIONS` (``--day-boundary``, …), with its choices, default and help. Bad input
ends with exit status 2 and one line on standard error, never a traceback. Birth data is
only printed back to the caller, never logged or stored.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn

import bazi

__all__ = ["command", "info", "main"]

_GROUP_TITLES = {"input": "input", "pillar": "pillar school", "reading": "reading school"}


def info() -> str:
    """Versions, the supported range and the solar-term table's source (``python -m bazi``)."""
    return "\n".join(f"{k:<12} {v}" for k, v in bazi.about().items())


def _version() -> str:
    """``bazi 0.1.0 (solar terms …, tzdata 2026f)``: the engine and the data it answers with."""
    versions = bazi.data_versions()
    return (
        f"bazi {versions['engine']} (solar terms {versions['solar_terms']}, "
        f"tzdata {versions['tzdata']})"
    )


def _json(data: Any) -> str:
    """``data`` as indented JSON, characters as they are (json is imported for ``--json``
    only)."""
    import json

    return json.dumps(data, ensure_ascii=False, indent=2)


def _one_line(message: str) -> str:
    """``message`` with control characters (a newline in an argument) shown escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


def _columns() -> int:
    """``shutil.get_terminal_size().columns``, found as it finds it: ``$COLUMNS``, else the
    terminal of standard output, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help, as wide as it makes it (the terminal's width less 2), without its
    import of shutil (with bz2, lzma and fnmatch) for every flag added."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = _columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class _RawFormatter(_Formatter, argparse.RawDescriptionHelpFormatter):
    """:class:`_Formatter` keeping the description's and epilog's lines as written."""


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr and exit status 2, like bad input."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {_one_line(message)} (see {self.prog} --help)\n")


def _add_options(parser: argparse.ArgumentParser, options: Iterable[bazi.Option]) -> None:
    """A flag per option (``day_boundary`` → ``--day-boundary``), grouped as declared,
    with its choices, help and face default (``None`` where a preset may set it)."""
    groups: dict[str, Any] = {}
    for option in options:
        if option.group not in groups:
            groups[option.group] = parser.add_argument_group(_GROUP_TITLES[option.group])
        flag = "--" + option.name.replace("_", "-")
        common: dict[str, Any] = {"default": option.face_default, "help": option.describe()}
        if option.kind == "boolean":
            groups[option.group].add_argument(flag, action="store_true", **common)
        else:
            groups[option.group].add_argument(
                flag, choices=option.choices or None, type=_reader(option), **common
            )


def _reader(option: bazi.Option) -> Any:
    """The option's value from its argument, read strictly by the core (``1_0`` is no
    number); argparse prints the core's message as a usage error."""

    def read(text: str) -> Any:
        try:
            return option.from_text(text)
        except bazi.BaziError as error:
            if option.choices:  # argparse lists the choices itself
                return text
            raise argparse.ArgumentTypeError(str(error)) from None

    read.__name__ = option.name
    return read


def _given(args: argparse.Namespace, options: Iterable[bazi.Option]) -> dict[str, Any]:
    """The options given on the command line, by name."""
    return {o.name: getattr(args, o.name) for o in options if getattr(args, o.name) is not None}


_CHART = bazi.OPTIONS
_PILLAR = tuple(o for o in bazi.OPTIONS if o.group == "pillar")
_SEARCH = tuple(o for o in bazi.OPTIONS if o.name == "place") + _PILLAR
_BATCH = tuple(o for o in bazi.OPTIONS if o.name == "fold") + _PILLAR
_CHECK = tuple(o for o in bazi.OPTIONS if o.group in ("input", "pillar"))


def _segments(segments: list[bazi.Segment], as_json: bool, tz: str | None) -> str:
    if as_json:
        return _json([s.to_dict() for s in segments])
    if not segments:
        return "no time in the range has this chart"
    lines = [f"{s.start:%Y-%m-%d %H:%M:%S} – {s.end:%Y-%m-%d %H:%M:%S}  {s.text}" for s in segments]
    first = segments[0].start
    clock = getattr(first.tzinfo, "key", None) or f"UTC{first.isoformat()[-6:]}"
    return "\n".join([*lines, f"(local times on the {clock} clock; the end of each is excluded)"])


class _Version(argparse._VersionAction):
    """``--version``: the versions are looked up when asked for, not for every command."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        self.version = _version()
        super().__call__(parser, namespace, values, option_string)


class _Command(_Parser):
    """A sub-command's parser, made (``ArgumentParser.__init__``) and given its arguments
    (``fill``) only when the command is chosen: ``bazi chart`` builds no other command's
    parser (``bazi --help`` needs only their one-line help)."""

    def __init__(self, **kwargs: Any) -> None:  # what add_parser gives, kept for make()
        self.pending: dict[str, Any] | None = kwargs
        self.fill: Callable[[argparse.ArgumentParser], None] | None = None

    def make(self) -> None:
        """Make the parser and give it its arguments, unless that is done."""
        if self.pending is not None:
            kwargs, self.pending = self.pending, None
            super().__init__(**{"formatter_class": _Formatter, **kwargs})
            if self.fill is not None:
                self.fill(self)


class _Commands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """The sub-commands (:class:`_Command`), each made when it is chosen."""

    def add(
        self, name: str, fill: Callable[[argparse.ArgumentParser], None] | None, **kwargs: Any
    ) -> None:
        """A sub-command whose arguments ``fill`` adds when it is made."""
        command = self.add_parser(name, **kwargs)
        assert isinstance(command, _Command)
        command.fill = fill

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        self.choices[values[0]].make()
        super().__call__(parser, namespace, values, option_string)


def _parser(lazy: bool = False) -> argparse.ArgumentParser:
    """The ``bazi`` command line; ``lazy``: each sub-command's arguments are added only if
    it is the one run (``main`` does this; help and errors read the same)."""
    parser = _Parser(
        prog="bazi",
        description="Exact four pillars (四柱八字) of a birth moment.",
        formatter_class=_RawFormatter,
        epilog="""examples:
  bazi chart "1990-05-17 10:30" --tz Asia/Shanghai
  bazi chart "1977-09-23 19:00" --tz +08:00 --gender female --lang en
  bazi chart "1990-04-23 10:30" --tz Asia/Shanghai --calendar lunar --json
  bazi chart "1988-09-11 01:30" --tz Asia/Shanghai --fold 1
  bazi chart "1990-05-17 10:30" --tz Asia/Urumqi --solar-time apparent --longitude 87.6
  bazi chart "2022-03-09 20:51" --tz +08:00 --gender male --preset tyme
  bazi chart "2024-02-04 16:20" --tz Asia/Shanghai --explain
  bazi chart "1995/3/8 下午3点" --place 深圳 --gender female --years 2024-2034
  bazi chart "1995-03-08 23:40" --place 深圳 --solar-time apparent --explain
  bazi check "乙亥 己卯 庚子 丙子" "1995-03-08 23:40" --place 深圳
  bazi check - "1995-03-08 23:40" --place 深圳 < chatbot_answer.txt
  bazi check --file answers.jsonl --output verdicts.jsonl
  bazi find "庚午 辛巳 壬午 乙巳"
  bazi day 1990-05-17 --place 深圳        (hour unknown: the candidate charts)
  bazi terms 2024 --tz Asia/Shanghai
  bazi batch births.csv charts.csv --tz Asia/Shanghai   (needs numpy: the fast extra)
  bazi golden corpus/             (a documented set of cases for other engines)
  bazi serve --port 8000          (needs the api extra: pip install 'bazi-reference[api]')
  bazi mcp                        (MCP server on stdio: pip install 'bazi-reference[mcp]')
  python -m bazi                  (versions, data coverage and sources)

Bad input exits with status 2 and one line on stderr; `bazi check` exits 0 when the
claim is right and 1 when it is wrong.""",
    )
    parser.add_argument("--version", action=_Version, help="the version")
    sub = parser.add_subparsers(
        dest="command", required=True, action=_Commands, parser_class=_Command
    )
    assert isinstance(sub, _Commands)
    sub.add("chart", _chart_arguments, help="the four pillars of a birth moment")
    sub.add(
        "check",
        _check_arguments,
        help="check a chart someone was given: each pillar right or wrong, and why",
        description="Check a claimed chart against a birth: a verdict per pillar (right, "
        "wrong with the right one, impossible), the conventions and common mistakes that give "
        "the claimed pillars, and when the claimed chart does occur. Exit status 0 when the "
        "claim is right, 1 when it is wrong or impossible, 2 on bad input. With --file, score "
        "many answers instead.",
    )
    sub.add(
        "golden",
        _golden_arguments,
        help="write a documented, versioned corpus of test cases for other engines",
        description="Write OUT/cases.jsonl (inputs, options, expected pillars and key derived "
        "values: boundary cases one second either side of 节, 立春, 23:00 and DST switches, and "
        "the classic confusions), OUT/manifest.json and OUT/README.md (what each field means).",
    )
    sub.add("terms", _terms_arguments, help="the 24 solar terms of a year")
    sub.add(
        "find",
        _find_arguments,
        help="every time whose chart has these pillars (reverse lookup)",
    )
    sub.add(
        "between",
        _between_arguments,
        help="the charts of a birth known only within an interval",
    )
    sub.add("day", _day_arguments, help="the candidate charts of a day when the hour is unknown")
    sub.add(
        "batch",
        _batch_arguments,
        help="the pillars of every row of a CSV file (needs numpy)",
        description="Write the input columns plus the year, month, day and hour pillars of "
        "each row, and an 'error' column: a row that cannot be charted gets its error there "
        "and the run goes on. Each 'datetime' is read as `bazi chart` reads it, in the "
        "row's 'tz' cell when there is one, else on the clock of its 'place' cell, else in "
        "--tz; a place also gives the longitude for solar time, unless --longitude does.",
    )
    sub.add("info", None, help="versions, data coverage and sources")
    sub.add("mcp", None, help="run the MCP server on stdio (a tool chatbots call)")
    sub.add("serve", _serve_arguments, help="run the HTTP API and web page (uvicorn)")
    if not lazy:
        for command in sub.choices.values():
            command.make()
    return parser


def _chart_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("when", help="'YYYY-MM-DD HH:MM[:SS]' local time, or an ISO timestamp")
    c.add_argument("--tz", help="IANA zone (Asia/Shanghai) or offset (+08:00)")
    _add_options(c, _CHART)
    c.add_argument(
        "--lang", choices=bazi.LANGS, default="zh", help="names: zh, zh-Hant, pinyin, en"
    )
    c.add_argument("--explain", action="store_true", help="why each pillar, margins, alternatives")
    c.add_argument(
        "--years",
        metavar="YEARS",
        help="流年 of a year or span, e.g. 2025 (with its 流月) or 2024-2034",
    )
    c.add_argument("--json", action="store_true", help="print the chart as JSON")


def _check_arguments(k: argparse.ArgumentParser) -> None:
    k.add_argument(
        "claim",
        nargs="?",
        help="the claimed chart: '乙亥 己卯 己亥 甲子', '乙亥年 己卯月 …', '年柱：乙亥 …' in a "
        "longer answer, pinyin or English names; three pillars if the hour is unknown; '-' "
        "reads it from standard input (paste a chatbot's whole answer)",
    )
    k.add_argument("when", nargs="?", help="the birth: 'YYYY-MM-DD HH:MM[:SS]' local time")
    k.add_argument("--tz", help="IANA zone (Asia/Shanghai) or offset (+08:00)")
    _add_options(k, _CHECK)
    k.add_argument(
        "--file",
        help="score many answers: JSON lines, each with claim, datetime and optionally tz, "
        "options, id and mistake (its label); '-' for standard input",
    )
    k.add_argument(
        "--output",
        help="with --file: write each answer's verdicts here as JSON lines ('-': stdout)",
    )
    k.add_argument("--json", action="store_true", help="print the check (or summary) as JSON")


def _golden_arguments(g: argparse.ArgumentParser) -> None:
    g.add_argument("out", help="output directory (created if missing)")


def _terms_arguments(t: argparse.ArgumentParser) -> None:
    t.add_argument("year", type=int)
    t.add_argument("--tz", help="show instants in this zone instead of UTC")
    t.add_argument("--json", action="store_true")


def _find_arguments(f: argparse.ArgumentParser) -> None:
    f.add_argument(
        "pillars", help="'庚午 辛巳 壬午 乙巳', or three pillars when the hour is unknown"
    )
    f.add_argument("--start", type=int, default=1800, help="first year searched (default 1800)")
    f.add_argument("--end", type=int, default=2199, help="last year searched (default 2199)")
    f.add_argument("--tz", help="clock the times are read on (default: the place's, else +08:00)")
    _add_options(f, _SEARCH)
    f.add_argument("--json", action="store_true")


def _between_arguments(b: argparse.ArgumentParser) -> None:
    b.add_argument("start", help="'YYYY-MM-DD HH:MM' local start")
    b.add_argument("end", help="'YYYY-MM-DD HH:MM' local end (excluded)")
    b.add_argument("--tz", help="IANA zone or offset (or give --place)")
    _add_options(b, _SEARCH)
    b.add_argument("--json", action="store_true")


def _day_arguments(d: argparse.ArgumentParser) -> None:
    d.add_argument("date", help="'YYYY-MM-DD' (local civil date; also 1995/3/8)")
    d.add_argument("--tz", help="IANA zone or offset (or give --place)")
    _add_options(d, _SEARCH)
    d.add_argument("--json", action="store_true")


def _batch_arguments(a: argparse.ArgumentParser) -> None:
    a.add_argument(
        "input",
        help="CSV with a header, a 'datetime' and optionally 'tz' and 'place' columns ('-': stdin)",
    )
    a.add_argument("output", help="CSV to write ('-' for standard output)")
    a.add_argument("--tz", help="zone of rows without a tz cell: IANA name or offset (+08:00)")
    _add_options(a, _BATCH)
    a.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="progress on stderr (tqdm if installed); auto: files over 1 MiB, on a terminal",
    )
    a.add_argument("--chunk-size", type=int, default=50_000, help=argparse.SUPPRESS)


def _serve_arguments(v: argparse.ArgumentParser) -> None:
    v.add_argument("--host", default="127.0.0.1")
    v.add_argument("--port", type=int, default=8000)


def serve(host: str, port: int) -> int:
    """Run ``api.main:app`` under uvicorn, with its access log off: the request line holds
    birth data, and the app logs requests without their query strings instead."""
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
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


def _terms(year: int, tz: str | None, as_json: bool) -> str:
    terms = bazi.solar_terms(year)
    if as_json:
        return _json([t.to_dict(tz or "UTC") for t in terms])
    lines = []
    for t in terms:
        when = t.local(tz).isoformat(" ", "seconds") if tz else t.to_dict()["instant"]
        lines.append(f"{t.name}  {t.longitude:>3}°  {when}  {t.english}")
    return "\n".join(lines)


def _check(args: argparse.Namespace) -> int:
    """``bazi check``: one claim (exit 0 right, 1 wrong) or a file of answers."""
    from .checking import render_check, score_file

    if args.file is not None:
        if args.claim is not None or args.when is not None:
            return _usage("with --file, give no claim or birth on the command line")
        return score_file(args.file, args.output, args.json)
    if args.claim is None or args.when is None:
        return _usage("give a claim and a birth time (or --file answers.jsonl)")
    if args.output is not None:
        return _usage("--output goes with --file")
    claim = sys.stdin.read() if args.claim == "-" else args.claim
    result = bazi.check(claim, args.when, tz=args.tz, **_given(args, _CHECK))
    data = result.to_dict()
    print(_json(data) if args.json else render_check(data))
    return 0 if result.verdict == "right" else 1


def _usage(message: str) -> int:
    print(f"bazi check: error: {message} (see bazi check --help)", file=sys.stderr)
    return 2


# The verbs that answer once, after a bounded amount of work, run with the cyclic garbage
# collector paused: all it would do is walk the objects of the modules they load, a tenth
# of their time. The others (servers, files and searches of any size) run with it.
_BRIEF = frozenset({"chart", "terms", "day", "info"})


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status: 0, 2 for bad input, 130 when
    interrupted (Ctrl-C), quietly 0 when the reader of the output has gone (``| head``)."""
    return _main(argv, gc.isenabled())[0]


def command(collecting: bool | None = None) -> int:
    """The ``bazi`` command (its console script, through ``_bazi_command``, and ``python -m
    bazi`` with arguments): :func:`main` on the process's arguments. Once a brief verb's
    answer is written, the process ends there (:func:`os._exit`, with that status) rather
    than tearing down every module and collecting their objects, which takes a fifth of a
    chart's time; the other verbs return their status, for ``sys.exit``. ``collecting``:
    whether the garbage collector was on before the caller paused it (default: whether it
    is on now)."""
    status, brief = _main(None, gc.isenabled() if collecting is None else collecting)
    if brief:
        sys.stderr.flush()  # standard output is flushed already (_run)
        os._exit(status)
    return status


def _main(argv: Sequence[str] | None, collecting: bool) -> tuple[int, bool]:
    """The exit status, and whether the verb was one of :data:`_BRIEF`; the garbage
    collector on at the end if ``collecting``."""
    brief = False
    gc.disable()  # while the arguments are read, and for a brief verb until it is done
    try:
        args = _parser(lazy=True).parse_args(argv)
        brief = args.command in _BRIEF
        if collecting and not brief:
            gc.enable()
        return _run(args), brief
    except KeyboardInterrupt:
        print("bazi: interrupted; nothing was written to the output file", file=sys.stderr)
        return 130, brief
    except BrokenPipeError:
        # The reader stopped reading: not an error. Point stdout at nothing so that the
        # interpreter's final flush does not complain again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0, brief
    finally:
        if collecting:
            gc.enable()


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command == "chart":
            result = bazi.chart(args.when, tz=args.tz, **_given(args, _CHART))
            data = result.to_dict(args.lang, explanation=args.explain, years=args.years)
            if args.json:
                out = _json(data)
            else:
                from .render import render

                out = render(data)
        elif args.command == "check":
            return _check(args)
        elif args.command == "golden":
            from .golden import write_corpus

            out = write_corpus(args.out)
        elif args.command == "find":
            school = _given(args, _SEARCH)
            found = bazi.find(args.pillars, args.start, args.end, tz=args.tz, **school)
            out = _segments(found, args.json, args.tz)
        elif args.command == "between":
            school = _given(args, _SEARCH)
            parts = bazi.charts_between(args.start, args.end, tz=args.tz, **school)
            out = _segments(parts, args.json, args.tz)
        elif args.command == "day":
            parts = bazi.charts_for_day(args.date, tz=args.tz, **_given(args, _SEARCH))
            out = _segments(parts, args.json, args.tz)
        elif args.command == "terms":
            out = _terms(args.year, args.tz, args.json)
        elif args.command == "batch":
            from .batch_csv import batch_csv

            options = _given(args, _BATCH)
            return batch_csv(
                args.input, args.output, args.tz, options, args.progress, args.chunk_size
            )
        elif args.command == "serve":
            return serve(args.host, args.port)
        elif args.command == "mcp":
            return mcp()
        else:
            out = info()
    except bazi.BaziError as error:
        print(f"bazi: error: {_one_line(str(error))}", file=sys.stderr)
        return 2
    print(out)
    sys.stdout.flush()  # here, where a reader that has gone is a BrokenPipeError for main
    return 0


if __name__ == "__main__":
    sys.exit(command())
