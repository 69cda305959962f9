"""The chart options as declared in ``bazi/options.py``, the ``Options`` they resolve to,
the fields errors name, and the one way a ``Chart`` is made.

Expected values here are the declaration's own documented rules (choices, defaults, which
preset sets what, as each peer documents its defaults: 6tail lunar-python's EightChar sect
2 and getYun sect 1, tyme4py's default providers, bazi-chart's true solar time with a
longitude) and the signatures of the public functions.
"""

from __future__ import annotations

import inspect
import pickle
from collections.abc import Callable
from typing import Any

import pytest

import bazi
from bazi.options import BY_NAME

BIRTH = ("1990-05-17 10:30", "Asia/Shanghai")


def test_three_groups_in_declaration_order() -> None:
    assert [o.name for o in bazi.OPTIONS] == [
        "calendar", "leap_month", "fold", "place",
        "day_boundary", "solar_time", "longitude", "preset",
        "gender", "luck_method", "palace_school", "punishment",
        "star_anchor", "tianyi", "yangren", "hongyan", "kongwang", "season_earth",
    ]  # fmt: skip
    assert {o.group for o in bazi.OPTIONS} == {"input", "pillar", "reading"}
    for o in bazi.OPTIONS:
        assert o.label and o.label_zh and o.help and o.help_zh, o.name
        assert o.check(o.default) == o.default  # every default is a valid value
        assert o.kind != "choice" or o.choices


def test_defaults_and_presets() -> None:
    assert bazi.Options().to_dict() == {
        "day_boundary": "zi",
        "solar_time": "standard",
        "longitude": None,
        "preset": None,
        "gender": None,
        "luck_method": "proportional",
        "palace_school": "jie",
        "punishment": "pairs",
        "star_anchor": "year-day",
        "tianyi": "sanming",
        "yangren": "yang",
        "hongyan": "rhyme",
        "kongwang": "day",
        "season_earth": "four",
    }
    lunar_python = bazi.Options(preset="lunar-python")
    assert (lunar_python.day_boundary, lunar_python.luck_method) == ("midnight", "lunar-sect1")
    tyme = bazi.Options(preset="tyme")
    assert (tyme.day_boundary, tyme.luck_method) == ("zi", "tyme")
    # bazi-chart reads true solar time only when it knows a longitude.
    assert bazi.Options(preset="bazi-chart").solar_time == "standard"
    assert bazi.Options(preset="bazi-chart", longitude=114.06).solar_time == "apparent"
    # bazi-chart's star tables (its bazi/constants.py, bazi/shensha.py): 羊刃 禄前一位 for
    # every stem ("阴干取冠带后一位"), 红艳 乙 → 午.
    bazi_chart = bazi.Options(preset="bazi-chart")
    assert (bazi_chart.yangren, bazi_chart.hongyan) == ("lu-next", "prose")
    # Explicit options win over the preset.
    explicit = bazi.Options(preset="lunar-python", day_boundary="zi")
    assert (explicit.day_boundary, explicit.luck_method) == ("zi", "lunar-sect1")
    # Only options a preset may set leave their default to a face as "not given".
    assert {o.name for o in bazi.OPTIONS if o.presettable} == {
        "day_boundary",
        "luck_method",
        "solar_time",
        "yangren",
        "hongyan",
    }
    assert all(o.face_default is None for o in bazi.OPTIONS if o.presettable)


def test_options_are_immutable_values() -> None:
    a, b = bazi.Options(gender="male"), bazi.Options(gender="male")
    assert a == b and hash(a) == hash(b) and a != bazi.Options()
    assert pickle.loads(pickle.dumps(a)) == a
    assert repr(bazi.Options()).startswith("Options(day_boundary='zi', solar_time='standard'")
    with pytest.raises(AttributeError, match="immutable"):
        a.gender = "female"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("day_boundary", "noon"),
        ("day_boundary", ["zi"]),  # unhashable
        ("fold", True),  # True == 1, but is not a fold
        ("fold", 2),
        ("fold", "1"),
        ("leap_month", "no"),  # truthy text is not a boolean
        ("leap_month", 1),
        ("longitude", True),
        ("longitude", "116.4"),
        ("longitude", float("nan")),
        ("longitude", 180.5),
        ("place", 42),
        ("place", "x" * 101),
        ("calendar", "julian"),
    ],
)
def test_strict_values_are_refused_naming_the_option(name: str, value: Any) -> None:
    options = {name: value}
    if name == "leap_month":
        options["calendar"] = "lunar"
    with pytest.raises(bazi.InvalidInputError) as caught:
        bazi.chart(*BIRTH, **options)
    assert caught.value.field == name
    assert name in str(caught.value)


def test_unknown_keywords_are_type_errors() -> None:
    with pytest.raises(TypeError, match="'dayBoundary'"):
        bazi.chart(*BIRTH, dayBoundary="zi")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'gender'"):
        bazi.charts_between("1990-05-17 08:00", "1990-05-17 12:00", "+08:00", gender="male")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'colour'"):
        bazi.Options(colour="red")


def test_chart_by_hand_is_refused() -> None:
    with pytest.raises(TypeError, match=r"made by bazi\.chart"):
        bazi.Chart()
    c = bazi.chart(*BIRTH)
    with pytest.raises(AttributeError, match="immutable"):
        c.pillars = c.pillars  # type: ignore[misc]


def _field(call: Callable[[], Any]) -> str:
    with pytest.raises(bazi.BaziError) as caught:
        call()
    return caught.value.field


def test_errors_name_the_parameter_they_came_in() -> None:
    """Each error's ``field`` is a parameter of the function called (or a chart option)."""
    cases: list[tuple[Callable[..., Any], Callable[[], Any], str]] = [
        (bazi.chart, lambda: bazi.chart("1990-05-17 25:30", "Asia/Shanghai"), "datetime"),
        (bazi.chart, lambda: bazi.chart("1990-05-17 10:30", "Mars/Base"), "tz"),
        (bazi.chart, lambda: bazi.chart("1990-05-17 10:30"), "tz"),
        (bazi.chart, lambda: bazi.chart("1988-04-17 02:30", "Asia/Shanghai"), "datetime"),
        (bazi.chart, lambda: bazi.chart("1988-09-11 01:30", "Asia/Shanghai"), "fold"),
        (bazi.chart, lambda: bazi.chart("1700-01-01 10:00", "+08:00"), "datetime"),
        (
            bazi.chart,
            lambda: bazi.chart("1990-13-01 10:00", "+08:00", calendar="lunar"),
            "datetime",
        ),
        (bazi.chart, lambda: bazi.chart(*BIRTH, solar_time="mean"), "longitude"),
        (bazi.chart, lambda: bazi.chart(*BIRTH, leap_month=True), "leap_month"),
        (bazi.chart, lambda: bazi.chart("1990-05-17 10:30", place="Hogwarts"), "place"),
        (
            bazi.charts_between,
            lambda: bazi.charts_between("1988-04-17 02:30", "1988-04-17 06:00", "Asia/Shanghai"),
            "start",
        ),
        (
            bazi.charts_between,
            lambda: bazi.charts_between("1988-09-10 20:00", "1988-09-11 01:30", "Asia/Shanghai"),
            "end",
        ),
        (
            bazi.charts_between,
            lambda: bazi.charts_between("1799-05-17 08:00", "1799-05-17 09:00", "+08:00"),
            "start",
        ),
        (bazi.charts_for_day, lambda: bazi.charts_for_day("17/5/1990", "+08:00"), "date"),
        (bazi.charts_for_day, lambda: bazi.charts_for_day("9999-12-31", "+08:00"), "date"),
        (bazi.find, lambda: bazi.find("甲丑 乙丑 丙寅"), "pillars"),
        (bazi.find, lambda: bazi.find("庚午 辛巳 壬午", 1700, 1990), "start"),
        (bazi.lunar_date, lambda: bazi.lunar_date("0"), "date"),
        (bazi.lunar_date, lambda: bazi.lunar_date("1800-01-01"), "date"),
        (bazi.solar_date, lambda: bazi.solar_date("1991-05-29", True), "lunar"),
        (bazi.solar_date, lambda: bazi.solar_date("1990-04-23", "no"), "leap_month"),  # type: ignore[arg-type]
        (bazi.solar_terms, lambda: bazi.solar_terms(1799), "year"),
    ]
    options = {o.name for o in bazi.OPTIONS}
    for function, call, field in cases:
        assert _field(call) == field, (function.__name__, field)
        # The birth time, ``when``, is ``datetime`` in errors as on every face.
        names = {"datetime" if p == "when" else p for p in inspect.signature(function).parameters}
        assert field in names | options


def test_error_classes_name_their_usual_field() -> None:
    assert bazi.UnknownZoneError("x").field == "tz"
    assert bazi.AmbiguousTimeError.field == "fold"
    assert bazi.InvalidPillarError("x", "y").field == "pillars"
    assert bazi.UnknownPlaceError("x").field == "place"
    assert bazi.UnknownZoneError("x", field="start").field == "start"
    assert BY_NAME["fold"].check(None) is None
