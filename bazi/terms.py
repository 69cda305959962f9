"""The 24 solar terms 节气, read from the table shipped in ``bazi/data/solar_terms.txt``.

A solar term is the instant the Sun's apparent geocentric ecliptic longitude reaches a
multiple of 15°. The table was computed from JPL DE423 by ``tools/make_solar_terms.py``;
its header records the ephemeris, the ΔT model, the time-scale rule (UT1 before 1972, UTC
after) and a SHA-256 of its data lines. It is loaded on first use, never at import, and
validated before it is used: from ``bazi/data/solar_terms.bin``, the same table packed by the
generator (its header as written, its instants as 64-bit integers: no date parsed per line),
whose SHA-256 is pinned here as the text's is. Lookups are binary searches on integer
microseconds.
"""

from __future__ import annotations

import os
import sys
from array import array
from bisect import bisect_right
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache, lru_cache
from itertools import accumulate, compress, cycle, islice, repeat
from operator import eq, floordiv, mod, sub
from typing import NamedTuple

from .errors import OutOfRangeError

__all__ = ["SolarTerm", "TermTable", "solar_term_table", "solar_terms"]

TABLE_FILE = "solar_terms.txt"
PACKED_FILE = "solar_terms.bin"
REGENERATE = "python tools/make_solar_terms.py"
# The SHA-256 of the table file's bytes, written here by the generator: a table edited
# after it (even with its header's own checksum recomputed) or carrying a stray byte is
# refused as damaged.
TABLE_SHA256 = "6b361cc25df37024d234a8d9e376233cf7d3cd181793012d9ad6dd2d21430ec0"
# The SHA-256 of the packed table (:func:`pack_table`): the text's header and first line,
# then every term's instant as little-endian signed 64-bit microseconds since 1970, which
# the generator writes and pins with the text. :func:`solar_term_table` reads it instead of
# parsing 9603 lines of text in every process that charts.
PACKED_SHA256 = "92ea8f8620d523da2b29ff78f2854ee2f2f6c2839b00f6f9f35665464d8dfea5"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
_DAY_US = 86_400_000_000
_EPOCH_ORDINAL = 719_163  # date(1970, 1, 1).toordinal()
_MONTH_DAYS = (  # days of each month, in a common year and in a leap year
    (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31),
    (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31),
)

# Names by longitude / 15: 0 = 春分 (vernal equinox) … 21 = 立春 … 23 = 惊蛰.
_NAMES = (
    "春分", "清明", "谷雨", "立夏", "小满", "芒种", "夏至", "小暑", "大暑", "立秋", "处暑", "白露",
    "秋分", "寒露", "霜降", "立冬", "小雪", "大雪", "冬至", "小寒", "大寒", "立春", "雨水", "惊蛰",
)  # fmt: skip
_NAMES_TRADITIONAL = (
    "春分", "清明", "穀雨", "立夏", "小滿", "芒種", "夏至", "小暑", "大暑", "立秋", "處暑", "白露",
    "秋分", "寒露", "霜降", "立冬", "小雪", "大雪", "冬至", "小寒", "大寒", "立春", "雨水", "驚蟄",
)  # fmt: skip
_PINYIN = (
    "chūnfēn", "qīngmíng", "gǔyǔ", "lìxià", "xiǎomǎn", "mángzhòng", "xiàzhì", "xiǎoshǔ",
    "dàshǔ", "lìqiū", "chǔshǔ", "báilù", "qiūfēn", "hánlù", "shuāngjiàng", "lìdōng",
    "xiǎoxuě", "dàxuě", "dōngzhì", "xiǎohán", "dàhán", "lìchūn", "yǔshuǐ", "jīngzhé",
)  # fmt: skip
_ENGLISH = (
    "Spring Equinox", "Clear and Bright", "Grain Rain", "Start of Summer", "Grain Full",
    "Grain in Ear", "Summer Solstice", "Minor Heat", "Major Heat", "Start of Autumn",
    "End of Heat", "White Dew", "Autumn Equinox", "Cold Dew", "Frost Descent",
    "Start of Winter", "Minor Snow", "Major Snow", "Winter Solstice", "Minor Cold",
    "Major Cold", "Start of Spring", "Rain Water", "Awakening of Insects",
)  # fmt: skip


def to_microseconds(instant: datetime) -> int:
    """Exact integer microseconds since 1970-01-01 UTC of an aware datetime."""
    return (instant - EPOCH) // MICROSECOND


def from_microseconds(us: int) -> datetime:
    """The aware UTC datetime ``us`` microseconds after 1970-01-01 UTC."""
    return EPOCH + timedelta(microseconds=us)


class SolarTerm(NamedTuple):
    """One solar term: its longitude (a multiple of 15°) and its instant (aware, UTC)."""

    longitude: int
    instant: datetime

    @property
    def is_jie(self) -> bool:
        """True for the twelve 节 that open a month (立春 315°, 惊蛰 345°, … every 30°)."""
        return (self.longitude - 315) % 30 == 0

    @property
    def name(self) -> str:
        return _NAMES[self.longitude // 15]

    @property
    def hanzi(self) -> str:
        return _NAMES[self.longitude // 15]

    @property
    def hanzi_traditional(self) -> str:
        return _NAMES_TRADITIONAL[self.longitude // 15]

    @property
    def name_traditional(self) -> str:
        return _NAMES_TRADITIONAL[self.longitude // 15]

    @property
    def pinyin(self) -> str:
        return _PINYIN[self.longitude // 15]

    @property
    def english(self) -> str:
        return _ENGLISH[self.longitude // 15]

    def local(self, tz: str | tzinfo) -> datetime:
        """The instant on the clock of ``tz`` (an IANA name, an offset or a ``tzinfo``).

        Raises:
            UnknownZoneError: ``tz`` names no zone.
        """
        from .moment import zone

        return self.instant.astimezone(tz if isinstance(tz, tzinfo) else zone(tz))

    def to_dict(self, tz: str | tzinfo | None = None) -> dict[str, object]:
        """JSON-ready names, longitude and instant (UTC); with ``tz``, also ``local``, the
        instant on that clock to the millisecond with its offset. A fresh dict."""
        if tz is not None and not isinstance(tz, tzinfo):
            from .moment import zone

            tz = zone(tz)
        return dict(_term_dict(self.longitude, self.instant, tz))


@lru_cache(maxsize=8192)  # every chart lists two or three of the table's 节, on its clock
def _term_dict(longitude: int, instant: datetime, tz: tzinfo | None) -> dict[str, object]:
    k = longitude // 15
    local = (
        {} if tz is None else {"local": instant.astimezone(tz).isoformat(timespec="milliseconds")}
    )
    return {
        "name": _NAMES[k],
        "name_traditional": _NAMES_TRADITIONAL[k],
        "pinyin": _PINYIN[k],
        "english": _ENGLISH[k],
        "longitude": longitude,
        "instant": format_instant(instant),
        **local,
    }


def format_instant(instant: datetime) -> str:
    """ISO 8601 in UTC with milliseconds (microseconds if present) and a ``Z``."""
    utc = instant if instant.tzinfo is UTC else instant.astimezone(UTC)
    spec = "milliseconds" if utc.microsecond % 1000 == 0 else "microseconds"
    return utc.isoformat(timespec=spec)[:-6] + "Z"  # "+00:00" → "Z"


class TermTable:
    """All solar terms of the shipped table, in time order, with the table's provenance."""

    def __init__(self, header: dict[str, str], longitudes: list[int], instants: list[int]):
        self.header = header
        self.longitudes = longitudes
        self.instants = instants  # microseconds since 1970, increasing
        jie = list(map(eq, map(mod, longitudes, repeat(30)), repeat(15)))  # (lon - 315) % 30 == 0
        self.jie_longitudes = list(compress(longitudes, jie))  # the 12 节 of each year only
        self.jie_instants = list(compress(instants, jie))
        # Supported range: from the first 小寒 to the last 小寒 (conventions §3), so that every
        # instant in it has its governing 节 and the 立春 of its year in the table.
        xiaohan = [i for i, lon in enumerate(self.jie_longitudes) if lon == 285]
        self.start_us = self.jie_instants[xiaohan[0]]
        self.end_us = self.jie_instants[xiaohan[-1]]
        # Every 节 falls on days 3–9 of its Gregorian month in UTC (小寒 in January, 立春 in
        # February, …): the 节 of month m of year y is at 12 y + m + month_base in
        # jie_instants, and an instant read on any clock (under a day off UTC) in local
        # month m is governed by that 节 or by the one before it. One comparison instead of
        # a binary search: :func:`bazi.chart` relies on it, so :func:`parse_table` checks it
        # (:meth:`check_months`) and the packed table, pinned by its digest, is that table.
        self.first_xiaohan = xiaohan[0]
        first = from_microseconds(self.start_us)
        self.month_base = xiaohan[0] - 12 * first.year - first.month

    def check_months(self) -> None:
        """Raise :class:`RuntimeError` unless each 节 from the first 小寒 falls on a day 2–27
        of its own month in UTC, one a month (what :attr:`month_base` counts on)."""
        start = self.first_xiaohan
        if not _months_in_order(self.jie_instants[start:], from_microseconds(self.start_us)):
            for i, us in enumerate(self.jie_instants[start:], start=start):
                t = from_microseconds(us)
                if 12 * t.year + t.month + self.month_base != i or not 2 <= t.day <= 27:
                    raise _broken(f"the 节 at {format_instant(t)} is not a day inside its month")

    @property
    def start(self) -> datetime:
        """The first supported instant (小寒 1800)."""
        return from_microseconds(self.start_us)

    @property
    def end(self) -> datetime:
        """The first instant past the supported range (小寒 2200)."""
        return from_microseconds(self.end_us)

    @property
    def version(self) -> str:
        """A short identifier of the table: ephemeris and the first 12 hex of its SHA-256."""
        return f"DE423/format-{self.header['format']}/sha256:{self.header['sha256'][:12]}"

    def check_range(self, us: int, field: str = "datetime") -> None:
        """Raise :class:`OutOfRangeError` (about ``field``) unless ``us`` is in
        [小寒 1800, 小寒 2200)."""
        if not self.start_us <= us < self.end_us:
            raise OutOfRangeError(
                format_instant(from_microseconds(us)),
                self.start,
                self.end,
                "the solar-term table (小寒 1800 to 小寒 2200, UTC)",
                field,
            )

    def governing_jie(self, us: int) -> SolarTerm:
        """The latest 节 at or before the instant ``us`` (an instant on a 节 belongs to it)."""
        return self.jie(self.jie_index(us))

    def jie_index(self, us: int) -> int:
        """The position among :attr:`jie_instants` of the 节 governing the instant ``us``."""
        if not self.start_us <= us < self.end_us:
            self.check_range(us)
        return bisect_right(self.jie_instants, us) - 1

    def jie(self, i: int) -> SolarTerm:
        """The ``i``-th 节 of the table."""
        return SolarTerm(self.jie_longitudes[i], from_microseconds(self.jie_instants[i]))

    def next_jie(self, us: int) -> SolarTerm:
        """The first 节 strictly after the instant ``us`` (the one that closes its month)."""
        return self.jie(bisect_right(self.jie_instants, us))

    def terms_between(self, start_us: int, end_us: int) -> list[SolarTerm]:
        """Every term with ``start_us <= instant < end_us``."""
        lo = bisect_right(self.instants, start_us - 1)
        hi = bisect_right(self.instants, end_us - 1)
        return [
            SolarTerm(self.longitudes[i], from_microseconds(self.instants[i]))
            for i in range(lo, hi)
        ]

    def neighbours(self, us: int, count: int) -> tuple[list[int], list[int]]:
        """``count`` terms around ``us`` (half before, half after): longitudes and instants."""
        i = bisect_right(self.instants, us) - count // 2
        i = max(0, min(i, len(self.instants) - count))
        return self.longitudes[i : i + count], self.instants[i : i + count]


def _months_in_order(jie_instants: list[int], first: datetime) -> bool:
    """Whether the 节 at ``jie_instants`` fall one a month from the month of ``first``
    (UTC), each on a day 2–27 (1 to 26 days after the first day of its month):
    :class:`TermTable`'s check, made without a date per 节."""
    lengths: list[int] = []  # of the months from January of first's year
    for year in range(first.year, first.year + len(jie_instants) // 12 + 2):
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        lengths += _MONTH_DAYS[leap]
    month_start = date(first.year, first.month, 1).toordinal() - _EPOCH_ORDINAL  # days
    starts = accumulate(lengths[first.month - 1 :], initial=month_start)
    after = list(map(sub, map(floordiv, jie_instants, repeat(_DAY_US)), starts))
    return not after or (min(after) >= 1 and max(after) <= 26)


def _broken(reason: str, file: str = TABLE_FILE) -> RuntimeError:
    return RuntimeError(
        f"the shipped solar-term table bazi/data/{file} is damaged ({reason}); "
        f"reinstall the package or regenerate it with `{REGENERATE}`"
    )


def parse_table(text: str) -> TermTable:
    """Parse and validate the table text; raise :class:`RuntimeError` if it is damaged."""
    header: dict[str, str] = {}
    data: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep:
                header[key.strip()] = value.strip()
        elif line:
            data.append(line)
    for key in ("format", "ephemeris", "time scale", "generator", "coverage", "sha256"):
        if key not in header:
            raise _broken(f"header has no {key!r}")
    import hashlib  # here, not at import: the table is read once, on first use

    digest = hashlib.sha256("".join(f"{line}\n" for line in data).encode()).hexdigest()
    if digest != header["sha256"]:
        raise _broken("its data lines do not match the SHA-256 in its header")
    longitudes: list[int] = []
    instants: list[int] = []
    for line in data:
        lon, _, stamp = line.partition(" ")
        longitudes.append(int(lon))
        instants.append(to_microseconds(datetime.fromisoformat(stamp)))
    for k in range(1, len(data)):
        if longitudes[k] != (longitudes[k - 1] + 15) % 360:
            raise _broken(f"line {data[k]!r} does not follow {data[k - 1]!r} by 15°")
        gap_days = (instants[k] - instants[k - 1]) / 86_400e6
        if not 14.0 < gap_days < 16.5:
            raise _broken(f"line {data[k]!r} is {gap_days:.2f} days after the previous term")
    if len(data) < 48:
        raise _broken(f"only {len(data)} terms")
    table = TermTable(header, longitudes, instants)
    table.check_months()
    return table


def load_table(data: bytes) -> TermTable:
    """The table from the file's bytes, which must be those the generator wrote
    (:data:`TABLE_SHA256`); raise :class:`RuntimeError` if they are not."""
    import hashlib  # here, not at import: the table is read once, on first use

    if hashlib.sha256(data).hexdigest() != TABLE_SHA256:
        raise _broken("its bytes are not those the generator wrote (SHA-256 in bazi/terms.py)")
    return parse_table(data.decode("utf-8"))  # the generator writes UTF-8


def pack_table(data: bytes) -> bytes:
    """The packed table (:data:`PACKED_FILE`) of the text table's bytes ``data``: its header
    lines and first data line as written, then the instants of all its terms (checked by
    :func:`load_table`) as little-endian signed 64-bit microseconds since 1970."""
    instants = array("q", load_table(data).instants)
    if sys.byteorder == "big":
        instants.byteswap()
    lines = data.split(b"\n")
    header = [line for line in lines if line.startswith(b"#")]
    first = next(line for line in lines if line and not line.startswith(b"#"))
    return b"".join(line + b"\n" for line in (*header, first)) + instants.tobytes()


def _sha256(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex, by CPython's own implementation when it has one
    (``_sha2``, ``_sha256`` before 3.12: the one hashlib falls back on), else hashlib's:
    loading OpenSSL for it takes longer than reading the table."""
    from importlib import import_module

    for name in ("_sha2", "_sha256"):
        try:
            sha256 = import_module(name).sha256
        except (ImportError, AttributeError):
            continue
        return str(sha256(data).hexdigest())
    import hashlib

    return hashlib.sha256(data).hexdigest()


def load_packed(packed: bytes) -> TermTable:
    """The table from its packed bytes (:func:`pack_table`); raise :class:`RuntimeError`
    unless they are those the generator wrote (:data:`PACKED_SHA256`).

    The same table as :func:`load_table` reads from the text, without reading a date from
    each of its lines: the header as written, the instants unpacked, the longitudes after
    the first line's by 15°. What :func:`parse_table` checks line by line is a fact of the
    pinned bytes, which the tests check (this table against the text's); here the header's
    keys, the first instant against the first line, and the count against the header's
    coverage are checked.
    """
    if _sha256(packed) != PACKED_SHA256:
        raise _broken(
            "its bytes are not those the generator wrote (SHA-256 in bazi/terms.py)", PACKED_FILE
        )
    header: dict[str, str] = {}
    start = 0
    while packed.startswith(b"#", start):  # the header's lines, then the first data line
        end = packed.index(b"\n", start)
        key, sep, value = packed[start + 1 : end].decode("utf-8").partition(":")
        if sep:
            header[key.strip()] = value.strip()
        start = end + 1
    end = packed.index(b"\n", start)
    longitude, _, stamp = packed[start:end].decode("ascii").partition(" ")
    data = packed[end + 1 :]
    for key in ("format", "ephemeris", "time scale", "generator", "coverage", "sha256"):
        if key not in header:
            raise _broken(f"header has no {key!r}", PACKED_FILE)
    instants = array("q")
    instants.frombytes(data[: len(data) - len(data) % 8])
    if sys.byteorder == "big":
        instants.byteswap()
    count = len(instants)
    if count < 48 or instants[0] != to_microseconds(datetime.fromisoformat(stamp)):
        raise _broken("its first term is not its first line's", PACKED_FILE)
    if len(data) % 8 or not header["coverage"].endswith(f", {count} terms"):
        raise _broken(f"{len(data)} bytes of terms, not {header['coverage']!r}", PACKED_FILE)
    year = [(int(longitude) + 15 * k) % 360 for k in range(24)]  # the longitudes, in turn
    return TermTable(header, list(islice(cycle(year), count)), instants.tolist())


def _read(name: str) -> bytes:
    """A data file of the package, read beside this module: through importlib.resources
    (with pathlib, zipfile and tempfile, more time than reading the table) only if the
    package is not in a directory (a zip)."""
    try:
        with open(os.path.join(os.path.dirname(__file__), "data", name), "rb") as f:
            return f.read()
    except OSError:
        from importlib.resources import files

        return files("bazi").joinpath("data", name).read_bytes()


@cache
def solar_term_table() -> TermTable:
    """The shipped table, read and validated once per process on first use, from its
    packed form (:func:`load_packed`; the text, :func:`load_table`, is the same table)."""
    return load_packed(_read(PACKED_FILE))


def solar_terms(year: int) -> list[SolarTerm]:
    """The 24 solar terms of Gregorian ``year`` (1800–2199), 小寒 first, instants in UTC.

    No term falls within days of 1 January, so the list is the same in every time zone.

    Raises:
        OutOfRangeError: ``year`` outside 1800–2199.
    """
    if isinstance(year, bool) or not isinstance(year, int) or not 1800 <= year <= 2199:
        raise OutOfRangeError(
            year, datetime(1800, 1, 1), datetime(2200, 1, 1), "years 1800-2199", "year"
        )
    start = to_microseconds(datetime(year, 1, 1, tzinfo=UTC))
    end = to_microseconds(datetime(year + 1, 1, 1, tzinfo=UTC))
    return solar_term_table().terms_between(start, end)
