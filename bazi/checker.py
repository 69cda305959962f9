"""Check a chart someone was given: which pillar is wrong, why, and what was done instead.

:func:`check` reads the claimed chart (:mod:`bazi.claims`), charts the birth, and gives each
pillar a verdict:

* ``right``: the claimed pillar is the birth's;
* ``wrong``: it is another pillar (the right one is given);
* ``impossible``: no moment has it: not one of the sixty (``甲丑``), or a month stem that
  五虎遁 never gives in the claimed year, or an hour stem that 五鼠遁 never gives on the
  claimed day (the 子 hour may take the next day's stem: the ``midnight`` school).

The claim as a whole is ``right`` when every pillar is, ``impossible`` when any is, and
``wrong`` otherwise. For the wrong and impossible pillars, the diagnosis: every convention
and common mistake (:data:`bazi.MISTAKES`, tried in that order) under which the
claimed pillar comes out: those that give the whole claimed chart first; then the slips of
stem arithmetic found in the claim itself (an hour stem not by 五鼠遁, a month stem not by
五虎遁) and the pillars wrong only because they follow a wrong year or day, which the claim
shows for certain; then the causes that give only some of the claimed pillars. When no single
cause gives the whole chart, the reverse lookup (:func:`bazi.find`) says when the claimed
chart does occur, nearest first: "this is the chart of 1995-03-06 21:00".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, Literal, Unpack

from .chart import Chart, chart
from .claims import POSITIONS, Claim, ClaimedPillar, claim_of_pillars, read_claim
from .cycle import Pillar
from .mistakes import BY_ID, MISTAKES, Confusion, Mistake, confusions_of
from .options import OPTIONS, CheckOptions, unknown_option
from .pillars import FourPillars
from .search import Segment, find
from .terms import format_instant

__all__ = ["Check", "Diagnosis", "PillarCheck", "Verdict", "check"]

Verdict = Literal["right", "wrong", "impossible"]
_ORDER = {m.id: i for i, m in enumerate(MISTAKES)}
_LOOKUP_YEARS = 61  # the reverse lookup searches this many years either side of the birth
_MATCHES = 3
_CHECK_NAMES = frozenset(o.name for o in OPTIONS if o.group in ("input", "pillar"))


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """A cause under which claimed pillars come out.

    Attributes:
        mistake: the named cause (:data:`bazi.MISTAKES`).
        detail: what exactly, for this birth.
        pillars: the chart the cause gives (``None`` for a slip found in the claim alone).
        explains: the wrong or impossible positions whose claimed pillar it gives.
        whole: whether it gives the whole claimed chart.
    """

    mistake: Mistake
    detail: str
    pillars: str | None
    explains: tuple[str, ...]
    whole: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.mistake.to_dict(),
            "detail": self.detail,
            "pillars": self.pillars,
            "explains": list(self.explains),
            "whole_claim": self.whole,
        }


@dataclass(frozen=True, slots=True)
class PillarCheck:
    """The verdict on one claimed pillar, with the right one and its diagnosis."""

    position: str
    claimed: ClaimedPillar
    right: Pillar
    verdict: Verdict
    reason: str
    diagnosis: tuple[Diagnosis, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "claimed": self.claimed.hanzi,
            "right": self.right.hanzi,
            "verdict": self.verdict,
            "reason": self.reason,
            "diagnosis": [d.mistake.id for d in self.diagnosis],
        }


@dataclass(frozen=True, slots=True)
class Check:
    """The verdict on a claimed chart for a birth.

    Attributes:
        claim: the claimed chart as read.
        chart: the birth's chart (three or four of its pillars are compared).
        verdict: ``right``, ``wrong`` or ``impossible``.
        pillars: a :class:`PillarCheck` per claimed pillar.
        diagnosis: every cause found, those giving the whole claim first, then in the
            order of :data:`bazi.MISTAKES`.
        matches: when no single cause gives the whole claim and it is possible: the
            nearest intervals (within 61 years of the birth, on its clock and school) whose
            chart is the claim, nearest first.
    """

    claim: Claim
    chart: Chart
    verdict: Verdict
    pillars: tuple[PillarCheck, ...]
    diagnosis: tuple[Diagnosis, ...]
    matches: tuple[Segment, ...]

    def __getitem__(self, position: str) -> PillarCheck:
        return self.pillars[POSITIONS.index(position)]

    @property
    def right(self) -> bool:
        return self.verdict == "right"

    @property
    def explained(self) -> bool:
        """Whether every wrong or impossible pillar has at least one cause."""
        return all(p.diagnosis for p in self.pillars if p.verdict != "right")

    @property
    def summary(self) -> str:
        """One paragraph: the verdict, the wrong pillars and the most likely cause."""
        right = " ".join(p.right.hanzi for p in self.pillars)
        if self.verdict == "right":
            return f"right: {self.claim} is the chart of this birth"
        bad = [p for p in self.pillars if p.verdict != "right"]
        parts = [f"{p.position} {p.claimed.hanzi}: {p.reason}" for p in bad]
        text = f"{self.verdict}: " + "; ".join(parts) + f" (the right chart is {right})."
        whole = [d for d in self.diagnosis if d.whole]
        if whole:
            text += f" Most likely: {_cause(whole[0])}."
        elif self.diagnosis:
            by_pillar = []
            for p in bad:
                if p.diagnosis:
                    by_pillar.append(f"{p.position}: {_cause(p.diagnosis[0])}")
            if by_pillar:
                text += " Likely causes: " + "; ".join(by_pillar) + "."
        if self.matches:
            text += " " + _matches_text(self.matches, self.chart)
        elif self.verdict == "wrong" and not whole:
            text += (
                f" No moment within {_LOOKUP_YEARS} years of the birth has the claimed chart "
                "on this clock and school."
            )
        return text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the claim, verdicts, diagnosis, matches, the birth and its chart."""
        c, m = self.chart, self.chart.moment
        return {
            "verdict": self.verdict,
            "summary": self.summary,
            "claim": self.claim.to_dict(),
            "right": {p.position: p.right.hanzi for p in self.pillars},
            "pillars": {p.position: p.to_dict() for p in self.pillars},
            "explained": self.explained,
            "diagnosis": [d.to_dict() for d in self.diagnosis],
            "matches": [_match_dict(s, m.instant) for s in self.matches],
            "birth": {
                "wall_time": m.wall.isoformat(),
                "zone": m.zone,
                "instant_utc": format_instant(m.instant),
                "place": None if c.place is None else c.place.label,
                "chart": str(c.pillars),
            },
            "options": {
                k: v
                for k, v in c.options.to_dict().items()
                if k in ("day_boundary", "solar_time", "longitude")
            },
            "data_versions": dict(c.data_versions),
        }


def _cause(d: Diagnosis) -> str:
    return f"{d.mistake.title}: {d.detail}"


def _distance(segment: Segment, instant: datetime) -> timedelta:
    if segment.start <= instant < segment.end:
        return timedelta(0)
    return min(abs(segment.start - instant), abs(segment.end - instant))


def _match_dict(segment: Segment, instant: datetime) -> dict[str, Any]:
    days = (segment.start - instant).total_seconds() / 86_400
    return {**segment.to_dict(), "days_from_birth": round(days, 3)}


def _matches_text(matches: tuple[Segment, ...], c: Chart) -> str:
    first = matches[0]
    days = (first.start - c.moment.instant).total_seconds() / 86_400
    when = "later" if days > 0 else "earlier"
    if abs(days) < 2:
        distance = f"{abs(days) * 24:.1f} hours"
    elif abs(days) <= 366:
        distance = f"{abs(days):.1f} days"
    else:
        distance = f"{abs(days) / 365.2425:.1f} years"
    end = (
        f"{first.end:%H:%M}"
        if first.end.date() == first.start.date()
        else f"{first.end:%Y-%m-%d %H:%M}"
    )
    span = f"{first.start:%Y-%m-%d %H:%M}–{end} ({first.start.isoformat()[-6:]})"
    return (
        f"No common mistake gives this whole chart; it is the chart of {span}, {distance} {when}."
    )


def _five_tigers(year: Pillar, branch: int) -> int:
    """The stem 五虎遁 gives the ``branch`` month of a year with ``year``'s stem."""
    return (2 * year.stem + 2 + (branch - 2) % 12) % 10


def _five_rats(day: Pillar, branch: int) -> set[int]:
    """The stems 五鼠遁 gives the ``branch`` hour on ``day``: a 子 hour may also take the
    next day's (23:00 under the ``midnight`` school)."""
    stems = {(2 * day.stem + branch) % 10}
    if branch == 0:
        stems.add((2 * (day.stem + 1)) % 10)
    return stems


def _givers(stem: int, branch: int, led: str, lead: str, rule: str) -> str:
    """Which two year (or day) stems give ``stem`` to the month (or hour) ``branch``: "丁卯
    is the 卯 month of 甲 and 己 years"."""
    if rule == "五虎遁":  # stem = 2s + 2 + (branch - 2) mod 12 (mod 10)
        first = ((stem - 2 - (branch - 2) % 12) // 2) % 5
    else:  # stem = 2d + branch (mod 10)
        first = ((stem - branch) // 2) % 5
    stems = "甲乙丙丁戊己庚辛壬癸"
    name = stems[stem] + "子丑寅卯辰巳午未申酉戌亥"[branch]
    return f"{name} is the {name[1]} {led} of {stems[first]} and {stems[first + 5]} {lead}s"


def _main_stem(lead: Pillar, branch: int, rule: str) -> int:
    if rule == "五虎遁":
        return _five_tigers(lead, branch)
    return (2 * lead.stem + branch) % 10


def _verdicts(claim: Claim, right: FourPillars) -> list[tuple[Verdict, str]]:
    """Each claimed pillar's verdict and reason, before diagnosis."""
    out: list[tuple[Verdict, str]] = []
    for claimed, truth in zip(claim.pillars, right, strict=False):
        p = claimed.pillar
        if p is None:
            s, b = claimed.stem, claimed.branch
            out.append(
                (
                    "impossible",
                    f"not one of the sixty pillars ({s.hanzi} is {'yang' if s.is_yang else 'yin'}"
                    f", {b.hanzi} {'yang' if b.is_yang else 'yin'}); the right one is "
                    f"{truth.hanzi}",
                )
            )
        elif p == truth:
            out.append(("right", "right"))
        else:
            out.append(("wrong", f"should be {truth.hanzi}"))
    return out


def _combinations(claim: Claim, right: FourPillars, out: list[tuple[Verdict, str]]) -> None:
    """Mark the claimed month impossible with the claimed year, or hour with the claimed
    day (the wrong one of the two, the month or hour when both are)."""
    pairs = [(0, 1, "year", "month", "五虎遁")]
    if len(claim.pillars) == 4:
        pairs.append((2, 3, "day", "hour", "五鼠遁"))
    for lead, led, lead_name, led_name, rule in pairs:
        a, b = claim.pillars[lead].pillar, claim.pillars[led].pillar
        if a is None or b is None:
            continue
        stems = {_five_tigers(a, b.branch)} if rule == "五虎遁" else _five_rats(a, b.branch)
        if b.stem in stems:
            continue
        expected = Pillar.of(_main_stem(a, b.branch, rule), b.branch).hanzi
        reason = (
            f"no moment has a {a.hanzi} {lead_name} with a {b.hanzi} {led_name}: by {rule} "
            f"the {b.branch.hanzi} {led_name} of a {a.stem.hanzi} {lead_name} is {expected}"
        )
        target = led if out[led][0] != "right" else lead
        truth = right[target].hanzi
        out[target] = ("impossible", f"{reason}; the right {POSITIONS[target]} is {truth}")


def _diagnose(
    claim: Claim, right: FourPillars, verdicts: list[tuple[Verdict, str]], found: list[Confusion]
) -> list[Diagnosis]:
    n = len(claim.pillars)
    bad = [i for i in range(n) if verdicts[i][0] != "right"]
    claimed = tuple(p.pillar for p in claim.pillars)
    out: list[Diagnosis] = []
    for confusion in found:
        explains = tuple(POSITIONS[i] for i in bad if confusion.pillars[i] == claimed[i])
        if explains:
            whole = tuple(confusion.pillars[:n]) == claimed
            out.append(
                Diagnosis(
                    confusion.mistake, confusion.detail, str(confusion.pillars), explains, whole
                )
            )
    # Slips found in the claim itself, and pillars that follow a wrong one.
    for lead, led, rule, slip, follows in (
        (0, 1, "五虎遁", "month_stem_rule", "follows_claimed_year"),
        (2, 3, "五鼠遁", "hour_stem_rule", "follows_claimed_day"),
    ):
        if led >= n or verdicts[led][0] == "right":
            continue
        a, b = claimed[lead], claimed[led]
        if a is None or b is None:
            continue
        stems = {_five_tigers(a, b.branch)} if rule == "五虎遁" else _five_rats(a, b.branch)
        if b.stem not in stems:
            main = Pillar.of(_main_stem(a, b.branch, rule), b.branch).hanzi
            givers = _givers(b.stem, b.branch, POSITIONS[led], POSITIONS[lead], rule)
            detail = f"by {rule} the claimed {POSITIONS[lead]} {a.hanzi} gives {main}; {givers}"
            out.append(Diagnosis(BY_ID[slip], detail, None, (POSITIONS[led],), False))
        elif verdicts[lead][0] != "right" and b.branch == right[led].branch:
            detail = (
                f"the {POSITIONS[led]}'s branch {b.branch.hanzi} is right; its stem follows by "
                f"{rule} from the claimed {POSITIONS[lead]} {a.hanzi}, not the right "
                f"{right[lead].hanzi}"
            )
            out.append(Diagnosis(BY_ID[follows], detail, None, (POSITIONS[led],), False))
    # A cause that gives the whole claim first; then what the claim itself shows (a stem
    # slip, a pillar following a wrong one), which is certain; then a cause that gives some
    # of the claimed pillars but not the rest. In each group, the order of MISTAKES.
    out.sort(key=lambda d: (0 if d.whole else 1 if d.pillars is None else 2, _ORDER[d.mistake.id]))
    return out


def _lookup(claim: Claim, c: Chart) -> tuple[Segment, ...]:
    """The nearest intervals, within :data:`_LOOKUP_YEARS` of the birth, whose chart is
    the claim, on the birth's clock and school."""
    pillars = [p.pillar for p in claim.pillars]
    text = " ".join(p.hanzi for p in pillars if p is not None)
    year = c.moment.wall.year
    school = {k: getattr(c.options, k) for k in ("day_boundary", "solar_time", "longitude")}
    found = find(
        text,
        max(1800, year - _LOOKUP_YEARS),
        min(2199, year + _LOOKUP_YEARS),
        tz=c.moment.tz,
        **school,
    )
    found.sort(key=lambda s: _distance(s, c.moment.instant))
    return tuple(found[:_MATCHES])


def check(
    claim: str | FourPillars | tuple[Pillar, ...],
    when: str | datetime,
    tz: str | tzinfo | None = None,
    **options: Unpack[CheckOptions],
) -> Check:
    """Check a claimed chart against a birth: a verdict per pillar, a diagnosis, and when the
    claimed chart does occur.

    Args:
        claim: the claimed chart as text, in the forms :func:`bazi.read_claim` reads
            (``"乙亥 己卯 己亥 甲子"``, ``"乙亥年 己卯月 …"``, ``"年柱：乙亥 …"`` inside a
            longer answer, pinyin, English names; three pillars when the hour is unknown),
            or pillars.
        when, tz: the birth, as for :func:`bazi.chart`.
        options: the input options (``calendar``, ``leap_month``, ``fold``, ``place``) and
            the pillar school (``day_boundary``, ``solar_time``, ``longitude``,
            ``preset``), as for :func:`bazi.chart`: the claim is judged under them.

    Returns:
        A :class:`Check`.

    Raises:
        InvalidInputError, InvalidPillarError: an unreadable claim (``field`` ``claim``).
        As :func:`bazi.chart` for the birth; TypeError for an unknown keyword.

    >>> check("乙亥 己卯 戊戌 壬子", "1995-03-08 23:40", tz="Asia/Shanghai").verdict
    'wrong'
    """
    if not _CHECK_NAMES.issuperset(options):
        raise unknown_option(options, _CHECK_NAMES, "check")
    read = claim_of_pillars(claim) if isinstance(claim, tuple) else read_claim(claim)
    c = chart(when, tz, **options)
    right = c.pillars
    verdicts = _verdicts(read, right)
    _combinations(read, right, verdicts)
    found = confusions_of(c, when, options) if any(v != "right" for v, _ in verdicts) else []
    diagnosis = _diagnose(read, right, verdicts, found)
    worst: Verdict = "right"
    if any(v == "impossible" for v, _ in verdicts):
        worst = "impossible"
    elif any(v == "wrong" for v, _ in verdicts):
        worst = "wrong"
    pillars = tuple(
        PillarCheck(
            POSITIONS[i],
            read.pillars[i],
            right[i],
            verdict,
            reason,
            tuple(d for d in diagnosis if POSITIONS[i] in d.explains),
        )
        for i, (verdict, reason) in enumerate(verdicts)
    )
    matches: tuple[Segment, ...] = ()
    if worst == "wrong" and not any(d.whole for d in diagnosis):
        matches = _lookup(read, c)
    return Check(read, c, worst, pillars, tuple(diagnosis), matches)
