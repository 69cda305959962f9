"""The rules that give each pillar (conventions §4).

Year and month depend only on the instant, through the solar-term table: the year changes
at the 立春 instant, the month at each 节 instant. Day and hour depend only on the local
reading chosen by ``solar_time``, and on the ``day_boundary`` school. An instant exactly on
a boundary belongs to the new period.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from itertools import accumulate, chain, count, repeat
from operator import eq, mod
from typing import NamedTuple

from .cycle import _PILLAR_HANZI, _PILLARS, Pillar
from .moment import Moment
from .options import DayBoundary, Options
from .terms import SolarTerm, from_microseconds, solar_term_table, to_microseconds

__all__ = [
    "FourPillars",
    "Reckoning",
    "day_and_hour",
    "day_hour_table",
    "day_pillar",
    "four_pillars",
    "hour_pillar",
    "jie_pillars",
    "month_pillar",
    "reckon",
    "year_of_jie",
    "year_pillar",
]


class FourPillars(NamedTuple):
    """Year, month, day and hour pillars; ``str()`` gives ``"庚午 辛巳 壬午 乙巳"``.

    A named tuple: immutable, compared and hashed by its pillars, iterated in order.
    """

    year: Pillar
    month: Pillar
    day: Pillar
    hour: Pillar

    def __str__(self) -> str:
        year, month, day, hour = self
        names = _PILLAR_HANZI
        return f"{names[year.index]} {names[month.index]} {names[day.index]} {names[hour.index]}"

    @classmethod
    def from_hanzi(cls, text: str) -> FourPillars:
        """Parse ``"庚午 辛巳 壬午 乙巳"`` (spaces optional)."""
        compact = "".join(text.split())
        return cls(*(Pillar.from_hanzi(compact[i : i + 2]) for i in range(0, 8, 2)))

    @property
    def day_master(self) -> Pillar:
        """The day pillar, whose stem is the day master 日主."""
        return self.day


def year_of_jie(jie: SolarTerm) -> int:
    """The ba-zi year Y opened by the latest 立春 at or before a 节.

    Every 节 from 立春 (early February) to 大雪 (early December) lies in the UTC calendar
    year of its 立春; 小寒 (early January) lies in the next one.
    """
    return jie.instant.year - 1 if jie.longitude == 285 else jie.instant.year


def year_pillar(year: int) -> Pillar:
    """The pillar of ba-zi year ``year``: index (year − 4) mod 60, so 1984 is 甲子."""
    return _PILLARS[(year - 4) % 60]


def month_pillar(year: int, jie: SolarTerm) -> Pillar:
    """The month opened by ``jie`` in ba-zi year ``year``.

    Branch: 立春 opens 寅, each later 节 the next branch. Stem by 五虎遁: the 寅 month of a
    year with stem s has stem (2s + 2) mod 10, each later month one more.
    """
    months_after_yin = (jie.longitude - 315) % 360 // 30
    year_stem = (year - 4) % 10
    stem = (2 * year_stem + 2 + months_after_yin) % 10
    branch = (2 + months_after_yin) % 12
    return Pillar.of(stem, branch)


def _day_index(day: date) -> int:
    # 2000-01-01 (ordinal 730120) is 戊午 = 54: (730120 + 14) mod 60 = 54.
    return (day.toordinal() + 14) % 60


def day_and_hour(local: datetime, day_boundary: DayBoundary = "zi") -> tuple[Pillar, Pillar]:
    """The day and hour pillars of a local reading (see :func:`day_pillar`, :func:`hour_pillar`).

    Looked up in :func:`day_hour_table` (sixty days × 24 clock hours, filled by
    :func:`_day_and_hour_rule` on first use), as :func:`bazi.chart` does.
    """
    return day_hour_table(day_boundary)[(local.toordinal() + 14) % 60 * 24 + local.hour]


def _day_and_hour_rule(day: int, hour: int, day_boundary: DayBoundary) -> tuple[Pillar, Pillar]:
    """Day and hour pillars at clock hour ``hour`` of a calendar day whose pillar is ``day``."""
    tomorrow = (day + 1) % 60 if hour == 23 else day  # the day of a 子 hour begun at 23:00
    branch = (hour + 1) // 2 % 12
    owner = day if day_boundary == "midnight-same-day" else tomorrow
    stem = (2 * (owner % 10) + branch) % 10  # 五鼠遁
    hour_index = (6 * stem - 5 * branch) % 60  # the pillar with this stem and branch
    return _PILLARS[tomorrow if day_boundary == "zi" else day], _PILLARS[hour_index]


@cache
def day_hour_table(day_boundary: DayBoundary) -> tuple[tuple[Pillar, Pillar], ...]:
    """Day and hour pillars by ``(ordinal + 14) % 60 * 24 + hour`` of a local reading.

    ``(ordinal + 14) % 60`` is the pillar of the calendar date: 2000-01-01 (ordinal 730120)
    is 戊午 = 54. Under ``"zi"`` an hour 23 entry already holds the next day's pillar.
    """
    if day_boundary not in ("zi", "midnight", "midnight-same-day"):
        raise ValueError(f"unknown day_boundary {day_boundary!r}")  # Options validates it first
    # By _day_and_hour_rule, made without a call per entry: a day's hour pillars depend on
    # its pillar only through its stem's 五鼠遁 group (the day mod 5), and its day pillar is
    # its own but at 23:00 under "zi".
    hours = [[_day_and_hour_rule(r, h, day_boundary)[1] for h in range(24)] for r in range(5)]
    late = 1 if day_boundary == "zi" else 0
    return tuple(
        chain.from_iterable(
            zip(
                (*repeat(_PILLARS[day], 23), _PILLARS[(day + late) % 60]),
                hours[day % 5],
                strict=True,
            )
            for day in range(60)
        )
    )


def day_pillar(local: datetime, day_boundary: DayBoundary = "zi") -> Pillar:
    """The day pillar of a local reading; under ``"zi"`` 23:00 already belongs to tomorrow."""
    return day_and_hour(local, day_boundary)[0]


def hour_pillar(local: datetime, day_boundary: DayBoundary = "zi") -> Pillar:
    """The hour pillar of a local reading.

    Branch ((h + 1) // 2) mod 12, so 23:00–00:59 is 子. Stem by 五鼠遁 from the stem d of the
    day this 子 hour belongs to: (2d + branch) mod 10. That day is the next one from 23:00,
    except under ``"midnight-same-day"``, where 23:00–24:00 keeps the current day's stem.
    """
    return day_and_hour(local, day_boundary)[1]


@cache
def jie_pillars() -> tuple[tuple[Pillar, Pillar], ...]:
    """The year and month pillars each 节 of the shipped table opens, in table order.

    The first from its date (:func:`year_of_jie`, :func:`month_pillar`), the others by
    counting, with no date each: the table's 节 follow one another 30° apart, the month
    pillar moves one step along the sixty at every 节 (五虎遁 carries on across years) and
    the year pillar one step at every 立春; so the pairs repeat every 720 节 (60 years).
    """
    table = solar_term_table()
    longitudes = table.jie_longitudes
    first = SolarTerm(longitudes[0], from_microseconds(table.jie_instants[0]))
    year = year_of_jie(first)
    lichun = map(eq, longitudes[1:_CYCLE], repeat(315))
    years = accumulate(lichun, initial=year_pillar(year).index)
    months = count(month_pillar(year, first).index)
    pillar = _PILLARS.__getitem__
    year_pillars = map(pillar, map(mod, years, repeat(60)))
    cycle = tuple(zip(year_pillars, map(pillar, map(mod, months, repeat(60))), strict=False))
    return (cycle * (len(longitudes) // _CYCLE + 1))[: len(longitudes)]


_CYCLE = 720  # 节 in sixty years, after which the year and month pillars repeat


class Reckoning(NamedTuple):
    """The four pillars of a moment, the local reading their day and hour came from, and
    the position of the governing 节 among the table's 节."""

    moment: Moment
    pillars: FourPillars
    local_time: datetime
    equation_of_time: timedelta | None
    jie: int


def reckon(moment: Moment, options: Options) -> tuple[datetime, timedelta | None]:
    """The local reading day and hour are reckoned on (``options.solar_time``, conventions §5),
    and the equation of time when it was applied.

    ``standard``: the zone's standard time (DST removed); ``clock``: the wall clock;
    ``mean``: UT + longitude/15 h; ``apparent``: mean + the equation of time.
    """
    if options.solar_time == "standard":
        return moment.standard_time, None
    if options.solar_time == "clock":
        return moment.wall, None
    from .solartime import equation_of_time, mean_solar_time

    mean = mean_solar_time(moment.instant, options.longitude)
    if options.solar_time == "mean":
        return mean, None
    eot = equation_of_time(moment.instant)
    return mean + eot, eot


def four_pillars(moment: Moment, options: Options) -> Reckoning:
    """The four pillars of ``moment`` under ``options``: year and month from the 节 at or
    before the instant, day and hour from its local reckoning.

    Raises:
        OutOfRangeError: the instant lies outside the solar-term table.
    """
    jie = solar_term_table().jie_index(to_microseconds(moment.instant))
    year, month = jie_pillars()[jie]
    local, eot = reckon(moment, options)
    day, hour = day_and_hour(local, options.day_boundary)
    return Reckoning(moment, FourPillars(year, month, day, hour), local, eot, jie)
