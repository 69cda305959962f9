"""The versions of everything an answer depends on: engine, solar-term table, tzdata."""

from __future__ import annotations

from .moment import tzdata_version
from .terms import format_instant, solar_term_table

__all__ = ["VERSION", "about", "data_versions", "engine_version"]

# The package's version: pyproject.toml reads it from here ([tool.setuptools.dynamic]), so
# that answering it costs no package-metadata lookup (importlib.metadata scans sys.path).
VERSION = "0.1.0"


def engine_version() -> str:
    """The version of this package, as installed (``bazi-reference`` in package metadata)."""
    return VERSION


def data_versions() -> dict[str, str]:
    """The versions of everything a chart's answer depends on."""
    return {
        "engine": engine_version(),
        "solar_terms": solar_term_table().version,
        "tzdata": tzdata_version(),
    }


def about() -> dict[str, str]:
    """Versions, the supported range and the solar-term table's provenance, as
    ``python -m bazi`` prints them."""
    table = solar_term_table()
    start, end = table.start, table.end
    facts = {
        **data_versions(),
        "range": f"{format_instant(start)} (小寒 1800) to {format_instant(end)} (小寒 2200), "
        "end excluded",
        "table": f"bazi/data/solar_terms.txt, {len(table.instants)} terms",
    }
    for key in ("coverage", "ephemeris", "delta T", "time scale", "cross-check", "generator"):
        if key in table.header:
            facts[key] = table.header[key]
    return facts
