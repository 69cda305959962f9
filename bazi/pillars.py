"""The rules that give each pillar (DOMAIN §4).

Year and month depend only on the instant, through the solar-term table: the year changes
at the 立春 instant, the month at each 节 instant. Day and hour depend only on the local
reading chosen by ``solar_time``, and on the ``day_boundary`` school. An instant exactly on
a boundary belongs to the new period.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .conventions import DayBoundary
from .cycle import Pillar
from .terms import SolarTerm

__all__ = [
    "FourPillars",
    "day_pillar",
    "hour_pillar",
    "month_pillar",
    "year_of_jie",
    "year_pillar",
]

_ONE_HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class FourPillars:
    """Year, month, day and hour pillars; ``str()`` gives ``"庚午 辛巳 壬午 乙巳"``."""

    year: Pillar
    month: Pillar
    day: Pillar
    hour: Pillar

    def __iter__(self) -> Iterator[Pillar]:
        return iter((self.year, self.month, self.day, self.hour))

    def __str__(self) -> str:
        return " ".join(p.hanzi for p in self)

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
    return Pillar((year - 4) % 60)


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


def day_pillar(local: datetime, day_boundary: DayBoundary = "zi") -> Pillar:
    """The day pillar of a local reading; under ``"zi"`` 23:00 already belongs to tomorrow."""
    day = (local + _ONE_HOUR).date() if day_boundary == "zi" else local.date()
    return Pillar(_day_index(day))


def hour_pillar(local: datetime, day_boundary: DayBoundary = "zi") -> Pillar:
    """The hour pillar of a local reading.

    Branch ((h + 1) // 2) mod 12, so 23:00–00:59 is 子. Stem by 五鼠遁 from the stem d of the
    day this 子 hour belongs to: (2d + branch) mod 10. That day is the next one from 23:00,
    except under ``"midnight-same-day"``, where 23:00–24:00 keeps the current day's stem.
    """
    branch = (local.hour + 1) // 2 % 12
    owner = local.date() if day_boundary == "midnight-same-day" else (local + _ONE_HOUR).date()
    stem = (2 * (_day_index(owner) % 10) + branch) % 10
    return Pillar.of(stem, branch)
