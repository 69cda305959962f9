"""Calendar conversions: the solar terms of a year, Gregorian ↔ lunar dates."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

import bazi

from ..schemas import (
    ErrorResponse,
    LunarDateOut,
    SolarDateOut,
    SolarTermOut,
    StrictBool,
    StrictInt,
)

router = APIRouter(prefix="/v1", tags=["calendar"])
ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorResponse}}


class TermsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: StrictInt = Field(ge=1800, le=2199, examples=[2024])
    tz: str | None = Field(None, max_length=64, examples=["Asia/Shanghai"])


class LunarQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: str = Field(
        max_length=16,
        description="Gregorian date 'YYYY-MM-DD', 1900-01-31 to 2100-02-08.",
        examples=["1990-05-17"],
    )


class SolarQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lunar: str = Field(
        max_length=16,
        description="Lunar date 'YYYY-MM-DD' (lunar year, month, day).",
        examples=["1990-04-23"],
    )
    leap_month: StrictBool = False


@router.get("/solar-terms", response_model=list[SolarTermOut], responses=ERRORS)
async def solar_terms(query: Annotated[TermsQuery, Query()]) -> list[dict[str, Any]]:
    """The 24 solar terms of a Gregorian year, in UTC and, with ``tz``, in that zone."""
    return [term.to_dict(query.tz or "UTC") for term in bazi.solar_terms(query.year)]


@router.get("/lunar", response_model=LunarDateOut, responses=ERRORS)
async def to_lunar(query: Annotated[LunarQuery, Query()]) -> dict[str, Any]:
    """The lunar date of a Gregorian date (Beijing reckoning; ``uncertain`` marks months
    whose first day depends on future ΔT)."""
    return bazi.lunar_date(query.date).to_dict()


@router.get("/solar", response_model=SolarDateOut, responses=ERRORS)
async def to_solar(query: Annotated[SolarQuery, Query()]) -> dict[str, Any]:
    """The Gregorian date of a lunar date."""
    return {"date": bazi.solar_date(query.lunar, query.leap_month).isoformat()}
