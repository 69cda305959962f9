"""Exact four pillars (ba-zi, 四柱八字) of a birth moment, on a JPL solar-term table.

>>> import bazi
>>> c = bazi.chart("1990-05-17 10:30", tz="Asia/Shanghai")
>>> str(c.pillars)
'庚午 辛巳 壬午 乙巳'

Importing the package reads no file: the solar-term table and time-zone data load on first
use. Conventions are in :mod:`bazi.conventions`, errors in :mod:`bazi.errors`.
"""

from .chart import Chart, chart, data_versions
from .conventions import Options
from .cycle import Branch, Element, Pillar, Stem
from .errors import (
    AmbiguousTimeError,
    BaziError,
    InvalidInputError,
    InvalidLunarDateError,
    InvalidPillarError,
    NaiveDateTimeError,
    NonexistentTimeError,
    OutOfRangeError,
    UnknownZoneError,
)
from .lunar import LunarDate
from .moment import Moment
from .pillars import FourPillars
from .solartime import equation_of_time
from .terms import SolarTerm, solar_terms

__all__ = [
    "AmbiguousTimeError",
    "BaziError",
    "Branch",
    "Chart",
    "Element",
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
    "SolarTerm",
    "Stem",
    "UnknownZoneError",
    "chart",
    "data_versions",
    "equation_of_time",
    "solar_terms",
]
