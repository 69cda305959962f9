"""Charts per second of ``bazi.chart`` with a named zone, as ratios to a fixed offset.

    python benchmarks/zone_speed.py [--n 20000] [--repeat 7]

Wall times (1900-2100, to the minute) charted with ``tz="+08:00"`` and with the IANA
zones Asia/Shanghai, America/New_York and Europe/London, as text and as naive
``datetime``; each figure the best of ``--repeat`` runs in the same process, after a
warm-up that builds the zone's table. This machine is noisy: compare the ratios (time per
chart over the fixed offset's), not the absolute figures. "exact path" is the same zone
with its table taken away, so that every chart goes through ``resolve`` as before the
tables (issue 16: a named zone should cost at most 2x the fixed offset). Last, what each
zone's table costs: build time on first use and memory.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import bazi
from bazi.moment import zone
from bazi.transitions import (
    BLOCK_SHIFT,
    BLOCKS,
    FIRST_WALL_US,
    WALL_TABLES,
    WallTable,
    wall_block,
)

ZONES = ["Asia/Shanghai", "America/New_York", "Europe/London"]
_NO_TABLE: list[WallTable | None] = [WallTable([], [None])] * BLOCKS


def best(run: Callable[[], Any], repeat: int) -> float:
    """The shortest of ``repeat`` timings of ``run()``, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def sample(n: int) -> list[datetime]:
    rng = random.Random(2024)
    start = datetime(1900, 1, 1)
    return [start + timedelta(minutes=rng.randrange(200 * 365 * 1440)) for _ in range(n)]


def existing(walls: list[datetime], name: str) -> list[datetime]:
    """The wall times the zone read once (a skipped or repeated one raises)."""
    kept = []
    for wall in walls:
        try:
            bazi.chart(wall, name)
        except (bazi.NonexistentTimeError, bazi.AmbiguousTimeError):
            continue
        kept.append(wall)
    return kept


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20_000, help="births per run")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    walls = sample(args.n)
    texts = [w.strftime("%Y-%m-%d %H:%M") for w in walls]
    chart = bazi.chart

    # (zone, input, births, options, baseline row, without the table): every case is
    # timed once per round, the rounds interleaved so that the machine's noise falls on
    # all alike; the best round of each counts.
    cases: list[tuple[str, str, list[Any], dict[str, Any], str, bool]] = [
        ("+08:00", "text", texts, {}, "", False),
        ("+08:00", "datetime", walls, {}, "", False),
        ("+08:00", "text, an option", texts, {"day_boundary": "zi"}, "", False),
        ("+08:00", "text, gender", texts, {"gender": "male"}, "", False),
    ]
    for name in ZONES:
        ok = existing(walls, name)
        ok_texts = [w.strftime("%Y-%m-%d %H:%M") for w in ok]
        cases += [
            (name, "text", ok_texts, {}, "+08:00 text", False),
            (name, "datetime", ok, {}, "+08:00 datetime", False),
            (name, "text, fold=0", ok_texts, {"fold": 0}, "+08:00 text, an option", False),
            (name, "text, gender", ok_texts, {"gender": "male"}, "+08:00 text, gender", False),
            (name, "text, exact path", ok_texts, {}, "+08:00 text", True),
        ]
    timings: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        for name, form, whens, options, _, exact in cases:
            chart(whens[0], name, **options)  # warm-up: the zone's table
            kept = WALL_TABLES.get(name)
            if exact:
                WALL_TABLES[name] = _NO_TABLE
            try:
                seconds = best(lambda: [chart(w, name, **options) for w in whens], 1)  # noqa: B023
            finally:
                if exact and kept is not None:
                    WALL_TABLES[name] = kept
            timings.setdefault(f"{name} {form}", []).append(seconds / len(whens))
    fastest = {label: min(times) for label, times in timings.items()}
    print(f"{'zone':<18} {'input':<18} {'µs/chart':>9} {'charts/s':>10} {'ratio':>6}  to")
    for name, form, _, _, baseline, _ in cases:
        seconds = fastest[f"{name} {form}"]
        ratio = f"{seconds / fastest[baseline]:6.2f}  {baseline}" if baseline else ""
        print(f"{name:<18} {form:<18} {seconds * 1e6:9.2f} {1 / seconds:10,.0f} {ratio}")

    print("\nTables (a block of ~18 years of wall time built on its first use, kept):")
    block = (
        (datetime(1990, 5, 17) - datetime(1, 1, 1)).days * 86_400_000_000
        + 86_400_000_000
        - FIRST_WALL_US
    ) >> BLOCK_SHIFT
    for name in [*ZONES, "Europe/Dublin", "Australia/Lord_Howe"]:
        tz = zone(name)
        assert isinstance(tz, ZoneInfo)
        one, every = [], []
        for _ in range(3):
            WALL_TABLES.pop(name, None)
            started = time.perf_counter()
            wall_block(tz, block)
            one.append(time.perf_counter() - started)
            WALL_TABLES.pop(name, None)
            started = time.perf_counter()
            for b in range(BLOCKS):
                wall_block(tz, b)
            every.append(time.perf_counter() - started)
        WALL_TABLES.pop(name, None)
        tracemalloc.start()
        for b in range(BLOCKS):
            wall_block(tz, b)
        size = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        edges = sum(len(t.edges) for t in WALL_TABLES[name] if t is not None)
        print(
            f"{name:<20} one block (1990) {min(one) * 1e3:5.2f} ms; all {BLOCKS} blocks "
            f"{min(every) * 1e3:5.1f} ms, {edges:5d} edges, {size / 1024:6.1f} KiB"
        )


if __name__ == "__main__":
    main()
