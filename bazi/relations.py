"""Relations among the stems and branches of the four pillars: combinations, clashes, harms,
punishments and destructions (合 冲 害 刑 破).

Stems:

* 五合 stem combination: 甲己 乙庚 丙辛 丁壬 戊癸 (stems five apart), transforming to 土 金 水
  木 火: the element two steps on, in the generating order, from the lower stem's.
* 天干相冲 stem clash: 甲庚 乙辛 丙壬 丁癸 (six apart, neither 戊 nor 己: the centre earth has
  no clash).

Branches:

* 六合 six harmony: 子丑 土, 寅亥 木, 卯戌 火, 辰酉 金, 巳申 水, 午未 土 (branch sum ≡ 1 mod 12).
  Some texts make 午未 fire, or no transformation at all (the union of sun and moon); we give 土.
* 三合 three harmony: 申子辰 水, 亥卯未 木, 寅午戌 火, 巳酉丑 金: birth 长生, peak 帝旺 and tomb
  墓 of the element, four branches apart, all three present.
* 半三合 half three harmony: the peak branch (子 午 卯 酉) with one of the other two, while the
  third is absent from the chart (申子 or 子辰 for water). Birth and tomb without the peak (申辰,
  拱合) are not counted. When all three are present only the full 三合 is reported.
* 三会 directional combination: 寅卯辰 木 (east), 巳午未 火, 申酉戌 金, 亥子丑 水.
* 六冲 clash: branches six apart (子午 丑未 寅申 卯酉 辰戌 巳亥).
* 六害 harm: 子未 丑午 寅巳 卯辰 申亥 酉戌 (branch sum ≡ 7 mod 12).
* 三刑 punishment, with the names of 《三命通会·论三刑》 (quoting 储华谷; also in 黄宗羲
  《易学象数论》卷六): 寅巳申 无恩之刑 (寅刑巳, 巳刑申, 申刑寅), 丑戌未 恃势之刑 (丑刑戌, 戌刑未,
  未刑丑), 子卯 无礼之刑, and 辰午酉亥 自刑 when the same branch appears twice. Other manuals
  (《三车一览》 as quoted by modern authors) swap the names 无恩 and 恃势; the groups are the
  same. School option ``punishment``: ``"pairs"`` (default; 三命通会's 寅刑巳, 巳刑申, 申刑寅:
  any two of 寅巳申, or of 丑戌未, punish each other, and with all three present one
  three-branch punishment is reported instead) or ``"full"`` (only all three together, the
  "strict" definition of 0xf3cd/bazi).
* 六破 destruction: 子酉 午卯 申巳 寅亥 辰丑 戌未 (a yang branch and the branch three before it).

The tables are the common ones of the 子平 manuals (e.g. 《三命通会》); every pair and triple
agrees with 0xf3cd/bazi's ``bazi/rules.py`` (its ``DIZHI_BANHE`` lists the same eight half
三合 pairs), which tests/test_derived_tables.py checks exhaustively.

Every combination of positions is examined, adjacent or not: schools that only let
neighbouring pillars combine (紧贴) can filter on :attr:`Relation.positions`. A branch that
appears twice takes part once per position, so 子 子 丑 gives two 六合.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import combinations
from operator import itemgetter
from typing import Literal, NamedTuple, get_args

from .cycle import _BRANCHES, _STEMS, Branch, Element, Stem
from .errors import InvalidInputError
from .names import Lang, NamedEnum, name_table
from .options import PunishmentRule
from .pillars import FourPillars

__all__ = ["POSITIONS", "Position", "PunishmentRule", "Relation", "RelationKind", "relations"]

Position = Literal["year", "month", "day", "hour"]
POSITIONS: tuple[Position, ...] = ("year", "month", "day", "hour")

_NAMES = (
    ("天干五合", "天干五合", "tiān gān wǔ hé", "Stem Combination"),
    ("天干相冲", "天干相沖", "tiān gān xiāng chōng", "Stem Clash"),
    ("六合", "六合", "liù hé", "Six Harmony"),
    ("三合", "三合", "sān hé", "Three Harmony"),
    ("半三合", "半三合", "bàn sān hé", "Half Three Harmony"),
    ("三会", "三會", "sān huì", "Directional Combination"),
    ("六冲", "六沖", "liù chōng", "Clash"),
    ("六害", "六害", "liù hài", "Harm"),
    ("无恩之刑", "無恩之刑", "wú ēn zhī xíng", "Ungrateful Punishment"),
    ("恃势之刑", "恃勢之刑", "shì shì zhī xíng", "Bullying Punishment"),
    ("无礼之刑", "無禮之刑", "wú lǐ zhī xíng", "Rude Punishment"),
    ("自刑", "自刑", "zì xíng", "Self Punishment"),
    ("六破", "六破", "liù pò", "Destruction"),
)


class RelationKind(NamedEnum):
    """The kind of a :class:`Relation`, in the order :func:`relations` reports them."""

    STEM_COMBINATION = 0
    STEM_CLASH = 1
    SIX_HARMONY = 2
    THREE_HARMONY = 3
    HALF_THREE_HARMONY = 4
    DIRECTIONAL = 5
    CLASH = 6
    HARM = 7
    UNGRATEFUL_PUNISHMENT = 8
    BULLYING_PUNISHMENT = 9
    RUDE_PUNISHMENT = 10
    SELF_PUNISHMENT = 11
    DESTRUCTION = 12

    @classmethod
    def name_rows(cls) -> Sequence[Sequence[str]]:
        return _NAMES


class Relation(NamedTuple):
    """One relation found in a chart.

    Attributes:
        kind: what relation it is.
        positions: the pillars involved, in chart order, e.g. ``("year", "day")``.
        stems: the stems involved (stem relations), in the order of ``positions``.
        branches: the branches involved (branch relations), in the order of ``positions``.
        element: the element a combination (合, 会) transforms to; ``None`` otherwise.
    """

    kind: RelationKind
    positions: tuple[Position, ...]
    stems: tuple[Stem, ...] = ()
    branches: tuple[Branch, ...] = ()
    element: Element | None = None

    def to_dict(self, lang: Lang = "zh") -> dict[str, object]:
        """JSON-ready: the kind, positions, characters and element, named in ``lang`` (a
        fresh dict, from one made once per relation and language: relations are shared)."""
        kind, positions, stems, branches, element = _relation_names(self, lang)
        return {
            "kind": kind,
            "positions": list(positions),
            "stems": list(stems),
            "branches": list(branches),
            "element": element,
        }


@cache
def _relation_names(
    r: Relation, lang: Lang
) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], str | None]:
    stems, branches = name_table(Stem, lang), name_table(Branch, lang)
    return (
        name_table(RelationKind, lang)[r.kind],
        r.positions,
        tuple(stems[s] for s in r.stems),
        tuple(branches[b] for b in r.branches),
        None if r.element is None else name_table(Element, lang)[r.element],
    )


_K = RelationKind
# 六合 pairs by their lower branch: 子丑 土, 寅亥 木, 卯戌 火, 辰酉 金, 巳申 水, 午未 土.
_SIX_HARMONY_ELEMENT = {
    0: Element.EARTH, 2: Element.WOOD, 3: Element.FIRE,
    4: Element.METAL, 5: Element.WATER, 6: Element.EARTH,
}  # fmt: skip
_PEAKS = (Branch.ZI, Branch.MAO, Branch.WU, Branch.YOU)  # 帝旺 of water, wood, fire, metal
_SELF_PUNISHING = frozenset({Branch.CHEN, Branch.WU, Branch.YOU, Branch.HAI})
# Three-branch frames: 三合 (birth, peak, tomb: peak ∓ 4), 三会 (peak ∓ 1), the two 三刑.
_FRAMES: tuple[tuple[RelationKind, tuple[Branch, ...], Element | None], ...] = (
    *(
        (kind, tuple(Branch((peak + k * step) % 12) for k in (-1, 0, 1)), peak.element)
        for peak in _PEAKS
        for kind, step in ((_K.THREE_HARMONY, 4), (_K.DIRECTIONAL, 1))
    ),
    (_K.UNGRATEFUL_PUNISHMENT, (Branch.YIN, Branch.SI, Branch.SHEN), None),
    (_K.BULLYING_PUNISHMENT, (Branch.CHOU, Branch.XU, Branch.WEI), None),
)
_PUNISHMENTS = (_K.UNGRATEFUL_PUNISHMENT, _K.BULLYING_PUNISHMENT)


def _stem_pair(a: Stem, b: Stem) -> tuple[RelationKind, Element | None] | None:
    lo, hi = sorted((a, b))
    if hi - lo == 5:
        return _K.STEM_COMBINATION, Element((lo % 5 + 2) % 5)
    if hi - lo == 6:  # 甲庚 乙辛 丙壬 丁癸; 戊 and 己 have no partner six on
        return _K.STEM_CLASH, None
    return None


def _branch_pair(a: Branch, b: Branch) -> list[tuple[RelationKind, Element | None]]:
    found: list[tuple[RelationKind, Element | None]] = []
    if (a + b) % 12 == 1:
        found.append((_K.SIX_HARMONY, _SIX_HARMONY_ELEMENT[min(a, b)]))
    if (a - b) % 12 == 6:
        found.append((_K.CLASH, None))
    if (a + b) % 12 == 7:
        found.append((_K.HARM, None))
    if {a, b} == {Branch.ZI, Branch.MAO}:
        found.append((_K.RUDE_PUNISHMENT, None))
    if a == b and a in _SELF_PUNISHING:
        found.append((_K.SELF_PUNISHMENT, None))
    yang = a if a % 2 == 0 else b
    if a % 2 != b % 2 and {a, b} == {yang, (yang - 3) % 12}:
        found.append((_K.DESTRUCTION, None))
    return found


def relations(pillars: FourPillars, *, punishment: PunishmentRule = "pairs") -> list[Relation]:
    """Every relation among the stems and among the branches of ``pillars``.

    Args:
        pillars: the four pillars.
        punishment: ``"pairs"`` (default): two of 寅巳申 or of 丑戌未 already punish;
            ``"full"``: only all three do.

    Returns:
        :class:`Relation` values, ordered by kind (the order of :class:`RelationKind`),
        then by positions.

    >>> chart = FourPillars.from_hanzi("甲子 己丑 庚午 丙子")
    >>> for r in relations(chart):
    ...     print(r.kind.hanzi, *r.positions, *map(str, r.stems + r.branches))
    天干五合 year month 甲 己
    天干相冲 year day 甲 庚
    六合 year month 子 丑
    六合 month hour 丑 子
    六冲 year day 子 午
    六冲 day hour 午 子
    六害 month day 丑 午
    """
    if punishment not in _PUNISHMENT_RULES:
        raise InvalidInputError(
            f"punishment must be 'pairs' or 'full'; got {punishment!r}", punishment, "punishment"
        )
    a, b, c, d = (p.index for p in pillars)
    # Stem relations (kinds 0 and 1) come before every branch relation (kinds 2 to 12).
    return [
        *_stem_relations_of(a % 10, b % 10, c % 10, d % 10),
        *_branch_relations_of(a % 12, b % 12, c % 12, d % 12, punishment),
    ]


# The relations among the stems depend only on the four stems (10,000 sets), those among the
# branches on the four branches and the punishment rule (41,472 sets): each set is found
# once, when a chart first has it, and shared (relations are immutable): about 10 MB once a
# process has met every set, as a long-running server may.


@cache
def _stem_relations_of(s0: int, s1: int, s2: int, s3: int) -> tuple[Relation, ...]:
    stems = (s0, s1, s2, s3)
    found: list[_Found] = []
    for i, j in _PAIRS:
        found += _stem_relations(i, j, stems[i], stems[j])
    return _in_order(found)


@cache
def _branch_relations_of(
    b0: int, b1: int, b2: int, b3: int, punishment: PunishmentRule
) -> tuple[Relation, ...]:
    branches = (b0, b1, b2, b3)
    found: list[_Found] = []
    for i, j in _PAIRS:
        found += _branch_relations(i, j, branches[i], branches[j])

    mask = 1 << b0 | 1 << b1 | 1 << b2 | 1 << b3
    for f in _frames_touched(mask):
        kind, group, element = _FRAMES[f]
        hits = [k for k in range(4) if _FRAME_MASKS[f] >> branches[k] & 1]
        if mask & _FRAME_MASKS[f] == _FRAME_MASKS[f]:  # all three present
            for trio in combinations(hits, 3):
                if len({branches[k] for k in trio}) == 3:
                    found.append(_of(kind, trio, branches, element))
            continue
        # Two of the three, the third absent from the chart.
        for duo in combinations(hits, 2):
            a, b = branches[duo[0]], branches[duo[1]]
            if a == b:
                continue
            if kind == _K.THREE_HARMONY and group[1] in (a, b):
                found.append(_of(_K.HALF_THREE_HARMONY, duo, branches, element))
            elif kind in _PUNISHMENTS and punishment == "pairs":
                found.append(_of(kind, duo, branches, None))
    return _in_order(found)


def _in_order(found: list[_Found]) -> tuple[Relation, ...]:
    """The relations found, by kind, then by positions (stable: equal keys keep the order
    found)."""
    found.sort(key=_SORT_KEY)
    return tuple(relation for _, relation in found)


# A relation with its sort key: its kind, then the numbers of its positions.
_Found = tuple[tuple[int, tuple[int, ...]], Relation]
_SORT_KEY = itemgetter(0)
_PUNISHMENT_RULES = get_args(PunishmentRule)
_PAIRS = tuple(combinations(range(4), 2))
# Each frame's branches as a bit mask (bit b for branch b), to test a chart's branches at once.
_FRAME_MASKS = tuple(sum(1 << b for b in group) for _, group, _ in _FRAMES)

# Each Relation is made once and shared: those of a pair of stems on a pair of positions
# (600 keys), and each branch relation (_branch_relation).


def _frames_touched(mask: int) -> tuple[int, ...]:
    """The frames (三合, 三会, 三刑) holding two or more of the branches in ``mask``."""
    return tuple(f for f, frame in enumerate(_FRAME_MASKS) if (mask & frame).bit_count() >= 2)


@cache
def _stem_relations(i: int, j: int, a: int, b: int) -> tuple[_Found, ...]:
    stem_relation = _stem_pair(_STEMS[a], _STEMS[b])
    if stem_relation is None:
        return ()
    kind, element = stem_relation
    pos = (POSITIONS[i], POSITIONS[j])
    return (((kind, (i, j)), Relation(kind, pos, stems=(_STEMS[a], _STEMS[b]), element=element)),)


def _branch_relations(i: int, j: int, a: int, b: int) -> tuple[_Found, ...]:
    return tuple(
        _of(kind, (i, j), {i: a, j: b}, element)
        for kind, element in _branch_pair(_BRANCHES[a], _BRANCHES[b])
    )


def _of(
    kind: RelationKind,
    idx: tuple[int, ...],
    branches: Sequence[int] | dict[int, int],
    element: Element | None,
) -> _Found:
    """The branch relation ``kind`` among the positions numbered ``idx``, made once."""
    return _branch_relation(kind, idx, tuple(branches[k] for k in idx), element)


@cache
def _branch_relation(
    kind: RelationKind, idx: tuple[int, ...], chars: tuple[int, ...], element: Element | None
) -> _Found:
    relation = Relation(
        kind,
        tuple(POSITIONS[k] for k in idx),
        branches=tuple(_BRANCHES[b] for b in chars),
        element=element,
    )
    return (kind, idx), relation
