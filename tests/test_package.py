"""The package surface: a pinned ``__all__``, and an import that does no I/O."""

from __future__ import annotations

import subprocess
import sys

import bazi

PUBLIC = [
    "AmbiguousPlaceError", "AmbiguousTimeError", "BaziError", "Branch", "Chart", "Element",
    "Explanation", "FourPillars", "InvalidInputError", "InvalidLunarDateError",
    "InvalidPillarError", "LunarDate", "Moment", "NaiveDateTimeError", "NonexistentTimeError",
    "Options", "OutOfRangeError", "Pillar", "Place", "Segment", "SolarTerm", "Stem",
    "UnknownPlaceError", "UnknownZoneError", "chart", "charts_between", "charts_for_day",
    "data_versions", "equation_of_time", "find", "pillars_batch", "resolve_place", "solar_terms",
]  # fmt: skip


def test_all_is_pinned_and_sorted() -> None:
    assert bazi.__all__ == PUBLIC == sorted(PUBLIC)
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
