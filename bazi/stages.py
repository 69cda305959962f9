"""The twelve growth stages 十二长生: the phase of a stem's qi on each branch.

Every stem is born 长生 on one branch and then passes through the twelve stages 长生 沐浴
冠带 临官 帝旺 衰 病 死 墓 绝 胎 养, one per branch: yang stems forward through the
branches (子 → 丑 → 寅 …), yin stems backward (阳顺阴逆). The 长生 branches are

====  ====  ====  ====  ====      ====  ====  ====  ====  ====
甲    丙    戊    庚    壬        乙    丁    己    辛    癸
亥    寅    寅    巳    申        午    酉    酉    子    卯
====  ====  ====  ====  ====      ====  ====  ====  ====  ====

Earth goes with fire (火土同宫: 戊 as 丙, 己 as 丁). A yin stem is born where its yang
partner dies (阳死阴生): 甲 dies 死 on 午, where 乙 is born, seven branches on from 亥.
This is the table of lunar-python (``EightChar.CHANG_SHENG`` and its offsets), tyme4j and
0xf3cd/bazi, and what the peers' charts in tests/data/reference assert.

Other schools, not implemented: earth with water (戊 born at 申, 水土同宫), and yin stems
sharing their yang partner's stages (阴阳同生同死, held by several later 子平 writers).

conventions §7 uses the stages twice: the day master on each pillar's branch (星运, lunar's 地势)
and each pillar's stem on its own branch (自坐); see :func:`growth_stage` and
:func:`self_stage`.

English: literal glosses chosen here (长生 "Birth", 冠带 "Capping", 临官 "Office",
帝旺 "Peak"); English texts vary (长生 is also "Growth" or "Longevity").
"""

from __future__ import annotations

from collections.abc import Sequence

from .cycle import _BRANCHES, Branch, Pillar, Stem
from .names import NamedEnum

__all__ = ["Stage", "birth_branch", "growth_stage", "self_stage"]

_HANZI = ("长生", "沐浴", "冠带", "临官", "帝旺", "衰", "病", "死", "墓", "绝", "胎", "养")
_HANZI_TRADITIONAL = (
    "長生", "沐浴", "冠帶", "臨官", "帝旺", "衰", "病", "死", "墓", "絕", "胎", "養",
)  # fmt: skip
_PINYIN = (
    "cháng shēng", "mù yù", "guān dài", "lín guān", "dì wàng", "shuāi",
    "bìng", "sǐ", "mù", "jué", "tāi", "yǎng",
)  # fmt: skip
_ENGLISH = (
    "Birth", "Bath", "Capping", "Office", "Peak", "Decline",
    "Sickness", "Death", "Tomb", "Extinction", "Conception", "Nurture",
)  # fmt: skip
_ROWS = tuple(zip(_HANZI, _HANZI_TRADITIONAL, _PINYIN, _ENGLISH, strict=True))

# 长生 branch of the yang stem of each element: 甲 亥, 丙 寅, 戊 寅, 庚 巳, 壬 申.
_YANG_BIRTH = (Branch.HAI, Branch.YIN, Branch.YIN, Branch.SI, Branch.SHEN)


class Stage(NamedEnum):
    """A growth stage, 0 = 长生 … 11 = 养, in the order a stem passes through them."""

    BIRTH = 0
    BATH = 1
    CAPPING = 2
    OFFICE = 3
    PEAK = 4
    DECLINE = 5
    SICKNESS = 6
    DEATH = 7
    TOMB = 8
    EXTINCTION = 9
    CONCEPTION = 10
    NURTURE = 11

    @classmethod
    def name_rows(cls) -> Sequence[Sequence[str]]:
        return _ROWS


def birth_branch(stem: Stem) -> Branch:
    """The branch where ``stem`` is born 长生 (yin stems: seven on from their yang partner)."""
    return _BRANCHES[_birth_index(_stem(stem))]


def growth_stage(stem: Stem, branch: Branch) -> Stage:
    """The growth stage of ``stem`` on ``branch``.

    Counted from the stem's 长生 branch, forward for a yang stem and backward for a yin one.

    Args:
        stem: the stem whose qi is measured, e.g. the day master.
        branch: the branch it stands on.

    Returns:
        The :class:`Stage`.

    >>> growth_stage(Stem.JIA, Branch.HAI).hanzi, growth_stage(Stem.JIA, Branch.MAO).hanzi
    ('长生', '帝旺')
    >>> growth_stage(Stem.YI, Branch.WU).hanzi, growth_stage(Stem.YI, Branch.YIN).hanzi
    ('长生', '帝旺')
    """
    return _GROWTH[_stem(stem)][branch if type(branch) is Branch else Branch(branch)]


def self_stage(p: Pillar) -> Stage:
    """The stage of a pillar's stem on its own branch (自坐), e.g. 甲子 → 沐浴."""
    return _GROWTH[p.index % 10][p.index % 12]


def _birth_index(stem: int) -> int:
    yang_birth = _YANG_BIRTH[stem // 2]
    return yang_birth if stem % 2 == 0 else (yang_birth + 7) % 12


def _stem(value: Stem) -> Stem:
    # A Stem indexes the tables as it is; anything else is checked (and converted) first.
    return value if type(value) is Stem else Stem(value)


# By stem, then branch: the count from the stem's 长生 branch, worked out once for all
# 120 pairs (yang stems count forward, yin stems backward).
_MEMBERS = tuple(Stage)
_GROWTH: tuple[tuple[Stage, ...], ...] = tuple(
    tuple(
        _MEMBERS[(branch - _birth_index(stem)) * (1 if stem % 2 == 0 else -1) % 12]
        for branch in range(12)
    )
    for stem in range(10)
)
