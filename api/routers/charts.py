"""Charts: one birth by GET or POST, many births by POST."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ValidationError

import bazi

from ..answers import encode, json_response
from ..budget import MAX_EXPLAINED, MAX_PLACES, check_free, heavy
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
    return chart.to_dict(request.lang, explanation=request.explain, years=request.years)


async def _answer(request: ChartRequest) -> Response:
    # A chart takes about a tenth of a millisecond: computed on the event loop, which
    # spares the hop to a worker thread (about as long again). With ``explain`` it charts
    # the surrounding hours (tens of ms), ``years`` may list 120 years of months, and a
    # ``place`` may build the place index: those are heavy work (api.budget), answer
    # encoded too, and the loop keeps serving others.
    if request.explain or request.years or request.chart_options()["place"] is not None:
        return json_response(await heavy(lambda: encode(_chart(request))))
    return json_response(encode(_chart(request)))


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
    responses={**CHART, **ERRORS, **BUSY},
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


@router.post("/chart", response_model=None, responses={**CHART, **BODY_ERRORS, **BUSY})
async def post_chart(body: ChartRequest) -> Response:
    """The chart of one birth; the JSON body has the fields of ``GET /v1/chart``."""
    return await _answer(body)


# The batch route reads its body itself, in a worker thread (two megabytes of JSON, ten
# thousand items: tens of milliseconds the event loop must not spend), and only when a
# heavy slot is free; the body is documented here as FastAPI would.
BATCH_BODY = {
    "required": True,
    "content": {"application/json": {"schema": BatchRequest.model_json_schema()}},
}


@router.post(
    "/charts",
    response_model=BatchResponse,
    responses={**BODY_ERRORS, **BUSY},
    openapi_extra={"requestBody": BATCH_BODY},
)
async def post_charts(request: Request) -> Response:
    """Charts of up to 3,000 births, of which at most 20 with ``explain`` or ``years`` and
    100 with a ``place``; each result is ``{"ok": true, "chart": …}`` or ``{"ok": false, "error":
    {"detail": […]}}`` in the order of the items."""
    check_free()
    items = await heavy(_read_batch, await request.body())

    async def stream() -> AsyncIterator[bytes]:
        # Chunk by chunk, each charted and encoded in a worker thread; Starlette stops the
        # stream when the client goes, and the chunks not yet begun are never charted.
        yield b'{"results":['
        for start in range(0, len(items), _CHUNK):
            part = await heavy(_chart_items, items[start : start + _CHUNK], start, wait=True)
            yield (b"," if start else b"") + part
        yield b"]}"

    return StreamingResponse(stream(), media_type="application/json")


def _read_batch(body: bytes) -> list[ChartRequest | dict[str, Any]]:
    """Each item of a batch body as a request, or the detail of its refusal; refuses a body
    that is no batch, and a batch over the budget for explanations or places."""
    try:
        items = BatchRequest.model_validate_json(body).items
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors()]
        ) from None
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
    explained = sum(1 for r in requests if r.explain or r.years)
    placed = sum(1 for r in requests if r.chart_options()["place"] is not None)
    if explained > MAX_EXPLAINED or placed > MAX_PLACES:
        msg = (
            f"a batch may have at most {MAX_EXPLAINED} items with explain or years and "
            f"{MAX_PLACES} "
            f"with a place; this one has {explained} and {placed}: split it, or chart "
            "those items one by one"
        )
        raise RequestValidationError([{"loc": ("body", "items"), "msg": msg, "type": "budget"}])
    return read


def _chart_items(items: list[ChartRequest | dict[str, Any]], first: int) -> bytes:
    """The results of a run of batch items, the first of them numbered ``first``, as the
    comma-separated JSON of each."""
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
    return b",".join(encode(result) for result in results)
