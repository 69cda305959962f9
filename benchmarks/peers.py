"""This project against peer ba-zi engines: speed, import time, memory and agreement.

    python benchmarks/peers.py [--n 20000] [--seed 1] [--engines ours,lunar-python,...]

Run by hand (not by pytest). Every engine charts the same seeded random Beijing births: a
fixed UTC+8 clock, a uniformly random minute from 1901-01-01 00:00 to 2099-12-31 23:59,
a random gender. Each engine runs in its own subprocess (``python -I``), so its import time
and peak memory are its own. What each engine computes (pillars only / full chart):

- ours: ``bazi.chart(datetime(…, tzinfo=UTC+8))`` / the same with ``gender=…,
  luck_method="tyme"``, then its ``reading`` (hidden stems, ten gods, nayin, stages, void,
  palaces, relations, element counts, the 54 symbolic stars 神煞 of each pillar, the season
  states 旺相休囚死) and ``luck`` (start, ten luck pillars with their stars); also timed,
  and printed apart, the whole chart as JSON-ready data (``.to_dict()``, which adds the
  names of all of it in four scripts, 小运, the warnings, local times, lunar date and
  provenance).
- lunar-python: ``Solar.fromYmdHms(…).getLunar().getEightChar()`` / plus hidden stems, ten
  gods, nayin, 地势, 胎元, 胎息, 命宫, 身宫, 旬空, ``getYun(gender)`` start and 大运.
- tyme4py: ``SolarTime(…).get_lunar_hour().get_eight_char()`` / ``ChildLimit`` (start, end)
  and its eight char with ten stars, hidden stems, 纳音, 地势, 胎元, 胎息, 命宫, 身宫 and
  ten decade fortunes.
- bazi-chart: ``cast_pillars(datetime, "男")`` / ``BaziChart(y, m, d, h, mi, gender)`` (which
  always also computes 五行力量, 旺衰, 格局用神, 神煞 and 大运), its pillars' ``to_dict()``
  and ``qiyun()``.
- 0xf3cd-bazi (PyPI ``bazi``): ``Bazi.create(datetime, gender)`` /
  ``BaziChart(bazi).json`` (ten gods, hidden stems, nayin, stages, ten 大运, 小运).

Where they run: this project, lunar-python and tyme4py in this interpreter (the peers from
the ``bench`` extra: ``pip install -e '.[bench]'``; it is not in ``all``, so CI never
installs them). bazi-chart and 0xf3cd's bazi install the import name ``bazi``, as this
project does, so each gets a venv of its own, created on first use under
``~/.cache/bazi-reference-bench/<engine>`` (``$XDG_CACHE_HOME`` if set) with the pinned
requirement in ``PEERS``; so do lunar-python and tyme4py when this interpreter lacks them.
Pins are the versions the adapters were written against: bump one only after checking its
adapter.

Before timing, each engine charts 898 other births (noon of 15 January and 1 July of every
year, and up to 500 random ones), so per-year caches (bazi-chart computes its solar terms
per year with VSOP87D) are warm; the warm-up time is printed. "First chart" is the first
chart of the process (import excluded), where data tables load. Each measure is the best of
up to five passes over the births, as ``timeit`` reports (one pass for an engine whose
passes take over 5 s).

Agreement: every engine's four pillars for every birth against ours under the same
conventions: lunar-python's default (EightChar sect 2) with ``day_boundary="midnight"``,
the others with ``"zi"`` (23:00). Births within a minute of a 节 are left out (peers find
the terms with other algorithms). 0xf3cd's default ``BaziPrecision.DAY`` switches year and
month for the whole calendar day of a 节, so its default is compared with the births on
节 days also left out; its ``MINUTE`` precision is compared on every other birth. Peers
turn the terms into clock time with an extrapolated ΔT (UT1); our table keeps UTC with no
leap second after the last, so late in the century a peer's 节 falls a few minutes earlier
than ours and a birth in between differs in its month (and at 立春, year) pillar.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

Birth = tuple[int, int, int, int, int, str]  # year, month, day, hour, minute, gender

START = datetime(1901, 1, 1)
END = datetime(2100, 1, 1)
FIRST_BIRTH: Birth = (1990, 5, 17, 10, 30, "female")  # README's example; every engine's range
NEAR_JIE = timedelta(minutes=1)
PASSES, PASSES_SECONDS = 5, 5.0  # timing passes per measure, while they take under 5 s
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bazi-reference-bench"


@dataclass(frozen=True)
class Peer:
    label: str
    dist: str  # distribution name, for its version
    module: str  # top-level import name
    requirement: str  # pinned, for a venv of its own
    own_venv: bool  # True: always its own venv (it installs the import name ``bazi``)
    boundary: str = "zi"  # our day_boundary that matches the engine's default


PEERS: dict[str, Peer] = {
    "ours": Peer("bazi-reference (this project)", "bazi-reference", "bazi", "", False),
    "lunar-python": Peer(
        "lunar-python", "lunar-python", "lunar_python", "lunar-python==1.4.8", False, "midnight"
    ),
    "tyme4py": Peer("tyme4py", "tyme4py", "tyme4py", "tyme4py==1.5.0", False),
    "bazi-chart": Peer("bazi-chart", "bazi-chart", "bazi", "bazi-chart==1.2.0", True),
    "0xf3cd-bazi": Peer("bazi (0xf3cd)", "bazi", "bazi", "bazi==2.3.0", True),
}


# --------------------------------------------------------------------------------------
# Child side: runs inside the engine's interpreter; standard library only.
# --------------------------------------------------------------------------------------


@dataclass
class Adapter:
    """How one engine charts a birth; ``prepare`` builds its inputs outside the timing."""

    prepare: Callable[[list[Birth]], list[Any]]
    pillars: Callable[[Any], str]  # "庚午 辛巳 壬午 乙巳"
    full: Callable[[Any], Any] | None
    extras: dict[str, Callable[[Any], Any]] = field(default_factory=dict)  # untimed
    full_json: Callable[[Any], Any] | None = None  # the full chart as JSON-ready data


def _ours() -> Adapter:
    from datetime import timezone

    import bazi

    beijing = timezone(timedelta(hours=8))

    def prepare(births: list[Birth]) -> list[Any]:
        return [(datetime(y, mo, d, h, mi, tzinfo=beijing), g) for y, mo, d, h, mi, g in births]

    def jie(x: Any) -> list[Any]:
        """Seconds to the nearest 节; whether the birth's date is a 节's date (±1 min)."""
        c = bazi.chart(x[0])
        t = c.moment.instant
        jies = (c.month_jie.instant, c.next_jie.instant)
        days = {(j + s).astimezone(beijing).date() for j in jies for s in (-NEAR_JIE, NEAR_JIE)}
        seconds = min((t - jies[0]).total_seconds(), (jies[1] - t).total_seconds())
        return [seconds, c.moment.wall.date() in days]

    chart = bazi.chart  # bound once, as the peers' adapters bind their functions

    def full(x: Any) -> Any:
        c = chart(x[0], gender=x[1], luck_method="tyme")
        return c.reading, c.luck

    return Adapter(
        prepare,
        lambda x: str(chart(x[0]).pillars),
        full,
        {
            "midnight": lambda x: str(chart(x[0], day_boundary="midnight").pillars),
            "jie": jie,
        },
        lambda x: chart(x[0], gender=x[1], luck_method="tyme").to_dict(),
    )


def _lunar_python() -> Adapter:
    from lunar_python import Solar

    def prepare(births: list[Birth]) -> list[Any]:
        return [(y, mo, d, h, mi, 1 if g == "male" else 0) for y, mo, d, h, mi, g in births]

    def full(x: Any) -> list[Any]:
        y, mo, d, h, mi, gender = x
        e = Solar.fromYmdHms(y, mo, d, h, mi, 0).getLunar().getEightChar()
        out: list[Any] = [e.getYear(), e.getMonth(), e.getDay(), e.getTime()]
        out += [e.getYearHideGan(), e.getMonthHideGan(), e.getDayHideGan(), e.getTimeHideGan()]
        out += [e.getYearShiShenGan(), e.getMonthShiShenGan(), e.getTimeShiShenGan()]
        out += [e.getYearShiShenZhi(), e.getMonthShiShenZhi(), e.getDayShiShenZhi()]
        out += [e.getTimeShiShenZhi(), e.getYearNaYin(), e.getMonthNaYin(), e.getDayNaYin()]
        out += [e.getTimeNaYin(), e.getYearDiShi(), e.getMonthDiShi(), e.getDayDiShi()]
        out += [e.getTimeDiShi(), e.getTaiYuan(), e.getTaiXi(), e.getMingGong()]
        out += [e.getShenGong(), e.getDayXunKong()]
        yun = e.getYun(gender)
        out.append(yun.getStartSolar().toYmd())
        out += [(dy.getStartYear(), dy.getGanZhi()) for dy in yun.getDaYun()]
        return out

    return Adapter(
        prepare,
        lambda x: Solar.fromYmdHms(*x[:5], 0).getLunar().getEightChar().toString(),
        full,
    )


def _tyme4py() -> Adapter:
    from tyme4py.eightchar import ChildLimit
    from tyme4py.enums import Gender
    from tyme4py.solar import SolarTime

    def prepare(births: list[Birth]) -> list[Any]:
        return [
            (y, mo, d, h, mi, Gender.MAN if g == "male" else Gender.WOMAN)
            for y, mo, d, h, mi, g in births
        ]

    def full(x: Any) -> list[Any]:
        limit = ChildLimit(SolarTime.from_ymd_hms(*x[:5], 0), x[5])
        e = limit.get_eight_char()
        me = e.get_day().get_heaven_stem()
        out: list[Any] = []
        for p in (e.get_year(), e.get_month(), e.get_day(), e.get_hour()):
            stem, branch = p.get_heaven_stem(), p.get_earth_branch()
            hidden = [h.get_heaven_stem() for h in branch.get_hide_heaven_stems()]
            out += [p.get_name(), me.get_ten_star(stem).get_name(), p.get_sound().get_name()]
            out += [(h.get_name(), me.get_ten_star(h).get_name()) for h in hidden]
            out.append(me.get_terrain(branch).get_name())
        out += [e.get_fetal_origin().get_name(), e.get_fetal_breath().get_name()]
        out += [e.get_own_sign().get_name(), e.get_body_sign().get_name()]
        out += [str(limit.get_start_time()), str(limit.get_end_time())]
        first = limit.get_start_decade_fortune()
        out += [(f.get_start_age(), f.get_name()) for f in (first.next(i) for i in range(10))]
        return out

    return Adapter(
        prepare,
        lambda x: SolarTime.from_ymd_hms(*x[:5], 0).get_lunar_hour().get_eight_char().get_name(),
        full,
    )


def _bazi_chart() -> Adapter:
    from bazi import BaziChart
    from bazi.pillars import cast_pillars

    def prepare(births: list[Birth]) -> list[Any]:
        return [
            (datetime(y, mo, d, h, mi), "男" if g == "male" else "女")
            for y, mo, d, h, mi, g in births
        ]

    def full(x: Any) -> list[Any]:
        t = x[0]
        c = BaziChart(t.year, t.month, t.day, t.hour, t.minute, gender=x[1])
        return [c.four_pillars.to_dict(), c.qiyun(), [d.name for d in c.dayun]]

    return Adapter(prepare, lambda x: cast_pillars(x[0], x[1]).ganzhi, full)


def _0xf3cd_bazi() -> Adapter:
    from bazi.bazi import Bazi
    from bazi.bazi_chart import BaziChart
    from bazi.school import BaziConfig, BaziPrecision

    minute = BaziConfig(precision=BaziPrecision.MINUTE)

    def prepare(births: list[Birth]) -> list[Any]:
        return [(datetime(y, mo, d, h, mi), g) for y, mo, d, h, mi, g in births]

    return Adapter(
        prepare,
        lambda x: " ".join(map(str, Bazi.create(x[0], x[1]).pillars)),
        lambda x: BaziChart(Bazi.create(x[0], x[1])).json,
        {"minute": lambda x: " ".join(map(str, Bazi.create(x[0], x[1], minute).pillars))},
    )


ADAPTERS: dict[str, Callable[[], Adapter]] = {
    "ours": _ours,
    "lunar-python": _lunar_python,
    "tyme4py": _tyme4py,
    "bazi-chart": _bazi_chart,
    "0xf3cd-bazi": _0xf3cd_bazi,
}


def _max_rss_mb() -> float:
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes there, KiB here


class _Errors:
    def __init__(self) -> None:
        self.count = 0
        self.first = ""

    def guard(self, fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def call(x: Any) -> Any:
            try:
                return fn(x)
            except Exception as e:  # an engine's out-of-range birth: counted, not fatal
                self.count += 1
                self.first = self.first or f"{x!r}: {type(e).__name__}: {e}"
                return None

        return call


def _timed(
    fn: Callable[[Any], Any], inputs: list[Any], errors: _Errors, keep: bool = True
) -> tuple[float, list[Any]]:
    """The best time of up to :data:`PASSES` passes of ``fn`` over ``inputs`` (as long as
    they take under :data:`PASSES_SECONDS` together: one for a slow engine), and the
    results of the last if ``keep``.

    The best of several passes, as ``timeit`` reports, is the least disturbed by the
    machine. The loop is bare, so that the harness adds as little as it can to the engine's
    time (full charts are dropped as they come). Only if the engine raises is the loop
    timed again through ``errors.guard``, which counts the births it refuses (and costs it
    ~0.3 µs a birth; the count is printed then).
    """

    def run(fn: Callable[[Any], Any]) -> tuple[float, list[Any]]:
        best, spent, out = float("inf"), 0.0, []
        for _ in range(PASSES):
            errors.count, errors.first = 0, ""  # each pass counts the refusals anew
            started = time.perf_counter()
            if keep:
                out = [fn(x) for x in inputs]
            else:
                for x in inputs:
                    fn(x)
            seconds = time.perf_counter() - started
            best, spent = min(best, seconds), spent + seconds
            if spent > PASSES_SECONDS:
                break
        return best, out

    try:
        return run(fn)
    except Exception:  # a birth the engine refuses: time the guarded loop instead
        return run(errors.guard(fn))


def _warm_up(fn: Callable[[Any], Any], births: list[Any]) -> float:
    """Seconds for one pass over the warm-up births (errors ignored: caches fill)."""
    guarded = _Errors().guard(fn)
    started = time.perf_counter()
    for x in births:
        guarded(x)
    return time.perf_counter() - started


def child(engine: str, in_path: str, out_path: str) -> None:
    """Chart the births in ``in_path`` with ``engine``; write timings and pillars."""
    from importlib.metadata import version

    with open(in_path, encoding="utf-8") as f:
        data = json.load(f)
    births = [tuple(b) for b in data["births"]]
    warm_up = [tuple(b) for b in data["warm_up"]]
    base_rss = _max_rss_mb()

    started = time.perf_counter()
    adapter = ADAPTERS[engine]()  # the engine's imports
    import_ms = (time.perf_counter() - started) * 1000

    inputs, warm, first = (adapter.prepare(b) for b in (births, warm_up, [FIRST_BIRTH]))
    started = time.perf_counter()
    adapter.pillars(first[0])
    first_ms = (time.perf_counter() - started) * 1000

    pillar_errors, full_errors = _Errors(), _Errors()
    warm_up_s = _warm_up(adapter.pillars, warm)
    pillars_s, results = _timed(adapter.pillars, inputs, pillar_errors)
    full_s = None
    if adapter.full is not None:
        _warm_up(adapter.full, warm)
        full_s, _ = _timed(adapter.full, inputs, full_errors, keep=False)
    full_json_s = None
    if adapter.full_json is not None:
        _warm_up(adapter.full_json, warm)
        full_json_s, _ = _timed(adapter.full_json, inputs, _Errors(), keep=False)
    rss = _max_rss_mb()

    extras = {name: [_Errors().guard(fn)(x) for x in inputs] for name, fn in adapter.extras.items()}
    result = {
        "engine": engine,
        "version": version(PEERS[engine].dist),
        "python": platform.python_version(),
        "n": len(inputs),
        "import_ms": import_ms,
        "first_ms": first_ms,
        "warm_up": [len(warm), warm_up_s],
        "pillars_s": pillars_s,
        "full_s": full_s,
        "full_json_s": full_json_s,
        "pillar_errors": [pillar_errors.count, pillar_errors.first],
        "full_errors": [full_errors.count, full_errors.first],
        "rss_mb": rss,
        "base_rss_mb": base_rss,
        "pillars": results,
        "extras": extras,
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False)


# --------------------------------------------------------------------------------------
# Parent side: samples births, prepares interpreters, runs the children, compares.
# --------------------------------------------------------------------------------------


def sample(n: int, seed: int | str) -> list[Birth]:
    """``n`` uniformly random minutes of 1901–2099 on the Beijing clock, random genders."""
    rng = random.Random(seed)
    minutes = (END - START) // timedelta(minutes=1)
    births: list[Birth] = []
    for _ in range(n):
        t = START + timedelta(minutes=rng.randrange(minutes))
        gender = rng.choice(("male", "female"))
        births.append((t.year, t.month, t.day, t.hour, t.minute, gender))
    return births


def warm_up_births(n: int, seed: int) -> list[Birth]:
    """Noon of 15 January and 1 July of every year, then up to 500 other random births."""
    yearly: list[Birth] = [
        (y, mo, d, 12, 0, "male" if mo == 1 else "female")
        for y in range(START.year, END.year)
        for mo, d in ((1, 15), (7, 1))
    ]
    return yearly + sample(min(n, 500), f"warm-up {seed}")


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def interpreter(key: str) -> Path:
    """The Python to run ``key`` in: this one, or the engine's own venv (made on first use)."""
    import importlib.util

    peer = PEERS[key]
    if not peer.own_venv and (key == "ours" or importlib.util.find_spec(peer.module)):
        return Path(sys.executable)
    venv = CACHE / key
    python = _venv_python(venv)
    marker = venv / "bench-requirement.txt"
    if python.exists() and marker.exists() and marker.read_text() == peer.requirement:
        return python
    print(f"  creating {venv} with {peer.requirement} ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         peer.requirement],
        check=True,
    )  # fmt: skip
    marker.write_text(peer.requirement)
    return python


def run_engine(key: str, in_path: Path, workdir: Path) -> dict[str, Any]:
    try:
        python = interpreter(key)
    except (subprocess.CalledProcessError, OSError) as e:
        return {"engine": key, "failed": f"could not install {PEERS[key].requirement}: {e}"}
    out_path = workdir / f"{key}.json"
    command = [str(python), "-I", str(Path(__file__).resolve()), "--child", key]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, str(in_path), str(out_path)],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        hint = " (run this script with the project's venv)" if key == "ours" else ""
        return {"engine": key, "failed": f"{last}{hint}"}
    with open(out_path, encoding="utf-8") as f:
        result: dict[str, Any] = json.load(f)
    result["wall_s"] = time.perf_counter() - started
    result["interpreter"] = "own venv" if python != Path(sys.executable) else "this venv"
    return result


@dataclass
class Agreement:
    label: str
    compared: int = 0
    agree: int = 0
    near_jie: int = 0
    jie_day: int = 0
    jie_day_differ: int = 0  # of those left out on 节 days, how many differ
    failed: int = 0
    by_pillar: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    examples: list[str] = field(default_factory=list)
    max_minutes: float = 0.0  # largest distance to a 节 among the disagreements

    def text(self) -> str:
        left = [f"{self.near_jie} within 1 min of a 节"]
        if self.jie_day:
            left.append(f"{self.jie_day} on 节 days ({self.jie_day_differ} of them differ)")
        if self.failed:
            left.append(f"{self.failed} raised")
        return f"{self.agree:,} / {self.compared:,} agree; left out: {'; '.join(left)}"


def agreement(
    label: str,
    births: list[Birth],
    theirs: list[str | None],
    ours: list[str],
    jie: list[list[Any]],
    skip_jie_days: bool = False,
) -> Agreement:
    a = Agreement(label)
    for birth, t, o, (seconds, on_jie_day) in zip(births, theirs, ours, jie, strict=True):
        if seconds <= NEAR_JIE.total_seconds():
            a.near_jie += 1
        elif skip_jie_days and on_jie_day:
            a.jie_day += 1
            a.jie_day_differ += t is not None and t != o
        elif t is None:
            a.failed += 1
        else:
            a.compared += 1
            if t == o:
                a.agree += 1
                continue
            tp, op = t.split(), o.split()
            differing = [i for i in range(4) if len(tp) != 4 or tp[i] != op[i]]
            for i in differing:
                a.by_pillar[i] += 1
            a.max_minutes = max(a.max_minutes, seconds / 60)
            if len(a.examples) < 8:
                y, mo, d, h, mi, _ = birth
                a.examples.append(
                    f"{y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}: theirs {t}, ours {o} "
                    f"(nearest 节 {seconds / 60:.1f} min away)"
                )
    return a


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _rate(n: int, seconds: float | None) -> str:
    return "—" if not seconds else f"{n / seconds:,.0f}"


def _times(seconds: float | None, ours: float | None) -> str:
    """How many times our time the engine takes (chart_speed.py's 'x bazi time')."""
    if not seconds or not ours:
        return "—"
    r = seconds / ours
    return f"{r:,.0f}×" if r >= 100 else f"{r:.1f}×" if r >= 10 else f"{r:.2f}×"


def report(
    results: dict[str, dict[str, Any]], agreements: dict[str, list[Agreement]], args: Any
) -> None:
    ours = results.get("ours", {})
    print()
    for key, r in results.items():
        label = PEERS[key].label
        if "failed" in r:
            print(f"{label}: FAILED — {r['failed']}")
            continue
        n = r["n"]
        print(f"{label} {r['version']} ({r['interpreter']}, {r['wall_s']:.0f} s in all)")
        print(
            f"  pillars only {_rate(n, r['pillars_s']):>9} charts/s "
            f"({_times(r['pillars_s'], ours.get('pillars_s'))} our time)   "
            f"full chart {_rate(n, r['full_s']):>8} charts/s "
            f"({_times(r['full_s'], ours.get('full_s'))} our time)"
        )
        print(
            f"  import {r['import_ms']:.0f} ms, first chart {r['first_ms']:.0f} ms, "
            f"peak RSS {r['rss_mb']:.0f} MB (harness alone {r['base_rss_mb']:.0f} MB)"
        )
        if r.get("full_json_s"):
            print(f"  full chart as JSON (to_dict) {_rate(n, r['full_json_s'])} charts/s")
        count, seconds = r["warm_up"]
        print(f"  warm-up: pillars of {count} other births in {seconds:.2f} s (caches filling)")
        for what, (count, first) in (("pillars", r["pillar_errors"]), ("full", r["full_errors"])):
            if count:
                print(f"  {what}: {count} births raised, e.g. {first} (timed through a guard)")
        for a in agreements.get(key, []):
            print(f"  agreement, {a.label}: {a.text()}")
            if a.compared != a.agree:
                names = ("year", "month", "day", "hour")
                parts = ", ".join(f"{c} {names[i]}" for i, c in enumerate(a.by_pillar) if c)
                print(
                    f"    differing pillars: {parts}; farthest from a 节: {a.max_minutes:.1f} min"
                )
                for e in a.examples:
                    print(f"    {e}")

    print()
    print(
        f"Measured {date.today().isoformat()} on {platform.platform()}, {cpu_model()}, "
        f"Python {platform.python_version()}: {args.n:,} random Beijing births (UTC+8, "
        f"1901–2099, seed {args.seed}), one process per engine, after a warm-up.\n"
    )
    print(
        "| engine | pillars/s | time vs ours | full chart/s | time vs ours | import ms "
        "| first chart ms | peak RSS MB | four pillars agree with ours |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for key, r in results.items():
        label = PEERS[key].label
        if "failed" in r:
            print(f"| {label} | failed | | | | | | | {r['failed'][:60]} |")
            continue
        agree = "; ".join(
            f"{a.agree:,}/{a.compared:,} ({a.label})" for a in agreements.get(key, [])
        )
        print(
            f"| {label} {r['version']} | {_rate(r['n'], r['pillars_s'])} "
            f"| {_times(r['pillars_s'], ours.get('pillars_s'))} "
            f"| {_rate(r['n'], r['full_s'])} | {_times(r['full_s'], ours.get('full_s'))} "
            f"| {r['import_ms']:.0f} | {r['first_ms']:.0f} "
            f"| {r['rss_mb']:.0f} (+{r['rss_mb'] - r['base_rss_mb']:.0f}) | {agree or '—'} |"
        )
    for key, r in results.items():
        if r.get("full_json_s"):
            print(
                f"\n{PEERS[key].label}: the full chart as JSON (`to_dict()`: every name in "
                f"four scripts, relations, palaces, elements, stars, seasons, luck and 小运, "
                f"warnings, local times, lunar date, provenance) "
                f"{_rate(r['n'], r['full_json_s'])} charts/s in the same run."
            )
    print(
        "\n*time vs ours*: the engine's time per chart over ours (above 1 = slower). "
        "*peak RSS*: the whole child process (in brackets: above the harness with the births "
        "loaded, before the import). Full charts differ in content: see the docstring of "
        "`benchmarks/peers.py`. Agreement leaves out births within a minute of a 节."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=20_000, help="births (default 20000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--engines", default=",".join(PEERS), help=f"comma-separated, of {', '.join(PEERS)}"
    )
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "IN", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    keys = [k.strip() for k in args.engines.split(",") if k.strip()]
    unknown = [k for k in keys if k not in PEERS]
    if unknown:
        parser.error(f"unknown engines {unknown}; choose from {', '.join(PEERS)}")
    if "ours" not in keys:
        keys.insert(0, "ours")  # the reference for ratios and agreement

    births = sample(args.n, args.seed)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bazi-peers-") as tmp:
        workdir = Path(tmp)
        in_path = workdir / "births.json"
        data = {"births": births, "warm_up": warm_up_births(args.n, args.seed)}
        in_path.write_text(json.dumps(data), encoding="utf-8")
        for key in keys:
            print(f"{PEERS[key].label}: charting {args.n:,} births ...", flush=True)
            results[key] = run_engine(key, in_path, workdir)

    agreements: dict[str, list[Agreement]] = {}
    ours = results["ours"]
    if "failed" not in ours:
        jie = ours["extras"]["jie"]
        reference = {"zi": ours["pillars"], "midnight": ours["extras"]["midnight"]}
        for key, r in results.items():
            if key == "ours" or "failed" in r:
                continue
            boundary = PEERS[key].boundary
            if key == "0xf3cd-bazi":
                agreements[key] = [
                    agreement(
                        f"default DAY precision vs {boundary}",
                        births,
                        r["pillars"],
                        reference[boundary],
                        jie,
                        skip_jie_days=True,
                    ),
                    agreement(
                        f"MINUTE precision vs {boundary}",
                        births,
                        r["extras"]["minute"],
                        reference[boundary],
                        jie,
                    ),
                ]
            else:
                agreements[key] = [
                    agreement(f"vs {boundary}", births, r["pillars"], reference[boundary], jie)
                ]
    report(results, agreements, args)


if __name__ == "__main__":
    main()
