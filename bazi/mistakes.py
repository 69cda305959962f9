"""The charts a birth gets under other conventions and common mistakes, each named.

:func:`confusions` recomputes a birth's chart the way a reader, an almanac user or a
chatbot gets it wrong: the other 23:00 schools, clock against true solar time, daylight
saving kept, the year changed at 春节 or on 1 January, the month read from the lunar
month, a 节 put on the wrong day, the 时辰 counted from midnight, the time read on UTC or
Beijing time, a lunar date read as a Gregorian one and the reverse, the date off by a day.
:func:`bazi.check` matches a claimed chart against them.

:data:`MISTAKES` lists every named cause in the order in which the checker tries them, its
judgement of how likely each is: first the conventions on which published engines differ
(a claim they explain is right under another school), then the mistakes about when a year
or month begins (the best known confusions of the field, made in every almanac's
introduction; a 节 put on the wrong day before the lunar month, since it applies only to
births within a day or two of a 节 and is then the more specific cause), then mistakes
about the clock and the date, and last the slips of stem arithmetic (五鼠遁, 五虎遁), which
the checker finds in the claim itself, and the pillars that are wrong only because they
follow a wrong one.

Every confusion is computed by the engine itself from the same birth: a year or month
mistake changes only those two pillars (the month stem re-derived by 五虎遁 from the
mistaken year, as the person making the mistake would); a clock or date mistake charts the
mistaken reading.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any, Literal, Unpack

from .chart import Chart, chart
from .cycle import Pillar
from .errors import BaziError
from .options import PILLAR_SCHOOL, CheckOptions, Options
from .pillars import FourPillars, four_pillars, jie_pillars, month_pillar, year_pillar
from .terms import SolarTerm, solar_term_table, solar_terms, to_microseconds

__all__ = ["MISTAKES", "Confusion", "Mistake", "confusions", "confusions_of"]

Kind = Literal["convention", "mistake", "consequence"]


@dataclass(frozen=True, slots=True)
class Mistake:
    """A named cause of a wrong pillar: ``id``, its kind, and a title in English and Chinese.

    ``kind`` is ``convention`` (a school on which engines differ), ``mistake`` (an error),
    or ``consequence`` (a pillar wrong only because it follows another wrong one).
    """

    id: str
    kind: Kind
    title: str
    title_zh: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "title_zh": self.title_zh}


MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "day_boundary", "convention", "another 23:00 school (day_boundary)", "子时换日流派不同"
    ),
    Mistake("solar_time", "convention", "clock time vs true solar time", "钟表时与真太阳时之别"),
    Mistake("dst_not_removed", "mistake", "daylight saving time not removed", "未扣除夏令时"),
    Mistake(
        "year_at_spring_festival",
        "mistake",
        "year changed at 春节 (lunar new year) instead of 立春",
        "以春节换年（应以立春）",
    ),
    Mistake(
        "year_at_january", "mistake", "year changed on 1 January instead of 立春", "以元旦换年"
    ),
    Mistake("jie_wrong_day", "mistake", "a 节 taken on the wrong day", "节令日期弄错"),
    Mistake(
        "month_from_lunar_month",
        "mistake",
        "month taken from the lunar month instead of the 节",
        "以农历月份定月柱（应以节令）",
    ),
    Mistake(
        "shichen_from_midnight",
        "mistake",
        "时辰 counted from 00:00 instead of 23:00",
        "时辰从零点起算（子时应自23点）",
    ),
    Mistake("time_zone", "mistake", "time read in UTC or another zone", "时区弄错"),
    Mistake(
        "lunar_read_as_solar", "mistake", "lunar date read as a Gregorian date", "农历日期当作公历"
    ),
    Mistake(
        "solar_read_as_lunar", "mistake", "Gregorian date read as a lunar date", "公历日期当作农历"
    ),
    Mistake("date_off_by_a_day", "mistake", "date off by a day", "日期差一天"),
    Mistake("hour_stem_rule", "mistake", "hour stem not by 五鼠遁", "时干未按五鼠遁"),
    Mistake("month_stem_rule", "mistake", "month stem not by 五虎遁", "月干未按五虎遁"),
    Mistake(
        "follows_claimed_day",
        "consequence",
        "hour stem follows the claimed (wrong) day",
        "时干随所给（错误）日柱",
    ),
    Mistake(
        "follows_claimed_year",
        "consequence",
        "month stem follows the claimed (wrong) year",
        "月干随所给（错误）年柱",
    ),
)
"""Every named cause, in the order the checker tries them (most likely first)."""

BY_ID = {m.id: m for m in MISTAKES}


@dataclass(frozen=True, slots=True)
class Confusion:
    """The chart a birth gets under one convention or mistake: which, how, and the pillars."""

    mistake: Mistake
    detail: str
    pillars: FourPillars

    def to_dict(self) -> dict[str, Any]:
        return {**self.mistake.to_dict(), "detail": self.detail, "pillars": str(self.pillars)}


def _hm(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _school(c: Chart) -> dict[str, Any]:
    """The chart's pillar school, resolved (the preset's choices written out)."""
    return {o.name: getattr(c.options, o.name) for o in PILLAR_SCHOOL if o.name != "preset"}


def _under(c: Chart, **school: Any) -> tuple[FourPillars, datetime] | None:
    """The pillars and the local reckoning of ``c``'s moment under other school options."""
    try:
        options = Options(**{**_school(c), **school})
    except BaziError:
        return None
    reckoned = four_pillars(c.moment, options)
    return reckoned.pillars, reckoned.local_time


def _rechart(c: Chart, wall: datetime, tz: tzinfo, **given: Any) -> Chart | None:
    """The chart of another wall reading under ``c``'s school, or ``None`` when that reading
    cannot be charted (a skipped or repeated time, out of range, no such date)."""
    try:
        return chart(wall.isoformat(" "), tz, **{**_school(c), **given})
    except BaziError:
        return None


def _year_month(c: Chart, year: int, detail: str, mistake: str) -> Confusion:
    """The chart with the year pillar of ba-zi year ``year`` and the month stem derived from
    it (the month's branch still from its 节)."""
    p = c.pillars
    pillars = FourPillars(year_pillar(year), month_pillar(year, c.month_jie), p.day, p.hour)
    return Confusion(BY_ID[mistake], detail, pillars)


def _lichun(year: int) -> SolarTerm:
    return next(t for t in solar_terms(year) if t.longitude == 315)


def _day_boundary(c: Chart) -> Iterator[Confusion]:
    rules = {
        "zi": "the day changes at 23:00 (子初换日)",
        "midnight": "the day changes at 00:00, 23:00 taking the next day's 子 hour",
        "midnight-same-day": "the day changes at 00:00, 23:00 keeping its own day's stem",
    }
    for value, rule in rules.items():
        if value != c.options.day_boundary and (under := _under(c, day_boundary=value)):
            yield Confusion(BY_ID["day_boundary"], f"day_boundary='{value}': {rule}", under[0])


def _solar_time(c: Chart) -> Iterator[Confusion]:
    o = c.options
    if o.solar_time in ("standard", "clock"):
        if o.longitude is None:
            return
        names = {"apparent": "true solar time 真太阳时", "mean": "local mean solar time"}
        for value, name in names.items():
            if under := _under(c, solar_time=value):
                detail = f"{name} at {o.longitude:g}° (day and hour from {_hm(under[1])})"
                yield Confusion(BY_ID["solar_time"], detail, under[0])
    else:
        if under := _under(c, solar_time="standard"):
            detail = (
                f"the zone's standard clock time ({_hm(under[1])}) instead of {o.solar_time} "
                "solar time"
            )
            yield Confusion(BY_ID["solar_time"], detail, under[0])


def _dst(c: Chart) -> Iterator[Confusion]:
    m, o = c.moment, c.options
    if not m.dst or o.solar_time not in ("standard", "clock"):
        return
    hours = m.dst.total_seconds() / 3600
    if o.solar_time == "standard" and (under := _under(c, solar_time="clock")):
        detail = (
            f"daylight saving ({hours:+g} h) kept: the clock's {_hm(m.wall)} used instead of "
            f"standard time {_hm(m.standard_time)}"
        )
        yield Confusion(BY_ID["dst_not_removed"], detail, under[0])
    elif o.solar_time == "clock" and (under := _under(c, solar_time="standard")):
        detail = f"daylight saving ({hours:+g} h) removed though the clock time was asked for"
        yield Confusion(BY_ID["dst_not_removed"], detail, under[0])


def _lunar(day: datetime) -> Any:
    from .lunar import from_gregorian

    try:
        return from_gregorian(day.date())
    except BaziError:
        return None


def _ba_zi_year(c: Chart) -> int:
    jie = c.month_jie
    return jie.instant.year - 1 if jie.longitude == 285 else jie.instant.year


def _years(c: Chart) -> Iterator[Confusion]:
    from .lunar import to_gregorian

    y, wall = _ba_zi_year(c), c.moment.wall
    try:
        lichun = f"立春 {_hm(_lichun(y).local(c.moment.tz))}"
    except BaziError:  # 立春 1799 precedes the table
        lichun = f"立春 {y}"
    opened = f"{lichun} opened ba-zi year {y} ({year_pillar(y)})"
    lunar = _lunar(wall)
    if lunar is not None and lunar.year != y:
        if lunar.year < y:
            since = f"still lunar year {lunar.year} ({year_pillar(lunar.year)}) until 春节"
            new_year = to_gregorian(lunar.year + 1, 1, 1)
        else:
            since = f"already lunar year {lunar.year} ({year_pillar(lunar.year)}) since 春节"
            new_year = to_gregorian(lunar.year, 1, 1)
        detail = f"{wall:%Y-%m-%d} is {since} {new_year:%Y-%m-%d}; {opened}"
        yield _year_month(c, lunar.year, detail, "year_at_spring_festival")
    if wall.year != y:
        detail = f"{wall:%Y-%m-%d} is in calendar year {wall.year}; {opened}"
        yield _year_month(c, wall.year, detail, "year_at_january")


def _lunar_month(c: Chart) -> Iterator[Confusion]:
    lunar = _lunar(c.moment.wall)
    if lunar is None:
        return
    p, y = c.pillars, _ba_zi_year(c)
    branch = (lunar.month + 1) % 12  # 正月 is the 寅 month
    months_after_yin = (branch - 2) % 12
    leap = " (a leap month counted as its month)" if lunar.leap else ""
    base = (
        f"{c.moment.wall:%Y-%m-%d} is lunar {lunar.hanzi}{leap}, read as the "
        f"{'子丑寅卯辰巳午未申酉戌亥'[branch]} month; the 节 {c.month_jie.name} "
        f"({_hm(c.month_jie.local(c.moment.tz))}) opened the {p.month.branch.hanzi} month"
    )
    for year, note in ((y, ""), (lunar.year, f", with lunar year {lunar.year}")):
        stem = (2 * ((year - 4) % 10) + 2 + months_after_yin) % 10
        month = Pillar.of(stem, branch)
        pillars = FourPillars(year_pillar(year), month, p.day, p.hour)
        yield Confusion(BY_ID["month_from_lunar_month"], base + note, pillars)


def _jie_day(c: Chart) -> Iterator[Confusion]:
    table = solar_term_table()
    us = to_microseconds(c.moment.instant)
    here = table.jie_index(us)
    p = c.pillars
    for days in (1, -1):  # a day off; two days would explain more than it is likely to
        shifted = us + days * 86_400_000_000
        if not table.start_us <= shifted < table.end_us:
            continue
        there = table.jie_index(shifted)
        if there == here:
            continue
        term = table.jie(max(here, there))
        when = _hm(term.local(c.moment.tz))
        early, side, other = (
            ("early", "before", "after") if there > here else ("late", "after", "before")
        )
        detail = f"{term.name} ({when}) taken a day {early}: a birth {side} it counted {other} it"
        year, month = jie_pillars()[there]
        yield Confusion(BY_ID["jie_wrong_day"], detail, FourPillars(year, month, p.day, p.hour))


def _shichen(c: Chart) -> Iterator[Confusion]:
    local = c.local_time
    if local.hour % 2 == 0:
        return  # even hours start a 时辰 either way
    branch = local.hour // 2
    day = Pillar((local.toordinal() + 14) % 60)
    hour = Pillar.of((2 * day.stem + branch) % 10, branch)
    detail = (
        f"{local:%H:%M} read as the {hour.branch.hanzi} hour of {local:%Y-%m-%d} (子 taken as "
        "00:00-02:00)"
    )
    pillars = FourPillars(c.pillars.year, c.pillars.month, day, hour)
    yield Confusion(BY_ID["shichen_from_midnight"], detail, pillars)


_ZONES: tuple[tuple[str, tzinfo], ...] = (
    ("UTC", UTC),
    ("Beijing time (UTC+8)", timezone(timedelta(hours=8))),
)


def _zones(c: Chart) -> Iterator[Confusion]:
    m = c.moment
    for name, zone in _ZONES:
        if zone.utcoffset(None) == m.utc_offset:
            continue
        there = m.instant.astimezone(zone).replace(tzinfo=None)
        converted = _rechart(c, there, zone, solar_time="standard")
        if converted is not None:
            detail = f"the birth time converted to {name}, {_hm(there)}, and charted on it"
            yield Confusion(BY_ID["time_zone"], detail, converted.pillars)
        taken = _rechart(c, m.wall, zone)
        if taken is not None:
            detail = f"{_hm(m.wall)} taken as {name}"
            yield Confusion(BY_ID["time_zone"], detail, taken.pillars)


def _as_lunar(c: Chart, day: str, clock: str) -> Chart | None:
    """The chart of ``day`` read as a lunar date, at the time ``clock``, in ``c``'s zone."""
    try:
        return chart(f"{day} {clock}", c.moment.tz, calendar="lunar", **_school(c))
    except BaziError:
        return None


def _calendars(c: Chart, when: Any, given: CheckOptions) -> Iterator[Confusion]:
    """A lunar date read as a Gregorian one, and the reverse.

    Given a Gregorian date: its lunar date's numbers read as a Gregorian date, and its own
    numbers read as a lunar date. Given a lunar date: its numbers read as a Gregorian date,
    and its Gregorian equivalent's numbers read as a lunar date.
    """
    m = c.moment
    clock = f"{m.wall:%H:%M:%S}"
    gregorian = f"{m.wall:%Y-%m-%d}"
    if given.get("calendar") == "lunar":
        numbers = when.split()[0] if isinstance(when, str) and when.split() else ""
        try:
            solar: datetime | None = datetime.fromisoformat(f"{numbers} {clock}")
        except ValueError:
            solar = None
        if solar is not None and (again := _rechart(c, solar, m.tz)) is not None:
            detail = f"the lunar date {numbers} read as the Gregorian date {solar:%Y-%m-%d}"
            yield Confusion(BY_ID["lunar_read_as_solar"], detail, again.pillars)
        yield from _solar_read_as_lunar(c, f"its Gregorian date {gregorian}", gregorian, clock)
        return
    lunar = _lunar(m.wall)
    if lunar is not None:
        try:
            solar = datetime.fromisoformat(
                f"{lunar.year:04d}-{lunar.month:02d}-{lunar.day:02d} {clock}"
            )
        except ValueError:  # day 30 of a lunar month is no date in February
            solar = None
        if solar is not None and (again := _rechart(c, solar, m.tz)) is not None:
            detail = (
                f"{gregorian} is lunar {lunar.hanzi}, whose numbers were read as the "
                f"Gregorian date {solar:%Y-%m-%d}"
            )
            yield Confusion(BY_ID["lunar_read_as_solar"], detail, again.pillars)
    yield from _solar_read_as_lunar(c, f"the date {gregorian}", gregorian, clock)


def _solar_read_as_lunar(c: Chart, what: str, gregorian: str, clock: str) -> Iterator[Confusion]:
    """The chart of ``gregorian``'s numbers read as a lunar date, ``what`` naming it."""
    if (as_lunar := _as_lunar(c, gregorian, clock)) is not None:
        solar = f"{as_lunar.moment.wall:%Y-%m-%d}"
        detail = f"{what} read as a lunar date (lunar {gregorian} is {solar})"
        yield Confusion(BY_ID["solar_read_as_lunar"], detail, as_lunar.pillars)


def _dates(c: Chart) -> Iterator[Confusion]:
    m = c.moment
    fold = {"fold=0 (earlier)": 0, "fold=1 (later)": 1}.get(m.resolution)
    for days in (1, -1):
        wall = m.wall + timedelta(days=days)
        if (again := _rechart(c, wall, m.tz, fold=fold)) is not None:
            detail = f"the date off by {days:+d} day: {_hm(wall)}"
            yield Confusion(BY_ID["date_off_by_a_day"], detail, again.pillars)


def confusions_of(c: Chart, when: Any = None, given: CheckOptions | None = None) -> list[Confusion]:
    """The confusions of chart ``c`` (see :func:`confusions`); ``when`` and ``given`` are
    what ``c`` was charted from (for a lunar date's own digits)."""
    found: list[Confusion] = []
    seen: set[tuple[str, FourPillars]] = set()
    producers: tuple[Iterator[Confusion], ...] = (
        _day_boundary(c),
        _solar_time(c),
        _dst(c),
        _years(c),
        _jie_day(c),
        _lunar_month(c),
        _shichen(c),
        _zones(c),
        _calendars(c, when, given or {}),
        _dates(c),
    )
    for produced in producers:
        try:
            for confusion in produced:
                key = (confusion.mistake.id, confusion.pillars)
                if confusion.pillars != c.pillars and key not in seen:
                    seen.add(key)
                    found.append(confusion)
        except BaziError:
            # A mistake that needs data the engine lacks for this birth (a 立春 or 春节
            # beyond the tables' edges): not tried, rather than a wrong answer.
            continue
    order = {m.id: i for i, m in enumerate(MISTAKES)}
    found.sort(key=lambda f: order[f.mistake.id])  # stable: variants keep their order
    return found


def confusions(
    when: str | datetime, tz: str | tzinfo | None = None, **options: Unpack[CheckOptions]
) -> list[Confusion]:
    """Every chart the birth gets under another convention or a common mistake, named.

    Args:
        when, tz, options: the birth as for :func:`bazi.chart` (the input options and the
            pillar school).

    Returns:
        The confusions that change at least one pillar, in the order of :data:`MISTAKES`
        (variants of one mistake in a fixed order), each with the pillars it gives.

    Raises:
        As :func:`bazi.chart` for the birth.
    """
    c = chart(when, tz, **options)
    return confusions_of(c, when, options)
