"""The HTTP API's budget under its heaviest requests, on loopback.

    python benchmarks/heavy_api.py [--load-seconds 30] [--steady-seconds 60] [--workers 16]

Starts ``uvicorn api.main:app`` on a free 127.0.0.1 port (as ``benchmarks/load_api.py``
does) and measures, against the budget in ``api/budget.py``:

1. **Worst requests**, each alone: its wall time and how much the server's peak memory
   (VmHWM) rose. A batch of the most births allowed (``MAX_BATCH``); one as large at the
   limits of explanations (20) and places (100, none of them known: no spelling suggestions
   in a batch); 31 days of
   ``charts-between`` in apparent solar time; full-range ``find`` with four and three
   pillars; an explained chart; a chart with a misspelt place (suggestions); a body over
   2 MB. Goal: each under 2 s and 200 MB.
2. **Heavy load**: ``--workers`` clients sending those requests in a loop for
   ``--load-seconds`` (waiting as told by ``Retry-After`` after a 503) while another, in a
   thread of its own, polls ``/healthz`` every 20 ms; the answers to heavy requests (200,
   or 503 when the slots are full) and ``/healthz`` latency p50/p99/max. Goal: p99 under
   50 ms.
3. **Steady load**: 32 clients on ``GET /v1/chart`` for ``--steady-seconds``: requests,
   errors (goal 0), and the server's resident memory each second (goal: flat).

Only 127.0.0.1 is ever targeted; every phase stops after its time. Run by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2 as httpx
from load_api import ROOT, Server, birth_queries

from api.budget import MAX_BATCH, MAX_EXPLAINED, MAX_PLACES

GOAL_SECONDS, GOAL_MB, GOAL_HEALTHZ_P99_MS = 2.0, 200.0, 50.0


def memory_kb(pid: int, field: str) -> int:
    """``VmRSS`` or ``VmHWM`` (peak) of process ``pid``, in kB (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def births(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    start = datetime(1901, 1, 1)
    return [
        {
            "datetime": (start + timedelta(minutes=rng.randrange(198 * 365 * 1440))).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "tz": "+08:00",
            "gender": rng.choice(("male", "female")),
        }
        for _ in range(n)
    ]


def heavy_requests() -> list[tuple[str, str, str, dict[str, Any]]]:
    """(name, method, path, httpx keyword arguments) of the heaviest requests allowed; the
    bodies encoded once, here, so that the client spends no time on them while timing."""
    plain = births(MAX_BATCH)
    limits = births(MAX_BATCH, seed=8)
    for item in limits[:MAX_EXPLAINED]:
        item["explain"] = True
    for k, item in enumerate(limits[MAX_EXPLAINED : MAX_EXPLAINED + MAX_PLACES]):
        item["place"] = f"Nowhereville {k}"  # unknown: no suggestions inside a batch
    json_body = {"content-type": "application/json"}

    def body(items: list[dict[str, Any]]) -> dict[str, Any]:
        return {"content": json.dumps({"items": items}).encode(), "headers": json_body}

    return [
        (f"batch {MAX_BATCH:,}", "POST", "/v1/charts", body(plain)),
        (
            f"batch, {MAX_EXPLAINED} explained + {MAX_PLACES} places",
            "POST",
            "/v1/charts",
            body(limits),
        ),
        (
            "charts-between 31 d, apparent",
            "GET",
            "/v1/charts-between",
            {
                "params": {
                    "start": "1990-01-01T00:00",
                    "end": "1990-02-01T00:00",
                    "tz": "Asia/Shanghai",
                    "solar_time": "apparent",
                    "longitude": "87.6",
                }
            },
        ),
        ("find 4 pillars", "GET", "/v1/find", {"params": {"pillars": "庚午 辛巳 壬午 乙巳"}}),
        ("find 3 pillars", "GET", "/v1/find", {"params": {"pillars": "庚午 辛巳 壬午"}}),
        (
            "chart explained, apparent",
            "GET",
            "/v1/chart",
            {
                "params": {
                    "datetime": "1990-05-17T10:30",
                    "tz": "Asia/Urumqi",
                    "solar_time": "apparent",
                    "longitude": "87.6",
                    "explain": "true",
                }
            },
        ),
        (
            "chart, misspelt place",
            "GET",
            "/v1/chart",
            {"params": {"datetime": "1990-05-17T10:30", "place": "Shenzehn Xq"}},
        ),
        ("body over 2 MB", "POST", "/v1/charts", {"content": b"{" + b" " * (3 << 20) + b"}"}),
    ]


async def worst(server: Server) -> list[tuple[str, int, float, float]]:
    """Each heavy request alone: (name, status, seconds, peak memory rise in MB)."""
    assert server.process is not None
    pid = server.process.pid
    out = []
    async with httpx.AsyncClient(base_url=server.base, timeout=120) as client:
        await client.get("/v1/chart", params={"datetime": "1990-05-17T10:30", "place": "深圳"})
        for name, method, path, kwargs in heavy_requests():
            before = memory_kb(pid, "VmHWM")
            t0 = time.perf_counter()
            r = await client.request(method, path, **kwargs)
            seconds = time.perf_counter() - t0
            out.append((name, r.status_code, seconds, (memory_kb(pid, "VmHWM") - before) / 1024))
    return out


async def heavy_load(server: Server, seconds: float, workers: int) -> dict[str, Any]:
    assert server.process is not None
    requests = heavy_requests()[:7]  # not the refused body
    statuses: dict[int, int] = {}
    healthz: list[float] = []
    retry_after = True
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=workers + 2)
    async with httpx.AsyncClient(base_url=server.base, timeout=120, limits=limits) as client:

        async def heavy(k: int) -> None:
            nonlocal retry_after
            i = k
            while time.perf_counter() < deadline:
                _, method, path, kwargs = requests[i % len(requests)]
                i += 1
                r = await client.request(method, path, **kwargs)
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                if r.status_code == 503:  # a well-behaved client waits as it is told
                    retry_after &= r.headers.get("retry-after") == "1"
                    await asyncio.sleep(float(r.headers.get("retry-after", "1")))

        def poll() -> None:
            # In a thread of its own, with its own connection: the heavy clients' event loop
            # does not delay it.
            with httpx.Client(base_url=server.base, timeout=30) as own:
                while time.perf_counter() < deadline:
                    t0 = time.perf_counter()
                    r = own.get("/healthz")
                    assert r.status_code == 200
                    healthz.append((time.perf_counter() - t0) * 1000)
                    time.sleep(0.02)

        await asyncio.gather(asyncio.to_thread(poll), *(heavy(k) for k in range(workers)))
    ordered = sorted(healthz)
    return {
        "statuses": statuses,
        "retry_after": retry_after,
        "healthz": len(healthz),
        "p50": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "max": ordered[-1],
        "peak_mb": memory_kb(server.process.pid, "VmHWM") / 1024,
    }


async def steady(server: Server, seconds: float) -> dict[str, Any]:
    assert server.process is not None
    pid = server.process.pid
    queries = birth_queries(2000)
    ok = errors = 0
    rss: list[float] = []
    deadline = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=server.base, timeout=30) as client:

        async def worker(k: int) -> None:
            nonlocal ok, errors
            i = k
            while time.perf_counter() < deadline:
                try:
                    r = await client.get(f"/v1/chart?{queries[i % len(queries)]}")
                    ok += r.status_code == 200
                    errors += r.status_code != 200
                except httpx.HTTPError:
                    errors += 1
                i += 32

        async def sample() -> None:
            while time.perf_counter() < deadline:
                rss.append(memory_kb(pid, "VmRSS") / 1024)
                await asyncio.sleep(1)

        await asyncio.gather(sample(), *(worker(k) for k in range(32)))
    return {"ok": ok, "errors": errors, "rss": rss}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load-seconds", type=float, default=30)
    parser.add_argument("--steady-seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()
    if not 0 < args.load_seconds <= 600 or not 0 < args.steady_seconds <= 600:
        parser.error("need 0 < seconds <= 600")

    with Server("api.main:app", ROOT) as server:
        print("1. worst requests, each alone (goal < 2 s, < 200 MB):")
        for name, status, seconds, mb in asyncio.run(worst(server)):
            flag = "" if seconds < GOAL_SECONDS and mb < GOAL_MB else "   <-- over the goal"
            print(f"   {name:34} {status}  {seconds:6.2f} s  +{mb:6.1f} MB peak{flag}")
    with Server("api.main:app", ROOT) as server:
        load = asyncio.run(heavy_load(server, args.load_seconds, args.workers))
        print(
            f"2. heavy load, {args.workers} clients, {args.load_seconds:g} s: answers "
            f"{json.dumps(load['statuses'])}, Retry-After on every 503: {load['retry_after']}; "
            f"/healthz x{load['healthz']}: p50 {load['p50']:.1f} ms, p99 {load['p99']:.1f} ms, "
            f"max {load['max']:.1f} ms (goal p99 < {GOAL_HEALTHZ_P99_MS:g}); "
            f"server peak {load['peak_mb']:.0f} MB"
        )
    with Server("api.main:app", ROOT) as server:
        s = asyncio.run(steady(server, args.steady_seconds))
        rss = s["rss"]
        print(
            f"3. steady GET /v1/chart, 32 clients, {args.steady_seconds:g} s: {s['ok']} ok, "
            f"{s['errors']} errors; server RSS {rss[0]:.0f} MB at 1 s, {rss[len(rss) // 2]:.0f} "
            f"MB midway, {rss[-1]:.0f} MB at the end (max {max(rss):.0f})"
        )


if __name__ == "__main__":
    main()
