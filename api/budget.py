"""What one request may cost, and how heavy work shares the server.

The budget (also in the README and each endpoint's description):

* ``POST /v1/charts``: at most :data:`MAX_BATCH` births, of which at most
  :data:`MAX_EXPLAINED` with ``explain`` or ``years`` and :data:`MAX_PLACES` with ``place``
  (a refused batch is a 422 at ``items`` saying so; a body over 2 MB is a 413). Places in
  a batch are looked up without spelling suggestions.
* ``/v1/charts-between``, the MCP tool ``bazi_charts_between``: a span of at most
  :data:`MAX_SPAN_DAYS` days.

Work that takes more than a fraction of a millisecond (a batch, an explanation, a place
lookup, a search), the encoding of its answer included, runs in worker threads, at most
:data:`HEAVY_SLOTS` at a time. When they are all busy a heavy request is answered at once
with 503 and ``Retry-After`` rather than queued without end; the light routes
(``/healthz``, a plain chart, the page) never wait behind it. A batch is answered as a
stream, chunk by chunk (memory stays flat), and stops when its client has gone.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import HTTPException

import bazi

__all__ = [
    "HEAVY_SLOTS",
    "MAX_BATCH",
    "MAX_EXPLAINED",
    "MAX_PLACES",
    "MAX_SPAN_DAYS",
    "Busy",
    "check_free",
    "heavy",
    "settle",
]

# A full chart with its luck is about 0.4 ms of server time here (chart, dictionary, JSON):
# 3,000 of them stay well under the 2 s a request may take (benchmarks/heavy_api.py:
# 4,000 took 1.9 s with the client on the same 2 cores).
MAX_BATCH = 3_000
MAX_EXPLAINED = 20
MAX_PLACES = 100
MAX_SPAN_DAYS = 31
SWITCH_INTERVAL = 0.001  # seconds a thread may hold the interpreter's lock while others wait
HEAVY_SLOTS = int(os.environ.get("BAZI_HEAVY_SLOTS", "0")) or max(2, os.cpu_count() or 2)
RETRY_AFTER_SECONDS = 1

T = TypeVar("T")


class Busy(HTTPException):
    """Every heavy slot is taken: 503, retry shortly."""

    def __init__(self) -> None:
        super().__init__(
            status_code=503,
            detail=[
                {
                    "loc": [],
                    "msg": "the server is busy with other heavy requests (explanations, "
                    "batches, searches); retry in a second",
                    "type": "busy",
                }
            ],
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )


class _Slots:
    """A capacity limiter made on first use, inside the running event loop."""

    def __init__(self, total: int) -> None:
        self.total = total
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def limiter(self) -> anyio.CapacityLimiter:
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.total)
        return self._limiter


slots = _Slots(HEAVY_SLOTS)


def check_free() -> None:
    """Raise :class:`Busy` when every heavy slot is taken (before reading a large body)."""
    limiter = slots.limiter
    if limiter.borrowed_tokens >= limiter.total_tokens:
        raise Busy()


async def heavy(work: Callable[..., T], *args: Any, wait: bool = False) -> T:
    """Run ``work(*args)`` in a worker thread under the heavy-work limit. When every slot is
    taken, raise :class:`Busy` at once, or with ``wait`` (the later parts of an answer
    already begun) wait for a slot."""
    if not wait:
        check_free()
    return await anyio.to_thread.run_sync(work, *args, limiter=slots.limiter)


def settle() -> None:
    """Ready the server for heavy work, at startup: load the engine's tables (a chart, its
    reading, luck and explanation), then move everything alive into the garbage collector's
    permanent generation and make its full collections rarer. A full collection stops every
    thread, the event loop's too; without this one took up to 50 ms in a 10,000-birth batch
    (scanning the tables again each time), with it under 20 ms.

    And hand the interpreter's lock over every millisecond rather than every 5: the event
    loop waits for it each time it wakes while worker threads chart, and a request is
    several wakes (``benchmarks/heavy_api.py``, 16 clients of heavy work: ``/healthz`` p50
    26 → 7 ms, p99 108 → 24 ms)."""
    bazi.chart("1990-05-17 10:30", "+08:00", gender="male").to_dict(explanation=True)
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
    sys.setswitchinterval(SWITCH_INTERVAL)
