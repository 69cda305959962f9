"""Luck pillars 大运, annual 流年, monthly 流月 and minor 小运 luck (conventions §7).

Direction: forward (from the month pillar onward) for a male born in a yang year or a
female born in a yin year (阳男阴女顺, 阴男阳女逆); backward otherwise.

The start counts the gap from the birth to the next 节 (forward) or back to the 节 that
opened the birth month (backward), on the exact JPL instants, and converts it into a span
of life by a named ``luck_method``:

* ``"proportional"`` (default; liyooh007/bazi-chart's rule): 3 days of gap = 1 tropical
  year, i.e. span = gap × 365.2422 / 3, continuous and exact to the microsecond. Pillar k
  starts 10(k − 1) tropical years after the first; ages are exact decimal years.
* ``"lunar-sect1"`` (6tail lunar-python ``getYun(gender, 1)``, its default): whole calendar
  days and whole 时辰 between the two clock readings; 1 day = 4 months, 1 时辰 = 10 days
  (a reading at 23:xx counts as the last 时辰 of its day); added to the birth reading as
  years, then months (day clamped to the month), then days.
* ``"lunar-sect2"`` (6tail lunar-python ``getYun(gender, 2)``): whole minutes between the
  two clock readings (seconds dropped); 4320 min = 1 year, 360 = 1 month, 12 = 1 day,
  1 minute = 2 hours.
* ``"tyme"`` (6tail tyme4py ``ChildLimit``'s default provider): whole seconds between the
  birth and the 节 instant rounded to the second; 259200 s = 1 year, 21600 = 1 month,
  720 = 1 day, 30 = 1 hour, 1 s = 2 minutes; added as tyme does: years and months to the
  month, then days, hours and minutes carried through the month lengths (no clamping).

For the three 6tail methods a pillar's start year is the start's Gregorian year plus 10 per
pillar, and its age is that year − birth year + 1 (the nominal age these libraries print);
流年 and 小运 ages are counted the same way. 小运 of age n is the hour pillar stepped n
places in the luck direction (lunar-python, tyme).

Each luck pillar and each 流年 carries its symbolic stars 岁运神煞: the natal chart's anchors
(day stem, year branch, month branch, …) looked up in that pillar (:meth:`bazi.stars.Stars.
transit`). The 流年 of a span of years, with their stars, are in :mod:`bazi.years`.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from typing import Any, NamedTuple

from .cycle import _PILLARS, Pillar, Stem
from .errors import InvalidInputError, OutOfRangeError
from .names import Lang, name_table
from .options import Gender, LuckMethod
from .star_rules import Star
from .stars import Stars
from .ten_gods import TenGod, ten_god
from .terms import SolarTerm, solar_term_table, to_microseconds

__all__ = [
    "AnnualPillar",
    "Gender",
    "Luck",
    "LuckMethod",
    "LuckPillar",
    "MinorLuck",
    "MonthlyPillar",
    "StartOffset",
    "annual_pillar",
    "check_year",
    "compute_luck",
    "monthly_pillars",
]

TROPICAL_YEAR_DAYS = 365.2422
MAX_AGE = 150  # the most years of minor luck listed
PILLAR_COUNT = 10

# "proportional": luck pillar k + 1 begins 10k tropical years after the first.
_DECADES = tuple(timedelta(days=10 * k * TROPICAL_YEAR_DAYS) for k in range(PILLAR_COUNT))
_THREE_DAYS = timedelta(days=3)


class StartOffset(NamedTuple):
    """Time from birth to the start of the first luck pillar, as the method states it."""

    years: int
    months: int
    days: int
    hours: int
    minutes: int = 0

    def to_dict(self) -> dict[str, int]:
        return self._asdict()


class LuckPillar(NamedTuple):
    """One ten-year luck pillar: its index (1 = first), pillar, start and age label."""

    index: int  # type: ignore[assignment]  # the field hides tuple.index, as it should
    pillar: Pillar
    start: datetime
    start_year: int
    start_age: int | float
    stars: tuple[Star, ...] = ()  # 岁运神煞: the natal anchors looked up in this pillar

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        return _pillar_dict(
            self, name_table(Pillar, lang), _local_text(self.start), name_table(Star, lang)
        )


def _pillar_dict(
    p: LuckPillar, names: tuple[str, ...], start: str, stars: tuple[str, ...]
) -> dict[str, Any]:
    """:meth:`LuckPillar.to_dict`, given the pillar and star names and the start's text."""
    return {
        "index": p.index,
        "pillar": names[p.pillar.index],
        "start": start,
        "start_year": p.start_year,
        "start_age": p.start_age,
        "stars": [stars[s] for s in p.stars],
    }


class AnnualPillar(NamedTuple):
    """流年: the pillar of a Gregorian year (from its 立春), the nominal age in it and its
    stars against the natal anchors."""

    year: int
    pillar: Pillar
    age: int
    stars: tuple[Star, ...] = ()


class MonthlyPillar(NamedTuple):
    """流月: a month of a ba-zi year and the 节 that opens it."""

    pillar: Pillar
    jie: SolarTerm


class MinorLuck(NamedTuple):
    """小运 of one year of age."""

    age: int
    year: int
    pillar: Pillar


def _local_text(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class Luck(NamedTuple):
    """The luck of a chart: direction, start, ten luck pillars and the yearly cycles.

    Attributes:
        gender, method: the inputs that chose the direction and the conversion.
        forward: True when the pillars step forward from the month pillar.
        counting_jie: the 节 the gap is counted to (forward) or from (backward).
        gap: the exact time between the birth instant and that 节.
        start_offset: the span from birth to the first luck pillar.
        start: when the first luck pillar begins, in the birth's zone.
        pillars: the first ten luck pillars.
        natal_stars: the natal chart's stars, whose anchors give the stars of the luck
            pillars and 流年 (``None``: no stars looked up).
    """

    gender: Gender
    method: LuckMethod
    forward: bool
    counting_jie: SolarTerm
    gap: timedelta
    start_offset: StartOffset
    start: datetime
    pillars: tuple[LuckPillar, ...]
    birth_year: int
    hour_pillar: Pillar
    birth: datetime  # the birth on its own clock (aware), for ages in whole years
    day_master: Stem  # for the ten god of each luck pillar
    natal_stars: Stars | None = None

    def annual(self, year: int) -> AnnualPillar:
        """流年 of Gregorian ``year`` (1800–2199): pillar (year − 4) mod 60, nominal age
        year − birth + 1, and its stars against the natal anchors."""
        check_year(year)
        pillar = annual_pillar(year)
        stars = () if self.natal_stars is None else self.natal_stars.transit(pillar)
        return AnnualPillar(year, pillar, year - self.birth_year + 1, stars)

    def monthly(self, year: int) -> list[MonthlyPillar]:
        """流月 of ba-zi ``year`` (1800–2199): the twelve months from its 立春, with the 节
        that open them; stems by 五虎遁 from the year's stem."""
        check_year(year)
        return monthly_pillars(year)

    def minor(self, count: int | None = None) -> list[MinorLuck]:
        """小运 from age 1: the hour pillar moved one step per year in the luck direction.

        ``count`` defaults to the years before the first luck pillar (at least one).
        """
        if count is None:
            count = max(1, self.pillars[0].start_year - self.birth_year)
        elif type(count) is not int or not 1 <= count <= MAX_AGE:
            raise InvalidInputError(
                f"count must be a number of years from 1 to {MAX_AGE}; got {count!r}",
                count,
                "count",
            )
        step = 1 if self.forward else -1
        hour, birth_year = self.hour_pillar.index, self.birth_year
        return [
            MinorLuck(age, birth_year + age - 1, _PILLARS[(hour + step * age) % 60])
            for age in range(1, count + 1)
        ]

    def full_age(self, moment: datetime) -> int:
        """周岁 at ``moment``: whole years since the birth, counted on the birth's clock."""
        birth, local = self.birth, moment.astimezone(self.birth.tzinfo)
        before_birthday = (local.month, local.day, local.time()) < (
            birth.month,
            birth.day,
            birth.time(),
        )
        return local.year - birth.year - before_birthday

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        names, star_names = name_table(Pillar, lang), name_table(Star, lang)
        gods = _god_names(self.day_master, lang)
        birth, birth_year = self.birth, self.birth_year
        birthday = (birth.month, birth.day, birth.hour, birth.minute, birth.second)
        pillars = []
        for p in self.pillars:
            start = p.start  # on the birth's clock
            before = (start.month, start.day, start.hour, start.minute, start.second) < birthday
            pillars.append(
                {
                    "index": p.index,
                    "pillar": names[p.pillar.index],
                    "start": _local_text(start),
                    "start_year": p.start_year,
                    "start_age": p.start_age,
                    "stars": [star_names[s] for s in p.stars],
                    "ten_god": gods[p.pillar.index % 10],
                    "age_nominal": start.year - birth_year + 1,
                    "age_full": start.year - birth.year - before,
                }
            )
        return {
            "gender": self.gender,
            "method": self.method,
            "forward": self.forward,
            "counting_jie": self.counting_jie.to_dict(birth.tzinfo),
            "gap_seconds": round(self.gap.total_seconds(), 3),
            "start_offset": self.start_offset.to_dict(),
            "start": _local_text(self.start),
            "pillars": pillars,
            "minor": [
                {"age": m.age, "year": m.year, "pillar": names[m.pillar.index]}
                for m in self.minor()
            ],
        }


@cache
def _god_names(master: Stem, lang: Lang) -> tuple[str, ...]:
    """The ten god of each stem (by index) to ``master``, named in ``lang``."""
    gods = name_table(TenGod, lang)
    return tuple(gods[ten_god(master, stem)] for stem in Stem)


def check_year(year: object, field: str = "year") -> None:
    """Refuse a year that is not an integer in 1800–2199 (the reach of 流年 and 流月)."""
    if type(year) is not int:
        raise InvalidInputError(f"{field} must be an integer; got {year!r}", year, field)
    if not 1800 <= year <= 2199:
        raise OutOfRangeError(year, date(1800, 1, 1), date(2200, 1, 1), "years 1800-2199", field)


def annual_pillar(year: int) -> Pillar:
    """流年: the pillar of Gregorian ``year`` from its 立春, (year − 4) mod 60."""
    return _PILLARS[(year - 4) % 60]


def monthly_pillars(year: int) -> list[MonthlyPillar]:
    """流月 of ba-zi ``year`` (checked by the caller): the twelve months from its 立春, with
    the 节 that open them; stems by 五虎遁 from the year's stem."""
    table = solar_term_table()
    start = to_microseconds(datetime(year, 1, 25, tzinfo=UTC))
    table.check_range(start, "year")
    jie = [t for t in table.terms_between(start, start + 366 * 86_400_000_000) if t.is_jie]
    first = Pillar.of((2 * ((year - 4) % 10) + 2) % 10, 2)  # the 寅 month
    return [MonthlyPillar(first + k, term) for k, term in enumerate(jie[:12])]


def _same_date_in(moment: datetime, year: int) -> datetime:
    """``moment`` moved to ``year``; 29 February becomes 28 February (as lunar-python does)."""
    if moment.month == 2 and moment.day == 29 and not calendar.isleap(year):
        return moment.replace(year=year, day=28)
    return moment.replace(year=year)


def _shichen_index(t: datetime) -> int:
    # lunar-python counts a reading at 23:xx as the day's last 时辰, not the next day's 子.
    return 11 if t.hour == 23 else (t.hour + 1) // 2


def _lunar_sect1(start: datetime, end: datetime) -> StartOffset:
    hour_diff = _shichen_index(end) - _shichen_index(start)
    day_diff = (end.date() - start.date()).days
    if hour_diff < 0:
        hour_diff += 12
        day_diff -= 1
    month_part = hour_diff // 3  # 3 时辰 = 30 days = 1 month
    months = day_diff * 4 + month_part
    return StartOffset(months // 12, months % 12, hour_diff * 10 - month_part * 30, 0)


def _lunar_sect2(start: datetime, end: datetime) -> StartOffset:
    minutes = (end.replace(second=0, microsecond=0) - start.replace(second=0, microsecond=0)) // (
        timedelta(minutes=1)
    )
    years, minutes = divmod(minutes, 4320)
    months, minutes = divmod(minutes, 360)
    days, minutes = divmod(minutes, 12)
    return StartOffset(years, months, days, minutes * 2)


def _tyme(seconds: int) -> StartOffset:
    years, seconds = divmod(seconds, 259_200)
    months, seconds = divmod(seconds, 21_600)
    days, seconds = divmod(seconds, 720)
    hours, seconds = divmod(seconds, 30)
    return StartOffset(years, months, days, hours, seconds * 2)


def _add_6tail_lunar(birth: datetime, o: StartOffset) -> datetime:
    from dateutil.relativedelta import relativedelta

    # lunar-python: years (29 Feb → 28), then months (day clamped), then days and hours.
    moved = birth + relativedelta(years=o.years)
    moved += relativedelta(months=o.months)
    return moved + timedelta(days=o.days, hours=o.hours)


def _add_tyme(birth: datetime, o: StartOffset) -> datetime:
    # tyme: the day, hour and minute overflow is carried month by month, never clamped.
    minute = birth.minute + o.minutes
    hour = birth.hour + o.hours + minute // 60
    day = birth.day + o.days + hour // 24
    month_index = (birth.year + o.years) * 12 + birth.month - 1 + o.months
    year, month = divmod(month_index, 12)
    month += 1
    while day > (length := calendar.monthrange(year, month)[1]):
        day -= length
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return birth.replace(year=year, month=month, day=day, hour=hour % 24, minute=minute % 60)


def compute_luck(
    *,
    gender: Gender,
    method: LuckMethod,
    instant: datetime,
    birth_reading: datetime,
    reckoning_offset: timedelta,
    zone: tzinfo,
    month_pillar: Pillar,
    hour_pillar: Pillar,
    year_is_yang: bool,
    day_master: Stem,
    stars: Stars | None = None,
) -> Luck:
    """Compute the luck of a birth.

    Args:
        instant: the birth instant (aware).
        birth_reading: the birth's wall-clock reading, to which calendar offsets are added.
        reckoning_offset: local reckoning (used for day and hour) minus UTC, applied to the
            birth and the 节 alike when a method counts clock days, 时辰 or minutes.
        zone: the birth's zone, for the start date-time.
        stars: the natal stars, to look up the stars of the luck pillars and 流年.
    """
    forward = year_is_yang == (gender == "male")
    table = solar_term_table()
    us = to_microseconds(instant)
    jie = table.next_jie(us) if forward else table.governing_jie(us)
    gap = abs(jie.instant - instant)

    if method == "proportional":
        aware_start = (instant + gap * (TROPICAL_YEAR_DAYS / 3)).astimezone(zone)
        from dateutil.relativedelta import relativedelta

        delta = relativedelta(aware_start.replace(tzinfo=None), birth_reading)
        offset = StartOffset(delta.years, delta.months, delta.days, delta.hours, delta.minutes)
    elif method == "tyme":
        # Whole seconds from the birth to the 节 instant rounded to the second, on integer
        # microseconds since 1970 (floor division truncates to the second as a clock does).
        jie_seconds = (to_microseconds(jie.instant) + 500_000) // 1_000_000
        offset = _tyme(abs(jie_seconds - us // 1_000_000))
        # _add_tyme ignores the microseconds: they are dropped afterwards, with one replace.
        aware_start = _add_tyme(birth_reading, offset).replace(microsecond=0, tzinfo=zone)
    else:
        utc_birth = instant.astimezone(UTC).replace(tzinfo=None)
        utc_jie = jie.instant.astimezone(UTC).replace(tzinfo=None)
        local_birth, local_jie = utc_birth + reckoning_offset, utc_jie + reckoning_offset
        early, late = (local_birth, local_jie) if forward else (local_jie, local_birth)
        offset = (_lunar_sect1 if method == "lunar-sect1" else _lunar_sect2)(early, late)
        aware_start = _add_6tail_lunar(birth_reading, offset).replace(tzinfo=zone)

    step = 1 if forward else -1
    month = month_pillar.index
    steps = [_PILLARS[(month + step * k) % 60] for k in range(1, PILLAR_COUNT + 1)]
    held = [()] * PILLAR_COUNT if stars is None else [stars.transit(p) for p in steps]
    pillars = []
    if method == "proportional":
        ages = gap / _THREE_DAYS
        for k, pillar in enumerate(steps):
            # Added even for k = 0: the sum, unlike aware_start, has fold 0.
            begins = aware_start + _DECADES[k]
            age = round(ages + 10 * k, 4)
            pillars.append(LuckPillar(k + 1, pillar, begins, begins.year, age, held[k]))
    else:
        first_year = aware_start.year
        first_age = first_year - birth_reading.year + 1
        for k, pillar in enumerate(steps):
            year = first_year + 10 * k
            begins = _same_date_in(aware_start, year)
            pillars.append(LuckPillar(k + 1, pillar, begins, year, first_age + 10 * k, held[k]))
    return Luck(
        gender=gender,
        method=method,
        forward=forward,
        counting_jie=jie,
        gap=gap,
        start_offset=offset,
        start=aware_start,
        pillars=tuple(pillars),
        birth_year=birth_reading.year,
        hour_pillar=hour_pillar,
        birth=instant.astimezone(zone),
        day_master=day_master,
        natal_stars=stars,
    )
