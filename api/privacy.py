"""Middleware that keeps birth data out of logs, hardens every response, and keeps oversized
bodies out of the app.

Privacy by construction, however the app is started (``bazi serve``, ``uvicorn
api.main:app``, at any log level): uvicorn's access log, which prints the request line with
its query string (a birth date and place), is switched off by the app itself
(:func:`silence_access_log`, at import and again at startup); this middleware logs instead
``METHOD /route STATUS ms`` with the route's template, never the path a client sent (a
path can carry data, and ``%0a`` in it would forge a log line), never the query.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("bazi.api")
MAX_BODY_BYTES = 2 * 1024 * 1024
ACCESS_LOGGERS = ("uvicorn.access",)
_OWN_HANDLER = "bazi.api: stderr"  # the handler this module adds, when nothing else shows the log

# Sent with every response: the page is not framed, types are not sniffed, no referrer
# leaves the page (a query string holds a birth), and the page's scripts and styles come
# from this origin only. JSON answers carry the same policy, which forbids everything.
SECURITY_HEADERS = (
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)


def silence_access_log() -> None:
    """Switch uvicorn's access logger off (it prints query strings): the app's own
    :class:`PrivateAccessLog` logs each request without them, to the ``bazi.api`` logger,
    which is given a handler of its own (on stderr) when nothing else would show it, as
    under plain ``uvicorn api.main:app``; it then follows ``--log-level``, which uvicorn
    sets on ``uvicorn.error`` (its ``uvicorn`` logger stays at INFO whatever the flag);
    INFO when uvicorn set no level."""
    for name in ACCESS_LOGGERS:
        logging.getLogger(name).disabled = True
    if not logging.getLogger().handlers and not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s %(message)s"))
        handler.set_name(_OWN_HANDLER)
        log.addHandler(handler)
    if any(h.get_name() == _OWN_HANDLER for h in log.handlers):
        log.setLevel(logging.getLogger("uvicorn.error").level or logging.INFO)


def _route(scope: Scope) -> str:
    """The template of the route that answered (``/v1/chart``), never the client's path."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "(no route)"


class PrivateAccessLog:
    """Log ``METHOD /route STATUS ms`` for every request: the route's template, no query."""

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
            # Rounded as printed: a record's arguments hold only what its line shows (the
            # raw float's sixteen digits could spell a year of birth by chance).
            elapsed = round((time.perf_counter() - started) * 1000, 1)
            method = scope["method"] if scope["method"].isalpha() else "(method)"
            log.info("%s %s %d %.1fms", method, _route(scope), status, elapsed)


class SecurityHeaders:
    """Add :data:`SECURITY_HEADERS` to every HTTP response (not to MCP's JSON-RPC at
    ``/mcp``, which sets its own)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def headed(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, headed)


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
