"""Turn every user error into a 422 that names the field, says what was wrong and what is
accepted; never echo it to a log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import ValidationError
from starlette.exceptions import HTTPException

import bazi


def bazi_error_detail(error: bazi.BaziError, *where: str | int) -> list[dict[str, Any]]:
    """The 422 detail of a core error: at ``where`` (``"query"``, ``"body"``, or the path
    of a batch item), the field the core named."""
    return [{"loc": [*where, error.field], "msg": str(error), "type": type(error).__name__}]


def validation_detail(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Pydantic's errors, kept to loc/msg/type; the accepted values are in ``msg``. An
    option refused by the core while the request was read keeps the core's error type and
    message, as when the core refuses it later."""
    out = []
    for e in errors:
        msg, kind = str(e.get("msg", "invalid value")), str(e.get("type", "value_error"))
        cause = e.get("ctx", {}).get("error")
        if isinstance(cause, bazi.BaziError):
            msg, kind = str(cause), type(cause).__name__
        elif kind == "extra_forbidden":
            msg = "unknown parameter; see /docs for the accepted ones"
        out.append(
            {
                "loc": [str(x) if not isinstance(x, int) else x for x in e.get("loc", ())],
                "msg": msg.removeprefix("Value error, "),
                "type": kind,
            }
        )
    return out


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(bazi.BaziError)
    async def _bazi_error(request: Request, error: bazi.BaziError) -> JSONResponse:
        where = "body" if request.method == "POST" else "query"
        return JSONResponse(status_code=422, content={"detail": bazi_error_detail(error, where)})

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": validation_detail(error.errors())})

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> Response:
        # FastAPI answers 400 {"detail": "There was an error parsing the body"} to a body its
        # JSON decoder gives up on other than by a syntax error (bytes that are not UTF-8, an
        # integer of over 4300 digits, nesting too deep): a user error like malformed JSON, so
        # it gets the same 422 as FastAPI's json_invalid. Others (404, 405) are as usual.
        if error.status_code == 400:
            msg = "the body could not be read as JSON (UTF-8, numbers under 4300 digits)"
            detail = [{"loc": ["body"], "msg": msg, "type": "json_invalid"}]
            return JSONResponse(status_code=422, content={"detail": detail})
        if error.status_code == 405:
            # Starlette names the methods of the first route that matched the path only;
            # /v1/chart has two routes (GET and POST): name every method the path takes.
            methods = sorted(
                method
                for route in app.routes
                if isinstance(route, APIRoute) and route.path_regex.match(request.url.path)
                for method in route.methods or ()
            )
            error.headers = {**(error.headers or {}), "Allow": ", ".join(methods)}
        return await http_exception_handler(request, error)

    @app.exception_handler(ValidationError)
    async def _invalid_model(request: Request, error: ValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": validation_detail(error.errors())})
