"""A four-pillar chart for one birth moment, carrying the provenance of every choice."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar, Unpack, overload

from .cycle import Pillar
from .errors import InvalidInputError, OutOfRangeError
from .moment import Moment, clock_moment, clock_reading, format_offset, resolve, zone_moment
from .names import Lang, check_lang
from .options import BY_NAME, DEFAULT, ChartOptions, Options, resolve_options, unknown_option
from .pillars import FourPillars, day_hour_table, four_pillars, jie_pillars
from .terms import SolarTerm, format_instant, solar_term_table, to_microseconds
from .versions import data_versions

if TYPE_CHECKING:
    from .explain import Explanation
    from .luck import Luck
    from .lunar import LunarDate
    from .margins import Caution
    from .places import Place
    from .reading import Reading
    from .years import Years

__all__ = ["Chart", "chart"]

T = TypeVar("T")

_POSITIONS = ("year", "month", "day", "hour")
_OPTION_NAMES = frozenset(BY_NAME)
_INPUT = frozenset(o.name for o in BY_NAME.values() if o.group == "input")
_WALL_RECKONINGS = frozenset({"standard", "clock"})  # read off the clock's own table
_HOUR_US = 3_600_000_000
_EPOCH_DAY = 17  # 1970-01-01 (ordinal 719163) is day pillar (719163 + 14) mod 60


class _derived(Generic[T]):
    """A value derived on first access and kept in the instance's ``__dict__`` (which then
    answers before this descriptor is consulted): ``functools.cached_property`` without its
    lock, which on Python 3.11 costs more than most of these values (one thread computing a
    value twice is harmless: they are pure)."""

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute, self.name = compute, compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, chart: None, owner: type | None = None) -> _derived[T]: ...

    @overload
    def __get__(self, chart: object, owner: type | None = None) -> T: ...

    def __get__(self, chart: object, owner: type | None = None) -> T | _derived[T]:
        if chart is None:
            return self
        value = chart.__dict__[self.name] = self.compute(chart)
        return value


class Chart:
    """The four pillars of a birth moment and everything that produced them.

    Attributes:
        pillars: year, month, day and hour pillars.
        options: the school conventions used (:class:`~bazi.options.Options`).
        place: the birthplace ``place=`` resolved to (zone, latitude, longitude), if given.
        local_time: the local reckoning (per ``options.solar_time``) that gave day and hour.
        equation_of_time: apparent minus mean solar time, when ``solar_time="apparent"``.
        moment: the absolute instant and the wall-clock reading it came from.
        month_jie: the 节 whose instant opened the month (and, for 寅, the year).
        next_jie: the 节 that closes the month.
        data_versions: the solar-term table, tzdata and engine versions.

    Made by :func:`chart` only; immutable. :func:`chart` computes the pillars; the other
    values (the moment of a wall time read off its clock's table, the 节, the lunar date,
    the reading, the luck) are derived from the same instant and options on first access
    and kept, so a caller who needs only the pillars pays only for them. Two charts are
    equal when their moment, options and place are.
    """

    pillars: FourPillars
    options: Options
    place: Place | None
    equation_of_time: timedelta | None = None
    _jie: int  # the position of month_jie among the table's 节
    _us: int  # the instant, in microseconds since 1970 UTC
    _fixed: bool  # read on a clock at a fixed UTC offset: no daylight saving, no change
    # A birth read off a clock's table (a fixed offset, or an IANA zone away from its
    # changes) keeps only its wall time, its zone and, for an IANA zone, the (UTC offset,
    # DST) in µs found for it: the moment is derived from them when asked for.
    _wall: datetime
    _zone: tzinfo
    _offsets: tuple[int, int] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # chart() makes charts without this: it reads and checks the birth first.
        raise TypeError(
            "a Chart is made by bazi.chart(when, tz=..., ...), which reads and checks the "
            "birth; it cannot be built by hand"
        )

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

    @_derived
    def moment(self) -> Moment:
        """The instant and the wall-clock reading it came from."""
        offsets = self._offsets  # made by chart() otherwise
        if offsets is None:
            return clock_moment(self._wall, self._zone)  # type: ignore[arg-type]
        return zone_moment(self._wall, self._zone, *offsets)  # type: ignore[arg-type]

    @_derived
    def local_time(self) -> datetime:
        """The local reckoning (per ``options.solar_time``) that gave day and hour."""
        # A fixed-offset clock's standard and clock time are its wall time; an IANA zone's
        # standard time is its wall time less DST (made by chart() otherwise).
        wall = self._wall
        offsets = self._offsets
        if offsets is not None and offsets[1] and self.options.solar_time == "standard":
            return wall - timedelta(microseconds=offsets[1])
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
        """The lunar date of the wall-clock date, or ``None`` outside 1900-01-31..2100-02-08."""
        return _lunar_of(self.moment.wall.date())

    @_derived
    def luck(self) -> Luck | None:
        """Luck pillars, 流年, 流月 and 小运 when ``gender`` was given, else ``None``."""
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
            day_master=p.day.stem,
            stars=self.reading.stars,
        )

    @_derived
    def reading(self) -> Reading:
        """Hidden stems, ten gods, nayin, stages, void, palaces, relations, element counts,
        the stars 神煞 of each pillar and the season states 旺相休囚死."""
        from .reading import read

        lunar_date = self.lunar_date if self.options.palace_school == "lunar" else None
        return read(self.pillars, self.options, None if lunar_date is None else lunar_date.month)

    @_derived
    def warnings(self) -> tuple[Caution, ...]:
        """What a reader should know before trusting the chart: a 节, 时辰, day or clock
        change within 10 minutes of the birth, and the day-boundary school, daylight saving
        or true solar time where they give other pillars. See :mod:`bazi.margins`."""
        from .margins import cautions

        return cautions(self)

    @_derived
    def apparent_solar_time(self) -> datetime | None:
        """True solar time 真太阳时 at the birth (naive), when a longitude is known."""
        if self.options.longitude is None:
            return None
        if self.options.solar_time == "apparent":
            return self.local_time
        from .solartime import apparent_solar_time

        return apparent_solar_time(self.moment.instant, self.options.longitude)

    def _years(self, years: Years, lang: Lang) -> list[dict[str, Any]]:
        from .years import read_years, years_to_dict

        luck, m = self.luck, self.moment
        return years_to_dict(
            read_years(years),
            day_master=self.pillars.day.stem,
            birth_year=m.wall.year if luck is None else luck.birth_year,
            luck=luck,
            stars=self.reading.stars,
            tz=m.tz,
            lang=lang,
        )

    def explain(self, threshold: timedelta = timedelta(minutes=10)) -> Explanation:
        """Why each pillar is what it is: rules, inputs, margins to the boundaries before
        and after, the conventions that would change the chart, and warnings for margins
        under ``threshold``. See :mod:`bazi.explain`."""
        from .explain import explain

        return explain(self, threshold)

    def to_dict(
        self, lang: Lang = "zh", *, explanation: bool = False, years: Years | None = None
    ) -> dict[str, Any]:
        """A JSON-ready dictionary of the chart, its reading, luck and provenance.

        ``pillars`` holds the four pillars as strings (``{"year": "庚午", …}``); ``details``
        the names of each in all four scripts and its reading. ``lang`` (``"zh"``,
        ``"zh-Hant"``, ``"pinyin"``, ``"en"``) names the derived values. With
        ``explanation=True`` the result of :meth:`explain` is under ``explanation`` (it
        charts the hours around the birth, so it is not computed unless asked for). With
        ``years`` (``2025``, ``"2024-2034"``, ``(2024, 2034)``; see
        :func:`bazi.years.read_years`) the table of 流年 with their 流月 is under ``annual``.

        Every time a person reads is on the birth's clock, with its offset; instants in UTC
        are named so (``instant_utc``, each term's ``instant``). ``warnings`` lists what a
        reader should know before trusting the chart (:attr:`warnings`).
        """
        from .margins import born_after_jie

        check_lang(lang)
        m = self.moment
        reading = self.reading.to_dict(lang)
        derived_names = reading.pop("pillars")
        pillars, details = {}, {}
        for name, pillar in zip(_POSITIONS, self.pillars, strict=True):
            pillars[name] = pillar.hanzi
            details[name] = {**pillar.to_dict(), **derived_names[name]}
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
                "apparent_solar_time": (
                    None
                    if (solar := self.apparent_solar_time) is None
                    else solar.isoformat(timespec="seconds")
                ),
            },
            "options": self.options.to_dict(),
            "month_jie": self.month_jie.to_dict(m.tz),
            "next_jie": self.next_jie.to_dict(m.tz),
            "born_after_jie": born_after_jie(self, lang),
            "warnings": [w.to_dict(lang) for w in self.warnings],
            "lunar_date": None if (lunar_date := self.lunar_date) is None else lunar_date.to_dict(),
            **reading,
            "luck": None if self.luck is None else self.luck.to_dict(lang),
            **({} if years is None else {"annual": self._years(years, lang)}),
            "place": None if self.place is None else self.place.to_dict(),
            **({"explanation": self.explain().to_dict(lang)} if explanation else {}),
            "data_versions": dict(self.data_versions),
        }


def _lunar_of(day: date) -> LunarDate | None:
    from . import lunar

    try:
        return lunar.from_gregorian(day)
    except OutOfRangeError:
        return None


@cache
def _lookups() -> tuple[int, int, list[int], tuple[tuple[Pillar, Pillar], ...], int]:
    """The term table's range (its first instant and the one past its end), its 节
    instants, the year and month pillars each 节 opens, and :attr:`TermTable.month_base`."""
    table = solar_term_table()
    return table.start_us, table.end_us, table.jie_instants, jie_pillars(), table.month_base


def chart(
    when: str | datetime, tz: str | tzinfo | None = None, **options: Unpack[ChartOptions]
) -> Chart:
    """Compute the four pillars of a birth moment.

    Every option is a keyword argument, declared with its choices, default and help in
    :mod:`bazi.options` (:data:`bazi.OPTIONS`); ``None`` means not given.

    Args:
        when: local wall time ``"YYYY-MM-DD HH:MM[:SS]"`` (with ``tz``), an ISO timestamp
            with its offset, or a ``datetime`` (aware, or naive with ``tz``). With
            ``calendar="lunar"`` the date is a lunar year, month and day.
        tz: IANA zone name (``"Asia/Shanghai"``), fixed offset (``"+08:00"``) or ``tzinfo``.
        options: the input options (``calendar``, ``leap_month``, ``fold``, ``place``), the
            pillar school (``day_boundary``, ``solar_time``, ``longitude``, ``preset``) and
            the reading school (``gender``, ``luck_method``, ``palace_school``,
            ``punishment``). A ``place`` gives the zone when ``tz`` is not given (Beijing
            time in Xinjiang, which keeps two clocks: :mod:`bazi.clocks`) and the longitude
            when ``longitude`` is not given; a ``tz`` whose offset at the birth is not the
            place's is refused.

    Returns:
        A :class:`Chart`.

    Raises:
        NaiveDateTimeError, UnknownZoneError, NonexistentTimeError, AmbiguousTimeError,
        OutOfRangeError, InvalidLunarDateError, InvalidInputError, UnknownPlaceError,
        AmbiguousPlaceError, ZoneMismatchError (all :class:`BaziError`); TypeError for an
        unknown keyword.

    >>> str(chart("1990-05-17 10:30", tz="Asia/Shanghai").pillars)
    '庚午 辛巳 壬午 乙巳'
    """
    settings, place, fold, on_the_clock, tz_given = DEFAULT, None, None, True, tz is not None
    if options:
        when, tz, fold, settings, place = _read_options(when, tz, options)
        on_the_clock = settings.solar_time in _WALL_RECKONINGS
    start_us, end_us, jie_instants, pillars_of_jie, month_base = _lookups()
    made = object.__new__(Chart)  # the one place a chart is made: Chart() refuses
    state = made.__dict__  # __setattr__ refuses too: the fields are filled here, once
    # Fast path: a wall time with one reading on its clock (a fixed offset, or an IANA
    # zone's table away from its changes), read in standard or clock time, is arithmetic.
    clock = clock_reading(when, tz, fold) if on_the_clock else None
    if clock is not None and start_us <= clock[2] < end_us:
        local, zone, instant_us, offsets = clock
        # The 节 at or before the birth: its local month's 节 or the one before (see
        # TermTable.month_base; every clock here is under a day off UTC).
        jie = 12 * local.year + local.month + month_base
        if instant_us < jie_instants[jie]:
            jie -= 1
        year, month = pillars_of_jie[jie]
        if offsets is not None and offsets[1] and settings.solar_time == "standard":
            # Standard time, DST removed: hours since 1970-01-01 00:00 on it.
            hours = (instant_us + offsets[0] - offsets[1]) // _HOUR_US
            index = (hours // 24 + _EPOCH_DAY) % 60 * 24 + hours % 24
        else:
            index = (local.toordinal() + 14) % 60 * 24 + local.hour
        day, hour = day_hour_table(settings.day_boundary)[index]
        pillars = FourPillars(year, month, day, hour)
        state["_wall"], state["_zone"] = local, zone  # the moment derives from them
        state["_us"], state["_fixed"] = instant_us, offsets is None
        if offsets is not None:
            state["_offsets"] = offsets
    else:
        reckoned = four_pillars(resolve(when, tz, fold), settings)  # OutOfRangeError outside
        pillars, jie = reckoned.pillars, reckoned.jie
        state["_us"] = to_microseconds(reckoned.moment.instant)
        state["_fixed"] = isinstance(reckoned.moment.tz, timezone)
        state["moment"] = reckoned.moment  # known already: stored as if derived
        state["local_time"] = reckoned.local_time
        state["equation_of_time"] = reckoned.equation_of_time
    state["pillars"], state["options"], state["place"], state["_jie"] = (
        pillars,
        settings,
        place,
        jie,
    )
    if place is not None and tz_given:
        from .clocks import check_place_clock

        m = made.moment
        check_place_clock(place.label, place.timezone, m.instant, m.tz)
    if options and settings.palace_school == "lunar" and made.lunar_date is None:
        raise InvalidInputError(
            "palace_school='lunar' needs the birth's lunar month; lunar dates cover "
            "1900-01-31 to 2100-02-08",
            settings.palace_school,
            "palace_school",
        )
    return made


def _read_options(
    when: str | datetime, tz: str | tzinfo | None, options: Mapping[str, Any]
) -> tuple[str | datetime, str | tzinfo | None, int | None, Options, Place | None]:
    """The options of a :func:`chart` call read: the birth reading (a lunar date turned
    into its Gregorian wall time; the place's zone when ``tz`` is not given), ``fold``, the
    school :class:`Options` and the resolved place."""
    if not _OPTION_NAMES.issuperset(options):
        raise unknown_option(options, BY_NAME, "chart")
    school = dict(options)  # the school options, once the input options are taken out
    given = {name: BY_NAME[name].check(school.pop(name)) for name in _INPUT.intersection(options)}
    place = None
    if given.get("place") is not None:
        from .places import resolve_place

        place = resolve_place(given["place"])
        if tz is None:
            from .clocks import place_clock

            tz = place_clock(place.timezone)  # Beijing time in Xinjiang
        if school.get("longitude") is None:
            school["longitude"] = place.longitude
    settings = resolve_options(school)
    calendar, leap_month = given.get("calendar"), given.get("leap_month")
    if calendar == "lunar":
        from .lunar import lunar_wall_time

        when = lunar_wall_time(when, bool(leap_month))
    elif leap_month:
        raise InvalidInputError(
            "leap_month=True applies only with calendar='lunar'", leap_month, "leap_month"
        )
    return when, tz, given.get("fold"), settings, place
