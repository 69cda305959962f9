"""Nayin 纳音: the thirty "sound" elements of the sixty pillars, two pillars each.

Pillars 2k and 2k + 1 share nayin k, in the order of the traditional rhyme 六十甲子纳音歌:
甲子乙丑海中金, 丙寅丁卯炉中火, 戊辰己巳大林木, … 壬戌癸亥大海水. Each nayin has an
element (金 for 海中金), which is not the element of its stems or branches.

Names: the simplified names are the common ones, as in 6tail/tyme4j ``Sound``, lunar-python
``LunarUtil.NAYIN`` and 0xf3cd/bazi. Published tables also write some of them differently;
those spellings are kept in :attr:`Nayin.variants` so that a peer's name can be recognised:
砂中金/砂中土 for 沙中金/沙中土 (砂 and 沙 both "sand"; china-testing/bazi), 金泊金 for
金箔金 and 井泉水 for 泉中水 (china-testing/bazi), and 佛灯火 for 覆灯火 (in several other
calculators).

English: this project's literal rendering, "<the image> <the element>": 海中金 "Sea Metal"
(metal in the sea), 炉中火 "Furnace Fire", 天河水 "Sky-River Water". English texts render
these images in many ways; ours keeps the image and the element visible in every name.
"""

from __future__ import annotations

from collections.abc import Sequence

from .cycle import _ELEMENTS, _PILLARS, Element, Pillar
from .errors import InvalidInputError
from .names import NamedEnum

__all__ = ["Nayin", "nayin"]

# (simplified, traditional, pinyin, English, element, variant spellings)
_TABLE: tuple[tuple[str, str, str, str, str, tuple[str, ...]], ...] = (
    ("海中金", "海中金", "hǎi zhōng jīn", "Sea Metal", "金", ()),
    ("炉中火", "爐中火", "lú zhōng huǒ", "Furnace Fire", "火", ()),
    ("大林木", "大林木", "dà lín mù", "Forest Wood", "木", ()),
    ("路旁土", "路旁土", "lù páng tǔ", "Roadside Earth", "土", ()),
    ("剑锋金", "劍鋒金", "jiàn fēng jīn", "Sword-Edge Metal", "金", ()),
    ("山头火", "山頭火", "shān tóu huǒ", "Mountaintop Fire", "火", ()),
    ("涧下水", "澗下水", "jiàn xià shuǐ", "Ravine Water", "水", ()),
    ("城头土", "城頭土", "chéng tóu tǔ", "City-Wall Earth", "土", ()),
    ("白蜡金", "白蠟金", "bái là jīn", "White-Wax Metal", "金", ()),
    ("杨柳木", "楊柳木", "yáng liǔ mù", "Willow Wood", "木", ()),
    ("泉中水", "泉中水", "quán zhōng shuǐ", "Spring Water", "水", ("井泉水",)),
    ("屋上土", "屋上土", "wū shàng tǔ", "Rooftop Earth", "土", ()),
    ("霹雳火", "霹靂火", "pī lì huǒ", "Thunderbolt Fire", "火", ()),
    ("松柏木", "松柏木", "sōng bǎi mù", "Pine-and-Cypress Wood", "木", ()),
    ("长流水", "長流水", "cháng liú shuǐ", "Long-River Water", "水", ()),
    ("沙中金", "沙中金", "shā zhōng jīn", "Sand Metal", "金", ("砂中金",)),
    ("山下火", "山下火", "shān xià huǒ", "Mountain-Foot Fire", "火", ()),
    ("平地木", "平地木", "píng dì mù", "Flatland Wood", "木", ()),
    ("壁上土", "壁上土", "bì shàng tǔ", "Wall Earth", "土", ()),
    ("金箔金", "金箔金", "jīn bó jīn", "Gold-Foil Metal", "金", ("金泊金",)),
    ("覆灯火", "覆燈火", "fù dēng huǒ", "Lamp Fire", "火", ("佛灯火",)),
    ("天河水", "天河水", "tiān hé shuǐ", "Sky-River Water", "水", ()),
    ("大驿土", "大驛土", "dà yì tǔ", "Post-Road Earth", "土", ()),
    ("钗钏金", "釵釧金", "chāi chuàn jīn", "Jewellery Metal", "金", ()),
    ("桑柘木", "桑柘木", "sāng zhè mù", "Mulberry Wood", "木", ()),
    ("大溪水", "大溪水", "dà xī shuǐ", "Great-Stream Water", "水", ()),
    ("沙中土", "沙中土", "shā zhōng tǔ", "Sand Earth", "土", ("砂中土",)),
    ("天上火", "天上火", "tiān shàng huǒ", "Sky Fire", "火", ()),
    ("石榴木", "石榴木", "shí liú mù", "Pomegranate Wood", "木", ()),
    ("大海水", "大海水", "dà hǎi shuǐ", "Great-Sea Water", "水", ()),
)

_NAME_ROWS = tuple(row[:4] for row in _TABLE)


class Nayin(NamedEnum):
    """One of the thirty nayin, numbered 0 (海中金, 甲子乙丑) to 29 (大海水, 壬戌癸亥).

    >>> Nayin.SEA_METAL.hanzi, Nayin.SEA_METAL.element.hanzi
    ('海中金', '金')
    """

    SEA_METAL = 0
    FURNACE_FIRE = 1
    FOREST_WOOD = 2
    ROADSIDE_EARTH = 3
    SWORD_EDGE_METAL = 4
    MOUNTAINTOP_FIRE = 5
    RAVINE_WATER = 6
    CITY_WALL_EARTH = 7
    WHITE_WAX_METAL = 8
    WILLOW_WOOD = 9
    SPRING_WATER = 10
    ROOFTOP_EARTH = 11
    THUNDERBOLT_FIRE = 12
    PINE_CYPRESS_WOOD = 13
    LONG_RIVER_WATER = 14
    SAND_METAL = 15
    MOUNTAIN_FOOT_FIRE = 16
    FLATLAND_WOOD = 17
    WALL_EARTH = 18
    GOLD_FOIL_METAL = 19
    LAMP_FIRE = 20
    SKY_RIVER_WATER = 21
    POST_ROAD_EARTH = 22
    JEWELLERY_METAL = 23
    MULBERRY_WOOD = 24
    GREAT_STREAM_WATER = 25
    SAND_EARTH = 26
    SKY_FIRE = 27
    POMEGRANATE_WOOD = 28
    GREAT_SEA_WATER = 29

    @classmethod
    def from_hanzi(cls, text: str) -> Nayin:
        """The nayin written ``text``: simplified, traditional or a listed variant spelling."""
        for i, row in enumerate(_TABLE):
            if text in (row[0], row[1], *row[5]):
                return cls(i)
        raise InvalidInputError(f"not a nayin name: {text!r}", text)

    @classmethod
    def name_rows(cls) -> Sequence[Sequence[str]]:
        return _NAME_ROWS

    @property
    def element(self) -> Element:
        """The nayin's own element (e.g. 金 for 海中金)."""
        return _ELEMENTS["木火土金水".index(_TABLE[self][4])]

    @property
    def variants(self) -> tuple[str, ...]:
        """Other simplified spellings found in published tables (e.g. 砂中土 for 沙中土)."""
        return _TABLE[self][5]

    @property
    def pillars(self) -> tuple[Pillar, Pillar]:
        """The two pillars that share this nayin."""
        return _PILLARS[2 * self], _PILLARS[2 * self + 1]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready names, element and index."""
        return {**super().to_dict(), "element": self.element.english}


def nayin(p: Pillar) -> Nayin:
    """The nayin of pillar ``p``: number ``p.index // 2``.

    >>> nayin(Pillar.from_hanzi("丙寅")).hanzi, nayin(Pillar.from_hanzi("癸亥")).english
    ('炉中火', 'Great-Sea Water')
    """
    return _NAYINS[p.index // 2]


_NAYINS = tuple(Nayin)  # by number: indexing is much faster than calling the enum
