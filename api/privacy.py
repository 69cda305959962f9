"""Middleware that keeps birth data out of logs and oversized bodies out of the app.

Uvicorn's access log prints the request line with its query string, which here is a birth
date and place: ``bazi serve`` turns it off, and this middleware logs only the method, the
path (never the query), the status and the duration.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("bazi.api")
MAX_BODY_BYTES = 2 * 1024 * 1024


class PrivateAccessLog:
    """Log ``METHOD /path STATUS ms`` for every request, without the query string."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            log.info("%s %s %d %.1fms", scope["method"], scope["path"], status, elapsed)


class BodyLimit:
    """Answer 413 to a request body over ``MAX_BODY_BYTES`` (declared or streamed)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(send, self.limit)
            return
        seen = 0
        refused = False
        started = False

        # The app must not be the one to see the limit as an exception: FastAPI turns any error
        # while reading a body into a 400. Past the limit this answers 413 itself, tells the
        # app the client has gone, and drops whatever the app still tries to send.
        async def counted() -> Message:
            nonlocal seen, refused
            if seen > self.limit:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    if not started:
                        refused = True
                        await _too_large(send, self.limit)
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counted, guarded)


async def _too_large(send: Send, limit: int) -> None:
    body = (
        b'{"detail":[{"loc":["body"],"msg":"request body over '
        + str(limit).encode()
        + b' bytes","type":"too_large"}]}'
    )
    headers: list[Any] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
