"""Charts: one birth by GET or POST, many births by POST."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import ValidationError

import bazi

from ..errors import bazi_error_detail, validation_detail
from ..privacy import MAX_BODY_BYTES
from ..schemas import BatchRequest, BatchResponse, ChartRequest, ChartResponse, ErrorResponse

router = APIRouter(prefix="/v1", tags=["charts"])
ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorResponse}}
# A body over the limit is refused by the BodyLimit middleware before it reaches the route.
BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    413: {"model": ErrorResponse, "description": f"Request body over {MAX_BODY_BYTES} bytes"},
}


def _chart(request: ChartRequest) -> dict[str, Any]:
    chart = bazi.chart(request.datetime, tz=request.tz, **request.chart_options())
    return chart.to_dict(request.lang, explanation=request.explain)


@router.get("/chart", response_model=ChartResponse, responses=ERRORS)
def get_chart(query: Annotated[ChartRequest, Query()]) -> dict[str, Any]:
    """The chart of one birth; query parameters mirror ``bazi.chart``.

    Example: ``/v1/chart?datetime=1990-05-17T10:30&tz=Asia/Shanghai`` → 庚午 辛巳 壬午 乙巳.
    """
    return _chart(query)


@router.post("/chart", response_model=ChartResponse, responses=BODY_ERRORS)
def post_chart(body: ChartRequest) -> dict[str, Any]:
    """The chart of one birth; the JSON body has the fields of ``GET /v1/chart``."""
    return _chart(body)


@router.post("/charts", response_model=BatchResponse, responses=BODY_ERRORS)
def post_charts(body: BatchRequest) -> dict[str, Any]:
    """Charts of up to 10 000 births; each result is ``{"ok": true, "chart": …}`` or
    ``{"ok": false, "error": {"detail": […]}}`` in the order of the items."""
    results: list[dict[str, Any]] = []
    for index, item in enumerate(body.items):
        try:
            results.append({"ok": True, "chart": _chart(ChartRequest.model_validate(item))})
        except ValidationError as error:
            detail = validation_detail(error.errors())
            for d in detail:
                d["loc"] = ["body", "items", index, *d["loc"]]
            results.append({"ok": False, "error": {"detail": detail}})
        except bazi.BaziError as error:
            detail = bazi_error_detail(error, "body")
            detail[0]["loc"] = ["body", "items", index, detail[0]["loc"][-1]]
            results.append({"ok": False, "error": {"detail": detail}})
    return {"results": results}
