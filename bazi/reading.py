"""Everything a chart reader derives from the four pillars (conventions §7), in one value.

Per pillar: hidden stems 藏干 (main, middle, residual), the ten god 十神 of its stem and of
each hidden stem relative to the day master (the day stem itself is the day master 日主),
nayin 纳音, the day master's growth stage on its branch 星运, its own stem's stage on its
branch 自坐, and its void branches 旬空. For the chart: 胎元, 胎息, 命宫, 身宫, the relations
among the pillars, the five-element counts with and without hidden stems, the symbolic stars
神煞 of each pillar (:mod:`bazi.stars`, rules in :mod:`bazi.star_rules`) and the season
state 旺相休囚死 of each element (:mod:`bazi.seasons`). The rules and their sources are in
the modules named below; school choices come from :class:`Options`.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from .cycle import _PILLARS, _STEMS, Branch, Element, Pillar, Stem
from .elements import element_counts
from .hidden_stems import hidden_stems
from .names import Lang, name_table
from .nayin import Nayin, nayin
from .options import Options
from .palaces import ming_gong, shen_gong, tai_xi, tai_yuan
from .pillars import FourPillars
from .relations import POSITIONS, Position, Relation, relations
from .seasons import SeasonState, season_states
from .stages import Stage, growth_stage, self_stage
from .stars import Stars
from .ten_gods import TenGod, ten_god

__all__ = ["PillarReading", "Reading", "read"]


class PillarReading(NamedTuple):
    """What one pillar says relative to the day master."""

    position: Position
    pillar: Pillar
    hidden_stems: tuple[Stem, ...]
    ten_god: TenGod | None  # None for the day pillar: its stem is the day master
    hidden_ten_gods: tuple[TenGod, ...]
    nayin: Nayin
    stage: Stage  # 星运: the day master's growth stage on this branch
    self_stage: Stage  # 自坐: this pillar's stem on its own branch
    void: tuple[Branch, Branch]

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        return _fresh(_names_of(self, lang))


@cache  # keyed by the numbers that make the reading: a reading's own hash is slow
def _pillar_names(position: Position, master_index: int, index: int, lang: Lang) -> dict[str, Any]:
    """The names of :func:`_read_pillar`'s reading, lists kept as tuples: copied by
    :func:`_fresh` for each caller."""
    return _names_of(_read_pillar(position, master_index, index), lang)


def _names_of(reading: PillarReading, lang: Lang) -> dict[str, Any]:
    """:meth:`PillarReading.to_dict`, lists kept as tuples."""
    pillars, stems, branches, _, gods, nayins, stages = _names(lang)
    r, i = reading, reading.pillar.index
    return {
        "pillar": pillars[i],
        "stem": stems[i % 10],
        "branch": branches[i % 12],
        "hidden_stems": tuple(stems[s] for s in r.hidden_stems),
        "ten_god": None if r.ten_god is None else gods[r.ten_god],
        "hidden_ten_gods": tuple(gods[g] for g in r.hidden_ten_gods),
        "nayin": nayins[r.nayin],
        "stage": stages[r.stage],
        "self_stage": stages[r.self_stage],
        "void": tuple(branches[b] for b in r.void),
    }


def _fresh(template: dict[str, Any]) -> dict[str, Any]:
    """A copy of a cached ``template`` the caller may change: its tuples become lists."""
    return {
        **template,
        "hidden_stems": list(template["hidden_stems"]),
        "hidden_ten_gods": list(template["hidden_ten_gods"]),
        "void": list(template["void"]),
    }


class Reading(NamedTuple):
    """The derived data of a chart; ``pillars`` in the order year, month, day, hour."""

    pillars: tuple[PillarReading, ...]
    tai_yuan: Pillar
    tai_xi: Pillar
    ming_gong: Pillar
    shen_gong: Pillar
    relations: tuple[Relation, ...]
    elements: dict[Element, int]
    elements_with_hidden: dict[Element, int]
    stars: Stars  # 神煞 of each pillar, of any transit pillar, and why
    seasons: dict[Element, SeasonState]  # 旺相休囚死 by the month branch

    def __getitem__(self, position: Position) -> PillarReading:  # type: ignore[override]
        # By position name (``reading["day"]``), not by field number as a tuple would.
        return self.pillars[POSITIONS.index(position)]

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        elements = _names(lang)[3]
        master = self.pillars[2].pillar.index % 10  # the day pillar's stem
        per_pillar = {
            r.position: _fresh(_pillar_names(r.position, master, r.pillar.index, lang))
            for r in self.pillars
        }
        for position, names in self.stars.names(lang).items():
            per_pillar[position]["stars"] = names
        states = name_table(SeasonState, lang)
        return {
            "pillars": per_pillar,
            "tai_yuan": _palace(self.tai_yuan.index, lang),
            "tai_xi": _palace(self.tai_xi.index, lang),
            "ming_gong": _palace(self.ming_gong.index, lang),
            "shen_gong": _palace(self.shen_gong.index, lang),
            "relations": [r.to_dict(lang) for r in self.relations],
            "elements": {elements[e]: n for e, n in self.elements.items()},
            "elements_with_hidden": {elements[e]: n for e, n in self.elements_with_hidden.items()},
            "seasons": {elements[e]: states[s] for e, s in self.seasons.items()},
        }


def _palace(index: int, lang: Lang) -> dict[str, str]:
    pillars, nayins = _names(lang)[0], _names(lang)[5]
    return {"pillar": pillars[index], "nayin": nayins[index // 2]}


def read(pillars: FourPillars, options: Options, lunar_month: int | None = None) -> Reading:
    """Derive a chart's reading from its pillars under ``options``.

    ``lunar_month`` (the birth's lunar month number) is needed only when
    ``options.palace_school == "lunar"``.
    """
    master = pillars.day.index % 10
    per_pillar = [_read_pillar(POSITIONS[n], master, p.index) for n, p in enumerate(pillars)]
    school = options.palace_school
    month = lunar_month if school == "lunar" else None
    return Reading(
        pillars=tuple(per_pillar),
        tai_yuan=tai_yuan(pillars),
        tai_xi=tai_xi(pillars),
        ming_gong=ming_gong(pillars, school=school, lunar_month=month),
        shen_gong=shen_gong(pillars, school=school, lunar_month=month),
        relations=tuple(relations(pillars, punishment=options.punishment)),
        elements=element_counts(pillars),
        elements_with_hidden=element_counts(pillars, hidden=True),
        stars=Stars(pillars, options),
        seasons=season_states(pillars.month.branch, options.season_earth),
    )


# A pillar's reading depends only on its position, the day master and the pillar: each is
# made once, when first needed, and shared (it is immutable). At most 1,860 of them: 600
# for each of three positions, 60 for the day pillar (whose own stem is the day master).
@cache
def _read_pillar(position: Position, master_index: int, index: int) -> PillarReading:
    p = _PILLARS[index]
    master = _STEMS[master_index]
    hidden = hidden_stems(p.branch)
    return PillarReading(
        position=position,
        pillar=p,
        hidden_stems=hidden,
        ten_god=None if position == "day" else ten_god(master, p.stem),
        hidden_ten_gods=tuple(ten_god(master, s) for s in hidden),
        nayin=nayin(p),
        stage=growth_stage(master, p.branch),
        self_stage=self_stage(p),
        void=p.void,
    )


# The names in one language of everything a reading holds, by index: pillars, stems,
# branches, elements, ten gods, nayin and stages (a plain tuple, unpacked by the callers).
_Names = tuple[
    tuple[str, ...],
    tuple[str, ...],
    tuple[str, ...],
    tuple[str, ...],
    tuple[str, ...],
    tuple[str, ...],
    tuple[str, ...],
]


@cache
def _names(lang: Lang) -> _Names:
    t = name_table
    return (
        t(Pillar, lang),
        t(Stem, lang),
        t(Branch, lang),
        t(Element, lang),
        t(TenGod, lang),
        t(Nayin, lang),
        t(Stage, lang),
    )
