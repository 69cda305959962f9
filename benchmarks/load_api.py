"""Load on the HTTP API beside a bare FastAPI endpoint, both under uvicorn on loopback.

    python benchmarks/load_api.py [--seconds 60] [--workers 32] [--max-requests 200000]

Starts uvicorn in a subprocess on a free 127.0.0.1 port twice: once with ``api.main:app``,
once with ``bare`` below (one trivial GET endpoint, same path). Each gets half of
``--seconds`` of ``GET /v1/chart`` from ``--workers`` concurrent httpx clients, with varied
valid birth times (seeded), after a short warm-up; then it reports requests/s, p50/p90/p99
latency and errors for both, and their ratio. Only 127.0.0.1 is ever targeted; every run
stops by itself after its time or ``--max-requests``, whichever comes first.

The client runs on the same machine as the server (on 2 cores they share the CPU), so read
the ratio, not the absolute figures; "srv CPU" is the server's share of one core during its
run: near 100% the server is the limit, well under it the client is. "CPU µs" is the
server's CPU time per request: the cost of an answer, whoever is the limit. Both servers run alike:
one process, no access log, log level warning. Run by hand; pytest does not collect it.

Then both apps are called in this process, without a server (the ASGI app awaited directly
with the same queries, process time, best of three): the cost of the app itself, which
the server's share (HTTP parsing, the socket) hides in the CPU µs above.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx2 as httpx  # the dev extra's httpx (the same API: AsyncClient, Limits)
from fastapi import FastAPI

HOST = "127.0.0.1"  # the only address this script ever sends traffic to
ROOT = Path(__file__).resolve().parent.parent
ZONES = ("Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "+08:00", "+09:00")
WARMUP_REQUESTS = 200

bare = FastAPI()


@bare.get("/v1/chart")
async def bare_chart() -> dict[str, bool]:
    """The trivial endpoint: same path, answers at once (``async``, as the chart route is:
    no thread-pool hop on either side)."""
    return {"ok": True}


def birth_queries(n: int, seed: int = 2024) -> list[str]:
    """``n`` query strings of valid births 1900-2099 (every one gives a 200)."""
    import bazi

    rng = random.Random(seed)
    start = datetime(1900, 1, 1)
    out: list[str] = []
    while len(out) < n:
        moment = start + timedelta(minutes=rng.randrange(200 * 365 * 1440))
        params = {
            "datetime": moment.strftime("%Y-%m-%dT%H:%M"),
            "tz": rng.choice(ZONES),
            "fold": "0",
            "gender": rng.choice(("male", "female")),
            "lang": rng.choice(("zh", "en")),
        }
        try:
            bazi.chart(params["datetime"], tz=params["tz"], fold=0)
        except bazi.BaziError:  # a wall time skipped by a clock change
            continue
        out.append(urlencode(params))
    return out


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """``uvicorn APP`` on a free loopback port, for a ``with`` block."""

    def __init__(self, app: str, app_dir: Path) -> None:
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.argv = [
            sys.executable,
            "-m",
            "uvicorn",
            app,
            "--app-dir",
            str(app_dir),
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"server exited with {self.process.returncode}: {self.argv}")
            try:
                httpx.get(f"{self.base}/v1/chart", timeout=1)
                return self
            except httpx.TransportError:
                time.sleep(0.1)
        self.__exit__()
        raise SystemExit(f"server did not answer within 30 s: {self.argv}")

    def __exit__(self, *_: object) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (Linux ``/proc``; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Result:
    name: str
    seconds: float = 0.0
    server_cpu: float = float("nan")  # the server's CPU seconds during the timed run
    latencies: list[float] = field(default_factory=list)  # of the 200s, seconds
    errors: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_request(self) -> float:
        """The server's CPU seconds per answered request."""
        return self.server_cpu / self.requests if self.requests else float("nan")

    def percentile(self, p: float) -> float:
        """Latency at ``p`` (0-100) of the successful requests, in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


async def drive(
    server: Server, queries: list[str], seconds: float, workers: int, max_requests: int, name: str
) -> Result:
    """``workers`` concurrent loops of ``GET /v1/chart?…`` until ``seconds`` have passed or
    ``max_requests`` have been sent."""
    base = server.base
    assert base.startswith(f"http://{HOST}:")
    assert server.process is not None
    result = Result(name)
    limits = httpx.Limits(max_connections=workers, max_keepalive_connections=workers)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        for q in queries[:WARMUP_REQUESTS]:
            await client.get(f"/v1/chart?{q}")
        sent = 0
        cpu = cpu_seconds(server.process.pid)
        started = time.perf_counter()
        deadline = started + seconds

        async def worker(offset: int) -> None:
            nonlocal sent
            i = offset
            while sent < max_requests and time.perf_counter() < deadline:
                sent += 1
                query = queries[i % len(queries)]
                i += workers
                t0 = time.perf_counter()
                try:
                    response = await client.get(f"/v1/chart?{query}")
                except httpx.HTTPError:
                    result.errors += 1
                    continue
                if response.status_code == 200:
                    result.latencies.append(time.perf_counter() - t0)
                else:
                    result.errors += 1

        await asyncio.gather(*(worker(k) for k in range(workers)))
        result.seconds = time.perf_counter() - started
        result.server_cpu = cpu_seconds(server.process.pid) - cpu
    return result


def run(app: str, app_dir: Path, name: str, args: argparse.Namespace, queries: list[str]) -> Result:
    with Server(app, app_dir) as server:
        per_target = args.seconds / 2
        return asyncio.run(
            drive(server, queries, per_target, args.workers, args.max_requests, name)
        )


async def _call(app: Any, query: str) -> None:
    """One ``GET /v1/chart?query`` through ``app``'s ASGI interface; it must answer 200."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/v1/chart",
        "raw_path": b"/v1/chart",
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"host", HOST.encode())],
        "client": (HOST, 1),
        "server": (HOST, 80),
    }
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app(scope, receive, send)
    if statuses != [200]:
        raise SystemExit(f"in-process GET /v1/chart?{query} answered {statuses}")


def in_process(app: Any, queries: list[str]) -> float:
    """Process seconds per request of ``app`` called directly, best of three passes."""

    async def one_pass() -> None:
        for query in queries:
            await _call(app, query)

    asyncio.run(one_pass())  # warm-up: tables, caches
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        asyncio.run(one_pass())
        best = min(best, time.process_time() - started)
    return best / len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="total, split between both")
    parser.add_argument("--workers", type=int, default=32, help="concurrent requests")
    parser.add_argument(
        "--max-requests", type=int, default=200_000, help="cap per target (default 200000)"
    )
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    if not 0 < args.seconds <= 3600 or not 0 < args.workers <= 1024 or args.max_requests < 1:
        parser.error("need 0 < --seconds <= 3600, 0 < --workers <= 1024, --max-requests >= 1")

    queries = birth_queries(2000, args.seed)
    results = [
        run("api.main:app", ROOT, "api  GET /v1/chart", args, queries),
        run(
            f"{Path(__file__).stem}:bare",
            Path(__file__).resolve().parent,
            "bare endpoint",
            args,
            queries,
        ),
    ]
    print(f"{args.workers} workers, {args.seconds / 2:g} s each, 127.0.0.1, seed {args.seed}")
    columns = ("requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "errors", "srv CPU", "CPU µs")
    print(f"{'':20} {columns[0]:>9}" + "".join(f" {c:>8}" for c in columns[1:]))
    for r in results:
        print(
            f"{r.name:20} {r.requests:9d} {r.rate:8.0f} {r.percentile(50):8.1f} "
            f"{r.percentile(90):8.1f} {r.percentile(99):8.1f} {r.errors:8d} "
            f"{r.server_cpu / r.seconds:8.0%} {r.cpu_per_request * 1e6:8.0f}"
        )
    app, base = results
    if base.rate and app.rate:
        print(
            f"api / bare: {app.cpu_per_request / base.cpu_per_request:.2f}x the server CPU "
            f"a request, {app.rate / base.rate:.2f}x the throughput, "
            f"{app.percentile(50) / base.percentile(50):.1f}x the p50, "
            f"{app.percentile(99) / base.percentile(99):.1f}x the p99"
        )
    print(
        "CPU µs: the server's CPU time per request, the cost that does not depend on how "
        "fast the client on the same cores can ask."
    )

    import logging

    from api.main import app as api_app

    logging.getLogger("bazi.api").setLevel(logging.WARNING)  # its line per request, off
    own, bare_cost = in_process(api_app, queries), in_process(bare, queries)
    print(
        f"in process, no server ({len(queries)} requests): api {own * 1e6:.0f} µs, "
        f"bare {bare_cost * 1e6:.0f} µs a request ({own / bare_cost:.2f}x)"
    )


if __name__ == "__main__":
    main()
