"""Presets: one word for the conventions of a named peer engine.

A preset only fills the options the caller did not give; explicit options always win.

============== ================ ================ ============================================
preset         day_boundary     luck_method      notes
============== ================ ================ ============================================
lunar-python   ``midnight``     ``lunar-sect1``  6tail lunar-python's defaults: EightChar sect
                                                 2, ``getYun(gender)`` (sect 1)
tyme           ``zi``           ``tyme``         6tail tyme4py's ``DefaultEightCharProvider``
                                                 and ``DefaultChildLimitProvider``
bazi-chart     ``zi``           ``proportional`` liyooh007/bazi-chart's defaults; with a
                                                 ``longitude`` it reads true solar time
                                                 (``solar_time="apparent"``)
============== ================ ================ ============================================
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from .errors import InvalidInputError

__all__ = ["PRESETS", "Preset", "apply_preset"]

Preset = Literal["lunar-python", "tyme", "bazi-chart"]

PRESETS: dict[str, dict[str, Any]] = {
    "lunar-python": {"day_boundary": "midnight", "luck_method": "lunar-sect1"},
    "tyme": {"day_boundary": "zi", "luck_method": "tyme"},
    "bazi-chart": {"day_boundary": "zi", "luck_method": "proportional"},
}

DEFAULTS: dict[str, Any] = {
    "day_boundary": "zi",
    "solar_time": "standard",
    "luck_method": "proportional",
}


def apply_preset(preset: str | None, given: dict[str, Any]) -> dict[str, Any]:
    """The options to use: ``given`` (None = not given), then the preset, then defaults."""
    if preset is not None and preset not in PRESETS:
        choices = ", ".join(repr(p) for p in get_args(Preset))
        raise InvalidInputError(
            f"preset must be one of {choices}; got {preset!r}", preset, "preset"
        )
    chosen = dict(DEFAULTS)
    if preset is not None:
        chosen.update(PRESETS[preset])
        if preset == "bazi-chart" and given.get("longitude") is not None:
            chosen["solar_time"] = "apparent"
    chosen.update({k: v for k, v in given.items() if v is not None})
    return chosen
