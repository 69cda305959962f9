"""Presets: one word for the conventions of a named peer engine.

A preset fills only the school options the caller did not give; explicit options always win
(:class:`bazi.Options` applies it). The ``preset`` option's help text is written from this
table.

============== ================ ================ ============================================
preset         day_boundary     luck_method      notes
============== ================ ================ ============================================
lunar-python   ``midnight``     ``lunar-sect1``  6tail lunar-python's defaults: EightChar sect
                                                 2, ``getYun(gender)`` (sect 1)
tyme           ``zi``           ``tyme``         6tail tyme4py's ``DefaultEightCharProvider``
                                                 and ``DefaultChildLimitProvider``
bazi-chart     ``zi``           ``proportional`` liyooh007/bazi-chart's defaults; with a
                                                 ``longitude`` it reads true solar time
                                                 (``solar_time="apparent"``); its 神煞 tables
                                                 (``bazi/constants.py``, ``bazi/shensha.py``):
                                                 ``yangren="lu-next"`` (羊刃 "阴干取冠带后一
                                                 位"), ``hongyan="prose"`` (红艳 乙 → 午)
============== ================ ================ ============================================

The lunar-python and tyme presets set no star option: neither library computes the natal
stars of :mod:`bazi.star_rules`. Neither peer's choice of anchors (which stars are looked
up from the year and which from the day) is one of ``star_anchor``'s: it differs star by
star (``benchmarks/stars_diff.py`` compares them anchor by anchor).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

__all__ = ["PRESETS", "SET_BY_PRESETS", "Preset", "describe", "preset_values"]

Preset = Literal["lunar-python", "tyme", "bazi-chart"]

PRESETS: dict[str, dict[str, Any]] = {
    "lunar-python": {"day_boundary": "midnight", "luck_method": "lunar-sect1"},
    "tyme": {"day_boundary": "zi", "luck_method": "tyme"},
    "bazi-chart": {
        "day_boundary": "zi",
        "luck_method": "proportional",
        "yangren": "lu-next",
        "hongyan": "prose",
    },
}

# bazi-chart reads true solar time whenever it knows the birthplace's longitude.
_WITH_LONGITUDE: dict[str, dict[str, Any]] = {"bazi-chart": {"solar_time": "apparent"}}


SET_BY_PRESETS = frozenset(
    name for table in (*PRESETS.values(), *_WITH_LONGITUDE.values()) for name in table
)
"""The options some preset sets: a face leaves them unset (``None``) when not given."""


def preset_values(preset: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """The option values ``preset`` sets, given the options the caller set (``preset`` is
    one of :data:`PRESETS`, already checked)."""
    values = dict(PRESETS[preset])
    if given.get("longitude") is not None:
        values.update(_WITH_LONGITUDE.get(preset, {}))
    return values


def describe(preset: str) -> str:
    """What a preset chooses, e.g. ``"midnight, lunar-sect1"``."""
    values = ", ".join(str(value) for value in PRESETS[preset].values())
    for value in _WITH_LONGITUDE.get(preset, {}).values():
        values += f"; {value} with a longitude"
    return values
