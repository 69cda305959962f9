"""The HTTP API and web page over :mod:`bazi`: ``uvicorn api.main:app`` or ``bazi serve``.

This module only assembles the app: routers per resource, error handlers, privacy and
body-size middleware, and the static page. No chart logic lives in ``api/``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from importlib.util import find_spec

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from . import errors
from .privacy import BodyLimit, PrivateAccessLog
from .routers import calendar, charts, check, health, options, search

STATIC = files("api").joinpath("static")

# The MCP tools over streamable HTTP at /mcp, when the mcp extra is installed (api/mcp.py).
if find_spec("mcp") is not None:
    from starlette.routing import Route

    from .mcp import HTTPEndpoint

    mcp_http: HTTPEndpoint | None = HTTPEndpoint("/mcp")
else:
    mcp_http = None


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    """Run the MCP endpoint's session manager while the app runs."""
    if mcp_http is None:
        yield
        return
    async with mcp_http.running():
        yield


app = FastAPI(
    title="bazi-reference",
    summary="Exact four pillars (四柱八字) of a birth moment, on a JPL solar-term table.",
    description="Every answer states the conventions and data versions that produced it. "
    "User errors are 422 with the field at fault; birth data is never logged.",
    version="1",
    lifespan=lifespan,
)
app.include_router(charts.router)
app.include_router(check.router)
app.include_router(calendar.router)
app.include_router(search.router)
app.include_router(options.router)
app.include_router(health.router)
errors.install(app)
app.add_middleware(BodyLimit)
app.add_middleware(PrivateAccessLog)
app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
if mcp_http is not None:
    # A route rather than a mount: a Mount("/mcp") answers POST /mcp with a redirect to /mcp/.
    app.router.routes.append(Route("/mcp", mcp_http, include_in_schema=False))


@app.get("/", response_class=HTMLResponse, include_in_schema=False)
def page() -> str:
    """The web page: a form and the chart as a reader expects to see it."""
    return STATIC.joinpath("index.html").read_text(encoding="utf-8")
