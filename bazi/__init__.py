"""Exact four pillars (ba-zi, 四柱八字) of a birth moment, on a JPL solar-term table.

>>> import bazi
>>> c = bazi.chart("1990-05-17 10:30", tz="Asia/Shanghai")
>>> str(c.pillars)
'庚午 辛巳 壬午 乙巳'

This namespace is the whole public surface: the faces (the ``bazi`` command, the HTTP API,
the MCP server) use nothing else. Importing it reads no file: the solar-term table and
time-zone data load on first use. The chart options are declared once in
:mod:`bazi.options` (:data:`OPTIONS`); errors are in :mod:`bazi.errors`. Modules beyond the
pillars (search, places, explanations, lunar dates, the symbolic stars, and
:func:`pillars_batch` with numpy, the ``fast`` extra) are imported on first use of their
names.
"""

from typing import TYPE_CHECKING, Any

from .chart import Chart, chart
from .cycle import Branch, Element, Pillar, Stem
from .errors import (
    AmbiguousPlaceError,
    AmbiguousTimeError,
    BaziError,
    InvalidInputError,
    InvalidLunarDateError,
    InvalidPillarError,
    NaiveDateTimeError,
    NonexistentTimeError,
    OutOfRangeError,
    UnknownPlaceError,
    UnknownZoneError,
    ZoneMismatchError,
)
from .moment import Moment
from .names import LANGS, Lang
from .options import (
    OPTIONS,
    Calendar,
    ChartOptions,
    CheckOptions,
    InputOptions,
    Option,
    Options,
    PillarSchool,
    Preset,
    ReadingSchool,
    SchoolOptions,
)
from .pillars import FourPillars
from .terms import SolarTerm, solar_terms
from .versions import about, data_versions

if TYPE_CHECKING:
    from .batch import PillarArrays, pillars_batch, pillars_or_errors
    from .checker import Check, check
    from .claims import Claim, read_claim
    from .clocks import place_clock
    from .explain import Explanation
    from .lunar import LunarDate, lunar_date, solar_date
    from .mistakes import MISTAKES, Confusion, Mistake, confusions
    from .places import Place, resolve_place
    from .search import Segment, charts_between, charts_for_day, find
    from .seasons import SeasonState
    from .solartime import equation_of_time
    from .star_rules import STAR_RULES, Star, StarRule
    from .stars import StarHit, Stars

# Loaded on first use (PEP 562), so that ``import bazi`` stays small: name → module.
_LAZY = {
    "PillarArrays": "batch",
    "pillars_batch": "batch",
    "pillars_or_errors": "batch",
    "Check": "checker",
    "check": "checker",
    "place_clock": "clocks",
    "Claim": "claims",
    "read_claim": "claims",
    "MISTAKES": "mistakes",
    "Confusion": "mistakes",
    "Mistake": "mistakes",
    "confusions": "mistakes",
    "Explanation": "explain",
    "LunarDate": "lunar",
    "lunar_date": "lunar",
    "solar_date": "lunar",
    "Place": "places",
    "resolve_place": "places",
    "Segment": "search",
    "charts_between": "search",
    "charts_for_day": "search",
    "find": "search",
    "SeasonState": "seasons",
    "equation_of_time": "solartime",
    "STAR_RULES": "star_rules",
    "Star": "star_rules",
    "StarRule": "star_rules",
    "StarHit": "stars",
    "Stars": "stars",
}

__all__ = [
    "LANGS",
    "MISTAKES",
    "OPTIONS",
    "STAR_RULES",
    "AmbiguousPlaceError",
    "AmbiguousTimeError",
    "BaziError",
    "Branch",
    "Calendar",
    "Chart",
    "ChartOptions",
    "Check",
    "CheckOptions",
    "Claim",
    "Confusion",
    "Element",
    "Explanation",
    "FourPillars",
    "InputOptions",
    "InvalidInputError",
    "InvalidLunarDateError",
    "InvalidPillarError",
    "Lang",
    "LunarDate",
    "Mistake",
    "Moment",
    "NaiveDateTimeError",
    "NonexistentTimeError",
    "Option",
    "Options",
    "OutOfRangeError",
    "Pillar",
    "PillarArrays",
    "PillarSchool",
    "Place",
    "Preset",
    "ReadingSchool",
    "SchoolOptions",
    "SeasonState",
    "Segment",
    "SolarTerm",
    "Star",
    "StarHit",
    "StarRule",
    "Stars",
    "Stem",
    "UnknownPlaceError",
    "UnknownZoneError",
    "ZoneMismatchError",
    "about",
    "chart",
    "charts_between",
    "charts_for_day",
    "check",
    "confusions",
    "data_versions",
    "equation_of_time",
    "find",
    "lunar_date",
    "pillars_batch",
    "pillars_or_errors",
    "place_clock",
    "read_claim",
    "resolve_place",
    "solar_date",
    "solar_terms",
]


def __getattr__(name: str) -> Any:
    """Import the module of a name in ``_LAZY`` on first use (numpy only for
    :func:`pillars_batch`)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
