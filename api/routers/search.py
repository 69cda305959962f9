"""Uncertain birth times and reverse lookup: the intervals that share a chart."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

import bazi

from ..budget import MAX_SPAN_DAYS, heavy
from ..schemas import BetweenQuery, DayQuery, ErrorResponse, FindQuery, SegmentOut

router = APIRouter(prefix="/v1", tags=["search"])
ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorResponse},
    503: {"model": ErrorResponse, "description": "Every heavy-work slot is busy: retry"},
}


def _find(query: FindQuery) -> list[dict[str, Any]]:
    found = bazi.find(query.pillars, query.start, query.end, tz=query.tz, **query.school())
    return [s.to_dict() for s in found]


def _between(query: BetweenQuery) -> list[dict[str, Any]]:
    parts = bazi.charts_between(
        query.start, query.end, tz=query.tz, max_days=MAX_SPAN_DAYS, **query.school()
    )
    return [s.to_dict() for s in parts]


def _day(query: DayQuery) -> list[dict[str, Any]]:
    return [s.to_dict() for s in bazi.charts_for_day(query.date, tz=query.tz, **query.school())]


@router.get("/find", response_model=list[SegmentOut], responses=ERRORS)
async def find(query: Annotated[FindQuery, Query()]) -> list[dict[str, Any]]:
    """Every interval of local time in the years searched whose chart has these pillars.

    Example: ``/v1/find?pillars=庚午 辛巳 壬午 乙巳`` → 1990-05-17 09:00–11:00 (+08:00), …
    """
    return await heavy(_find, query)


@router.get("/charts-between", response_model=list[SegmentOut], responses=ERRORS)
async def charts_between(query: Annotated[BetweenQuery, Query()]) -> list[dict[str, Any]]:
    """The exact partition of ``[start, end)`` (local times, at most 31 days apart) into
    intervals with the same four pillars: a birth time known only roughly."""
    return await heavy(_between, query)


@router.get("/day", response_model=list[SegmentOut], responses=ERRORS)
async def day(query: Annotated[DayQuery, Query()]) -> list[dict[str, Any]]:
    """The candidate charts of a day when the hour is unknown (every hour pillar, and any
    节 inside the day)."""
    return await heavy(_day, query)
