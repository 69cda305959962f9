"""The sexagenary cycle: ten stems 天干, twelve branches 地支 and their sixty pairs.

A pillar is one of the sixty pairs, numbered 0-59 from 甲子: stem = n mod 10 and
branch = n mod 12, so only pairs of equal parity exist. All stepping is modular arithmetic.
"""

from __future__ import annotations

from enum import IntEnum
from functools import total_ordering
from typing import Any

from .errors import InvalidPillarError

__all__ = ["Branch", "Element", "Pillar", "Stem"]


class Element(IntEnum):
    """The five phases 五行, in generating order (wood feeds fire, fire makes earth, ...)."""

    WOOD = 0
    FIRE = 1
    EARTH = 2
    METAL = 3
    WATER = 4

    @property
    def hanzi(self) -> str:
        return "木火土金水"[self]

    hanzi_traditional = hanzi  # the same characters in both scripts

    @property
    def pinyin(self) -> str:
        return ("mù", "huǒ", "tǔ", "jīn", "shuǐ")[self]

    @property
    def english(self) -> str:
        return self.name.capitalize()


_STEM_PINYIN = ("jiǎ", "yǐ", "bǐng", "dīng", "wù", "jǐ", "gēng", "xīn", "rén", "guǐ")
_BRANCH_PINYIN = ("zǐ", "chǒu", "yín", "mǎo", "chén", "sì", "wǔ", "wèi", "shēn", "yǒu", "xū", "hài")
_ANIMALS = (
    "Rat", "Ox", "Tiger", "Rabbit", "Dragon", "Snake",
    "Horse", "Goat", "Monkey", "Rooster", "Dog", "Pig",
)  # fmt: skip
# Branch → element: 子水 丑土 寅木 卯木 辰土 巳火 午火 未土 申金 酉金 戌土 亥水.
_BRANCH_ELEMENT = (4, 2, 0, 0, 2, 1, 1, 2, 3, 3, 2, 4)


class Stem(IntEnum):
    """A heavenly stem 天干, 0 = 甲 … 9 = 癸; even stems are yang."""

    JIA = 0
    YI = 1
    BING = 2
    DING = 3
    WU = 4
    JI = 5
    GENG = 6
    XIN = 7
    REN = 8
    GUI = 9

    @classmethod
    def from_hanzi(cls, text: str) -> Stem:
        """Return the stem written ``text`` (one character, e.g. ``"甲"``)."""
        index = "甲乙丙丁戊己庚辛壬癸".find(text) if len(text) == 1 else -1
        if index < 0:
            raise InvalidPillarError(text, "expected one of 甲乙丙丁戊己庚辛壬癸")
        return cls(index)

    @property
    def hanzi(self) -> str:
        return "甲乙丙丁戊己庚辛壬癸"[self]

    hanzi_traditional = hanzi  # the stems are written the same in both scripts

    @property
    def pinyin(self) -> str:
        return _STEM_PINYIN[self]

    @property
    def element(self) -> Element:
        return _ELEMENTS[self // 2]

    @property
    def is_yang(self) -> bool:
        return self % 2 == 0

    @property
    def english(self) -> str:
        """E.g. ``"Yang Wood"``."""
        return f"{'Yang' if self.is_yang else 'Yin'} {self.element.english}"

    def __str__(self) -> str:
        return self.hanzi


class Branch(IntEnum):
    """An earthly branch 地支, 0 = 子 … 11 = 亥; even branches are yang."""

    ZI = 0
    CHOU = 1
    YIN = 2
    MAO = 3
    CHEN = 4
    SI = 5
    WU = 6
    WEI = 7
    SHEN = 8
    YOU = 9
    XU = 10
    HAI = 11

    @classmethod
    def from_hanzi(cls, text: str) -> Branch:
        """Return the branch written ``text`` (one character, e.g. ``"子"``)."""
        index = "子丑寅卯辰巳午未申酉戌亥".find(text) if len(text) == 1 else -1
        if index < 0:
            raise InvalidPillarError(text, "expected one of 子丑寅卯辰巳午未申酉戌亥")
        return cls(index)

    @property
    def hanzi(self) -> str:
        return "子丑寅卯辰巳午未申酉戌亥"[self]

    hanzi_traditional = hanzi

    @property
    def pinyin(self) -> str:
        return _BRANCH_PINYIN[self]

    @property
    def element(self) -> Element:
        return _ELEMENTS[_BRANCH_ELEMENT[self]]

    @property
    def is_yang(self) -> bool:
        return self % 2 == 0

    @property
    def animal(self) -> str:
        return _ANIMALS[self]

    @property
    def english(self) -> str:
        """The branch's animal, its usual English name (``"Rat"``)."""
        return _ANIMALS[self]

    def __str__(self) -> str:
        return self.hanzi


# Members by index: indexing a tuple is several times faster than calling the enum class,
# and these lookups sit on the hot path of every chart.
_ELEMENTS = tuple(Element)
_STEMS = tuple(Stem)
_BRANCHES = tuple(Branch)


@total_ordering
class Pillar:
    """One of the sixty stem-branch pairs 干支, by its index 0 (甲子) to 59 (癸亥).

    Immutable; equal, hashed and ordered by index.

    >>> Pillar(54)
    Pillar(54)
    >>> str(Pillar.from_hanzi("戊午")), Pillar(54).english
    ('戊午', 'Yang Earth Horse')
    """

    # A plain slotted class rather than a dataclass: ``import bazi`` then needs no
    # dataclasses (which imports inspect), part of keeping the import small.
    __slots__ = ("index",)
    index: int

    def __init__(self, index: int) -> None:
        if not isinstance(index, int) or not 0 <= index < 60:
            raise InvalidPillarError(index, "an index must be an integer 0-59")
        object.__setattr__(self, "index", index)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to {name!r}: a Pillar is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete {name!r}: a Pillar is immutable")

    def __reduce__(self) -> tuple[type[Pillar], tuple[int]]:
        return Pillar, (self.index,)

    def __eq__(self, other: object) -> bool:
        return self.index == other.index if type(other) is Pillar else NotImplemented

    def __lt__(self, other: Pillar) -> bool:
        return self.index < other.index if type(other) is Pillar else NotImplemented

    def __hash__(self) -> int:
        return hash(self.index)

    @classmethod
    def of(cls, stem: int, branch: int) -> Pillar:
        """The pillar with this stem and branch; they must share parity (甲丑 does not exist)."""
        if (stem - branch) % 2:
            raise InvalidPillarError(
                f"{Stem(stem).hanzi}{Branch(branch).hanzi}",
                "a yang stem pairs only with a yang branch and a yin stem with a yin branch",
            )
        # Chinese remainder theorem: n ≡ stem (mod 10), n ≡ branch (mod 12).
        return cls((6 * stem - 5 * branch) % 60)

    @classmethod
    def from_hanzi(cls, text: str) -> Pillar:
        """Parse a two-character name such as ``"甲子"``."""
        if not isinstance(text, str) or len(text) != 2:
            raise InvalidPillarError(text, "expected two characters, a stem then a branch")
        return cls.of(Stem.from_hanzi(text[0]), Branch.from_hanzi(text[1]))

    @property
    def stem(self) -> Stem:
        return _STEMS[self.index % 10]

    @property
    def branch(self) -> Branch:
        return _BRANCHES[self.index % 12]

    def __add__(self, steps: int) -> Pillar:
        return Pillar((self.index + steps) % 60)

    def __sub__(self, steps: int) -> Pillar:
        return Pillar((self.index - steps) % 60)

    @property
    def void(self) -> tuple[Branch, Branch]:
        """The two void branches 旬空 (空亡) of this pillar's decade 旬.

        A 旬 is the run of ten pillars from a 甲 stem; its ten stems take ten of the twelve
        branches, and the two left over are void: the branches after its last (癸) pillar.
        So 甲子 … 癸酉 leave 戌亥, and 癸未 (in the 甲戌 旬) has 申酉.

        >>> [b.hanzi for b in Pillar.from_hanzi("癸未").void]
        ['申', '酉']
        """
        first = (self.index - self.index % 10 + 10) % 12
        return Branch(first), Branch((first + 1) % 12)

    @property
    def hanzi(self) -> str:
        return _PILLAR_HANZI[self.index]

    hanzi_traditional = hanzi

    @property
    def pinyin(self) -> str:
        """E.g. ``"jiǎ zǐ"``."""
        return f"{self.stem.pinyin} {self.branch.pinyin}"

    @property
    def english(self) -> str:
        """E.g. ``"Yang Wood Rat"``."""
        return f"{self.stem.english} {self.branch.animal}"

    def __str__(self) -> str:
        return self.hanzi

    def __repr__(self) -> str:
        return f"Pillar({self.index})"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready names and indices (a fresh dict: the caller may change it)."""
        names = _PILLAR_DICTS[self.index]
        if names is None:  # built on first use, one per pillar: every chart lists four
            names = _PILLAR_DICTS[self.index] = {
                "hanzi": self.hanzi,
                "hanzi_traditional": self.hanzi_traditional,
                "pinyin": self.pinyin,
                "english": self.english,
                "index": self.index,
                "stem": self.stem.hanzi,
                "branch": self.branch.hanzi,
            }
        return dict(names)


# The sixty pillars by index, built once: hot paths index this instead of constructing.
_PILLARS = tuple(Pillar(i) for i in range(60))
_PILLAR_HANZI = tuple(
    "甲乙丙丁戊己庚辛壬癸"[i % 10] + "子丑寅卯辰巳午未申酉戌亥"[i % 12] for i in range(60)
)
_PILLAR_DICTS: list[dict[str, object] | None] = [None] * 60
