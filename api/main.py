"""The HTTP API and web page over :mod:`bazi`: ``uvicorn api.main:app`` or ``bazi serve``.

This module only assembles the app: routers per resource, error handlers, privacy,
security-header and body-size middleware, the static page and the API docs (``/docs``:
Swagger UI's files from the ``fastapi-offline`` package, started by a script of this
server: no third-party script, works offline).
No chart logic lives in ``api/``.
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
from .budget import settle
from .privacy import BodyLimit, PrivateAccessLog, SecurityHeaders, silence_access_log
from .routers import calendar, charts, check, health, options, search

STATIC = files("api").joinpath("static")
SWAGGER_UI = files("fastapi_offline").joinpath("static")  # Swagger UI 5, as its package ships it

# The MCP tools over streamable HTTP at /mcp, when the mcp extra is installed (api/mcp.py).
if find_spec("mcp") is not None:
    from starlette.routing import Route

    from .mcp import HTTPEndpoint

    mcp_http: HTTPEndpoint | None = HTTPEndpoint("/mcp")
else:
    mcp_http = None


silence_access_log()  # at import, and at startup below: however uvicorn was started


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    """Keep uvicorn's access log off; ready the engine; run the MCP endpoint's session
    manager."""
    silence_access_log()
    settle()
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
    docs_url=None,  # served below from the packaged Swagger UI, not a CDN
    redoc_url=None,
)
app.include_router(charts.router)
app.include_router(check.router)
app.include_router(calendar.router)
app.include_router(search.router)
app.include_router(options.router)
app.include_router(health.router)
errors.install(app)
app.add_middleware(BodyLimit)
app.add_middleware(SecurityHeaders)
app.add_middleware(PrivateAccessLog)
app.mount("/static/swagger", StaticFiles(directory=str(SWAGGER_UI)), name="swagger")
app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
if mcp_http is not None:
    # A route rather than a mount: a Mount("/mcp") answers POST /mcp with a redirect to /mcp/.
    app.router.routes.append(Route("/mcp", mcp_http, include_in_schema=False))


@app.get("/", response_class=HTMLResponse, include_in_schema=False)
async def page() -> str:
    """The web page: a form and the chart as a reader expects to see it."""
    return STATIC.joinpath("index.html").read_text(encoding="utf-8")


@app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
async def docs() -> str:
    """The interactive API docs: Swagger UI served from this server, started by a script
    of this server (the security policy allows no inline script)."""
    return STATIC.joinpath("docs.html").read_text(encoding="utf-8")
