"""The package surface: a pinned ``__all__``, and an import that does no I/O."""

from __future__ import annotations

import subprocess
import sys

import bazi

PUBLIC = [
    "AmbiguousPlaceError", "AmbiguousTimeError", "BaziError", "Branch", "Calendar", "Chart",
    "ChartOptions", "Check", "CheckOptions", "Claim", "Confusion", "Element", "Explanation",
    "FourPillars", "InputOptions", "InvalidInputError", "InvalidLunarDateError",
    "InvalidPillarError", "LANGS", "Lang", "LunarDate", "MISTAKES", "Mistake", "Moment",
    "NaiveDateTimeError", "NonexistentTimeError", "OPTIONS", "Option", "Options", "OutOfRangeError",
    "Pillar", "PillarArrays", "PillarSchool", "Place", "Preset", "ReadingSchool", "STAR_RULES",
    "SchoolOptions", "SeasonState", "Segment", "SolarTerm", "Star", "StarHit", "StarRule", "Stars",
    "Stem", "UnknownPlaceError", "UnknownZoneError", "ZoneMismatchError", "about", "chart",
    "charts_between", "charts_for_day", "check", "confusions", "data_versions", "equation_of_time",
    "find", "lunar_date", "pillars_batch", "pillars_or_errors", "place_clock", "read_claim",
    "resolve_place", "solar_date", "solar_terms"
]  # fmt: skip


def test_all_is_pinned() -> None:
    assert sorted(bazi.__all__) == PUBLIC == sorted(PUBLIC)  # ruff keeps __all__ in order
    assert all(hasattr(bazi, name) for name in PUBLIC)


def test_import_reads_no_data_and_pulls_no_web_framework() -> None:
    code = (
        "import sys, builtins, io\n"
        "opened = []\n"
        "real_open = io.open\n"
        "def spy(file, *a, **k):\n"
        "    opened.append(str(file)); return real_open(file, *a, **k)\n"
        "builtins.open = io.open = spy\n"
        "import bazi\n"
        "assert not [f for f in opened if f.endswith('.txt')], opened\n"
        "assert 'fastapi' not in sys.modules and 'pydantic' not in sys.modules\n"
        "assert 'lunardate' not in sys.modules and 'tzdata' not in sys.modules\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_import_leaves_what_a_pillars_call_does_not_need_for_first_use() -> None:
    """``import bazi`` is the core only; the rest loads when its names are first used (the
    luck reads the natal stars of the reading)."""
    lazy = [
        "batch", "checker", "claims", "explain", "luck", "lunar", "mistakes", "places", "reading",
        "search", "solartime",
    ]  # fmt: skip
    code = (
        "import sys, bazi\n"
        f"lazy = {lazy!r}\n"
        "print(sorted(m for m in lazy if f'bazi.{m}' in sys.modules))\n"
        "bazi.chart('1990-05-17 10:30', tz='+08:00').pillars\n"
        "print(sorted(m for m in lazy if f'bazi.{m}' in sys.modules))\n"
        "bazi.find, bazi.Place, bazi.chart('1990-05-17 10:30', tz='+08:00', gender='male').luck\n"
        "print(sorted(m for m in lazy if f'bazi.{m}' in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["[]", "[]", "['luck', 'places', 'reading', 'search']"]
