"""What a person should know about a chart before trusting it: how close the birth came to
another chart, and the conventions that would give another one. Cheap enough for every
chart (a few comparisons; another school's pillars only where it can differ), unlike the
full :mod:`bazi.explain`.

A :class:`Caution` is raised when, within ``threshold`` (10 minutes by default) of the birth:

* ``jie`` — a 节 changes the month (立春: the year and the month);
* ``hour`` — the 时辰 changes, on the local reckoning that gives day and hour (at 23:00 under
  the ``zi`` school the day changes with it);
* ``day`` — the day changes at 00:00 (the ``midnight`` schools);
* ``clock_change`` — the zone's clocks changed (daylight saving began or ended), or the
  wall time was a repeated one, read with ``fold``;

and whenever another convention gives other pillars:

* ``day_boundary`` — a birth between 23:00 and 01:00, where the schools differ;
* ``dst`` — daylight saving was in effect and the clock as read gives other pillars than
  standard time;
* ``solar_time`` — a longitude is known and true solar time (真太阳时) gives other pillars;
* ``place_clock`` — the birthplace keeps two clocks (Xinjiang: Beijing and Xinjiang time,
  :mod:`bazi.clocks`): which one the time was read on, and what the other gives.

Each caution has its message in English, simplified and traditional Chinese (times on the
birth's clock), the signed margin where there is one, and the pillars on the other side.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from .errors import BaziError
from .moment import format_offset, resolve, zone
from .names import Text
from .options import BY_NAME, Options
from .pillars import day_and_hour, four_pillars, jie_pillars
from .terms import SolarTerm, solar_term_table

if TYPE_CHECKING:
    from .chart import Chart

__all__ = ["THRESHOLD", "Caution", "born_after_jie", "cautions", "on_clock", "option_text"]

THRESHOLD = timedelta(minutes=10)
Kind = Literal[
    "jie", "hour", "day", "clock_change", "day_boundary", "dst", "solar_time", "place_clock"
]
_HOUR = timedelta(hours=1)
_SECOND = timedelta(seconds=1)
_MICROSECOND = timedelta(microseconds=1)
_HOUR_US = 3_600_000_000
_DAY_US = 24 * _HOUR_US


class Caution(NamedTuple):
    """One thing a reader of the chart should know.

    Attributes:
        kind: what it is about (see the module docstring).
        margin: signed time from the birth to the boundary, if it is one.
        other: the four pillars on the other side, or under the other convention.
        option: the other convention (``{"day_boundary": "midnight"}``), if it is one.
        message: what to tell a person, in English, simplified and traditional Chinese.
    """

    kind: Kind
    margin: timedelta | None
    other: str
    option: dict[str, Any] | None
    message: Text

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        margin = None if self.margin is None else round(self.margin.total_seconds())
        return {
            "kind": self.kind,
            "message": self.message.in_lang(lang),
            "margin_seconds": margin,
            "other": self.other,
            "option": self.option,
        }


def _minutes(margin: timedelta) -> Text:
    """A margin in whole minutes, or "under a minute"."""
    minutes = round(abs(margin).total_seconds() / 60)
    if minutes == 0:
        return Text("under a minute", "不到1分钟", "不到1分鐘")
    return Text(f"{minutes} min", f"{minutes}分钟", f"{minutes}分鐘")


def on_clock(term: SolarTerm, tz: tzinfo) -> str:
    """A term's instant on the clock of ``tz``, with the offset: ``2024-02-04 16:27:07
    UTC+08:00``."""
    local = term.local(tz)
    return f"{local:%Y-%m-%d %H:%M:%S} UTC{format_offset(local.utcoffset() or timedelta(0))}"


def option_text(name: str, value: Any) -> tuple[str, str, str]:
    """The name of an option's value in English, simplified and traditional Chinese."""
    option = BY_NAME[name]
    return (
        option.name_of(value, "en"),
        option.name_of(value, "zh"),
        option.name_of(value, "zh-Hant"),
    )


def cautions(c: Chart, threshold: timedelta = THRESHOLD) -> tuple[Caution, ...]:
    """The cautions of chart ``c`` (see the module docstring). Each kind is first ruled out
    on plain numbers (most charts have nothing to warn about), and only then worded."""
    limit = threshold // _MICROSECOND
    out: list[Caution] = []
    jie, us = solar_term_table().jie_instants, c._us
    if jie[c._jie + 1] - us < limit or us - jie[c._jie] < limit:
        out += _jie(c, threshold)
    local = c.local_time
    # Microseconds from the last odd hour (where a 时辰 begins) and from midnight.
    into_day = ((local.hour * 60 + local.minute) * 60 + local.second) * 1_000_000
    into_day += local.microsecond
    into_shichen = (into_day - _HOUR_US) % (2 * _HOUR_US)
    near_day = min(into_day, _DAY_US - into_day) < limit
    if min(into_shichen, 2 * _HOUR_US - into_shichen) < limit or near_day:
        out += _clock(c, threshold)
    if not c._fixed:
        out += _clock_change(c, threshold)
    if local.hour in (23, 0) or not c._fixed or c.options.longitude is not None:
        out += _conventions(c)
    if c.place is not None:
        out += _place_clock(c)
    return tuple(out)


def _jie(c: Chart, threshold: timedelta) -> list[Caution]:
    """The month's 节 just before the birth, or the next just after it, within
    ``threshold``; the pillars on its other side from the 节 table."""
    out = []
    opened, at = jie_pillars(), c._jie
    for term, other_jie, after in ((c.month_jie, at - 1, True), (c.next_jie, at + 1, False)):
        margin = term.instant - c.moment.instant
        if abs(margin) >= threshold or not 0 <= other_jie < len(opened) - 1:
            continue
        year, month = opened[other_jie if after else at + 1]
        other = f"{year.hanzi} {month.hanzi} {c.pillars.day.hanzi} {c.pillars.hour.hanzi}"
        out.append(_jie_caution(c, term, margin, after, other))
    return out


def _jie_caution(c: Chart, term: SolarTerm, margin: timedelta, after: bool, other: str) -> Caution:
    at = on_clock(term, c.moment.tz)
    gap = _minutes(margin)
    pillars = other.split()
    if term.longitude == 315:  # 立春 opens the year as well as the month
        pillars, what = pillars[:2], Text("year and month pillars", "年柱、月柱", "年柱、月柱")
    else:
        pillars, what = pillars[1:2], Text("month pillar", "月柱", "月柱")
    shown = " ".join(pillars)
    message = Text(
        f"born {gap.en} {'after' if after else 'before'} the {term.english} ({at}): "
        f"{'before' if after else 'after'} it the {what.en} would be {shown}",
        f"出生在{term.hanzi}（{at}）{'之后' if after else '之前'}{gap.zh}："
        f"{term.hanzi}{'前' if after else '后'}则{what.zh}为 {shown}",
        f"出生在{term.hanzi_traditional}（{at}）{'之後' if after else '之前'}{gap.zh_hant}："
        f"{term.hanzi_traditional}{'前' if after else '後'}則{what.zh_hant}為 {shown}",
    )
    return Caution("jie", margin, other, None, message)


def _clock(c: Chart, threshold: timedelta) -> list[Caution]:
    """A 时辰 boundary (odd hours; at 23:00 the day too, under ``zi``) or, under the
    midnight schools, the 00:00 day boundary, within ``threshold`` on the local reckoning."""
    local, boundary, now = c.local_time, c.options.day_boundary, c.pillars
    first = local.replace(minute=0, second=0, microsecond=0) - _HOUR * (local.hour % 2 == 0)
    edges: list[tuple[datetime, Kind]] = [(first, "hour"), (first + 2 * _HOUR, "hour")]
    if boundary != "zi":
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        edges += [(midnight, "day"), (midnight + 24 * _HOUR, "day")]
    out = []
    for edge, kind in edges:
        margin = edge - local
        if abs(margin) >= threshold:
            continue
        # The other side: the edge itself when it lies ahead, the second before it when behind.
        day, hour = day_and_hour(edge if margin > timedelta(0) else edge - _SECOND, boundary)
        if (day, hour) == (now.day, now.hour):
            continue
        other = f"{now.year.hanzi} {now.month.hanzi} {day.hanzi} {hour.hanzi}"
        out.append(_clock_caution(c, kind, edge, margin, day != now.day, other))
    return out


def _clock_caution(
    c: Chart, kind: Kind, edge: datetime, margin: timedelta, day_too: bool, other: str
) -> Caution:
    en, zh, hant = option_text("solar_time", c.options.solar_time)
    gap, at = _minutes(margin), f"{edge:%H:%M}"
    shown = " ".join(other.split()[2:] if day_too else other.split()[3:])
    if day_too:
        what = Text("day and hour pillars", "日柱、时柱", "日柱、時柱")
    else:
        what = Text("hour pillar", "时柱", "時柱")
    turn = Text("day", "日", "日") if kind == "day" else Text("double hour", "时辰", "時辰")
    message = Text(
        f"born {gap.en} from {at} {en}, where the {turn.en} changes: on the other side the "
        f"{what.en} would be {shown}",
        f"出生距{at}（{zh}）{gap.zh}，{turn.zh}在此交替：另一侧{what.zh}为 {shown}",
        f"出生距{at}（{hant}）{gap.zh_hant}，{turn.zh_hant}在此交替："
        f"另一側{what.zh_hant}為 {shown}",
    )
    return Caution(kind, margin, other, None, message)


def _clock_change(c: Chart, threshold: timedelta) -> list[Caution]:
    """The zone's clocks changed within ``threshold`` of the birth, or the wall time was
    one of two (a repeated hour, read with ``fold``)."""
    m = c.moment
    offsets = {(m.instant + d).astimezone(m.tz).utcoffset() for d in (-threshold, threshold)}
    if len(offsets) < 2 and not m.resolution.startswith("fold"):
        return []
    if m.resolution.startswith("fold"):
        en, zh, hant = option_text("fold", int(m.resolution[5]))
        message = Text(
            f"the clocks of {m.zone} were turned back: {m.wall:%H:%M} happened twice, and "
            f"{en} was taken; check which one the birth record means",
            f"{m.zone}钟表回拨，{m.wall:%H:%M}出现两次，此处取{zh}：请核对出生记录指的是哪一次",
            f"{m.zone}鐘錶回撥，{m.wall:%H:%M}出現兩次，此處取{hant}：請核對出生記錄指的是哪一次",
        )
    else:
        message = Text(
            f"the clocks of {m.zone} changed within {threshold.total_seconds() / 60:.0f} min of "
            "the birth: check whether the recorded time was read before or after the change",
            f"出生前后{threshold.total_seconds() / 60:.0f}分钟内{m.zone}的钟表有调整："
            "请核对出生记录的时间是调整之前还是之后的钟点",
            f"出生前後{threshold.total_seconds() / 60:.0f}分鐘內{m.zone}的鐘錶有調整："
            "請核對出生記錄的時間是調整之前還是之後的鐘點",
        )
    return [Caution("clock_change", None, str(c.pillars), None, message)]


def _conventions(c: Chart) -> list[Caution]:
    """Other conventions that give other pillars, tried only where they can differ: the
    day-boundary schools between 23:00 and 01:00, the clock as read under daylight saving,
    true solar time where the longitude is known."""
    o, m, now = c.options, c.moment, str(c.pillars)
    trials: list[tuple[Kind, dict[str, Any]]] = []
    if c.local_time.hour in (23, 0):
        schools = BY_NAME["day_boundary"].choices
        trials += [("day_boundary", {"day_boundary": b}) for b in schools if b != o.day_boundary]
    if m.dst and o.solar_time in ("standard", "clock"):
        trials.append(
            ("dst", {"solar_time": "clock" if o.solar_time == "standard" else "standard"})
        )
    if o.longitude is not None and o.solar_time != "apparent":
        trials.append(("solar_time", {"solar_time": "apparent"}))
    out: list[Caution] = []
    if not trials:
        return out
    chosen = o.to_dict()
    for kind, change in trials:
        other = four_pillars(m, Options(**{**chosen, **change}))
        text = str(other.pillars)
        if text != now:
            out.append(_convention_caution(c, kind, change, other.local_time, text))
    return out


def _convention_caution(
    c: Chart, kind: Kind, change: dict[str, Any], local: datetime, other: str
) -> Caution:
    (name, value), m, o = next(iter(change.items())), c.moment, c.options
    en, zh, hant = option_text(name, value)
    if kind == "day_boundary":
        message = Text(
            f"born between 23:00 and 01:00, where the schools of the day boundary differ: "
            f"changing the day {en} ({name}={value!r}) the chart would be {other}",
            f"出生于23时至1时之间，各派换日不同：按{zh}则为 {other}",
            f"出生於23時至1時之間，各派換日不同：按{hant}則為 {other}",
        )
    elif kind == "dst":
        clock, standard = f"{m.wall:%H:%M}", f"{m.standard_time:%H:%M}"
        message = Text(
            f"daylight saving time was in effect ({clock} on the clock, {standard} standard "
            f"time): by {en} ({name}={value!r}) the chart would be {other}",
            f"出生时正行夏令时（钟表{clock}，标准时{standard}）：按{zh}则为 {other}",
            f"出生時正行夏令時（鐘錶{clock}，標準時{standard}）：按{hant}則為 {other}",
        )
    else:
        solar = f"{local:%H:%M}"
        message = Text(
            f"true solar time at longitude {o.longitude} was {solar}: by true solar time "
            f"({name}='apparent') the chart would be {other}",
            f"出生地（经度{o.longitude}）的真太阳时为{solar}：按真太阳时则为 {other}",
            f"出生地（經度{o.longitude}）的真太陽時為{solar}：按真太陽時則為 {other}",
        )
    return Caution(kind, None, other, change, message)


def born_after_jie(c: Chart, lang: str = "zh") -> dict[str, Any]:
    """How long after its month's 节 the birth came, as almanacs print it
    ("生于惊蛰后 2 天 3 时": whole days, then whole hours, of the exact span)."""
    term, span = c.month_jie, c.moment.instant - c.month_jie.instant
    days, rest = span.days, span.seconds
    hours, minutes = rest // 3600, rest % 3600 // 60
    if lang == "zh":
        text = f"生于{term.hanzi}后 {days} 天 {hours} 时"
    elif lang == "zh-Hant":
        text = f"生於{term.hanzi_traditional}後 {days} 天 {hours} 時"
    else:
        text = (
            f"born {days} day{'s' * (days != 1)} {hours} hour{'s' * (hours != 1)} after "
            f"the {term.english}"
        )
    return {"jie": term.hanzi, "days": days, "hours": hours, "minutes": minutes, "text": text}


def _place_clock(c: Chart) -> list[Caution]:
    """In a region of two clocks, the one the birth time was read on and the chart the
    other gives (the same wall time read on it)."""
    from .clocks import second_clock

    place, m = c.place, c.moment
    second = None if place is None else second_clock(place.timezone)
    if place is None or second is None:
        return []
    official = m.utc_offset == (m.instant.astimezone(zone(second.official)).utcoffset())
    used, unused = (
        (second.official_name, second.local_name)
        if official
        else (second.local_name, second.official_name)
    )
    other_zone = place.timezone if official else second.official
    try:
        other_moment = resolve(m.wall, other_zone, None)
        other = str(four_pillars(other_moment, c.options).pillars)
    except BaziError:  # the wall time does not exist on the other clock, or is outside
        other = "?"
    hint, offset = f"tz={other_zone}", f"UTC{format_offset(m.utc_offset)}"
    if other == str(c.pillars):
        outcome = Text("the chart is the same", "八字相同", "八字相同")
    else:
        outcome = Text(f"the chart would be {other}", f"则为 {other}", f"則為 {other}")
    message = Text(
        f"{second.region.en} keeps two clocks: the birth time was read as {used.en} "
        f"({offset}); read as {unused.en} ({hint}) {outcome.en}",
        f"{second.region.zh}有两种钟点：出生时间按{used.zh}（{offset}）读；"
        f"若记录的是{unused.zh}（{hint}），{outcome.zh}",
        f"{second.region.zh_hant}有兩種鐘點：出生時間按{used.zh_hant}（{offset}）讀；"
        f"若記錄的是{unused.zh_hant}（{hint}），{outcome.zh_hant}",
    )
    return [Caution("place_clock", None, other, {"tz": other_zone}, message)]
