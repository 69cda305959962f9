"""Request and response models of the HTTP API, mapped explicitly from the core's options.

Requests forbid unknown fields, so a misspelt option is a 422 rather than silently ignored.
Responses describe the stable part of ``Chart.to_dict()`` and allow the rest.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.config import JsonDict

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

EXAMPLE_CHART: JsonDict = {"datetime": "1990-05-17T10:30", "tz": "Asia/Shanghai", "gender": "male"}
MAX_BATCH = 10_000


def _int_from_text(value: Any) -> Any:
    """A query string is text: '0' and '1' are the integers 0 and 1 (a ``Literal[0, 1]``
    compares without coercion, so ``?fold=1`` was refused)."""
    return int(value) if isinstance(value, str) and value in ("0", "1") else value


class ChartRequest(BaseModel):
    """One birth and the conventions to read it with; mirrors :func:`bazi.chart`."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE_CHART]})

    datetime: str = Field(
        description="Local wall time 'YYYY-MM-DDTHH:MM[:SS]' (read in tz), or an ISO "
        "timestamp with its UTC offset. With calendar='lunar' the date part is lunar.",
        examples=["1990-05-17T10:30"],
        max_length=64,
    )
    tz: str | None = Field(
        None,
        description="IANA zone ('Asia/Shanghai') or fixed offset ('+08:00').",
        examples=["Asia/Shanghai"],
        max_length=64,
    )
    calendar: Calendar = "gregorian"
    leap_month: bool = False
    fold: Annotated[Literal[0, 1] | None, BeforeValidator(_int_from_text)] = Field(
        None, description="For a wall time that happened twice: 0 earlier, 1 later."
    )
    day_boundary: DayBoundary | None = Field(None, description="Default 'zi' (or the preset's).")
    solar_time: SolarTime | None = Field(None, description="Default 'standard'.")
    longitude: float | None = Field(
        None, ge=-180, le=180, description="Degrees east; needed for mean/apparent solar time."
    )
    gender: Gender | None = Field(None, description="Needed for luck pillars.")
    luck_method: LuckMethod | None = Field(None, description="Default 'proportional'.")
    palace_school: PalaceSchool = "jie"
    punishment: PunishmentRule = "pairs"
    preset: Preset | None = None
    place: str | None = Field(
        None,
        max_length=100,
        description="Birthplace name ('Shenzhen', '深圳', 'Springfield, US-IL'): gives the "
        "zone when tz is not set and the longitude for mean/apparent solar time.",
    )
    lang: Lang = "zh"
    explain: bool = Field(
        False, description="Add `explanation`: rules, margins, alternatives, warnings."
    )

    def chart_options(self) -> dict[str, Any]:
        """Keyword arguments for :func:`bazi.chart` (everything but the time, tz, lang and
        explain, which shape the answer rather than the chart)."""
        return self.model_dump(exclude={"datetime", "tz", "lang", "explain"})


class Pillars(BaseModel):
    year: str
    month: str
    day: str
    hour: str


class ChartResponse(BaseModel):
    """``Chart.to_dict()``: the pillars as strings, their reading, luck and provenance."""

    model_config = ConfigDict(extra="allow")

    pillars: Pillars
    text: str
    instant_utc: str
    options: dict[str, Any]
    data_versions: dict[str, str]


class ErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ErrorResponse(BaseModel):
    """Every 4xx answer: what was wrong, with which field, and what is accepted."""

    detail: list[ErrorItem]


class BatchRequest(BaseModel):
    """Up to 10 000 births. Each item has the fields of ``POST /v1/chart``; an item that is
    malformed or refused gets its error in place, and the others are still answered."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"items": [EXAMPLE_CHART]}]}
    )

    items: list[dict[str, Any]] = Field(max_length=MAX_BATCH)


class BatchResult(BaseModel):
    ok: bool
    chart: ChartResponse | None = None
    error: ErrorResponse | None = None


class BatchResponse(BaseModel):
    results: list[BatchResult]


class SolarTermOut(BaseModel):
    name: str
    name_traditional: str
    pinyin: str
    english: str
    longitude: int
    instant: str
    local: str


class LunarDateOut(BaseModel):
    year: int
    month: int
    day: int
    leap: bool
    hanzi: str
    uncertain: bool


class SolarDateOut(BaseModel):
    date: str


class Health(BaseModel):
    status: Literal["ok"]
    data_versions: dict[str, str]


class SchoolOptions(BaseModel):
    """The options that decide the pillars (shared by the search endpoints)."""

    model_config = ConfigDict(extra="forbid")

    tz: str = Field("+08:00", max_length=64, description="Clock the times are read on.")
    day_boundary: DayBoundary | None = None
    solar_time: SolarTime | None = None
    longitude: float | None = Field(None, ge=-180, le=180)
    preset: Preset | None = None

    def school(self) -> dict[str, Any]:
        """Keyword arguments for the search functions."""
        return {k: getattr(self, k) for k in ("day_boundary", "solar_time", "longitude", "preset")}


class FindQuery(SchoolOptions):
    pillars: str = Field(
        max_length=32,
        description="Four pillars, or three when the hour is unknown.",
        examples=["庚午 辛巳 壬午 乙巳"],
    )
    start: int = Field(1800, ge=1800, le=2199, description="First Gregorian year searched.")
    end: int = Field(2199, ge=1800, le=2199, description="Last Gregorian year searched.")


class BetweenQuery(SchoolOptions):
    start: str = Field(max_length=64, examples=["1990-05-17T08:00"])
    end: str = Field(max_length=64, examples=["1990-05-17T12:00"])


class DayQuery(SchoolOptions):
    date: str = Field(max_length=16, examples=["1990-05-17"], description="Local civil date.")


class SegmentOut(BaseModel):
    start: str
    end: str
    start_utc: str
    end_utc: str
    pillars: str
