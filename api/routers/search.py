"""Uncertain birth times and reverse lookup: the intervals that share a chart."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

import bazi

from ..answers import encode, json_response
from ..budget import MAX_SPAN_DAYS, heavy
from ..schemas import BetweenQuery, DayQuery, ErrorResponse, FindQuery, SegmentOut

router = APIRouter(prefix="/v1", tags=["search"])
ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorResponse},
    503: {"model": ErrorResponse, "description": "Every heavy-work slot is busy: retry"},
}


def _segments(segments: list[bazi.Segment]) -> bytes:
    return encode([s.to_dict() for s in segments])


def _find(query: FindQuery) -> bytes:
    found = bazi.find(query.pillars, query.start, query.end, **query.clock())
    return _segments(found)


def _between(query: BetweenQuery) -> bytes:
    parts = bazi.charts_between(query.start, query.end, max_days=MAX_SPAN_DAYS, **query.clock())
    return _segments(parts)


def _day(query: DayQuery) -> bytes:
    return _segments(bazi.charts_for_day(query.date, **query.clock()))


@router.get("/find", response_model=list[SegmentOut], responses=ERRORS)
async def find(query: Annotated[FindQuery, Query()]) -> Response:
    """Every interval of local time in the years searched whose chart has these pillars.

    Example: ``/v1/find?pillars=庚午 辛巳 壬午 乙巳`` → 1990-05-17 09:00–11:00 (+08:00), …
    """
    return json_response(await heavy(_find, query))


@router.get("/charts-between", response_model=list[SegmentOut], responses=ERRORS)
async def charts_between(query: Annotated[BetweenQuery, Query()]) -> Response:
    """The exact partition of ``[start, end)`` (local times, at most 31 days apart) into
    intervals with the same four pillars: a birth time known only roughly."""
    return json_response(await heavy(_between, query))


@router.get("/day", response_model=list[SegmentOut], responses=ERRORS)
async def day(query: Annotated[DayQuery, Query()]) -> Response:
    """The candidate charts of a day when the hour is unknown (every hour pillar, and any
    节 inside the day)."""
    return json_response(await heavy(_day, query))
