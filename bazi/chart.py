"""A four-pillar chart for one birth moment, carrying the provenance of every choice."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cache, cached_property
from typing import Any, Literal

from . import lunar
from .conventions import (
    DayBoundary,
    Gender,
    LuckMethod,
    Options,
    PalaceSchool,
    PunishmentRule,
    SolarTime,
)
from .errors import InvalidInputError, OutOfRangeError
from .explain import Explanation, explain
from .luck import Luck, compute_luck
from .moment import Moment, format_offset, resolve, tzdata_version
from .names import Lang, check_lang
from .pillars import FourPillars, day_pillar, hour_pillar, month_pillar, year_of_jie, year_pillar
from .places import Place, places_version, resolve_place
from .presets import Preset, apply_preset
from .reading import Reading, read
from .solartime import equation_of_time, mean_solar_time
from .terms import SolarTerm, format_instant, solar_term_table, to_microseconds

__all__ = ["Calendar", "Chart", "chart", "data_versions"]

Calendar = Literal["gregorian", "lunar"]


@dataclass(frozen=True)
class Chart:
    """The four pillars of a birth moment and everything that produced them.

    Attributes:
        pillars: year, month, day and hour pillars.
        moment: the absolute instant and the wall-clock reading it came from.
        options: the conventions used.
        local_time: the local reckoning (per ``options.solar_time``) that gave day and hour.
        equation_of_time: apparent minus mean solar time, when ``solar_time="apparent"``.
        month_jie: the 节 whose instant opened the month (and, for 寅, the year).
        next_jie: the 节 that closes the month.
        data_versions: the solar-term table, tzdata and engine versions.
        place: the birthplace ``place=`` resolved to (zone, latitude, longitude), if given.

    Computed on first access and then kept: :attr:`lunar_date`, :attr:`reading` (hidden
    stems, ten gods, nayin, stages, palaces, relations, elements) and :attr:`luck`.
    """

    pillars: FourPillars
    moment: Moment
    options: Options
    local_time: datetime
    equation_of_time: timedelta | None
    month_jie: SolarTerm
    next_jie: SolarTerm
    data_versions: dict[str, str]
    place: Place | None = None

    def __str__(self) -> str:
        return str(self.pillars)

    @cached_property
    def lunar_date(self) -> lunar.LunarDate | None:
        """The lunar date of the wall-clock date, or ``None`` outside 1900-01-31..2100-02-08
        (computed on first access: most callers of the pillars never need it)."""
        return _lunar_of(self.moment.wall.date())

    @cached_property
    def luck(self) -> Luck | None:
        """Luck pillars, 流年, 流月 and 小运 when ``gender`` was given, else ``None``
        (computed on first access)."""
        o, p = self.options, self.pillars
        if o.gender is None:
            return None
        return compute_luck(
            gender=o.gender,
            method=o.luck_method,
            instant=self.moment.instant,
            birth_reading=self.moment.wall,
            reckoning_offset=self.local_time - self.moment.instant.replace(tzinfo=None),
            zone=self.moment.tz,
            month_pillar=p.month,
            hour_pillar=p.hour,
            year_is_yang=p.year.stem.is_yang,
        )

    @cached_property
    def reading(self) -> Reading:
        """Hidden stems, ten gods, nayin, stages, void, palaces, relations, element counts."""
        lunar_date = self.lunar_date if self.options.palace_school == "lunar" else None
        return read(self.pillars, self.options, None if lunar_date is None else lunar_date.month)

    def explain(self, threshold: timedelta = timedelta(minutes=10)) -> Explanation:
        """Why each pillar is what it is: rules, inputs, margins to the boundaries before
        and after, the conventions that would change the chart, and warnings for margins
        under ``threshold``. See :mod:`bazi.explain`."""
        return explain(self, threshold)

    def to_dict(self, lang: Lang = "zh", *, explanation: bool = False) -> dict[str, Any]:
        """A JSON-ready dictionary of the chart, its reading, luck and provenance.

        ``pillars`` holds the four pillars as strings (``{"year": "庚午", …}``); ``details``
        the names of each in all four scripts and its reading. ``lang`` (``"zh"``,
        ``"zh-Hant"``, ``"pinyin"``, ``"en"``) names the derived values. With
        ``explanation=True`` the result of :meth:`explain` is under ``explanation`` (it
        charts the hours around the birth, so it is not computed unless asked for).
        """
        check_lang(lang)
        m = self.moment
        reading = self.reading.to_dict(lang)
        pillars = reading.pop("pillars")
        positions = ("year", "month", "day", "hour")
        return {
            "pillars": {name: getattr(self.pillars, name).hanzi for name in positions},
            "text": str(self.pillars),
            "details": {
                name: {**getattr(self.pillars, name).to_dict(), **pillars[name]}
                for name in positions
            },
            "lang": lang,
            "instant_utc": format_instant(m.instant),
            "local": {
                "wall_time": m.wall.isoformat(),
                "zone": m.zone,
                "utc_offset": format_offset(m.utc_offset),
                "dst": format_offset(m.dst),
                "resolution": m.resolution,
                "reckoning": self.options.solar_time,
                "reckoned_time": self.local_time.isoformat(timespec="seconds"),
                "equation_of_time_seconds": (
                    None
                    if self.equation_of_time is None
                    else round(self.equation_of_time.total_seconds(), 1)
                ),
            },
            "options": self.options.to_dict(),
            "month_jie": self.month_jie.to_dict(),
            "next_jie": self.next_jie.to_dict(),
            "lunar_date": None if (lunar_date := self.lunar_date) is None else lunar_date.to_dict(),
            **reading,
            "luck": None if self.luck is None else self.luck.to_dict(lang),
            "place": None if self.place is None else self.place.to_dict(),
            **({"explanation": self.explain().to_dict()} if explanation else {}),
            "data_versions": dict(self.data_versions),
        }


@cache
def _engine_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bazi-reference")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


def data_versions() -> dict[str, str]:
    """The versions of everything a chart's answer depends on."""
    return {
        "engine": _engine_version(),
        "solar_terms": solar_term_table().version,
        "tzdata": tzdata_version(),
    }


_LUNAR_TEXT = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*")


def _lunar_to_wall(text: str, leap_month: bool) -> datetime:
    """Turn ``"YYYY-MM-DD HH:MM"`` read as a lunar date into the Gregorian wall time.

    Parsed by hand: lunar dates such as day 30 of the 2nd month are not Gregorian dates.
    """
    m = _LUNAR_TEXT.fullmatch(text)
    if m is None:
        raise InvalidInputError(
            f"cannot read {text!r} as a lunar date and time: expected 'YYYY-MM-DD HH:MM' "
            "(lunar year, month, day; the zone goes in tz=)",
            text,
            "datetime",
        )
    try:
        clock = time.fromisoformat(m.group(4))
    except ValueError:
        raise InvalidInputError(f"{m.group(4)!r} is not a time of day", text, "datetime") from None
    day = lunar.to_gregorian(int(m.group(1)), int(m.group(2)), int(m.group(3)), leap_month)
    return datetime.combine(day, clock)


def _reckon(moment: Moment, options: Options) -> tuple[datetime, timedelta | None]:
    if options.solar_time == "standard":
        return moment.standard_time, None
    if options.solar_time == "clock":
        return moment.wall, None
    assert options.longitude is not None  # Options enforces it
    mean = mean_solar_time(moment.instant, options.longitude)
    if options.solar_time == "mean":
        return mean, None
    eot = equation_of_time(moment.instant)
    return mean + eot, eot


def _lunar_of(day: date) -> lunar.LunarDate | None:
    try:
        return lunar.from_gregorian(day)
    except OutOfRangeError:
        return None


def chart(
    when: str | datetime,
    tz: str | tzinfo | None = None,
    *,
    day_boundary: DayBoundary | None = None,
    solar_time: SolarTime | None = None,
    longitude: float | None = None,
    calendar: Calendar = "gregorian",
    leap_month: bool = False,
    fold: int | None = None,
    gender: Gender | None = None,
    luck_method: LuckMethod | None = None,
    palace_school: PalaceSchool = "jie",
    punishment: PunishmentRule = "pairs",
    preset: Preset | None = None,
    place: str | None = None,
) -> Chart:
    """Compute the four pillars of a birth moment.

    Args:
        when: local wall time ``"YYYY-MM-DD HH:MM[:SS]"`` (with ``tz``), an ISO timestamp
            with its offset, or a ``datetime`` (aware, or naive with ``tz``).
        tz: IANA zone name (``"Asia/Shanghai"``), fixed offset (``"+08:00"``) or ``tzinfo``.
        day_boundary: ``"zi"`` (default, day changes at 23:00), ``"midnight"`` or
            ``"midnight-same-day"``; see :mod:`bazi.conventions`.
        solar_time: reckoning for day and hour: ``"standard"`` (default, DST removed),
            ``"clock"``, ``"mean"`` or ``"apparent"`` (the last two need ``longitude``).
        gender: ``"male"`` or ``"female"``; needed for luck pillars (``Chart.luck``).
        luck_method: ``"proportional"`` (default), ``"lunar-sect1"``, ``"lunar-sect2"``
            or ``"tyme"``; see :mod:`bazi.luck`.
        palace_school: month number for 命宫/身宫: ``"jie"`` (default) or ``"lunar"``.
        punishment: ``"pairs"`` (default) or ``"full"`` for 寅巳申 / 丑戌未 三刑.
        preset: ``"lunar-python"``, ``"tyme"`` or ``"bazi-chart"``: that engine's
            conventions for every option not given explicitly; see :mod:`bazi.presets`.
        place: a birthplace name (``"Shenzhen"``, ``"深圳"``, ``"Springfield, US-IL"``),
            resolved offline (:mod:`bazi.places`) to its IANA zone, used when ``tz`` is not
            given, and its longitude, used when ``longitude`` is not given.
        longitude: birthplace longitude in degrees, east positive.
        calendar: ``"gregorian"`` (default) or ``"lunar"``: the date part of ``when`` is a
            lunar year, month and day (1900–2099).
        leap_month: with ``calendar="lunar"``, the month is the leap month 闰月.
        fold: for a wall time that happened twice, 0 = earlier, 1 = later.

    Returns:
        A :class:`Chart`.

    Raises:
        NaiveDateTimeError, UnknownZoneError, NonexistentTimeError, AmbiguousTimeError,
        OutOfRangeError, InvalidLunarDateError, InvalidInputError (all :class:`BaziError`).

    >>> str(chart("1990-05-17 10:30", tz="Asia/Shanghai").pillars)
    '庚午 辛巳 壬午 乙巳'
    """
    where = None
    if place is not None:
        where = resolve_place(place)
        tz = tz if tz is not None else where.timezone
        longitude = longitude if longitude is not None else where.longitude
    chosen = apply_preset(
        preset,
        {
            "day_boundary": day_boundary,
            "solar_time": solar_time,
            "longitude": longitude,
            "luck_method": luck_method,
        },
    )
    options = Options(
        gender=gender,
        palace_school=palace_school,
        punishment=punishment,
        preset=preset,
        **chosen,
    )
    if calendar == "lunar":
        if not isinstance(when, str):
            raise InvalidInputError(
                "a lunar date is given as 'YYYY-MM-DD HH:MM' text", when, "datetime"
            )
        when = _lunar_to_wall(when, leap_month)
    elif calendar != "gregorian":
        raise InvalidInputError(
            f"calendar must be 'gregorian' or 'lunar'; got {calendar!r}", calendar, "calendar"
        )
    elif leap_month:
        raise InvalidInputError(
            "leap_month=True applies only with calendar='lunar'", leap_month, "leap_month"
        )
    moment = resolve(when, tz, fold)

    table = solar_term_table()
    us = to_microseconds(moment.instant)
    jie = table.governing_jie(us)  # raises OutOfRangeError outside 小寒 1800 – 小寒 2200
    year = year_of_jie(jie)

    local, eot = _reckon(moment, options)
    pillars = FourPillars(
        year=year_pillar(year),
        month=month_pillar(year, jie),
        day=day_pillar(local, options.day_boundary),
        hour=hour_pillar(local, options.day_boundary),
    )
    if options.palace_school == "lunar" and _lunar_of(moment.wall.date()) is None:
        raise InvalidInputError(
            "palace_school='lunar' needs the birth's lunar month; lunar dates cover "
            "1900-01-31 to 2100-02-08",
            palace_school,
            "palace_school",
        )
    return Chart(
        pillars=pillars,
        moment=moment,
        options=options,
        local_time=local,
        equation_of_time=eot,
        month_jie=jie,
        next_jie=table.next_jie(us),
        data_versions=(
            data_versions() if where is None else {**data_versions(), "places": places_version()}
        ),
        place=where,
    )
