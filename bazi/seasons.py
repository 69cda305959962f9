"""The season states 旺相休囚死 of the five elements in the birth month.

《三命通会·卷二·论五行旺相休囚死并寄生十二宫》: the element that rules the season is 旺
(prosperous); the element it generates is 相 (strong, "子乘父业"); the element that
generates it is 休 (resting: "生我者当知退矣"); the element that controls it is 囚
(confined); the element it controls is 死 (dead). Spring: 木旺 火相 水休 金囚 土死; summer:
火旺 土相 木休 水囚 金死; 六月: 土旺 金相 火休 木囚 水死; autumn: 金旺 水相 土休 火囚 木死;
winter: 水旺 木相 金休 土囚 火死.

Which element rules a month, by its branch (school option ``season_earth``):

* ``"four"`` (default): the element of the month branch: 寅卯 木, 巳午 火, 申酉 金, 亥子 水,
  and earth in all four 季月 辰 未 戌 丑 ("土旺四季", the common reading, e.g. 《穷通宝鉴·论土》
  "土旺四季").
* ``"sixth"``: the five seasons of the chapter's text: spring 寅卯辰 木, summer 巳午 火,
  六月 未 土, autumn 申酉戌 金, winter 亥子丑 水.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from .cycle import _BRANCHES, _ELEMENTS, Branch, Element
from .names import NamedEnum
from .options import SeasonEarth

__all__ = ["SeasonState", "season_states"]

_NAMES = (
    ("旺", "旺", "wàng", "Prosperous"),
    ("相", "相", "xiàng", "Strong"),
    ("休", "休", "xiū", "Resting"),
    ("囚", "囚", "qiú", "Confined"),
    ("死", "死", "sǐ", "Dead"),
)


class SeasonState(NamedEnum):
    """One of 旺 相 休 囚 死, numbered by the element's place after the ruling one in the
    generating cycle: 0 the ruler, 1 the one it generates, 4 the one that generates it, 3
    the one that controls it, 2 the one it controls."""

    PROSPEROUS = 0
    STRONG = 1
    DEAD = 2
    CONFINED = 3
    RESTING = 4

    @classmethod
    def name_rows(cls) -> Sequence[Sequence[str]]:
        return _ORDERED


# Rows in member order (旺 相 死 囚 休), from the names in the order of the words.
_ORDERED = (_NAMES[0], _NAMES[1], _NAMES[4], _NAMES[3], _NAMES[2])
# The ruling element of each month branch under "sixth": 寅卯辰 木, 巳午 火, 未 土, 申酉戌 金,
# 亥子丑 水 (子 … 亥).
_FIVE_SEASONS = (4, 4, 0, 0, 0, 1, 1, 2, 3, 3, 3, 4)


def season_states(month_branch: Branch, earth: SeasonEarth = "four") -> dict[Element, SeasonState]:
    """The state of each element (in generating order, 木 first) in a month.

    Args:
        month_branch: the month pillar's branch.
        earth: ``"four"`` (earth rules 辰 未 戌 丑) or ``"sixth"`` (earth rules 未 only).

    >>> {e.hanzi: s.hanzi for e, s in season_states(Branch.YIN).items()}
    {'木': '旺', '火': '相', '土': '死', '金': '囚', '水': '休'}
    """
    return dict(zip(_ELEMENTS, _states(month_branch, earth), strict=True))


@cache
def _states(month_branch: int, earth: str) -> tuple[SeasonState, ...]:
    branch = _BRANCHES[month_branch]
    ruler = branch.element if earth == "four" else _ELEMENTS[_FIVE_SEASONS[branch]]
    return tuple(SeasonState((e - ruler) % 5) for e in _ELEMENTS)
