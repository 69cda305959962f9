"""Why each pillar is what it is, how close it came to changing, and what other schools say.

For each pillar: the rule that decided it and its inputs (the instant, the local reckoning,
the governing 立春 or 节, the day-boundary school), the signed time to the boundary before
and after it, and the pillar on the other side of each. Then every alternative convention
(each other ``day_boundary``; standard or clock time, i.e. DST removed or kept; mean and
apparent solar time when a longitude is known) that would change the chart, and to what.
Margins under a threshold (default 10 minutes) are warned about, as :mod:`bazi.margins`
does for every chart. Rules and warnings read in English, simplified and traditional
Chinese, with times on the birth's clock; the JSON keeps each boundary's UTC instant too.

The boundaries of day and hour are found by :mod:`bazi.search` on the same reckoning as the
chart, so they are exact; those of year and month are the table's instants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from .cycle import Pillar
from .errors import InvalidInputError
from .margins import Caution, cautions, on_clock, option_text
from .names import Text
from .options import BY_NAME, PILLAR_SCHOOL, Options
from .pillars import four_pillars, year_of_jie
from .search import partition_us, pillars_at
from .terms import SolarTerm, format_instant, from_microseconds, solar_term_table, to_microseconds

if TYPE_CHECKING:
    from .chart import Chart
    from .stars import StarHit

__all__ = ["Alternative", "Boundary", "Explanation", "PillarExplanation", "explain"]

POSITIONS = ("year", "month", "day", "hour")
_WINDOW = timedelta(hours=27)  # a reckoned day lasts at most 25 hours (DST), plus margin


@dataclass(frozen=True, slots=True)
class Boundary:
    """A boundary of a pillar: its instant, the signed time from the birth to it, and the
    pillar's value on the far side of it."""

    instant: datetime
    margin: timedelta
    other: Pillar

    def to_dict(self, tz: tzinfo) -> dict[str, Any]:
        return {
            "instant": format_instant(self.instant),
            "local": self.instant.astimezone(tz).isoformat(timespec="seconds"),
            "margin_seconds": round(self.margin.total_seconds(), 3),
            "other": self.other.hanzi,
        }


@dataclass(frozen=True, slots=True)
class PillarExplanation:
    """The rule, its inputs and the margins of one pillar."""

    position: str
    value: Pillar
    rule: Text
    inputs: dict[str, Any]
    previous: Boundary | None
    next: Boundary | None

    @property
    def nearest(self) -> Boundary | None:
        """The closer of the two boundaries (``None`` if neither lies in the table)."""
        sides = [b for b in (self.previous, self.next) if b is not None]
        return min(sides, key=lambda b: abs(b.margin), default=None)

    def to_dict(self, lang: str, tz: tzinfo) -> dict[str, Any]:
        return {
            "value": self.value.hanzi,
            "rule": self.rule.in_lang(lang),
            "inputs": self.inputs,
            "previous_boundary": None if self.previous is None else self.previous.to_dict(tz),
            "next_boundary": None if self.next is None else self.next.to_dict(tz),
        }


@dataclass(frozen=True, slots=True)
class Alternative:
    """A convention other than the one used, and the pillars it gives."""

    option: str
    value: Any
    pillars: str

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        option = BY_NAME[self.option]
        return {
            "option": self.option,
            "value": self.value,
            "name": f"{option.title(lang)}{'：' if lang in ('zh', 'zh-Hant') else ': '}"
            f"{option.name_of(self.value, lang)}",
            "pillars": self.pillars,
        }


@dataclass(frozen=True, slots=True)
class Explanation:
    """Per-pillar explanations, alternative conventions that change the chart, the
    warnings of :mod:`bazi.margins` under ``threshold`` (``tz`` is the birth's clock), and
    why each natal star 神煞 is where it is (its rule and source)."""

    pillars: tuple[PillarExplanation, ...]
    alternatives: tuple[Alternative, ...]
    warnings: tuple[Caution, ...]
    threshold: timedelta
    tz: tzinfo
    stars: tuple[StarHit, ...] = ()  # each natal star with the rule and source that put it

    def __getitem__(self, position: str) -> PillarExplanation:
        return self.pillars[POSITIONS.index(position)]

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """JSON-ready, the rules and warnings in ``lang`` (English for pinyin)."""
        return {
            "pillars": {p.position: p.to_dict(lang, self.tz) for p in self.pillars},
            "alternatives": [a.to_dict(lang) for a in self.alternatives],
            "warnings": [w.message.in_lang(lang) for w in self.warnings],
            "threshold_seconds": self.threshold.total_seconds(),
            "stars": [hit.to_dict(lang) for hit in self.stars],  # type: ignore[arg-type]
        }


def _term_boundaries(
    c: Chart, position: str, before: SolarTerm | None, after: SolarTerm | None
) -> tuple[Boundary | None, Boundary | None]:
    """The boundaries of the year or month pillar at the 立春 or 节 ``before`` and ``after``
    the birth; a side beyond the term table is absent."""
    birth, tz = c.moment.instant, c.moment.tz
    table = solar_term_table()
    out: list[Boundary | None] = []
    for term, side in ((before, -1), (after, 0)):  # the far side: just before, or at, the term
        at = 0 if term is None else to_microseconds(term.instant) + side
        if term is None or not table.start_us <= at < table.end_us:
            out.append(None)
            continue
        other = getattr(pillars_at(at, tz, c.options), position)
        out.append(Boundary(term.instant, term.instant - birth, other))
    return out[0], out[1]


def _lichun_around(us: int) -> tuple[SolarTerm | None, SolarTerm | None]:
    year = 370 * 86_400_000_000
    terms = [
        t for t in solar_term_table().terms_between(us - year, us + year) if t.longitude == 315
    ]
    before = [t for t in terms if to_microseconds(t.instant) <= us]
    after = [t for t in terms if to_microseconds(t.instant) > us]
    return (before[-1] if before else None), (after[0] if after else None)


def _clock_boundaries(c: Chart) -> dict[str, tuple[Boundary | None, Boundary | None]]:
    """Previous and next change of the day and hour pillars, from an exact partition."""
    table = solar_term_table()
    us = to_microseconds(c.moment.instant)
    window = _WINDOW // timedelta(microseconds=1)
    lo, hi = max(us - window, table.start_us), min(us + window, table.end_us)
    parts = partition_us(lo, hi, c.moment.tz, c.options)
    k = next(i for i, (a, b, _) in enumerate(parts) if a <= us < b)
    birth = c.moment.instant
    out: dict[str, tuple[Boundary | None, Boundary | None]] = {}
    for position in ("day", "hour"):
        value = getattr(parts[k][2], position)
        j = k
        while j > 0 and getattr(parts[j - 1][2], position) == value:
            j -= 1
        previous = None
        if j > 0:
            at = from_microseconds(parts[j][0])
            previous = Boundary(at, at - birth, getattr(parts[j - 1][2], position))
        j = k
        while j < len(parts) - 1 and getattr(parts[j + 1][2], position) == value:
            j += 1
        after = None
        if j < len(parts) - 1:
            at = from_microseconds(parts[j + 1][0])
            after = Boundary(at, at - birth, getattr(parts[j + 1][2], position))
        out[position] = (previous, after)
    return out


def _alternatives(c: Chart) -> tuple[Alternative, ...]:
    """Every other choice of each pillar-school option (a preset is a bundle of the others,
    tried one by one) that changes the chart; choices the chart's other options rule out
    (mean or apparent solar time without a longitude) are skipped."""
    chosen = c.options.to_dict()
    out = []
    for option in PILLAR_SCHOOL:
        if not option.choices or option.name == "preset":
            continue
        for value in option.choices:
            if value == chosen[option.name]:
                continue
            try:
                other = Options(**{**chosen, option.name: value})
            except InvalidInputError:
                continue
            pillars = four_pillars(c.moment, other).pillars
            if pillars != c.pillars:
                out.append(Alternative(option.name, value, str(pillars)))
    return tuple(out)


def explain(c: Chart, threshold: timedelta = timedelta(minutes=10)) -> Explanation:
    """Explain chart ``c``: rules, inputs, margins, alternatives and warnings."""
    if not isinstance(threshold, timedelta) or threshold < timedelta(0):
        raise InvalidInputError(
            f"threshold must be a timedelta of zero or more; got {threshold!r}",
            threshold,
            "threshold",
        )
    o, m, p = c.options, c.moment, c.pillars
    instant = format_instant(m.instant)
    reckoning: dict[str, Any] = {
        "zone": m.zone,
        "utc_offset_seconds": m.utc_offset.total_seconds(),
        "dst_seconds": m.dst.total_seconds(),
        "solar_time": o.solar_time,
        "dst": "removed"
        if o.solar_time == "standard"
        else "kept"
        if o.solar_time == "clock"
        else "n/a",
        "local_time": c.local_time.isoformat(timespec="seconds"),
    }
    if o.longitude is not None and o.solar_time in ("mean", "apparent"):
        reckoning["longitude"] = o.longitude
    if c.place is not None:
        reckoning["place"] = c.place.label
    if c.equation_of_time is not None:
        reckoning["equation_of_time_seconds"] = round(c.equation_of_time.total_seconds(), 1)

    lichun_before, lichun_after = _lichun_around(to_microseconds(m.instant))
    year_bounds = _term_boundaries(c, "year", lichun_before, lichun_after)
    month_bounds = _term_boundaries(c, "month", c.month_jie, c.next_jie)
    clock = _clock_boundaries(c)
    y = year_of_jie(c.month_jie)
    explanations = (
        PillarExplanation(
            "year",
            p.year,
            _year_rule(c, y, lichun_before),
            {
                "instant_utc": instant,
                "lichun": None if lichun_before is None else lichun_before.to_dict(m.tz),
            },
            *year_bounds,
        ),
        PillarExplanation(
            "month",
            p.month,
            _month_rule(c),
            {"instant_utc": instant, "jie": c.month_jie.to_dict(m.tz)},
            *month_bounds,
        ),
        PillarExplanation(
            "day", p.day, _day_rule(c), {**reckoning, "day_boundary": o.day_boundary}, *clock["day"]
        ),
        PillarExplanation(
            "hour",
            p.hour,
            _hour_rule(c),
            {**reckoning, "day_boundary": o.day_boundary},
            *clock["hour"],
        ),
    )
    return Explanation(
        explanations,
        _alternatives(c),
        cautions(c, threshold),
        threshold,
        m.tz,
        c.reading.stars.hits(),
    )


def _year_rule(c: Chart, y: int, lichun: SolarTerm | None) -> Text:
    p = c.pillars.year
    arithmetic = f"({y} − 4) mod 60 = {p.index} → {p.hanzi}"
    zh = f"({y} − 4) 除以 60 余 {p.index} → {p.hanzi}"
    hant = f"({y} − 4) 除以 60 餘 {p.index} → {p.hanzi}"
    if lichun is None:
        return Text(
            f"the birth precedes the Start of Spring of {y + 1} (the table starts after that of "
            f"{y}); {arithmetic}",
            f"出生在{y + 1}年立春之前（节气表始于{y}年立春之后）；{zh}",
            f"出生在{y + 1}年立春之前（節氣表始於{y}年立春之後）；{hant}",
        )
    at = on_clock(lichun, c.moment.tz)
    return Text(
        f"the latest Start of Spring at or before the birth ({at}) opens year {y}; {arithmetic}",
        f"出生前最近的立春（{at}）开启{y}年；{zh}",
        f"出生前最近的立春（{at}）開啟{y}年；{hant}",
    )


def _month_rule(c: Chart) -> Text:
    jie, p, at = c.month_jie, c.pillars, on_clock(c.month_jie, c.moment.tz)
    branch, stem = p.month.branch.hanzi, p.year.stem.hanzi
    return Text(
        f"the latest month-opening term (jie) at or before the birth is the {jie.english} "
        f"({at}), which opens the {branch} month; counting from the year stem {stem} (the "
        f"five-tigers rule) gives {p.month.hanzi}",
        f"出生前最近的节是{jie.hanzi}（{at}），开启{branch}月；由年干{stem}按五虎遁得{p.month.hanzi}",
        f"出生前最近的節是{jie.hanzi_traditional}（{at}），開啟{branch}月；"
        f"由年干{stem}按五虎遁得{p.month.hanzi}",
    )


_SCHOOLS = {
    "zi": Text(
        "the day changes at 23:00 (zi): from 23:00 the next day has begun, for the day pillar "
        "and the hour stem",
        "子初换日：23时起即为次日，日柱与时干皆属次日",
        "子初換日：23時起即為次日，日柱與時干皆屬次日",
    ),
    "midnight": Text(
        "the day changes at 00:00 (midnight); 23:00 takes the next day's first (zi) hour",
        "子正换日：0时换日，23时取次日子时",
        "子正換日：0時換日，23時取次日子時",
    ),
    "midnight-same-day": Text(
        "the day changes at 00:00 (midnight-same-day); 23:00 keeps its own day's stem",
        "子正换日（夜子时）：0时换日，23时仍以当日日干起时",
        "子正換日（夜子時）：0時換日，23時仍以當日日干起時",
    ),
}


def _day_rule(c: Chart) -> Text:
    school, solar = (
        _SCHOOLS[c.options.day_boundary],
        option_text("solar_time", c.options.solar_time),
    )
    at, day = f"{c.local_time:%Y-%m-%d %H:%M:%S}", c.pillars.day.hanzi
    return Text(
        f"local {solar[0]} {at}; {school.en} → {day}",
        f"当地{solar[1]} {at}；{school.zh} → {day}",
        f"當地{solar[2]} {at}；{school.zh_hant} → {day}",
    )


def _hour_rule(c: Chart) -> Text:
    solar, at, p = (
        option_text("solar_time", c.options.solar_time),
        f"{c.local_time:%H:%M}",
        c.pillars,
    )
    branch, hour = p.hour.branch.hanzi, p.hour.hanzi
    return Text(
        f"local {solar[0]} {at} is in the {branch} hour; counting from the stem of the day it "
        f"belongs to (the five-rats rule) gives {hour}",
        f"当地{solar[1]}{at}属{branch}时；由其所属之日的日干按五鼠遁得{hour}",
        f"當地{solar[2]}{at}屬{branch}時；由其所屬之日的日干按五鼠遁得{hour}",
    )
