"""The ten gods 十神: how a stem relates to the day master 日主.

The 子平 rule: compare the other stem's element with the day master's along the generating
cycle (wood → fire → earth → metal → water → wood), then compare yin and yang:

=====================  ====================  ======================
relation to the DM     same polarity (偏)    opposite polarity (正)
=====================  ====================  ======================
same element 同我       比肩 Friend           劫财 Rob Wealth
DM generates 我生       食神 Eating God       伤官 Hurting Officer
DM controls 我克        偏财 Indirect Wealth  正财 Direct Wealth
controls DM 克我        七杀 Seven Killings   正官 Direct Officer
generates DM 生我       偏印 Indirect Resource 正印 Direct Resource
=====================  ====================  ======================

Because :class:`~bazi.cycle.Element` is numbered in generating order, "DM controls" is two
steps on, "controls DM" three and "generates DM" four, so the god follows from arithmetic:
``2 · ((element(other) − element(DM)) mod 5) + (1 if the polarities differ)``, worked out
once for the hundred pairs into a table at import.

English names: those of Joey Yap's English ba-zi books (e.g. *BaZi: The Destiny Code*),
widely used in English-language practice; the Chinese names are the common simplified ones
(七杀 is also written 偏官, 偏印 also 枭神, 正印 also 印绶).

The ten gods of a branch are those of its hidden stems (:mod:`bazi.hidden_stems`), main qi
first; "the" ten god of a branch usually means its main qi's.
"""

from __future__ import annotations

from collections.abc import Sequence

from .cycle import Branch, Stem
from .hidden_stems import hidden_stems
from .names import NamedEnum

__all__ = ["TenGod", "branch_ten_gods", "ten_god"]

_HANZI = ("比肩", "劫财", "食神", "伤官", "偏财", "正财", "七杀", "正官", "偏印", "正印")
_HANZI_TRADITIONAL = (
    "比肩", "劫財", "食神", "傷官", "偏財", "正財", "七殺", "正官", "偏印", "正印",
)  # fmt: skip
_PINYIN = (
    "bǐ jiān", "jié cái", "shí shén", "shāng guān", "piān cái",
    "zhèng cái", "qī shā", "zhèng guān", "piān yìn", "zhèng yìn",
)  # fmt: skip
_ENGLISH = (
    "Friend", "Rob Wealth", "Eating God", "Hurting Officer", "Indirect Wealth",
    "Direct Wealth", "Seven Killings", "Direct Officer", "Indirect Resource", "Direct Resource",
)  # fmt: skip
_ROWS = tuple(zip(_HANZI, _HANZI_TRADITIONAL, _PINYIN, _ENGLISH, strict=True))


class TenGod(NamedEnum):
    """One of the ten gods, numbered 2 · (element steps from the day master) + (polarity differs).

    >>> TenGod.EATING_GOD.hanzi, TenGod.EATING_GOD.english
    ('食神', 'Eating God')
    """

    FRIEND = 0
    ROB_WEALTH = 1
    EATING_GOD = 2
    HURTING_OFFICER = 3
    INDIRECT_WEALTH = 4
    DIRECT_WEALTH = 5
    SEVEN_KILLINGS = 6
    DIRECT_OFFICER = 7
    INDIRECT_RESOURCE = 8
    DIRECT_RESOURCE = 9

    @classmethod
    def name_rows(cls) -> Sequence[Sequence[str]]:
        return _ROWS


# By day master, then other stem: the rule above applied once to the hundred pairs. Stem
# n has element n // 2 and polarity n % 2.
_GODS = tuple(TenGod)
_TEN_GODS: tuple[tuple[TenGod, ...], ...] = tuple(
    tuple(_GODS[2 * ((other // 2 - dm // 2) % 5) + (other - dm) % 2] for other in range(10))
    for dm in range(10)
)


def ten_god(day_master: Stem, other: Stem) -> TenGod:
    """The ten god that ``other`` is to ``day_master``.

    Args:
        day_master: the day stem 日干.
        other: any stem (another pillar's stem, a hidden stem, a luck pillar's stem).

    Returns:
        The :class:`TenGod`; ``ten_god(dm, dm)`` is 比肩.

    >>> ten_god(Stem.GUI, Stem.BING).hanzi  # water controls fire, yin vs yang
    '正财'
    >>> ten_god(Stem.JIA, Stem.GENG).hanzi  # metal controls wood, both yang
    '七杀'
    """
    return _TEN_GODS[_stem(day_master)][_stem(other)]


def branch_ten_gods(day_master: Stem, branch: Branch) -> tuple[TenGod, ...]:
    """The ten gods of the stems hidden in ``branch``, main qi first.

    >>> [g.hanzi for g in branch_ten_gods(Stem.GUI, Branch.YIN)]  # 甲 丙 戊
    ['伤官', '正财', '正官']
    """
    row = _TEN_GODS[_stem(day_master)]
    return tuple(row[s] for s in hidden_stems(branch))


def _stem(value: Stem) -> Stem:
    # A Stem indexes the tables as it is; anything else is checked (and converted) first.
    return value if type(value) is Stem else Stem(value)
