"""Whole ``bazi`` processes, this project's against bazi-chart's: time and peak memory.

    python benchmarks/cli_speed.py [--pairs 20] [--verbs chart,json,place,terms]

Run by hand with the project's venv (not by pytest). Each verb runs the same request through
both commands, as a person types it, from process start to exit:

- chart: ours ``bazi chart "1990-05-17 10:30" --tz Asia/Shanghai --gender male`` (pillars,
  reading, luck, stars, warnings), bazi-chart's ``bazi chart 1990-05-17 10:30 -g 男`` (its
  full 命书: pillars, 五行力量, 旺衰, 格局用神, 神煞, 大运, poem). The goal of issue 16.
- json: the same two with ``--json``.
- place: a birthplace by name: ours ``--place 深圳 --solar-time apparent``, bazi-chart's
  ``--city 深圳`` (its true solar time from the city's longitude).
- terms: ``bazi terms 2024``, the 24 solar terms of a year.

Both commands are installed as people install them (``pip install``, not editable), each in
a venv of its own, since both install the import name ``bazi``: bazi-chart's as
``benchmarks/peers.py`` makes it (``PEERS``, pinned, under
``~/.cache/bazi-reference-bench/bazi-chart``), ours from this working tree, reinstalled on
every run, under ``~/.cache/bazi-reference-bench/ours-cli``. ``--ours dev`` times the
``bazi`` beside this interpreter instead (an editable install's import hook adds a few
milliseconds to every process), ``--ours PATH`` any other.

How: for each verb, one checked run of each (exit status 0, the pillars 庚午 辛巳 壬午 乙巳
in the output), two untimed warm-up runs each (so both have their bytecode cached: the
children run without ``PYTHONDONTWRITEBYTECODE``), then ``--pairs`` pairs, ours first in
even pairs and the peer's first in odd ones. Output goes to /dev/null. A child's peak
resident memory is its own ``ru_maxrss`` from ``os.wait4`` on its pid (not the maximum over
all children that ``RUSAGE_CHILDREN`` gives), its CPU time ``ru_utime + ru_stime``.
Printed for each: the median wall time and CPU time, the medians of the per-pair ratios ours
/ peer (≤ 1.0: ours is no slower), and the median peak RSS. Machines here are noisy: compare
the ratios, not the absolute figures; CPU time is the less disturbed by other load.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from peers import CACHE, PEERS, interpreter

ROOT = Path(__file__).resolve().parent.parent

PILLARS = "庚午 辛巳 壬午 乙巳"  # 1990-05-17 10:30 in Beijing (and its solar time in Shenzhen)

# verb: (our arguments, bazi-chart's arguments, what the pair shows)
VERBS: dict[str, tuple[list[str], list[str], str]] = {
    "chart": (
        ["chart", "1990-05-17 10:30", "--tz", "Asia/Shanghai", "--gender", "male"],
        ["chart", "1990-05-17", "10:30", "-g", "男"],
        "full chart, text",
    ),
    "json": (
        ["chart", "1990-05-17 10:30", "--tz", "Asia/Shanghai", "--gender", "male", "--json"],
        ["chart", "1990-05-17", "10:30", "-g", "男", "--json"],
        "full chart, JSON",
    ),
    "place": (
        [
            "chart",
            "1990-05-17 10:30",
            "--place",
            "深圳",
            "--solar-time",
            "apparent",
            "--gender",
            "male",
        ],
        ["chart", "1990-05-17", "10:30", "-g", "男", "--city", "深圳"],
        "full chart, birthplace by name, true solar time",
    ),
    "terms": (["terms", "2024"], ["terms", "2024"], "24 solar terms of 2024"),
}


@dataclass
class Runs:
    wall: list[float] = field(default_factory=list)  # seconds
    cpu: list[float] = field(default_factory=list)  # seconds, user + system
    rss: list[float] = field(default_factory=list)  # MiB


def install_ours() -> Path:
    """This working tree installed (not editable) in ``CACHE/ours-cli``: its ``bazi``."""
    venv = CACHE / "ours-cli"
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        print(f"  creating {venv} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    print(f"  installing {ROOT} in {venv} ...", flush=True)
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"pip install {ROOT} failed:\n{done.stderr}")
    return python.with_name("bazi")


def child_env() -> dict[str, str]:
    """This environment, letting the children cache their bytecode as an installed package
    has it (pip compiles it at install), so that neither side pays for compiling."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds from start to exit, the child's CPU seconds (user + system) and its
    own peak RSS in MiB."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=env,
    )  # fmt: skip
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait again
    if proc.returncode != 0:
        raise SystemExit(f"{command[0]} exited with status {proc.returncode}: {command}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * scale / 2**20


def check(command: list[str], env: dict[str, str]) -> None:
    """Run once with the output kept: it must succeed and show the pillars."""
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise SystemExit(f"{command} failed ({done.returncode}): {last}")
    shown = done.stdout.replace("\n", " ").replace('"', " ")
    if command[1] == "chart" and not all(p in shown for p in PILLARS.split()):
        raise SystemExit(f"{command} does not show {PILLARS}")


def compare(ours: list[str], peer: list[str], pairs: int, env: dict[str, str]) -> dict[str, Runs]:
    check(ours, env)
    check(peer, env)
    for _ in range(2):
        run_once(ours, env)
        run_once(peer, env)
    runs = {"ours": Runs(), "peer": Runs()}
    for i in range(pairs):
        order = (("ours", ours), ("peer", peer)) if i % 2 == 0 else (("peer", peer), ("ours", ours))
        for key, command in order:
            wall, cpu, rss = run_once(command, env)
            runs[key].wall.append(wall)
            runs[key].cpu.append(cpu)
            runs[key].rss.append(rss)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=20, help="timed pairs per verb (>= 10)")
    parser.add_argument(
        "--verbs", default="chart,json,place,terms", help=f"comma-separated: {','.join(VERBS)}"
    )
    parser.add_argument(
        "--ours",
        default="installed",
        help="our bazi: 'installed' (this tree, pip-installed in a venv of its own), 'dev' "
        "(the script beside this interpreter) or a path",
    )
    args = parser.parse_args()
    if args.pairs < 10:
        parser.error("--pairs: at least 10")
    verbs = args.verbs.split(",")
    if unknown := [v for v in verbs if v not in VERBS]:
        parser.error(f"unknown verb(s) {unknown}; choose from {list(VERBS)}")

    peer_script = interpreter("bazi-chart").with_name("bazi")
    if args.ours == "installed":
        ours_script = install_ours()
    elif args.ours == "dev":
        ours_script = Path(sys.executable).with_name("bazi")
    else:
        ours_script = Path(args.ours)
    if not ours_script.exists():
        raise SystemExit(f"no {ours_script}: run this with the project's venv (pip install -e .)")
    env = child_env()

    print(f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}")
    print(f"ours: {ours_script}")
    print(f"peer: {peer_script} ({PEERS['bazi-chart'].requirement})")
    print(f"{args.pairs} alternated pairs per verb; medians\n")
    columns = ("wall ms", "ratio", "cpu ms", "ratio", "peak MiB")
    print(f"{'verb':<7} {'':<5} " + " ".join(f"{c:>9}" for c in columns))
    for verb in verbs:
        ours_args, peer_args, what = VERBS[verb]
        runs = compare(
            [str(ours_script), *ours_args], [str(peer_script), *peer_args], args.pairs, env
        )
        ours, peer = runs["ours"], runs["peer"]
        ratios = {
            measure: statistics.median(
                o / p for o, p in zip(getattr(ours, measure), getattr(peer, measure), strict=True)
            )
            for measure in ("wall", "cpu")
        }
        print(f"{verb}: {what}")
        for name, r in (("ours", ours), ("peer", peer)):
            cells = [
                f"{statistics.median(r.wall) * 1e3:9.1f}",
                f"{ratios['wall']:9.2f}" if name == "ours" else " " * 9,
                f"{statistics.median(r.cpu) * 1e3:9.1f}",
                f"{ratios['cpu']:9.2f}" if name == "ours" else " " * 9,
                f"{statistics.median(r.rss):9.1f}",
            ]
            print(f"{'':<7} {name:<5} " + " ".join(cells), flush=True)
    print(
        "\nratio: the median over the pairs of ours / peer (<= 1.0: ours is no slower); "
        "cpu: user + system time of the process, less disturbed by other load than wall time"
    )


if __name__ == "__main__":
    main()
