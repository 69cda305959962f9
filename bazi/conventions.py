"""The school choices a chart depends on, named, with their defaults (DOMAIN §4–5).

``day_boundary`` — when the day pillar changes, and whose stem the 23:00 子 hour takes:

* ``"zi"`` (default, 子初换日): from 23:00 the next day has begun; day pillar and hour
  stem both of the next day (tyme's default, lunar sect 1, 0xf3cd/bazi, bazi-chart).
* ``"midnight"`` (子正换日 with 夜子时; lunar-python's default sect 2): the day pillar
  changes at 00:00; 23:00–24:00 takes the 子 hour pillar of the next day.
* ``"midnight-same-day"`` (0xf3cd ZIZHENG, compatibility only): the day pillar changes at
  00:00 and 23:00–24:00 takes the hour stem of the current day.

``solar_time`` — the local reckoning for day and hour (never for year and month):

* ``"standard"`` (default): the zone's standard time, daylight saving removed.
* ``"clock"``: the wall clock as read, daylight saving included.
* ``"mean"``: local mean solar time at ``longitude``, UT + longitude/15 h.
* ``"apparent"``: true solar time 真太阳时 at ``longitude``: mean time + equation of time.

``luck_method`` — how the gap to the 节 becomes the age luck starts (see :mod:`bazi.luck`):
``"proportional"`` (default), ``"lunar-sect1"``, ``"lunar-sect2"``, ``"tyme"``. Luck needs
``gender`` (``"male"`` or ``"female"``).

``palace_school`` — the month number 命宫 and 身宫 count from: ``"jie"`` (default, the month
pillar's month, as 6tail lunar-python and tyme do) or ``"lunar"`` (the lunar month of the
birth date). ``punishment`` — ``"pairs"`` (default, 《三命通会》: any two of 寅巳申 or 丑戌未
punish) or ``"full"`` (only all three). See :mod:`bazi.palaces` and :mod:`bazi.relations`.

``preset`` — a peer engine's conventions in one word (see :mod:`bazi.presets`); explicit
options override it.

A published value never changes meaning; new schools are added as new values.
"""

from __future__ import annotations

import math
from typing import Any, Literal, NamedTuple, get_args

from .errors import InvalidInputError

__all__ = [
    "DayBoundary",
    "Gender",
    "LuckMethod",
    "Options",
    "PalaceSchool",
    "PunishmentRule",
    "SolarTime",
]

DayBoundary = Literal["zi", "midnight", "midnight-same-day"]
SolarTime = Literal["standard", "clock", "mean", "apparent"]
Gender = Literal["male", "female"]
LuckMethod = Literal["proportional", "lunar-sect1", "lunar-sect2", "tyme"]
PalaceSchool = Literal["jie", "lunar"]
PunishmentRule = Literal["pairs", "full"]


# The accepted values of each option, by name (checked on every chart: kept as sets).
_CHOICES: dict[str, tuple[Any, ...]] = {
    "day_boundary": get_args(DayBoundary),
    "solar_time": get_args(SolarTime),
    "luck_method": get_args(LuckMethod),
    "palace_school": get_args(PalaceSchool),
    "punishment": get_args(PunishmentRule),
    "gender": get_args(Gender),
}
_ALLOWED = {name: frozenset(values) for name, values in _CHOICES.items()}


def _member(value: Any, allowed: frozenset[Any]) -> bool:
    try:
        return value in allowed
    except TypeError:  # an unhashable value (a list, a dict) is never a valid choice
        return False


class _Choices(NamedTuple):
    day_boundary: DayBoundary = "zi"
    solar_time: SolarTime = "standard"
    longitude: float | None = None
    gender: Gender | None = None
    luck_method: LuckMethod = "proportional"
    palace_school: PalaceSchool = "jie"
    punishment: PunishmentRule = "pairs"
    preset: str | None = None


class Options(_Choices):
    """The conventions of one chart; validated on construction.

    An immutable named tuple (a dataclass would make ``import bazi`` import dataclasses and
    inspect); compared and hashed by its values.

    >>> Options()  # doctest: +NORMALIZE_WHITESPACE
    Options(day_boundary='zi', solar_time='standard', longitude=None, gender=None,
            luck_method='proportional', palace_school='jie', punishment='pairs', preset=None)
    """

    __slots__ = ()

    def __new__(
        cls,
        day_boundary: DayBoundary = "zi",
        solar_time: SolarTime = "standard",
        longitude: float | None = None,
        gender: Gender | None = None,
        luck_method: LuckMethod = "proportional",
        palace_school: PalaceSchool = "jie",
        punishment: PunishmentRule = "pairs",
        preset: str | None = None,
    ) -> Options:
        self = super().__new__(
            cls,
            day_boundary,
            solar_time,
            longitude,
            gender,
            luck_method,
            palace_school,
            punishment,
            preset,
        )
        self._check()
        return self

    def _check(self) -> None:
        for name, allowed in _ALLOWED.items():
            value = getattr(self, name)
            if not _member(value, allowed) and not (name == "gender" and value is None):
                choices = ", ".join(repr(a) for a in _CHOICES[name])
                raise InvalidInputError(
                    f"{name} must be one of {choices}; got {value!r}", value, name
                )
        if self.longitude is not None:
            if isinstance(self.longitude, bool) or not isinstance(self.longitude, int | float):
                raise InvalidInputError(
                    f"longitude must be a number of degrees, got {self.longitude!r}",
                    self.longitude,
                    "longitude",
                )
            if not (math.isfinite(self.longitude) and -180 <= self.longitude <= 180):
                raise InvalidInputError(
                    f"longitude must be in -180..180 degrees (east positive), got {self.longitude}",
                    self.longitude,
                    "longitude",
                )
        if self.solar_time in ("mean", "apparent") and self.longitude is None:
            raise InvalidInputError(
                f"solar_time={self.solar_time!r} needs the birthplace longitude, "
                "e.g. longitude=116.4 (degrees east positive)",
                self.solar_time,
                "longitude",
            )

    def to_dict(self) -> dict[str, object]:
        return {
            "day_boundary": self.day_boundary,
            "solar_time": self.solar_time,
            "longitude": self.longitude,
            "gender": self.gender,
            "luck_method": self.luck_method,
            "palace_school": self.palace_school,
            "punishment": self.punishment,
            "preset": self.preset,
        }
