"""A four-pillar chart for one birth moment, carrying the provenance of every choice."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import cache, cached_property, lru_cache
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Unpack

from .conventions import (
    DayBoundary,
    Gender,
    LuckMethod,
    Options,
    PalaceSchool,
    PunishmentRule,
    SolarTime,
)
from .cycle import Pillar
from .errors import InvalidInputError, OutOfRangeError
from .moment import (
    Moment,
    Resolution,
    fixed_offset_reading,
    format_offset,
    moment_of,
    resolve,
    tzdata_version,
)
from .names import Lang, check_lang
from .pillars import FourPillars, day_hour_table, jie_pillars
from .terms import SolarTerm, TermTable, format_instant, solar_term_table, to_microseconds

if TYPE_CHECKING:
    from .explain import Explanation
    from .luck import Luck
    from .lunar import LunarDate
    from .places import Place
    from .presets import Preset
    from .reading import Reading

__all__ = ["Calendar", "Chart", "ChartOptions", "chart", "data_versions"]

Calendar = Literal["gregorian", "lunar"]
_POSITIONS = ("year", "month", "day", "hour")


class ChartOptions(TypedDict, total=False):
    """The keyword options of :func:`chart`, each optional (see its docstring)."""

    day_boundary: DayBoundary | None
    solar_time: SolarTime | None
    longitude: float | None
    calendar: Calendar
    leap_month: bool
    fold: int | None
    gender: Gender | None
    luck_method: LuckMethod | None
    palace_school: PalaceSchool
    punishment: PunishmentRule
    preset: Preset | None
    place: str | None


_DEFAULT_OPTIONS = Options()

if TYPE_CHECKING:
    _derived = cached_property
else:

    class _derived:
        """:func:`functools.cached_property` without the lock Python 3.11 takes on every
        first access (a chart is built and read by one thread; at worst two threads compute
        the same value twice, and one is kept)."""

        def __init__(self, compute):
            self.compute = compute
            self.name = compute.__name__
            self.__doc__ = compute.__doc__

        def __get__(self, chart, owner=None):
            if chart is None:
                return self
            value = chart.__dict__[self.name] = self.compute(chart)
            return value


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

    Made by :func:`chart`, never directly; immutable. :func:`chart` computes the pillars;
    every other attribute is derived from the same instant and options on first access and
    then kept (:attr:`moment`, :attr:`month_jie`, :attr:`lunar_date`, :attr:`reading`,
    :attr:`luck`, …), so a caller who needs only the pillars pays only for them. Two charts
    are equal when their moment, options and place are.
    """

    # chart() stores only what differs from these class-level defaults.
    pillars: FourPillars
    options: Options = _DEFAULT_OPTIONS
    equation_of_time: timedelta | None = None
    place: Place | None = None
    _fixed: tuple[datetime, timezone, Resolution, int]  # a fixed-offset reading, if fast

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to {name!r}: a Chart is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete {name!r}: a Chart is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Chart):
            return NotImplemented
        return (self.moment, self.options, self.place) == (other.moment, other.options, other.place)

    def __hash__(self) -> int:
        return hash((self.moment, self.options, self.place))

    def __repr__(self) -> str:
        return f"Chart({str(self.pillars)!r}, moment={self.moment!r}, options={self.options!r})"

    def __str__(self) -> str:
        return str(self.pillars)

    # Derived on first access from what chart() stored: for a fixed-offset clock its
    # reading (``_fixed``: wall time, zone, resolution, instant in µs), whose wall time is
    # also the local reckoning; otherwise the moment and local time themselves.

    @_derived
    def _jie(self) -> int:
        """The position of :attr:`month_jie` among the table's 节."""
        fixed = self.__dict__.get("_fixed")
        us = fixed[3] if fixed is not None else to_microseconds(self.moment.instant)
        return solar_term_table().jie_index(us)

    @_derived
    def moment(self) -> Moment:
        wall, tz, resolution, _ = self._fixed
        return moment_of(wall, tz, resolution)

    @_derived
    def local_time(self) -> datetime:
        wall: datetime = self._fixed[0]
        return wall if wall.tzinfo is None else wall.replace(tzinfo=None, fold=0)

    @_derived
    def month_jie(self) -> SolarTerm:
        return solar_term_table().jie(self._jie)

    @_derived
    def next_jie(self) -> SolarTerm:
        return solar_term_table().jie(self._jie + 1)

    @_derived
    def data_versions(self) -> dict[str, str]:
        if self.place is None:
            return data_versions()
        from .places import places_version

        return {**data_versions(), "places": places_version()}

    @_derived
    def lunar_date(self) -> LunarDate | None:
        """The lunar date of the wall-clock date, or ``None`` outside 1900-01-31..2100-02-08
        (computed on first access: most callers of the pillars never need it)."""
        return _lunar_of(self.moment.wall.date())

    @_derived
    def luck(self) -> Luck | None:
        """Luck pillars, 流年, 流月 and 小运 when ``gender`` was given, else ``None``
        (computed on first access)."""
        o, p = self.options, self.pillars
        if o.gender is None:
            return None
        from .luck import compute_luck

        m = self.moment
        return compute_luck(
            gender=o.gender,
            method=o.luck_method,
            instant=m.instant,
            birth_reading=m.wall,
            reckoning_offset=self.local_time - m.instant.replace(tzinfo=None),
            zone=m.tz,
            month_pillar=p.month,
            hour_pillar=p.hour,
            year_is_yang=p.year.stem.is_yang,
        )

    @_derived
    def reading(self) -> Reading:
        """Hidden stems, ten gods, nayin, stages, void, palaces, relations, element counts."""
        from .reading import read

        lunar_date = self.lunar_date if self.options.palace_school == "lunar" else None
        return read(self.pillars, self.options, None if lunar_date is None else lunar_date.month)

    def explain(self, threshold: timedelta = timedelta(minutes=10)) -> Explanation:
        """Why each pillar is what it is: rules, inputs, margins to the boundaries before
        and after, the conventions that would change the chart, and warnings for margins
        under ``threshold``. See :mod:`bazi.explain`."""
        from .explain import explain

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
        derived = reading.pop("pillars")
        pillars, details = {}, {}
        for name, pillar in zip(_POSITIONS, self.pillars, strict=True):
            pillars[name] = pillar.hanzi
            details[name] = names = pillar.to_dict()  # a fresh dict: extend it in place
            names.update(derived[name])
        return {
            "pillars": pillars,
            "text": str(self.pillars),
            "details": details,
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


def _lunar_to_wall(text: str | datetime, calendar: str, leap_month: bool) -> datetime:
    """Turn ``"YYYY-MM-DD HH:MM"`` read as a lunar date into the Gregorian wall time.

    Parsed by hand: lunar dates such as day 30 of the 2nd month are not Gregorian dates.
    """
    if calendar == "gregorian":
        raise InvalidInputError(
            "leap_month=True applies only with calendar='lunar'", leap_month, "leap_month"
        )
    if calendar != "lunar":
        raise InvalidInputError(
            f"calendar must be 'gregorian' or 'lunar'; got {calendar!r}", calendar, "calendar"
        )
    if not isinstance(text, str):
        raise InvalidInputError(
            "a lunar date is given as 'YYYY-MM-DD HH:MM' text", text, "datetime"
        )
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
    from . import lunar

    day = lunar.to_gregorian(int(m.group(1)), int(m.group(2)), int(m.group(3)), leap_month)
    return datetime.combine(day, clock)


def _reckon(moment: Moment, options: Options) -> tuple[datetime, timedelta | None]:
    if options.solar_time == "standard":
        return moment.standard_time, None
    if options.solar_time == "clock":
        return moment.wall, None
    assert options.longitude is not None  # Options enforces it
    from .solartime import equation_of_time, mean_solar_time

    mean = mean_solar_time(moment.instant, options.longitude)
    if options.solar_time == "mean":
        return mean, None
    eot = equation_of_time(moment.instant)
    return mean + eot, eot


def _lunar_of(day: date) -> LunarDate | None:
    from . import lunar

    try:
        return lunar.from_gregorian(day)
    except OutOfRangeError:
        return None


@lru_cache(maxsize=256, typed=True)  # True ≠ 1 here: a bool is never a longitude
def _options(
    day_boundary: DayBoundary | None,
    solar_time: SolarTime | None,
    longitude: float | None,
    gender: Gender | None,
    luck_method: LuckMethod | None,
    palace_school: PalaceSchool,
    punishment: PunishmentRule,
    preset: Preset | None,
) -> Options:
    """The validated options of a chart call; kept, as most calls repeat a few choices."""
    from .presets import apply_preset

    chosen = apply_preset(
        preset,
        {
            "day_boundary": day_boundary,
            "solar_time": solar_time,
            "longitude": longitude,
            "luck_method": luck_method,
        },
    )
    return Options(
        gender=gender, palace_school=palace_school, punishment=punishment, preset=preset, **chosen
    )


_OPTION_NAMES = frozenset(ChartOptions.__annotations__)
_four = tuple.__new__  # FourPillars without its keyword-handling constructor


@cache
def _lookups() -> tuple[TermTable, list[int], tuple[tuple[Pillar, Pillar], ...], int]:
    """The term table, its 节 instants, the year and month pillars each 节 opens, and
    :attr:`TermTable.month_base`."""
    table = solar_term_table()
    return table, table.jie_instants, jie_pillars(), table.month_base


_WALL_RECKONINGS = frozenset({"standard", "clock"})  # equal on a clock without DST


def chart(
    when: str | datetime, tz: str | tzinfo | None = None, **options: Unpack[ChartOptions]
) -> Chart:
    """Compute the four pillars of a birth moment.

    Every option is a keyword argument (typed by :class:`ChartOptions`); a call with none
    takes the defaults without further checks, which is the fastest path.

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
    if options:
        if not _OPTION_NAMES.issuperset(options):
            unknown = min(options.keys() - _OPTION_NAMES)
            raise TypeError(f"chart() got an unexpected keyword argument {unknown!r}")
        when, tz, fold, settings, where = _read_options(when, tz, **options)
        on_the_clock = settings.solar_time in _WALL_RECKONINGS
        lunar_palaces = settings.palace_school == "lunar"
    else:  # the defaults, known valid: the commonest call goes straight on
        fold, settings, where, on_the_clock, lunar_palaces = (
            None,
            _DEFAULT_OPTIONS,
            None,
            True,
            False,
        )
    table, jie_instants, jie_pillars, month_base = _lookups()
    c = Chart()
    stored = c.__dict__  # the chart is immutable: fill it once, here
    # Fast path: a fixed-offset clock read in standard or clock time is plain arithmetic.
    fixed = fixed_offset_reading(when, tz, fold) if on_the_clock else None
    if fixed is not None and table.start_us <= fixed[3] < table.end_us:
        stored["_fixed"] = fixed
        local, _, _, us = fixed
        eot = None
        # The 节 at or before the birth: its local month's 节 or the one before (see
        # TermTable.month_base; a fixed offset is under a day).
        jie = 12 * local.year + local.month + month_base
        if us < jie_instants[jie]:
            jie -= 1
    else:
        moment = resolve(when, tz, fold)
        us = to_microseconds(moment.instant)
        local, eot = _reckon(moment, settings)
        stored["moment"], stored["local_time"] = moment, local
        # raises OutOfRangeError outside 小寒 1800 – 小寒 2200
        jie = stored["_jie"] = table.jie_index(us)
    year, month = jie_pillars[jie]
    day, hour = day_hour_table(settings.day_boundary)[
        (local.toordinal() + 14) % 60 * 24 + local.hour
    ]
    if lunar_palaces and _lunar_of(c.moment.wall.date()) is None:
        raise InvalidInputError(
            "palace_school='lunar' needs the birth's lunar month; lunar dates cover "
            "1900-01-31 to 2100-02-08",
            settings.palace_school,
            "palace_school",
        )
    stored["pillars"] = _four(FourPillars, (year, month, day, hour))
    if settings is not _DEFAULT_OPTIONS:  # else the class attributes
        stored["options"] = settings
    if eot is not None:
        stored["equation_of_time"] = eot
    if where is not None:
        stored["place"] = where
    return c


def _read_options(
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
) -> tuple[str | datetime, str | tzinfo | None, int | None, Options, Place | None]:
    """The options of a :func:`chart` call read: the reading (a lunar date turned into
    its Gregorian wall time; the place's zone when ``tz`` is not given), ``fold``, the
    validated :class:`Options` and the resolved place."""
    where = None
    if place is not None:
        from .places import resolve_place

        where = resolve_place(place)
        tz = tz if tz is not None else where.timezone
        longitude = longitude if longitude is not None else where.longitude
    school = (day_boundary, solar_time, longitude, gender, luck_method, palace_school)
    try:
        options = _options(*school, punishment, preset)
    except TypeError:  # an unhashable value: validate it uncached, for its error
        options = _options.__wrapped__(*school, punishment, preset)
    if calendar != "gregorian" or leap_month:
        when = _lunar_to_wall(when, calendar, leap_month)
    return when, tz, fold, options, where
