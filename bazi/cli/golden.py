"""``bazi golden OUT``: a documented, versioned corpus of cases for other engines and
evaluations.

Writes ``OUT/cases.jsonl`` (one case a line), ``OUT/manifest.json`` (corpus version, engine
and data versions, counts, checksum) and ``OUT/README.md`` (what every field means). The
cases are this engine's answers through the public :mod:`bazi` namespace; the engine's
own tests establish them against independent sources (the HKO solar-term table, peers'
documented charts, hand derivations). Kinds:

* ``jie``: one second before and after each 节 (立春 included) of a set of years, on the
  Beijing clock (+08:00), where year and month change;
* ``day_boundary``: 22:59:59, 23:00:00, 23:59:59 and 00:00:00 under each 23:00 school;
* ``dst``: one second either side of daylight-saving switches (Asia/Shanghai 1988,
  America/New_York 2024) in standard and clock time, and the skipped and repeated wall
  times (an error, or ``fold``);
* ``confusion``: for a few births, the chart each named convention or mistake gives
  (:func:`bazi.confusions`): an engine answering so made that mistake;
* ``named``: births whose chart is derived by hand in this project's tests.

The bytes depend only on the corpus version and the engine's data: the same on every run.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import bazi

__all__ = ["CORPUS_VERSION", "cases", "write_corpus"]

CORPUS_VERSION = "1"
JIE_YEARS = (1900, 1949, 1984, 1995, 2000, 2013, 2024, 2050, 2100)
BEIJING = "+08:00"
_BEIJING = timezone(timedelta(hours=8))
# Switches of daylight saving (UTC instants, from the IANA database): China's last summer
# time and New York's of 2024.
DST_SWITCHES = (
    ("Asia/Shanghai", "1988-04-16T18:00:00Z", "start: 02:00 +08:00 → 03:00 +09:00"),
    ("Asia/Shanghai", "1988-09-10T17:00:00Z", "end: 02:00 +09:00 → 01:00 +08:00"),
    ("America/New_York", "2024-03-10T07:00:00Z", "start: 02:00 -05:00 → 03:00 -04:00"),
    ("America/New_York", "2024-11-03T06:00:00Z", "end: 02:00 -04:00 → 01:00 -05:00"),
)
CONFUSED_BIRTHS: tuple[tuple[str, dict[str, Any], str], ...] = (
    ("1995-03-08 23:40", {"tz": "Asia/Shanghai"}, "the seed (深圳): a 子-hour birth"),
    ("2013-02-06 12:00", {"tz": "Asia/Hong_Kong"}, "between 立春 and 春节"),
    ("1990-01-20 08:00", {"tz": "+08:00"}, "between 1 January and 立春"),
    ("2013-03-05 08:00", {"tz": "Asia/Hong_Kong"}, "the day of 惊蛰, before it"),
    ("2013-03-08 12:00", {"tz": "Asia/Hong_Kong"}, "lunar 正月 in the 卯 month"),
    ("1988-07-01 11:30", {"tz": "Asia/Shanghai"}, "under China's daylight saving"),
    (
        "1990-05-17 10:50",
        {"tz": "Asia/Urumqi", "solar_time": "apparent", "longitude": 87.6},
        "true solar time far west of the zone's meridian",
    ),
)
NAMED = (
    (
        "1990-05-17 10:30",
        {"tz": "Asia/Shanghai"},
        "庚午 辛巳 壬午 乙巳",
        "the README's example; China's daylight saving (+09:00) that day",
    ),
    (
        "1995-03-08 23:40",
        {"tz": "Asia/Shanghai"},
        "乙亥 己卯 己亥 甲子",
        "the seed (深圳): 23:40 belongs to the next day's 子 hour (zi school)",
    ),
)


def _expected(chart: bazi.Chart) -> dict[str, Any]:
    d = chart.to_dict()
    jie = d["month_jie"]
    return {
        "pillars": d["pillars"],
        "text": d["text"],
        "instant_utc": d["instant_utc"],
        "local": {k: d["local"][k] for k in ("wall_time", "utc_offset", "dst", "reckoned_time")},
        "month_jie": {"name": jie["name"], "instant": jie["instant"]},
        "lunar_date": None if d["lunar_date"] is None else d["lunar_date"]["hanzi"],
    }


def _case(case_id: str, kind: str, given: dict[str, Any], note: str) -> dict[str, Any]:
    """A case: the input as given to :func:`bazi.chart`, the conventions in force and the
    expected values, or the expected error."""
    options = {k: v for k, v in given.items() if k not in ("datetime", "tz")}
    try:
        chart = bazi.chart(given["datetime"], given.get("tz"), **options)
    except bazi.BaziError as error:
        expected: dict[str, Any] = {"error": {"type": type(error).__name__, "field": error.field}}
        school = {o.name for o in bazi.OPTIONS if o.group == "pillar"}
        conventions = bazi.Options(**{k: v for k, v in options.items() if k in school})
    else:
        expected, conventions = _expected(chart), chart.options
    names = [o.name for o in bazi.OPTIONS if o.group == "pillar" and o.name != "preset"]
    return {
        "id": case_id,
        "kind": kind,
        "input": given,
        "conventions": {name: getattr(conventions, name) for name in names},
        "expected": expected,
        "note": note,
    }


def _seconds(instant: datetime) -> datetime:
    return instant.replace(microsecond=0)


def _jie_cases() -> list[dict[str, Any]]:
    out = []
    for year in JIE_YEARS:
        for term in bazi.solar_terms(year):
            if (term.longitude - 315) % 30:
                continue
            at = term.instant.astimezone(_BEIJING)
            floor = _seconds(at)
            before = floor if floor < at else floor - timedelta(seconds=1)
            after = floor + timedelta(seconds=1)
            exact = term.to_dict()["instant"]
            for side, moment in (("before", before), ("after", after)):
                case_id = f"jie/{year}/{term.name}/{side}"
                given = {"datetime": moment.isoformat(), "tz": BEIJING}
                note = f"{side} {term.name} {exact}"
                out.append(_case(case_id, "jie", given, note))
    return out


def _day_boundary_cases() -> list[dict[str, Any]]:
    out = []
    times = ("22:59:59", "23:00:00", "23:59:59")
    for day in ("1995-03-08", "2000-01-01", "2024-02-29"):
        following = (datetime.fromisoformat(day) + timedelta(days=1)).date().isoformat()
        readings = [f"{day} {t}" for t in times] + [f"{following} 00:00:00"]
        for school in ("zi", "midnight", "midnight-same-day"):
            for reading in readings:
                given = {"datetime": reading, "tz": BEIJING, "day_boundary": school}
                case_id = f"day_boundary/{school}/{reading.replace(' ', 'T')}"
                out.append(_case(case_id, "day_boundary", given, f"day_boundary={school}"))
    return out


def _dst_cases() -> list[dict[str, Any]]:
    out = []
    for zone, switch, what in DST_SWITCHES:
        at = datetime.fromisoformat(switch.replace("Z", "+00:00"))
        second = timedelta(seconds=1)
        for side, moment in (("before", at - second), ("after", at + second)):
            text = moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
            for reckoning in ("standard", "clock"):
                given = {"datetime": text, "tz": zone, "solar_time": reckoning}
                case_id = f"dst/{zone}/{switch}/{side}/{reckoning}"
                out.append(_case(case_id, "dst", given, f"{side} the {what} switch"))
    walls = (
        ("Asia/Shanghai", "1988-04-17 02:30", None, "skipped by the spring switch"),
        ("Asia/Shanghai", "1988-09-11 01:30", None, "repeated: needs fold"),
        ("Asia/Shanghai", "1988-09-11 01:30", 0, "repeated: the earlier (+09:00)"),
        ("Asia/Shanghai", "1988-09-11 01:30", 1, "repeated: the later (+08:00)"),
        ("America/New_York", "2024-03-10 02:30", None, "skipped by the spring switch"),
        ("America/New_York", "2024-11-03 01:30", 0, "repeated: the earlier (-04:00)"),
        ("America/New_York", "2024-11-03 01:30", 1, "repeated: the later (-05:00)"),
    )
    for zone, wall, fold, note in walls:
        reading: dict[str, Any] = {"datetime": wall, "tz": zone}
        if fold is not None:
            reading["fold"] = fold
        case_id = f"dst/{zone}/{wall.replace(' ', 'T')}/fold={fold}"
        out.append(_case(case_id, "dst", reading, note))
    return out


def _confusion_cases() -> list[dict[str, Any]]:
    out = []
    for when, options, note in CONFUSED_BIRTHS:
        given = {"datetime": when, **options}
        base = _case("", "confusion", given, note)
        for k, confusion in enumerate(bazi.confusions(when, **options)):
            case = dict(base)
            case["id"] = f"confusion/{when.replace(' ', 'T')}/{confusion.mistake.id}/{k}"
            case["mistake"] = {
                "id": confusion.mistake.id,
                "kind": confusion.mistake.kind,
                "title": confusion.mistake.title,
                "detail": confusion.detail,
                "pillars": str(confusion.pillars),
            }
            out.append(case)
    return out


def _named_cases() -> list[dict[str, Any]]:
    out = []
    for when, options, pillars, note in NAMED:
        case = _case(
            f"named/{when.replace(' ', 'T')}", "named", {"datetime": when, **options}, note
        )
        if case["expected"].get("text") != pillars:  # derived by hand: never silently different
            raise RuntimeError(f"{when}: the engine gives {case['expected']} not {pillars}")
        out.append(case)
    return out


def cases() -> list[dict[str, Any]]:
    """Every case of the corpus, in a fixed order."""
    return [
        *_named_cases(),
        *_jie_cases(),
        *_day_boundary_cases(),
        *_dst_cases(),
        *_confusion_cases(),
    ]


README = """\
# bazi-reference golden cases, corpus version {version}

Cases for testing a four-pillars (八字) engine or an evaluation of chatbot answers against
bazi-reference {engine}. Written by `bazi golden OUT`; the same engine and data give the
same bytes. {count} cases in `cases.jsonl`, one JSON object a line; `manifest.json` holds
the versions, the counts by kind and the SHA-256 of `cases.jsonl`.

## Conventions

Year at the 立春 instant, months at the 节 instants (solar terms from JPL DE423), day
pillar (date ordinal + 14) mod 60 (2000-01-01 is 戊午), hour branch ((h + 1) // 2) mod 12,
stems by 五虎遁 and 五鼠遁. An instant exactly on a boundary belongs to the new period.
The day and hour come from the local reckoning in `conventions.solar_time`; the 23:00 hour
from `conventions.day_boundary` (`zi`: the next day from 23:00; `midnight`: the day changes
at 00:00 and 23:00 takes the next day's 子 hour; `midnight-same-day`: the day changes at
00:00 and 23:00 keeps its day's stem).

## Fields

- `id`: stable name of the case: kind, then what it is.
- `kind`: `named` (derived by hand in bazi-reference's tests), `jie` (one second before or
  after a 节 on the Beijing clock), `day_boundary` (around 23:00 and 00:00 under each
  school), `dst` (either side of a daylight-saving switch, and the skipped and repeated
  wall times), `confusion` (a convention or common mistake and the chart it gives).
- `input`: the birth exactly as given to `bazi.chart`: `datetime` (a local wall time read
  in `tz`, or a timestamp with its offset, `Z` for UTC), `tz` (IANA zone or fixed offset),
  `fold` (0 the earlier, 1 the
  later reading of a repeated wall time), `solar_time`, `longitude`, `day_boundary`.
- `conventions`: the pillar school in force: `day_boundary`, `solar_time` (`standard`: the
  zone's time without daylight saving; `clock`: as read; `mean`/`apparent`: solar time at
  `longitude`, degrees east).
- `expected`: what a correct engine answers under those conventions:
  - `pillars` (`year`, `month`, `day`, `hour`) and `text`, the four in order;
  - `instant_utc`: the birth instant in UTC, ISO 8601 with milliseconds;
  - `local`: `wall_time` (the clock reading), `utc_offset` and `dst` (the daylight-saving
    part) at that instant, `reckoned_time` (the local time the day and hour come from);
  - `month_jie`: the 节 that opened the month (`name`, `instant` in UTC);
  - `lunar_date`: the lunar date of the wall date (null outside 1900-2099);
  - or `error`: `type` (`NonexistentTimeError`: a skipped wall time; `AmbiguousTimeError`:
    a repeated one without `fold`) and `field`, the input at fault.
- `mistake` (kind `confusion` only): `id` and `title` of the convention or mistake, its
  `kind` (`convention`: engines legitimately differ; `mistake`), `detail` for this birth,
  and `pillars`, the chart it gives. An engine answering `mistake.pillars` for `input`
  made that mistake (or follows that convention); `expected` is still the right chart.
- `note`: a human note (which 节, which switch, what the birth is chosen for).

## Versions

`manifest.json`: `corpus_version` (a case's meaning never changes within a version; new
cases or fields bump it), `data_versions` (engine, solar-term table, tzdata, places) and
`sha256`.
"""


def write_corpus(out: str) -> str:
    """Write the corpus into directory ``out``; return a one-line report."""
    directory = Path(out)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise bazi.InvalidInputError(f"cannot create {out}: {error.strerror}", out, "out") from None
    every = cases()
    text = "".join(json.dumps(c, ensure_ascii=False, sort_keys=True) + "\n" for c in every)
    kinds: dict[str, int] = {}
    for c in every:
        kinds[c["kind"]] = kinds.get(c["kind"], 0) + 1
    versions = bazi.data_versions()
    manifest = {
        "corpus": "bazi-reference golden cases",
        "corpus_version": CORPUS_VERSION,
        "data_versions": versions,
        "cases": len(every),
        "kinds": kinds,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    readme = README.format(version=CORPUS_VERSION, engine=versions["engine"], count=len(every))
    try:
        (directory / "cases.jsonl").write_text(text, encoding="utf-8")
        (directory / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        (directory / "README.md").write_text(readme, encoding="utf-8")
    except OSError as error:
        raise bazi.InvalidInputError(f"cannot write {out}: {error.strerror}", out, "out") from None
    return f"wrote {len(every)} cases ({', '.join(f'{k} {n}' for k, n in kinds.items())}) to {out}"
