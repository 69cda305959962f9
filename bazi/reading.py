"""Everything a chart reader derives from the four pillars (DOMAIN §7), in one value.

Per pillar: hidden stems 藏干 (main, middle, residual), the ten god 十神 of its stem and of
each hidden stem relative to the day master (the day stem itself is the day master 日主),
nayin 纳音, the day master's growth stage on its branch 星运, its own stem's stage on its
branch 自坐, and its void branches 旬空. For the chart: 胎元, 胎息, 命宫, 身宫, the relations
among the pillars and the five-element counts with and without hidden stems. The rules and
their sources are in the modules named below; school choices come from :class:`Options`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .conventions import Options
from .cycle import Branch, Element, Pillar, Stem
from .elements import element_counts
from .hidden_stems import hidden_stems
from .names import Lang, Named, label
from .nayin import Nayin, nayin
from .palaces import ming_gong, shen_gong, tai_xi, tai_yuan
from .pillars import FourPillars
from .relations import POSITIONS, Position, Relation, relations
from .stages import Stage, growth_stage, self_stage
from .ten_gods import TenGod, ten_god

__all__ = ["PillarReading", "Reading", "read"]


@dataclass(frozen=True, slots=True)
class PillarReading:
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
        def names(values: tuple[Named, ...]) -> list[str]:
            return [label(v, lang) for v in values]

        return {
            "pillar": label(self.pillar, lang),
            "stem": label(self.pillar.stem, lang),
            "branch": label(self.pillar.branch, lang),
            "hidden_stems": names(self.hidden_stems),
            "ten_god": None if self.ten_god is None else label(self.ten_god, lang),
            "hidden_ten_gods": names(self.hidden_ten_gods),
            "nayin": label(self.nayin, lang),
            "stage": label(self.stage, lang),
            "self_stage": label(self.self_stage, lang),
            "void": names(self.void),
        }


@dataclass(frozen=True, slots=True)
class Reading:
    """The derived data of a chart; ``pillars`` in the order year, month, day, hour."""

    pillars: tuple[PillarReading, ...]
    tai_yuan: Pillar
    tai_xi: Pillar
    ming_gong: Pillar
    shen_gong: Pillar
    relations: tuple[Relation, ...]
    elements: dict[Element, int]
    elements_with_hidden: dict[Element, int]

    def __getitem__(self, position: Position) -> PillarReading:
        return self.pillars[POSITIONS.index(position)]

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        def counts(values: dict[Element, int]) -> dict[str, int]:
            return {label(e, lang): n for e, n in values.items()}

        def palace(p: Pillar) -> dict[str, str]:
            return {"pillar": label(p, lang), "nayin": label(nayin(p), lang)}

        return {
            "pillars": {r.position: r.to_dict(lang) for r in self.pillars},
            "tai_yuan": palace(self.tai_yuan),
            "tai_xi": palace(self.tai_xi),
            "ming_gong": palace(self.ming_gong),
            "shen_gong": palace(self.shen_gong),
            "relations": [r.to_dict(lang) for r in self.relations],
            "elements": counts(self.elements),
            "elements_with_hidden": counts(self.elements_with_hidden),
        }


def read(pillars: FourPillars, options: Options, lunar_month: int | None = None) -> Reading:
    """Derive a chart's reading from its pillars under ``options``.

    ``lunar_month`` (the birth's lunar month number) is needed only when
    ``options.palace_school == "lunar"``.
    """
    master = pillars.day.stem
    per_pillar = []
    for position, p in zip(POSITIONS, pillars, strict=True):
        hidden = hidden_stems(p.branch)
        per_pillar.append(
            PillarReading(
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
        )
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
    )
