"""Hidden stems 藏干: the stems each earthly branch holds, main qi first.

Every branch holds one to three stems, listed main 本气 (主气), middle 中气, residual 余气:

====  ========  ====  ========  ====  ========  ====  ========
子    癸        卯    乙        午    丁 己     酉    辛
丑    己 癸 辛  辰    戊 乙 癸  未    己 丁 乙  戌    戊 辛 丁
寅    甲 丙 戊  巳    丙 庚 戊  申    庚 壬 戊  亥    壬 甲
====  ========  ====  ========  ====  ========  ====  ========

The main stem always has the branch's own element (子 水 → 癸, 寅 木 → 甲, 辰 土 → 戊 …).

Sources: 6tail/tyme4j ``EarthBranch.getHideHeavenStemMain/Middle/Residual`` (the same lists
as lunar-python's ``LunarUtil.ZHI_HIDE_GAN``), and 0xf3cd/bazi's weighted table, whose
60/30/10 (or 70/30) weights rank the stems in this same order. The peers' documented charts
(tests/data/reference/peer_cases_public.json) agree.

Where published tables disagree:

* 巳: 丙 庚 戊 here (tyme4j, lunar-python, 0xf3cd/bazi); china-testing/bazi and many
  printed tables write 丙 戊 庚. The set is the same; only the middle and residual swap. We
  follow the order in which each of the four 长生 branches 寅申巳亥 holds, as middle qi, the
  element of the 三合 frame that begins there (寅 丙 of 寅午戌, 申 壬 of 申子辰, 亥 甲 of
  亥卯未, so 巳 庚 of 巳酉丑), with 戊 as residual in 寅申巳 alike.
* 辰戌丑未: the list order is the peers'. Some texts call the stored (墓) element the middle
  qi and the previous season's stem the residual (辰 戊 癸 乙 instead of 戊 乙 癸); the
  stems are the same.
* 亥: a few tables add 戊 as residual; 午: a few give 丁 alone. We follow the peers.
"""

from __future__ import annotations

from .cycle import Branch, Stem

__all__ = ["hidden_stems", "main_stem"]

_S = Stem
_HIDDEN: tuple[tuple[Stem, ...], ...] = (
    (_S.GUI,),  # 子
    (_S.JI, _S.GUI, _S.XIN),  # 丑
    (_S.JIA, _S.BING, _S.WU),  # 寅
    (_S.YI,),  # 卯
    (_S.WU, _S.YI, _S.GUI),  # 辰
    (_S.BING, _S.GENG, _S.WU),  # 巳
    (_S.DING, _S.JI),  # 午
    (_S.JI, _S.DING, _S.YI),  # 未
    (_S.GENG, _S.REN, _S.WU),  # 申
    (_S.XIN,),  # 酉
    (_S.WU, _S.XIN, _S.DING),  # 戌
    (_S.REN, _S.JIA),  # 亥
)


def hidden_stems(branch: Branch) -> tuple[Stem, ...]:
    """The stems hidden in ``branch``, in the order main 本气, middle 中气, residual 余气.

    Args:
        branch: an earthly branch.

    Returns:
        One to three stems; the first is the main qi.

    >>> [s.hanzi for s in hidden_stems(Branch.YIN)]
    ['甲', '丙', '戊']
    >>> [s.hanzi for s in hidden_stems(Branch.SI)]
    ['丙', '庚', '戊']
    """
    return _HIDDEN[_branch(branch)]


def main_stem(branch: Branch) -> Stem:
    """The main-qi stem 本气 of ``branch``: the stem whose element is the branch's."""
    return _HIDDEN[_branch(branch)][0]


def _branch(value: Branch) -> Branch:
    # A Branch indexes the table as it is; anything else is checked (and converted) first.
    return value if type(value) is Branch else Branch(value)
