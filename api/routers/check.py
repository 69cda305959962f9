"""Check a chart someone was given: ``POST /v1/check``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

import bazi

from ..answers import encode, json_response
from ..budget import heavy
from ..privacy import MAX_BODY_BYTES
from ..schemas import CheckRequest, CheckResponse, ErrorResponse

router = APIRouter(prefix="/v1", tags=["check"])
ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorResponse},
    413: {"model": ErrorResponse, "description": f"Request body over {MAX_BODY_BYTES} bytes"},
    503: {"model": ErrorResponse, "description": "Every heavy-work slot is busy: retry"},
}


def _check(body: CheckRequest) -> bytes:
    result = bazi.check(body.claim, body.datetime, tz=body.tz, **body.check_options())
    return encode(result.to_dict())


@router.post("/check", response_model=CheckResponse, responses=ERRORS)
async def post_check(body: CheckRequest) -> Response:
    """Check a claimed chart against a birth: each pillar right, wrong (with the right one)
    or impossible; the conventions and common mistakes that give the claimed pillars, most
    likely first; and, when none gives the whole claim, the nearest moments whose chart it
    is. The body mirrors ``bazi.check``; an unreadable claim is a 422 at ``claim``.

    Example: ``{"claim": "乙亥 己卯 庚子 丙子", "datetime": "1995-03-08T23:40", "place":
    "深圳"}`` → wrong: day and hour; date off by a day (03-09 23:40 gives that chart).
    """
    return json_response(await heavy(_check, body))
