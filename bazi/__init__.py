"""Exact four pillars (ba-zi, 四柱八字) of a birth moment, on a JPL solar-term table.

>>> import bazi
>>> c = bazi.chart("1990-05-17 10:30", tz="Asia/Shanghai")
>>> str(c.pillars)
'庚午 辛巳 壬午 乙巳'

Importing the package reads no file: the solar-term table and time-zone data load on first
use. Conventions are in :mod:`bazi.conventions`, errors in :mod:`bazi.errors`.
:func:`pillars_batch` (numpy, the ``fast`` extra) is imported on first use.
"""

from typing import TYPE_CHECKING, Any

from .chart import Chart, chart, data_versions
from .conventions import Options
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
)
from .explain import Explanation
from .lunar import LunarDate
from .moment import Moment
from .pillars import FourPillars
from .places import Place, resolve_place
from .search import Segment, charts_between, charts_for_day, find
from .solartime import equation_of_time
from .terms import SolarTerm, solar_terms

if TYPE_CHECKING:
    from .batch import pillars_batch

__all__ = [
    "AmbiguousPlaceError",
    "AmbiguousTimeError",
    "BaziError",
    "Branch",
    "Chart",
    "Element",
    "Explanation",
    "FourPillars",
    "InvalidInputError",
    "InvalidLunarDateError",
    "InvalidPillarError",
    "LunarDate",
    "Moment",
    "NaiveDateTimeError",
    "NonexistentTimeError",
    "Options",
    "OutOfRangeError",
    "Pillar",
    "Place",
    "Segment",
    "SolarTerm",
    "Stem",
    "UnknownPlaceError",
    "UnknownZoneError",
    "chart",
    "charts_between",
    "charts_for_day",
    "data_versions",
    "equation_of_time",
    "find",
    "pillars_batch",
    "resolve_place",
    "solar_terms",
]


def __getattr__(name: str) -> Any:
    """Load :func:`pillars_batch` on first use, so that ``import bazi`` never imports numpy."""
    if name == "pillars_batch":
        from .batch import pillars_batch

        globals()[name] = pillars_batch
        return pillars_batch
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
