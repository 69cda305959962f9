"""Request and response models of the HTTP API.

The chart options are not written here: every request model takes its option fields from
:data:`bazi.OPTIONS` (type or choices, default, bounds, help), so the API has exactly the
options of :func:`bazi.chart`. Requests forbid unknown fields, so a misspelt option is a
422 rather than silently ignored. Responses describe the stable part of
``Chart.to_dict()`` and allow the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model
from pydantic.config import JsonDict

import bazi

from .budget import MAX_BATCH

EXAMPLE_CHART: JsonDict = {"datetime": "1990-05-17T10:30", "tz": "Asia/Shanghai", "gender": "male"}
PILLAR_SCHOOL = tuple(o for o in bazi.OPTIONS if o.group == "pillar")
# A search takes the birthplace (its clock and longitude) and the pillar school.
SEARCH_OPTIONS = tuple(o for o in bazi.OPTIONS if o.name == "place") + PILLAR_SCHOOL
CHECK_OPTIONS = tuple(o for o in bazi.OPTIONS if o.group in ("input", "pillar"))
MAX_CLAIM = 20_000  # characters: a chatbot's whole answer, pasted
EXAMPLE_CHECK: JsonDict = {
    "claim": "乙亥 己卯 庚子 丙子",
    "datetime": "1995-03-08T23:40",
    "place": "深圳",
}


# A birth's wall time and the clock it was read on, in every model that takes a birth.
BirthTime = Annotated[
    str,
    Field(
        description="Local wall time 'YYYY-MM-DDTHH:MM[:SS]' (read in tz), or an ISO "
        "timestamp with its UTC offset. With calendar='lunar' the date part is lunar.",
        max_length=64,
    ),
]
BirthZone = Annotated[
    str | None,
    Field(
        description="IANA zone ('Asia/Shanghai') or fixed offset ('+08:00'); the place's zone "
        "when not given.",
        examples=["Asia/Shanghai"],
        max_length=64,
    ),
]


# A query string is all text: a chart option given as text is read by the core's own strict
# reader (Option.from_text: "1_0", "yes" or "0x10" are refused), and a value already typed
# (in a JSON body) is checked by the core as it is (a boolean is never a number). The API's
# own integer and boolean fields are read as strictly.
_INTEGER = re.compile(r"[+-]?\d{1,9}")


def _integer(value: Any) -> Any:
    if isinstance(value, str) and _INTEGER.fullmatch(value):
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("expected an integer written in digits")
    return value


def _boolean(value: Any) -> Any:
    if value in ("true", "false"):
        return value == "true"
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


StrictInt = Annotated[int, BeforeValidator(_integer)]
StrictBool = Annotated[bool, BeforeValidator(_boolean)]


def option_annotation(o: bazi.Option) -> Any:
    """The type of an option as a face validates it: the declared type, its value read and
    checked by the core first (text by ``Option.from_text``, other values by
    ``Option.check``; both raise a ``ValueError`` naming the option)."""

    def read(value: Any) -> Any:
        return o.from_text(value) if isinstance(value, str) else o.check(value)

    return Annotated[o.annotation, BeforeValidator(read)]


def option_fields(options: Iterable[bazi.Option]) -> dict[str, Any]:
    """Pydantic fields for ``options``: each with its type, face default, bounds and help."""
    fields: dict[str, Any] = {}
    for o in options:
        annotation = option_annotation(o)
        bounds: dict[str, Any] = {
            key: value
            for key, value in (("ge", o.minimum), ("le", o.maximum), ("max_length", o.max_length))
            if value is not None
        }
        fields[o.name] = (annotation, Field(o.face_default, description=o.describe(), **bounds))
    return fields


def given(request: BaseModel, options: Iterable[bazi.Option]) -> dict[str, Any]:
    """The values of ``options`` in a request, as keyword arguments for the core."""
    return {o.name: getattr(request, o.name) for o in options}


class ChartFields(BaseModel):
    """A chart request's own fields; the option fields are added from the core
    (:data:`ChartRequest`)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE_CHART]})

    datetime: BirthTime = Field(examples=["1990-05-17T10:30"])
    tz: BirthZone = None
    lang: bazi.Lang = Field("zh", description="Language of the derived names.")
    explain: StrictBool = Field(
        False, description="Add `explanation`: rules, margins, alternatives, warnings."
    )
    years: str | None = Field(
        None,
        description="Add `annual`: the 流年 of a year or span ('2025', '2024-2034'; "
        "1800-2199, at most 120 years), each with its ten god, nominal age 虚岁, the luck "
        "pillar in force and its twelve 流月.",
        examples=["2024-2034"],
        max_length=20,
    )

    def chart_options(self) -> dict[str, Any]:
        """Keyword arguments for :func:`bazi.chart`: every option of the declaration."""
        return given(self, bazi.OPTIONS)


if TYPE_CHECKING:  # the option fields are read through chart_options()
    ChartRequest = ChartFields
else:
    ChartRequest = create_model(
        "ChartRequest",
        __base__=ChartFields,
        __doc__="One birth and the conventions to read it with; mirrors :func:`bazi.chart`.",
        **option_fields(bazi.OPTIONS),
    )


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
    """Up to 3,000 births (``api.budget.MAX_BATCH``), each with the fields of ``POST
    /v1/chart``; an item that is malformed or refused gets its error in place, and the
    others are still answered."""

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


class OptionOut(BaseModel):
    """One chart option as declared by the core (``bazi.OPTIONS``)."""

    name: str
    group: Literal["input", "pillar", "reading"]
    kind: Literal["choice", "boolean", "number", "text"]
    choices: list[Any]
    default: Any
    face_default: Any
    presettable: bool
    label: dict[str, str]
    names: dict[str, dict[str, str]] = Field(
        description="The name of each value for a person, by value: en, zh, zh-Hant."
    )
    help: dict[str, str]
    minimum: float | None
    maximum: float | None
    max_length: int | None


class OptionsOut(BaseModel):
    options: list[OptionOut]
    langs: list[str]


class _Clock(BaseModel):
    """The clock of a search; the place and pillar-school fields are added from the core."""

    model_config = ConfigDict(extra="forbid")

    tz: str | None = Field(
        None,
        max_length=64,
        description="Clock the times are read on; default the place's. Without either, "
        "/v1/find reads Beijing time ('+08:00'), and the searches of a birth refuse to guess.",
    )

    def clock(self) -> dict[str, Any]:
        """Keyword arguments for the search functions: tz, place and the pillar school (the
        core decides what a search without tz or place reads)."""
        return {"tz": self.tz, **given(self, SEARCH_OPTIONS)}


class _Find(_Clock):
    pillars: str = Field(
        max_length=32,
        description="Four pillars, or three when the hour is unknown.",
        examples=["庚午 辛巳 壬午 乙巳"],
    )
    start: StrictInt = Field(1800, ge=1800, le=2199, description="First Gregorian year searched.")
    end: StrictInt = Field(2199, ge=1800, le=2199, description="Last Gregorian year searched.")


class _Between(_Clock):
    start: str = Field(max_length=64, examples=["1990-05-17T08:00"])
    end: str = Field(max_length=64, examples=["1990-05-17T12:00"])


class _Day(_Clock):
    date: str = Field(
        max_length=24,
        examples=["1990-05-17"],
        description="Local civil date: 'YYYY-MM-DD' (also 1990/5/17, 1990年5月17日).",
    )


if TYPE_CHECKING:  # the place and pillar school are read through clock()
    FindQuery = _Find
    BetweenQuery = _Between
    DayQuery = _Day
else:
    FindQuery = create_model("FindQuery", __base__=_Find, **option_fields(SEARCH_OPTIONS))
    BetweenQuery = create_model("BetweenQuery", __base__=_Between, **option_fields(SEARCH_OPTIONS))
    DayQuery = create_model("DayQuery", __base__=_Day, **option_fields(SEARCH_OPTIONS))


class SegmentOut(BaseModel):
    start: str
    end: str
    start_utc: str
    end_utc: str
    pillars: str


class CheckFields(BaseModel):
    """A check request's own fields; the input and pillar-school option fields are added
    from the core (:data:`CheckRequest`)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE_CHECK]})

    claim: str = Field(
        description="The claimed chart: '乙亥 己卯 己亥 甲子', '乙亥年 己卯月 …', '年柱：乙亥 …' "
        "inside a longer answer (a chatbot's whole reply may be pasted), pinyin ('yi hai, ji "
        "mao, …') or English ('Yin Wood Pig, …'); three pillars when the hour is unknown.",
        examples=["乙亥 己卯 庚子 丙子"],
        max_length=MAX_CLAIM,
    )
    datetime: BirthTime = Field(examples=["1995-03-08T23:40"])
    tz: BirthZone = None

    def check_options(self) -> dict[str, Any]:
        """Keyword arguments for :func:`bazi.check`: the input and pillar-school options."""
        return given(self, CHECK_OPTIONS)


if TYPE_CHECKING:  # the option fields are read through check_options()
    CheckRequest = CheckFields
else:
    CheckRequest = create_model(
        "CheckRequest",
        __base__=CheckFields,
        __doc__="A claimed chart and the birth to check it against; mirrors :func:`bazi.check`.",
        **option_fields(CHECK_OPTIONS),
    )


class PillarVerdict(BaseModel):
    claimed: str
    right: str
    verdict: Literal["right", "wrong", "impossible"]
    reason: str
    diagnosis: list[str]


class DiagnosisOut(BaseModel):
    """A convention or mistake under which claimed pillars come out."""

    id: str
    kind: Literal["convention", "mistake", "consequence"]
    title: str
    title_zh: str
    detail: str
    pillars: str | None
    explains: list[str]
    whole_claim: bool


class MatchOut(SegmentOut):
    days_from_birth: float


class ClaimOut(BaseModel):
    text: str
    pillars: dict[str, str]
    read_by: Literal["labels", "suffixes", "order", "pillars"]
    scripts: list[Literal["hanzi", "pinyin", "english"]]


class CheckResponse(BaseModel):
    """``Check.to_dict()``: the verdict, per pillar and overall, its diagnosis (most likely
    first) and, when no single cause gives the claim, the nearest moments that have it."""

    model_config = ConfigDict(extra="allow")

    verdict: Literal["right", "wrong", "impossible"]
    summary: str
    claim: ClaimOut
    right: dict[str, str]
    pillars: dict[str, PillarVerdict]
    explained: bool
    diagnosis: list[DiagnosisOut]
    matches: list[MatchOut]
    birth: dict[str, Any]
    options: dict[str, Any]
    data_versions: dict[str, str]
