"""``bazi batch in.csv out.csv``: the pillars of every row of a CSV file.

Each row is charted with :func:`bazi.pillars_or_errors`, in chunks, so memory stays flat
however long the file. A row that cannot be charted gets its error in the ``error`` column
and the run goes on; a missing file or ``datetime`` column, or a bad option, exits 2 before
any row.
"""

from __future__ import annotations

import csv
import importlib
import io
import os
import sys
from collections.abc import Callable, Iterator
from itertools import islice
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


def _chunks(reader: Iterator[list[str]], size: int) -> Iterator[list[list[str]]]:
    while chunk := [row for row in islice(reader, size) if row]:  # blank lines skipped
        yield chunk


def _chart_rows(
    rows: list[list[str]],
    width: int,
    columns: tuple[int, int | None],
    tz: str | None,
    options: dict[str, Any],
    pillars_or_errors: Callable[..., Any],
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
        groups.setdefault(cell or tz, []).append(i)
    names = [[""] * len(rows) for _ in range(4)]
    for zone, where in groups.items():
        try:
            pillars, failed = pillars_or_errors(
                [rows[i][when_column] for i in where], tz=zone, as_strings=True, **options
            )
        except bazi.BaziError as error:  # the tz cell names no zone
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
        pillars_or_errors = bazi.pillars_or_errors
    except ImportError as error:
        return _fail(f"bazi batch needs numpy ({error}): pip install 'bazi-reference[fast]'")
    # Bad options or zone stop the run before any file is opened (main prints the error).
    pillars_or_errors([], tz=tz, **options)
    if chunk_size < 1:
        return _fail(f"--chunk-size must be positive, got {chunk_size}")
    if source_name == "-":
        source: IO[bytes] = sys.stdin.buffer
    else:
        try:
            source = open(source_name, "rb")  # noqa: SIM115 (closed below, also for stdin)
        except OSError as error:
            return _fail(f"cannot read {source_name}: {error.strerror or error}")
    text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    try:
        return _stream(
            source_name,
            target_name,
            text,
            source,
            lambda rows, width, columns: _chart_rows(
                rows, width, columns, tz, options, pillars_or_errors
            ),
            progress_mode,
            chunk_size,
        )
    finally:
        if source_name == "-":
            text.detach()  # leave standard input open
        else:
            text.close()


def _stream(
    source_name: str,
    target_name: str,
    text: IO[str],
    source: IO[bytes],
    chart_rows: Callable[[list[list[str]], int, tuple[int, int | None]], int],
    progress_mode: str,
    chunk_size: int,
) -> int:
    reader = csv.reader(text)
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as error:
        return _fail(f"cannot read {source_name} as UTF-8 CSV: {error}")
    if not header:
        return _fail(f"{source_name} is empty: expected a header row with a 'datetime' column")
    if "datetime" not in header:
        return _fail(f"{source_name} has no 'datetime' column (its columns: {', '.join(header)})")
    clash = [c for c in _OUTPUT_COLUMNS if c in header]
    if clash:
        return _fail(f"{source_name} already has a column {clash[0]!r}, which bazi batch writes")
    columns = (header.index("datetime"), header.index("tz") if "tz" in header else None)
    if "-" not in (source_name, target_name) and os.path.exists(target_name):  # noqa: SIM102
        if os.path.samefile(source_name, target_name):
            return _fail(f"{target_name} is the input file; write the output elsewhere")
    try:
        sink = (
            sys.stdout
            if target_name == "-"
            else open(target_name, "w", newline="", encoding="utf-8")  # noqa: SIM115
        )
    except OSError as error:
        return _fail(f"cannot write {target_name}: {error.strerror or error}")
    seekable = source.seekable()
    size = os.fstat(source.fileno()).st_size if seekable else None
    progress = _Progress(progress_mode, size)
    failed = 0
    try:
        writer = csv.writer(sink, lineterminator="\n")
        writer.writerow([*header, *_OUTPUT_COLUMNS])
        for rows in _chunks(reader, chunk_size):
            failed += chart_rows(rows, len(header), columns)
            writer.writerows(rows)
            progress.update(len(rows), source.tell() if seekable else None)
    except (csv.Error, UnicodeDecodeError) as error:
        return _fail(f"cannot read {source_name} as UTF-8 CSV: {error}")
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
