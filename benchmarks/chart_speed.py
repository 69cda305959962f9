"""Charts per second of ``bazi.chart``, beside a peer run in the same process.

    python benchmarks/chart_speed.py [--n 20000]

The peer is lunar-python (6tail) when it is installed (`pip install lunar-python`); machines
here are noisy, so compare the ratio, not the absolute figures.

Then where a full chart's JSON (``to_dict()``, with gender) spends its time: each derived
value of a fresh chart in turn (each part's time is that of the charts with it less those
without it), then ``to_dict()`` of charts whose values are all computed (the naming alone),
and last a dictionary of the same shape built from constants (the floor of any
``to_dict()`` that answers this much in this interpreter).
Process time, best of three.
"""

from __future__ import annotations

import argparse
import random
import time
import timeit
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any


def sample(n: int) -> list[str]:
    rng = random.Random(2024)
    start = datetime(1900, 1, 1)
    return [
        (start + timedelta(minutes=rng.randrange(200 * 365 * 1440))).strftime("%Y-%m-%d %H:%M")
        for _ in range(n)
    ]


def _exists(moment: str) -> bool:
    import bazi

    try:
        bazi.chart(moment, tz="Asia/Shanghai", fold=0)
    except bazi.NonexistentTimeError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20_000)
    n = parser.parse_args().n
    moments = sample(n)

    import bazi

    bazi.chart(moments[0], tz="+08:00")  # load the table outside the timing
    results = {}
    results["bazi.chart (+08:00)"] = timeit.timeit(
        lambda: [bazi.chart(m, tz="+08:00") for m in moments], number=1
    )
    results["full chart (reading, luck)"] = timeit.timeit(
        lambda: [
            (c.reading, c.luck)
            for c in (
                bazi.chart(m, tz="+08:00", gender="female", luck_method="tyme") for m in moments
            )
        ],
        number=1,
    )
    results["full chart (reading, luck, to_dict)"] = timeit.timeit(
        lambda: [
            bazi.chart(m, tz="+08:00", gender="female", luck_method="tyme").to_dict()
            for m in moments
        ],
        number=1,
    )
    # Wall times skipped by Shanghai's daylight saving raise; time only those that exist.
    existing = [m for m in moments if _exists(m)]
    results["bazi.chart (Asia/Shanghai)"] = (
        timeit.timeit(lambda: [bazi.chart(m, tz="Asia/Shanghai", fold=0) for m in existing],
                      number=1) * n / len(existing)
    )  # fmt: skip
    try:
        from lunar_python import Solar
    except ImportError:
        Solar = None
    if Solar is not None:
        parts = [tuple(map(int, m.replace("-", " ").replace(":", " ").split())) for m in moments]
        results["lunar-python getEightChar"] = timeit.timeit(
            lambda: [Solar.fromYmdHms(y, mo, d, h, mi, 0).getLunar().getEightChar().toString()
                     for y, mo, d, h, mi in parts], number=1
        )  # fmt: skip
    started = time.perf_counter()
    found = bazi.find("庚午 辛巳 壬午 乙巳", 1800, 2199)
    print(
        f"bazi.find over 1800-2199: {time.perf_counter() - started:.3f} s, {len(found)} intervals"
    )
    base = results["bazi.chart (+08:00)"]
    for name, seconds in results.items():
        print(f"{name:<30} {n / seconds:>10,.0f} charts/s   {seconds / base:5.2f}x bazi time")
    breakdown(moments)


# The derived values of a full chart, in the order to_dict() first asks for them.
PARTS = ("moment", "reading", "luck", "warnings", "lunar_date", "month_jie", "next_jie")


def breakdown(moments: list[str]) -> None:
    """Print the µs a chart of each part of the full JSON chart (see the docstring). Each
    chart and its dictionary are dropped at once, as a server drops them: thousands kept
    alive make the garbage collector's full passes (which scan them all) part of the
    figure, up to twice the naming's own time."""
    import bazi

    def chart(moment: str) -> bazi.Chart:
        return bazi.chart(moment, tz="+08:00", gender="female", luck_method="tyme")

    def best(run: Callable[[], object]) -> float:
        times = []
        for _ in range(3):
            started = time.process_time()
            run()
            times.append(time.process_time() - started)
        return min(times) / len(moments) * 1e6

    def up_to(count: int) -> Callable[[], None]:
        def run() -> None:
            for moment in moments:
                c = chart(moment)
                for name in PARTS[:count]:
                    getattr(c, name)

        return run

    def naming() -> None:
        for c in computed:
            c.to_dict()

    def whole() -> None:
        for moment in moments:
            chart(moment).to_dict()

    totals = [best(up_to(k)) for k in range(len(PARTS) + 1)]
    computed = [chart(m) for m in moments]
    for c in computed:
        c.to_dict()
    print("\nthe full JSON chart, µs a chart (process time, best of 3):")
    print(f"  {'bazi.chart (pillars)':<28} {totals[0]:7.1f}")
    for k, name in enumerate(PARTS, start=1):
        print(f"  {'+ ' + name:<28} {totals[k] - totals[k - 1]:7.1f}")
    print(f"  {'+ to_dict() (naming)':<28} {best(naming):7.1f}")
    print(f"  {'= to_dict() of a new chart':<28} {best(whole):7.1f}")
    floor = best(rebuild(computed[0].to_dict(), len(moments)))
    print(f"  {'(the shape, from constants)':<28} {floor:7.1f}")


def rebuild(answer: dict[str, Any], times: int) -> Callable[[], None]:
    """A loop that builds, ``times`` times, a dictionary of ``answer``'s shape whose every
    value is a constant (a function written for that one answer): what building the JSON
    chart would cost in this interpreter if naming and computing cost nothing."""

    def literal(value: object) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k!r}: {literal(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(map(literal, value)) + "]"
        return repr(value)

    namespace: dict[str, Any] = {}
    exec(f"def build():\n    return {literal(answer)}", namespace)
    build = namespace["build"]
    if build() != answer:
        raise AssertionError("the rebuilt dictionary differs from the chart's")

    def run() -> None:
        for _ in range(times):
            build()

    return run


if __name__ == "__main__":
    main()
