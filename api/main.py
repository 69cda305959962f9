"""Assemble the FastAPI application: ``uvicorn api.main:app``.

A thin layer: every answer comes from :func:`bazi.chart`; every :class:`bazi.BaziError`
becomes a 422 with its message. Birth data is never logged or stored.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

import bazi
from bazi.chart import Calendar
from bazi.conventions import (
    DayBoundary,
    Gender,
    LuckMethod,
    PalaceSchool,
    PunishmentRule,
    SolarTime,
)
from bazi.names import Lang
from bazi.presets import Preset

app = FastAPI(
    title="bazi-reference",
    summary="Exact four pillars (四柱八字) of a birth moment, on a JPL solar-term table.",
)


@app.exception_handler(bazi.BaziError)
async def _user_error(request: Request, error: bazi.BaziError) -> JSONResponse:
    return JSONResponse(
        status_code=422, content={"error": type(error).__name__, "detail": str(error)}
    )


@app.get("/chart")
def get_chart(
    when: str,
    tz: str | None = None,
    day_boundary: DayBoundary | None = None,
    solar_time: SolarTime | None = None,
    longitude: float | None = None,
    calendar: Calendar = "gregorian",
    leap_month: bool = False,
    fold: Literal[0, 1] | None = None,
    gender: Gender | None = None,
    luck_method: LuckMethod | None = None,
    palace_school: PalaceSchool = "jie",
    punishment: PunishmentRule = "pairs",
    preset: Preset | None = None,
    lang: Lang = "zh",
) -> dict[str, Any]:
    """The four pillars of a birth moment, their reading, luck and provenance."""
    return bazi.chart(
        when,
        tz=tz,
        day_boundary=day_boundary,
        solar_time=solar_time,
        longitude=longitude,
        calendar=calendar,
        leap_month=leap_month,
        fold=fold,
        gender=gender,
        luck_method=luck_method,
        palace_school=palace_school,
        punishment=punishment,
        preset=preset,
    ).to_dict(lang)


@app.get("/health")
def health() -> dict[str, Any]:
    """Liveness, and the data versions this server answers with."""
    return {"status": "ok", "data_versions": bazi.data_versions()}
