"""Charts: one birth by GET or POST, many births by POST."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError

import bazi

try:
    import orjson
except ImportError:  # the api extra installs it; plain json works without
    orjson = None  # type: ignore[assignment]

from ..budget import MAX_EXPLAINED, MAX_PLACES, heavy
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
BUSY: dict[int | str, dict[str, Any]] = {
    503: {"model": ErrorResponse, "description": "Every heavy-work slot is busy: retry"}
}
_CHUNK = 500  # batch items charted per turn in a worker thread


# The chart is the core's own JSON-ready dict: serialised directly (orjson when installed),
# not re-validated through the response model, which would double the cost of a request.
# The model still documents the answer in the OpenAPI schema.
CHART: dict[int | str, dict[str, Any]] = {200: {"model": ChartResponse}}


def _chart(request: ChartRequest) -> dict[str, Any]:
    chart = bazi.chart(request.datetime, tz=request.tz, **request.chart_options())
    return chart.to_dict(request.lang, explanation=request.explain)


def _json(content: Any) -> Response:
    if orjson is not None:
        return Response(orjson.dumps(content), media_type="application/json")
    return JSONResponse(content)


async def _answer(request: ChartRequest) -> Response:
    # A chart takes about a tenth of a millisecond: computed on the event loop, which
    # spares the hop to a worker thread (about as long again). With ``explain`` it charts
    # the surrounding hours (tens of ms), and a ``place`` may build the place index: those
    # are heavy work (api.budget), and the loop keeps serving other requests meanwhile.
    if request.explain or request.chart_options()["place"] is not None:
        return _json(await heavy(_chart, request))
    return _json(_chart(request))


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The OpenAPI parameters FastAPI writes for ``Annotated[model, Query()]``, taken once
    from a throwaway app, for a route that reads its query itself: FastAPI re-inspects
    every field's annotation on every request of a query model, which cost as much as
    the chart."""

    async def route(query: Any) -> None:
        """Never called: only its documentation is kept."""

    # Set as an object: this module's annotations are strings, which cannot name ``model``.
    route.__annotations__["query"] = Annotated[model, Query()]
    probe = FastAPI()
    probe.get("/")(route)
    parameters: list[dict[str, Any]] = probe.openapi()["paths"]["/"]["get"]["parameters"]
    if "$ref" in json.dumps(parameters):  # would point into the throwaway app's components
        raise RuntimeError(f"{model.__name__}'s query parameters refer to shared schemas")
    return parameters


CHART_QUERY = _query_parameters(ChartRequest)


@router.get(
    "/chart",
    response_model=None,
    responses={**CHART, **ERRORS},
    openapi_extra={"parameters": CHART_QUERY},
)
async def get_chart(request: Request) -> Response:
    """The chart of one birth; query parameters mirror ``bazi.chart``.

    Example: ``/v1/chart?datetime=1990-05-17T10:30&tz=Asia/Shanghai`` → 庚午 辛巳 壬午 乙巳.
    """
    try:  # the fields of ChartRequest, as documented in CHART_QUERY (last value wins)
        query = ChartRequest.model_validate(dict(request.query_params))
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("query", *e["loc"])} for e in error.errors()]
        ) from None
    return await _answer(query)


@router.post("/chart", response_model=None, responses={**CHART, **BODY_ERRORS})
async def post_chart(body: ChartRequest) -> Response:
    """The chart of one birth; the JSON body has the fields of ``GET /v1/chart``."""
    return await _answer(body)


@router.post("/charts", response_model=BatchResponse, responses={**BODY_ERRORS, **BUSY})
async def post_charts(body: BatchRequest, request: Request) -> Response:
    """Charts of up to 10 000 births, of which at most 20 with ``explain`` and 100 with a
    ``place``; each result is ``{"ok": true, "chart": …}`` or ``{"ok": false, "error":
    {"detail": […]}}`` in the order of the items."""
    items = await heavy(_read_items, body.items)
    results: list[dict[str, Any]] = []
    for start in range(0, len(items), _CHUNK):
        if await request.is_disconnected():
            return Response(status_code=499)  # the client has gone: nobody reads this
        results += await heavy(_chart_items, items[start : start + _CHUNK], start)
    return _json({"results": results})


def _read_items(items: list[dict[str, Any]]) -> list[ChartRequest | dict[str, Any]]:
    """Each item as a request, or the detail of its refusal; refuses a batch over the
    budget for explanations or places."""
    read: list[ChartRequest | dict[str, Any]] = []
    for index, item in enumerate(items):
        try:
            read.append(ChartRequest.model_validate(item))
        except ValidationError as error:
            detail = validation_detail(error.errors())
            for d in detail:
                d["loc"] = ["body", "items", index, *d["loc"]]
            read.append({"detail": detail})
    requests = [r for r in read if isinstance(r, ChartRequest)]
    explained = sum(1 for r in requests if r.explain)
    placed = sum(1 for r in requests if r.chart_options()["place"] is not None)
    if explained > MAX_EXPLAINED or placed > MAX_PLACES:
        msg = (
            f"a batch may have at most {MAX_EXPLAINED} items with explain and {MAX_PLACES} "
            f"with a place; this one has {explained} and {placed}: split it, or chart "
            "those items one by one"
        )
        raise RequestValidationError([{"loc": ("body", "items"), "msg": msg, "type": "budget"}])
    return read


def _chart_items(items: list[ChartRequest | dict[str, Any]], first: int) -> list[dict[str, Any]]:
    """The results of a run of batch items, the first of them numbered ``first``."""
    results: list[dict[str, Any]] = []
    for index, item in enumerate(items, start=first):
        if not isinstance(item, ChartRequest):
            results.append({"ok": False, "error": item})
            continue
        try:
            place = item.chart_options()["place"]
            if place is not None:  # looked up first, without spelling suggestions
                bazi.resolve_place(place, suggest=False)
            results.append({"ok": True, "chart": _chart(item)})
        except bazi.BaziError as error:
            detail = bazi_error_detail(error, "body", "items", index)
            results.append({"ok": False, "error": {"detail": detail}})
    return results
