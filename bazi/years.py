"""流年 and 流月 of a chart: the table of years a reader looks down (conventions §7).

A year's pillar is that of its 立春 ((year − 4) mod 60), its months those of the twelve 节
from that 立春 (:meth:`bazi.luck.Luck.monthly`), each named with its ten god against the day
master; a year also carries its stars 岁运神煞 against the natal anchors (:mod:`bazi.stars`).
The nominal age 虚岁 is the year − the birth year + 1, as the luck pillars count it (none
before the birth); with a gender, the luck pillar in force (the last one begun by the year,
on the luck's own reckoning of start years) and, before the first, the minor luck 小运.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .cycle import Pillar, Stem
from .errors import InvalidInputError
from .luck import Luck, annual_pillar, check_year, monthly_pillars
from .names import Lang, label, name_table
from .ten_gods import TenGod, ten_god

if TYPE_CHECKING:
    from datetime import tzinfo

    from .stars import Stars

__all__ = ["MAX_YEARS", "Years", "read_years", "years_to_dict"]

MAX_YEARS = 120  # the longest table of years, a life and more
Years = str | int | tuple[int, int] | range
_SPAN = re.compile(r"\s*(\d{4})\s*(?:(?:-|–|—|~|到|至|\.\.)\s*(\d{4})\s*)?")


def read_years(years: Years) -> range:
    """The years asked for: ``2025``, ``(2024, 2034)``, ``range(2024, 2035)`` or the text
    ``"2024-2034"`` (also ``2024–2034``, ``2024~2034``, ``2024到2034``), both ends included,
    within 1800–2199 and at most :data:`MAX_YEARS` of them.

    Raises:
        InvalidInputError: not a year or a span of years (field ``years``).
        OutOfRangeError: a year outside 1800–2199.
    """
    if isinstance(years, range):
        first, last = years.start, years.stop - 1
        if years.step != 1:
            raise _invalid(years, "a range of years must step by 1")
    elif isinstance(years, str):
        match = _SPAN.fullmatch(years)
        if match is None:
            raise _invalid(years, "write a year or a span of years, e.g. 2025 or 2024-2034")
        first = int(match[1])
        last = first if match[2] is None else int(match[2])
    elif type(years) is int:
        first = last = years
    elif isinstance(years, tuple) and len(years) == 2 and all(type(y) is int for y in years):
        first, last = years
    else:
        raise _invalid(years, "give a year, a pair of years or a text like 2024-2034")
    for year in (first, last):
        check_year(year, "years")
    if last < first:
        raise _invalid(years, f"the span ends before it begins ({first} to {last})")
    if last - first + 1 > MAX_YEARS:
        raise _invalid(years, f"at most {MAX_YEARS} years at once; got {last - first + 1}")
    return range(first, last + 1)


def _invalid(years: object, why: str) -> InvalidInputError:
    return InvalidInputError(f"years: {why}; got {years!r}", years, "years")


def years_to_dict(
    years: range,
    *,
    day_master: Stem,
    birth_year: int,
    luck: Luck | None,
    stars: Stars,
    tz: tzinfo,
    lang: Lang,
) -> list[dict[str, Any]]:
    """The rows of the table of ``years`` (see the module docstring), JSON-ready, names in
    ``lang``, each year's stars against the natal anchors of ``stars``, each month's start
    on the clock ``tz``."""
    pillars, gods = name_table(Pillar, lang), name_table(TenGod, lang)
    minor = {} if luck is None else {m.year: m.pillar for m in luck.minor()}
    rows = []
    for year in years:
        pillar = annual_pillar(year)
        in_force = None
        if luck is not None:
            begun = [p for p in luck.pillars if p.start_year <= year]
            in_force = begun[-1] if begun else None
        rows.append(
            {
                "year": year,
                "pillar": pillars[pillar.index],
                "ten_god": gods[ten_god(day_master, pillar.stem)],
                "age_nominal": year - birth_year + 1 if year >= birth_year else None,
                "luck_pillar": None if in_force is None else pillars[in_force.pillar.index],
                "minor_luck": None if year not in minor else pillars[minor[year].index],
                "stars": stars.transit_names(pillar, lang),
                "months": [
                    {
                        "pillar": pillars[m.pillar.index],
                        "ten_god": gods[ten_god(day_master, m.pillar.stem)],
                        "jie": label(m.jie, lang),
                        "start": m.jie.local(tz).isoformat(timespec="minutes"),
                    }
                    for m in monthly_pillars(year)
                ],
            }
        )
    return rows
