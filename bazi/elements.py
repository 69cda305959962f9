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

from .cycle import _BRANCHES, _ELEMENTS, Element
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
    table = _WITH_HIDDEN if hidden else _VISIBLE
    counts = [0, 0, 0, 0, 0]
    for p in pillars:
        for element in table[p.index]:
            counts[element] += 1
    return dict(zip(_ELEMENTS, counts, strict=True))


# The element numbers each of the sixty pillars adds to the counts, worked out once: its
# stem's (stem n has element n // 2), then its branch's or its hidden stems'.
_BRANCH_OWN = tuple((int(b.element),) for b in _BRANCHES)
_BRANCH_HIDDEN = tuple(tuple(s // 2 for s in hidden_stems(b)) for b in _BRANCHES)
_VISIBLE = tuple((i % 10 // 2, *_BRANCH_OWN[i % 12]) for i in range(60))
_WITH_HIDDEN = tuple((i % 10 // 2, *_BRANCH_HIDDEN[i % 12]) for i in range(60))
