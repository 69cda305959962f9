"""``bazi batch in.csv out.csv``: the pillars of every row of a CSV file.

Each row is charted with :func:`bazi.pillars_or_errors`, in chunks, so memory stays flat
however long the file. One record per line: a line that cannot be charted — its date-time
refused, its bytes not UTF-8, its quotes unbalanced, too many fields — is written with its
line number and error in the ``error`` column, and the run goes on. A missing file or
``datetime`` column, or a bad option, exits 2 before any row.

The output is written to a temporary file beside the target and renamed onto it only when
every row is done: an interrupted or failed run leaves no file at the target path (nor a
half-written one in place of an older file).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import importlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import bazi

__all__ = ["batch_csv"]

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


class _Row:
    """One input line: its number, its fields, or why it has none."""

    __slots__ = ("fields", "number", "problem")

    def __init__(self, number: int, fields: list[str], problem: str = "") -> None:
        self.number, self.fields, self.problem = number, fields, problem


def _read_line(number: int, raw: bytes) -> _Row | None:
    """A physical line as a record (``None`` for a blank line)."""
    try:
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
    except UnicodeDecodeError as error:
        return _Row(number, [], f"InvalidInputError: line {number} is not UTF-8 ({error.reason})")
    if not text.strip():
        return None
    try:
        (fields,) = csv.reader([text], strict=True)
    except (csv.Error, ValueError) as error:
        return _Row(number, [], f"InvalidInputError: line {number} is not one CSV record ({error})")
    return _Row(number, fields)


def _records(source: IO[bytes]) -> Iterator[_Row]:
    for number, raw in enumerate(source, start=1):
        row = _read_line(number, raw)
        if row is not None:
            yield row


def _chunks(rows: Iterator[_Row], size: int) -> Iterator[list[_Row]]:
    chunk: list[_Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _chart_rows(
    rows: list[_Row],
    width: int,
    columns: tuple[int, int | None, int | None],
    tz: str | None,
    options: dict[str, Any],
    pillars_or_errors: Callable[..., Any],
) -> tuple[list[list[str]], int]:
    """The output rows (input columns, then year, month, day, hour and error) and the
    number of errors. A row's place cell gives its clock (unless its tz cell does, which
    must then agree) and, unless --longitude does, its longitude for solar time."""
    when_column, tz_column, place_column = columns
    errors = [row.problem for row in rows]
    groups: dict[tuple[str | None, float | None], list[int]] = {}
    for i, row in enumerate(rows):
        if row.problem:
            continue
        if len(row.fields) > width:
            errors[i] = (
                f"InvalidInputError: line {row.number} has {len(row.fields)} fields, "
                f"the header {width}"
            )
            continue
        row.fields.extend([""] * (width - len(row.fields)))
        cell = row.fields[tz_column].strip() if tz_column is not None else ""
        name = row.fields[place_column].strip() if place_column is not None else ""
        longitude = options.get("longitude")
        if name:
            try:
                place = _place(name)
                if cell:  # both: the core refuses a zone that is not the place's clock
                    bazi.chart(row.fields[when_column], tz=cell, place=name)
            except bazi.BaziError as error:
                errors[i] = f"{type(error).__name__}: line {row.number}: {error}"
                continue
            cell = cell or bazi.place_clock(place.timezone)
            longitude = place.longitude if longitude is None else longitude
        groups.setdefault((cell or tz, longitude), []).append(i)
    names = [[""] * len(rows) for _ in range(4)]
    for (zone, longitude), where in groups.items():
        try:
            pillars, failed = pillars_or_errors(
                [rows[i].fields[when_column] for i in where],
                tz=zone,
                as_strings=True,
                **{**options, "longitude": longitude},
            )
        except bazi.BaziError as error:  # the tz cell names no zone
            for i in where:
                errors[i] = f"{type(error).__name__}: line {rows[i].number}: {error}"
            continue
        for column, values in zip(names, pillars, strict=True):
            for i, value in zip(where, values.tolist(), strict=True):
                column[i] = value
        for k, problem in failed.items():
            errors[where[k]] = f"{type(problem).__name__}: line {rows[where[k]].number}: {problem}"
    out = []
    for i, row in enumerate(rows):
        cells = row.fields[:width] if len(row.fields) <= width else [""] * width
        cells = cells + [""] * (width - len(cells))
        out.append([*cells, names[0][i], names[1][i], names[2][i], names[3][i], errors[i]])
    return out, sum(1 for e in errors if e)


@functools.lru_cache(maxsize=1024)
def _place(name: str) -> bazi.Place:
    """A place cell looked up once per run (without spelling suggestions: a batch)."""
    return bazi.resolve_place(name, suggest=False)


def batch_csv(
    source_name: str,
    target_name: str,
    tz: str | None,
    options: dict[str, Any],
    progress_mode: str = "auto",
    chunk_size: int = 50_000,
) -> int:
    """Chart every row of ``source_name`` into ``target_name`` (``-``: standard input or
    output), with ``options`` (the pillar school and ``fold``); return the exit status."""
    try:
        bazi.pillars_or_errors  # noqa: B018 (its module needs numpy, the fast extra)
    except ImportError as error:
        return _fail(f"bazi batch needs numpy ({error}): pip install 'bazi-reference[fast]'")
    if chunk_size < 1:
        return _fail(f"--chunk-size must be positive, got {chunk_size}")
    if source_name == "-":
        return _stream(
            source_name, target_name, sys.stdin.buffer, tz, options, progress_mode, chunk_size
        )
    try:
        source = open(source_name, "rb")  # noqa: SIM115 (closed below)
    except OSError as error:
        return _fail(f"cannot read {source_name}: {error.strerror or error}")
    with source:
        return _stream(source_name, target_name, source, tz, options, progress_mode, chunk_size)


def _stream(
    source_name: str,
    target_name: str,
    source: IO[bytes],
    tz: str | None,
    options: dict[str, Any],
    progress_mode: str,
    chunk_size: int,
) -> int:
    records = _records(source)
    first = next(records, None)
    if first is None or not first.fields:
        problem = first.problem if first is not None else "it is empty"
        return _fail(f"{source_name} has no header row with a 'datetime' column ({problem})")
    header = first.fields
    if "datetime" not in header:
        return _fail(f"{source_name} has no 'datetime' column (its columns: {', '.join(header)})")
    clash = [c for c in _OUTPUT_COLUMNS if c in header]
    if clash:
        return _fail(f"{source_name} already has a column {clash[0]!r}, which bazi batch writes")
    columns = (
        header.index("datetime"),
        header.index("tz") if "tz" in header else None,
        header.index("place") if "place" in header else None,
    )
    # Bad options or zone stop the run before the output is opened (main prints the
    # error). With a place column the longitude may come from each row's place.
    school = options if columns[2] is None else {"longitude": 0.0, **options}
    bazi.pillars_or_errors([], tz=tz, **{k: v for k, v in school.items() if v is not None})
    if "-" not in (source_name, target_name) and os.path.exists(target_name):  # noqa: SIM102
        if os.path.samefile(source_name, target_name):
            return _fail(f"{target_name} is the input file; write the output elsewhere")
    seekable = source.seekable()
    size = os.fstat(source.fileno()).st_size if seekable else None
    progress = _Progress(progress_mode, size)
    try:
        with _atomic(target_name) as sink:
            writer = csv.writer(sink, lineterminator="\n")
            writer.writerow([*header, *_OUTPUT_COLUMNS])
            failed = 0
            for rows in _chunks(records, chunk_size):
                out, errors = _chart_rows(
                    rows, len(header), columns, tz, options, bazi.pillars_or_errors
                )
                failed += errors
                writer.writerows(out)
                progress.update(len(rows), source.tell() if seekable else None)
    except OSError as error:
        return _fail(f"cannot write {target_name}: {error.strerror or error}")
    finally:
        progress.close()
    if failed:
        print(
            f"bazi: {failed:,} of {progress.rows:,} rows could not be charted; "
            "see the 'error' column",
            file=sys.stderr,
        )
    return 0


@contextlib.contextmanager
def _atomic(target_name: str) -> Iterator[IO[str]]:
    """Standard output for ``-``; else a temporary file beside the target, renamed onto it
    when the block ends normally and removed whenever it does not (an error, Ctrl-C)."""
    if target_name == "-":
        yield sys.stdout
        return
    target = Path(target_name)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".partial", dir=target.parent or Path(".")
    )
    try:
        with open(handle, "w", newline="", encoding="utf-8") as sink:
            yield sink
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
