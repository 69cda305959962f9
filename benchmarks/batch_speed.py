"""Charts per second of ``bazi.pillars_batch`` beside ``bazi.chart``, timed in the same run.

    python benchmarks/batch_speed.py [--n 2000000] [--single 20000] [--repeat 5]

The headline is UTC ``datetime64[us]`` instants read at a fixed offset (+08:00), the case
the issue sets a target for (2 000 000 charts/s); other inputs follow for information.
Each figure is the best of ``--repeat`` runs, after a warm-up that loads the tables; this
machine is noisy, so compare the ratio. The single charts are checked against the batch.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

import bazi
from bazi.batch import pillars_or_errors
from bazi.terms import solar_term_table


def best(run: Callable[[], Any], repeat: int) -> float:
    """The shortest of ``repeat`` timings of ``run()``, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2_000_000, help="births per batch")
    parser.add_argument("--single", type=int, default=20_000, help="births for bazi.chart")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    table = solar_term_table()
    rng = np.random.default_rng(2024)
    instants = rng.integers(table.start_us, table.end_us, args.n).astype("datetime64[us]")
    pillars_batch = bazi.pillars_batch
    pillars_batch(instants[:1000], tz="+08:00")  # load the tables outside the timing
    pillars_batch(instants[:1000], tz="Asia/Shanghai")

    batch = best(lambda: pillars_batch(instants, tz="+08:00"), args.repeat)
    rate = args.n / batch

    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    few = instants[: args.single]
    births = [epoch + timedelta(microseconds=us) for us in few.view(np.int64).tolist()]
    single = best(lambda: [bazi.chart(b, tz="+08:00") for b in births], max(1, args.repeat // 2))
    single_rate = len(births) / single

    got = pillars_batch(few, tz="+08:00", as_strings=True)
    for i, b in enumerate(births):
        assert " ".join(got.row(i)) == str(bazi.chart(b, tz="+08:00").pillars), b

    print(f"{'pillars_batch, datetime64 UTC, tz=+08:00':<52} {rate:>12,.0f} charts/s")
    print(f"{'bazi.chart, aware datetime, tz=+08:00':<52} {single_rate:>12,.0f} charts/s")
    print(f"{'ratio':<52} {rate / single_rate:>12,.0f}x")
    target = "meets" if rate >= 2_000_000 else "MISSES"
    print(f"{'target 2,000,000 charts/s':<52} {target:>12}")

    print("other inputs (pillars_batch):")
    tenth = instants[: max(1, args.n // 10)]
    texts = np.datetime_as_string(tenth[: len(tenth) // 10], unit="m").tolist()
    others: dict[str, tuple[int, Callable[[], Any]]] = {
        "tz=Asia/Shanghai": (len(instants), lambda: pillars_batch(instants, tz="Asia/Shanghai")),
        "tz=America/New_York, clock": (
            len(instants),
            lambda: pillars_batch(instants, tz="America/New_York", solar_time="clock"),
        ),
        "solar_time=apparent": (
            len(tenth),
            lambda: pillars_batch(tenth, solar_time="apparent", longitude=116.4),
        ),
        "as_strings=True": (len(instants), lambda: pillars_batch(instants, as_strings=True)),
        # pillars_or_errors: random wall times include daylight-saving gaps and the edges.
        "wall times, tz=Asia/Shanghai (pillars_or_errors)": (
            len(instants),
            lambda: pillars_or_errors(instants, tz="Asia/Shanghai", wall_time=True, fold=0),
        ),
        "ISO strings (wall times), tz=+08:00": (len(texts), lambda: pillars_batch(texts)),
    }
    for name, (count, run) in others.items():
        seconds = best(run, max(1, args.repeat // 2))
        print(f"  {name:<50} {count / seconds:>12,.0f} charts/s")


if __name__ == "__main__":
    main()
