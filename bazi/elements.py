"""Five-element counts 五行统计 of a chart.

Two plain counts, every character weighing one:

* visible (``hidden=False``): the eight characters 八字, each stem by its element
  (甲乙 木 …) and each branch by its own element (寅卯 木, 巳午 火, 申酉 金, 亥子 水,
  辰戌丑未 土). Eight in all.
* hidden (``hidden=True``): the four stems, plus every stem hidden in the four branches
  (:mod:`bazi.hidden_stems`: main, middle and residual qi alike) in place of the branches
  themselves. Between 8 and 16 in all; 寅 counts 木 火 土 once each.

Both always have all five elements as keys, zero included, in generating order. Neither is a
strength score: weightings (by qi rank, by the month's season 旺相休囚死, by transformations)
differ between schools and are left to the caller.
"""

from __future__ import annotations

from .cycle import Element
from .hidden_stems import hidden_stems
from .pillars import FourPillars

__all__ = ["element_counts"]


def element_counts(pillars: FourPillars, hidden: bool = False) -> dict[Element, int]:
    """How many of the chart's characters have each element.

    Args:
        pillars: the four pillars.
        hidden: count the branches' hidden stems instead of the branches themselves.

    Returns:
        A dict from each :class:`~bazi.cycle.Element` (all five, generating order) to a count.

    >>> counts = element_counts(FourPillars.from_hanzi("甲子 丙寅 丙寅 庚寅"))
    >>> {e.hanzi: n for e, n in counts.items()}
    {'木': 4, '火': 2, '土': 0, '金': 1, '水': 1}
    """
    counts = dict.fromkeys(Element, 0)
    for p in pillars:
        counts[p.stem.element] += 1
        if hidden:
            for stem in hidden_stems(p.branch):
                counts[stem.element] += 1
        else:
            counts[p.branch.element] += 1
    return counts
