"""The tables behind the derived chart data, checked against second published sources.

Every expected value here is written out as a literal from a named source, or derived by
hand in a comment; none was produced by the code under test. Sources:

* 6tail/tyme4j ``EarthBranch.getHideHeavenStemMain/Middle/Residual``, as shipped in
  tyme4py 1.4.3 (``tyme4py/sixtycycle``): hidden stems as stem indices, -1 = none.
* 0xf3cd/bazi ``bazi/rules.py`` @ 358fff85: ``HIDDEN_TIANGANS`` (weights),
  ``TIANGAN_ZHANGSHENG``, ``TIANGAN_LU``, ``TIANGAN_HE``, ``TIANGAN_CHONG``, ``DIZHI_LIUHE``,
  ``DIZHI_SANHE``, ``DIZHI_BANHE``, ``DIZHI_SANHUI``, ``DIZHI_CHONG``, ``DIZHI_HAI``,
  ``DIZHI_PO``, ``DIZHI_XING`` (strict and loose).
* lunar-python ``EightChar``: the 十二长生 offsets (``__CHANG_SHENG_OFFSET``) and its rule
  stage = offset ± branch index (子 = 0), + for yang stems, − for yin.
* china-testing/bazi ``datas.py``: its ``nayins`` table.
* The traditional rhyme 六十甲子纳音歌, and the 六甲旬空 table (甲子旬中戌亥空 …).
* 《三命通会·论坐命宫》: the worked example 甲子年三月戌时 → 命坐卯宫, 丁卯.
* 胎元 examples of two popular web pages: bazilao.com/mingli/537025.html (己亥年壬申月 → 癸亥,
  甲寅月 → 乙巳) and guoxuedz.com/14528.html (己巳月 → 庚申, 壬午月 → 癸酉).
"""

from __future__ import annotations

import doctest
import re
from enum import IntEnum
from itertools import product
from typing import Any

import pytest

import bazi.cycle
import bazi.elements
import bazi.hidden_stems
import bazi.nayin
import bazi.palaces
import bazi.relations
import bazi.stages
import bazi.ten_gods
from bazi.cycle import Branch, Element, Pillar, Stem
from bazi.elements import element_counts
from bazi.errors import InvalidInputError
from bazi.hidden_stems import hidden_stems, main_stem
from bazi.names import LANGS, label
from bazi.nayin import Nayin, nayin
from bazi.palaces import ming_gong, shen_gong, tai_xi, tai_yuan
from bazi.pillars import FourPillars
from bazi.relations import Relation, RelationKind, relations
from bazi.stages import Stage, growth_stage, self_stage
from bazi.ten_gods import TenGod, branch_ten_gods, ten_god

STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def fp(text: str) -> FourPillars:
    return FourPillars.from_hanzi(text)


@pytest.mark.parametrize(
    "module",
    [
        bazi.cycle,
        bazi.elements,
        bazi.hidden_stems,
        bazi.nayin,
        bazi.palaces,
        bazi.relations,
        bazi.stages,
        bazi.ten_gods,
    ],
)
def test_doctests(module: object) -> None:
    failed, attempted = doctest.testmod(module, verbose=False)  # type: ignore[arg-type]
    assert attempted > 0 and failed == 0


# --- hidden stems 藏干 ---------------------------------------------------------------------

# tyme4j, by branch 子 … 亥; stem indices 甲 = 0 … 癸 = 9.
TYME_MAIN = [9, 5, 0, 1, 4, 2, 3, 5, 6, 7, 4, 8]
TYME_MIDDLE = [-1, 9, 2, -1, 1, 6, 5, 3, 8, -1, 7, 0]
TYME_RESIDUAL = [-1, 7, 4, -1, 9, 4, -1, 1, 4, -1, 3, -1]

# 0xf3cd/bazi HIDDEN_TIANGANS.
WEIGHTED = {
    "子": {"癸": 100},
    "丑": {"己": 60, "癸": 30, "辛": 10},
    "寅": {"甲": 60, "丙": 30, "戊": 10},
    "卯": {"乙": 100},
    "辰": {"戊": 60, "乙": 30, "癸": 10},
    "巳": {"丙": 60, "庚": 30, "戊": 10},
    "午": {"丁": 70, "己": 30},
    "未": {"己": 60, "丁": 30, "乙": 10},
    "申": {"庚": 60, "壬": 30, "戊": 10},
    "酉": {"辛": 100},
    "戌": {"戊": 60, "辛": 30, "丁": 10},
    "亥": {"壬": 70, "甲": 30},
}


@pytest.mark.parametrize("branch", list(Branch))
def test_hidden_stems_match_tyme4j(branch: Branch) -> None:
    expected = [TYME_MAIN[branch], TYME_MIDDLE[branch], TYME_RESIDUAL[branch]]
    assert [int(s) for s in hidden_stems(branch)] == [i for i in expected if i >= 0]


@pytest.mark.parametrize("branch", list(Branch))
def test_hidden_stems_match_0xf3cd_weights(branch: Branch) -> None:
    weights = WEIGHTED[branch.hanzi]
    assert [s.hanzi for s in hidden_stems(branch)] == sorted(weights, key=lambda s: -weights[s])


def test_main_qi_has_the_branch_element() -> None:
    for branch in Branch:
        assert main_stem(branch) == hidden_stems(branch)[0]
        assert main_stem(branch).element == branch.element


def test_si_order_is_where_published_tables_disagree() -> None:
    # china-testing/bazi (README output) lists 巳 as 丙 戊 庚; tyme4j and 0xf3cd/bazi as 丙 庚 戊.
    ours = [s.hanzi for s in hidden_stems(Branch.SI)]
    assert ours == ["丙", "庚", "戊"]
    assert sorted(ours) == sorted(["丙", "戊", "庚"])
    # The pattern behind our order: each 长生 branch 寅申巳 holds as middle qi the element of
    # the 三合 frame it begins (寅午戌 fire, 申子辰 water, 巳酉丑 metal), and 戊 as residual.
    for branch, frame in ((Branch.YIN, Element.FIRE), (Branch.SHEN, Element.WATER)):
        assert hidden_stems(branch)[1].element == frame and hidden_stems(branch)[2] == Stem.WU
    assert hidden_stems(Branch.SI)[1].element == Element.METAL
    assert hidden_stems(Branch.HAI)[1].element == Element.WOOD  # 亥卯未


# --- ten gods 十神 --------------------------------------------------------------------------

# Hand-derived rows. 甲 (yang wood): 甲 same element and polarity 比肩, 乙 same element other
# polarity 劫财; wood feeds fire: 丙 (yang) 食神, 丁 伤官; wood controls earth: 戊 偏财, 己 正财;
# metal controls wood: 庚 (yang) 七杀, 辛 正官; water feeds wood: 壬 偏印, 癸 正印.
# 癸 (yin water): water feeds wood: 甲 (yang) 伤官, 乙 (yin) 食神; water controls fire: 丙 正财,
# 丁 偏财; earth controls water: 戊 正官, 己 七杀; metal feeds water: 庚 正印, 辛 偏印;
# 壬 劫财, 癸 比肩.
HAND_ROWS = {
    "甲": "比肩 劫财 食神 伤官 偏财 正财 七杀 正官 偏印 正印",
    "癸": "伤官 食神 正财 偏财 正官 七杀 正印 偏印 劫财 比肩",
    # 丙 (yang fire): 甲 wood feeds fire, yang: 偏印; 乙 正印; 丙 比肩; 丁 劫财; 戊 (earth, fed
    # by fire, yang) 食神; 己 伤官; 庚 (metal, controlled by fire, yang) 偏财; 辛 正财;
    # 壬 (water controls fire, yang) 七杀; 癸 正官.
    "丙": "偏印 正印 比肩 劫财 食神 伤官 偏财 正财 七杀 正官",
    # 己 (yin earth): 甲 (wood controls earth, yang vs yin) 正官; 乙 七杀; 丙 (fire feeds
    # earth, yang vs yin) 正印; 丁 偏印; 戊 劫财; 己 比肩; 庚 (earth feeds metal) 伤官; 辛 食神;
    # 壬 (earth controls water) 正财; 癸 偏财.
    "己": "正官 七杀 正印 偏印 劫财 比肩 伤官 食神 正财 偏财",
}


@pytest.mark.parametrize("dm", list(HAND_ROWS))
def test_ten_god_rows_derived_by_hand(dm: str) -> None:
    row = [ten_god(Stem.from_hanzi(dm), Stem(i)).hanzi for i in range(10)]
    assert row == HAND_ROWS[dm].split()


def test_ten_god_names() -> None:
    assert [g.hanzi for g in TenGod] == [
        "比肩",
        "劫财",
        "食神",
        "伤官",
        "偏财",
        "正财",
        "七杀",
        "正官",
        "偏印",
        "正印",
    ]
    assert TenGod.ROB_WEALTH.hanzi_traditional == "劫財"
    assert TenGod.SEVEN_KILLINGS.hanzi_traditional == "七殺"
    assert TenGod.HURTING_OFFICER.pinyin == "shāng guān"
    assert TenGod.INDIRECT_RESOURCE.english == "Indirect Resource"
    for god in TenGod:
        assert TenGod.from_hanzi(god.hanzi) == TenGod.from_hanzi(god.hanzi_traditional) == god
    with pytest.raises(ValueError, match="not a TenGod name"):
        TenGod.from_hanzi("日主")


def test_branch_ten_gods() -> None:
    # 丙 day master on 寅 (甲 丙 戊): 甲 feeds 丙, both yang, 偏印; 丙 比肩; 戊 食神.
    assert [g.hanzi for g in branch_ten_gods(Stem.BING, Branch.YIN)] == ["偏印", "比肩", "食神"]
    # 庚 on 子 (癸): metal feeds water, yang vs yin: 伤官.
    assert [g.hanzi for g in branch_ten_gods(Stem.GENG, Branch.ZI)] == ["伤官"]


# --- nayin 纳音 -----------------------------------------------------------------------------

RHYME = (
    "甲子乙丑海中金，丙寅丁卯炉中火，戊辰己巳大林木，庚午辛未路旁土，壬申癸酉剑锋金，"
    "甲戌乙亥山头火，丙子丁丑涧下水，戊寅己卯城头土，庚辰辛巳白蜡金，壬午癸未杨柳木，"
    "甲申乙酉泉中水，丙戌丁亥屋上土，戊子己丑霹雳火，庚寅辛卯松柏木，壬辰癸巳长流水，"
    "甲午乙未沙中金，丙申丁酉山下火，戊戌己亥平地木，庚子辛丑壁上土，壬寅癸卯金箔金，"
    "甲辰乙巳覆灯火，丙午丁未天河水，戊申己酉大驿土，庚戌辛亥钗钏金，壬子癸丑桑柘木，"
    "甲寅乙卯大溪水，丙辰丁巳沙中土，戊午己未天上火，庚申辛酉石榴木，壬戌癸亥大海水"
)
# china-testing/bazi datas.py ``nayins``, in cycle order.
CHINA_TESTING = [
    "海中金",
    "炉中火",
    "大林木",
    "路旁土",
    "剑锋金",
    "山头火",
    "涧下水",
    "城头土",
    "白蜡金",
    "杨柳木",
    "井泉水",
    "屋上土",
    "霹雳火",
    "松柏木",
    "长流水",
    "砂中金",
    "山下火",
    "平地木",
    "壁上土",
    "金泊金",
    "覆灯火",
    "天河水",
    "大驿土",
    "钗钏金",
    "桑柘木",
    "大溪水",
    "砂中土",
    "天上火",
    "石榴木",
    "大海水",
]


def test_nayin_follows_the_rhyme() -> None:
    verses = re.findall(r"(..)(..)(...)", RHYME.replace("，", ""))
    assert len(verses) == 30
    for first, second, name in verses:
        for text in (first, second):
            value = nayin(Pillar.from_hanzi(text))
            assert value.hanzi == name
            assert value.element.hanzi == name[-1]
            assert Pillar.from_hanzi(text) in value.pillars


def test_nayin_against_china_testing_spellings() -> None:
    differing = []
    for value, theirs in zip(Nayin, CHINA_TESTING, strict=True):
        if value.hanzi != theirs:
            assert theirs in value.variants
            assert Nayin.from_hanzi(theirs) == value
            differing.append(theirs)
    assert differing == ["井泉水", "砂中金", "金泊金", "砂中土"]


def test_nayin_names() -> None:
    assert Nayin.FURNACE_FIRE.hanzi_traditional == "爐中火"
    assert Nayin.POST_ROAD_EARTH.hanzi_traditional == "大驛土"
    assert Nayin.SEA_METAL.pinyin == "hǎi zhōng jīn"
    assert Nayin.GREAT_SEA_WATER.english == "Great-Sea Water"
    assert len({n.english for n in Nayin}) == 30
    for value in Nayin:
        assert value.english.endswith(value.element.english)
        assert Nayin.from_hanzi(value.hanzi_traditional) == value
    with pytest.raises(ValueError, match="not a nayin"):
        Nayin.from_hanzi("海中水")


# --- twelve growth stages 十二长生 -----------------------------------------------------------

LUNAR_OFFSETS = {
    "甲": 1,
    "丙": 10,
    "戊": 10,
    "庚": 7,
    "壬": 4,
    "乙": 6,
    "丁": 9,
    "己": 9,
    "辛": 0,
    "癸": 3,
}
ZHANGSHENG_0XF3CD = dict(zip(STEMS, "亥午寅酉寅酉巳子申卯", strict=True))
LU_0XF3CD = dict(zip(STEMS, "寅卯巳午巳午申酉亥子", strict=True))  # 禄 = 临官
# Classical rows: 甲 from 亥 forward, 乙 from 午 backward.
JIA_ROW = "亥长生 子沐浴 丑冠带 寅临官 卯帝旺 辰衰 巳病 午死 未墓 申绝 酉胎 戌养"
YI_ROW = "午长生 巳沐浴 辰冠带 卯临官 寅帝旺 丑衰 子病 亥死 戌墓 酉绝 申胎 未养"
STAGE_NAMES = ["长生", "沐浴", "冠带", "临官", "帝旺", "衰", "病", "死", "墓", "绝", "胎", "养"]


@pytest.mark.parametrize(("stem", "branch"), list(product(Stem, Branch)))
def test_stages_match_lunar_python(stem: Stem, branch: Branch) -> None:
    offset = LUNAR_OFFSETS[stem.hanzi]
    index = (offset + branch if stem.is_yang else offset - branch) % 12
    assert growth_stage(stem, branch).hanzi == STAGE_NAMES[index]


def test_birth_and_office_branches_match_0xf3cd() -> None:
    for stem in Stem:
        birth = Branch.from_hanzi(ZHANGSHENG_0XF3CD[stem.hanzi])
        assert growth_stage(stem, birth) == Stage.BIRTH
        assert growth_stage(stem, Branch.from_hanzi(LU_0XF3CD[stem.hanzi])) == Stage.OFFICE


@pytest.mark.parametrize(("stem", "row"), [("甲", JIA_ROW), ("乙", YI_ROW)])
def test_classical_rows(stem: str, row: str) -> None:
    for cell in row.split():
        branch, name = Branch.from_hanzi(cell[0]), cell[1:]
        assert growth_stage(Stem.from_hanzi(stem), branch) == Stage.from_hanzi(name)


def test_stage_names_and_self_stage() -> None:
    assert [s.hanzi for s in Stage] == STAGE_NAMES
    assert Stage.CAPPING.hanzi_traditional == "冠帶" and Stage.EXTINCTION.hanzi_traditional == "絕"
    assert Stage.BIRTH.pinyin == "cháng shēng" and Stage.PEAK.english == "Peak"
    # 甲子: 甲 born at 亥, 子 one step on: 沐浴. 丙寅: 丙 born at 寅. 癸亥: 癸 born at 卯,
    # counted backward 寅 沐浴 丑 冠带 子 临官 亥 帝旺.
    assert self_stage(Pillar.from_hanzi("甲子")) == Stage.BATH
    assert self_stage(Pillar.from_hanzi("丙寅")) == Stage.BIRTH
    assert self_stage(Pillar.from_hanzi("癸亥")) == Stage.PEAK
    with pytest.raises(ValueError, match="not a Stage name"):
        Stage.from_hanzi("旺")


# --- void branches 旬空 ---------------------------------------------------------------------

# 六甲旬空: 甲子旬中戌亥空, 甲戌旬中申酉空, 甲申旬中午未空, 甲午旬中辰巳空, 甲辰旬中寅卯空,
# 甲寅旬中子丑空.
XUN_VOID = {
    "甲子": "戌亥",
    "甲戌": "申酉",
    "甲申": "午未",
    "甲午": "辰巳",
    "甲辰": "寅卯",
    "甲寅": "子丑",
}


@pytest.mark.parametrize("index", range(60))
def test_void_follows_the_six_xun(index: int) -> None:
    p = Pillar(index)
    head = Pillar(index - index % 10)
    assert "".join(b.hanzi for b in p.void) == XUN_VOID[head.hanzi]


# --- palaces 胎元 胎息 命宫 身宫 ------------------------------------------------------------


def test_ming_gong_sanming_tonghui_example() -> None:
    # 甲子 year, third month (辰 month: 甲 year 丙寅 丁卯 戊辰), 戌 hour. The day is not used;
    # 甲子 day gives the 戌 hour 甲戌 by 五鼠遁. 正月 on 子, 二月 亥, 三月 戌; 戌 hour on 戌,
    # forward 亥 子 丑 寅 卯: 卯; 甲 year's 寅 is 丙寅, so 卯 is 丁卯.
    chart = fp("甲子 戊辰 甲子 甲戌")
    assert ming_gong(chart).hanzi == "丁卯"
    assert ming_gong(chart, school="lunar", lunar_month=3).hanzi == "丁卯"


def test_ming_gong_lunar_month_school() -> None:
    # Same chart born in lunar month 2 (the 辰 month began with the 节 清明 before the new
    # moon): 正月 子, 二月 亥; 戌 hour on 亥, forward 子 丑 寅 卯 辰: 辰, 戊辰. 身宫: month 2,
    # 戌 = 10: 2 + 10 + 2 = 14 → 寅, 丙寅; under "jie" month 3: 15 → 卯, 丁卯.
    chart = fp("甲子 戊辰 甲子 甲戌")
    assert ming_gong(chart, school="lunar", lunar_month=2).hanzi == "戊辰"
    assert shen_gong(chart, school="lunar", lunar_month=2).hanzi == "丙寅"
    assert shen_gong(chart).hanzi == "丁卯"


def test_palace_school_errors() -> None:
    chart = fp("甲子 戊辰 甲子 甲戌")
    with pytest.raises(InvalidInputError, match="needs lunar_month"):
        ming_gong(chart, school="lunar")
    with pytest.raises(InvalidInputError, match="only with school='lunar'"):
        shen_gong(chart, lunar_month=3)
    with pytest.raises(InvalidInputError, match="1 to 12"):
        ming_gong(chart, school="lunar", lunar_month=13)
    with pytest.raises(InvalidInputError, match="school must be one of jie, lunar"):
        ming_gong(chart, school="zhongqi")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("month", "expected"), [("壬申", "癸亥"), ("甲寅", "乙巳"), ("己巳", "庚申"), ("壬午", "癸酉")]
)
def test_tai_yuan_published_examples(month: str, expected: str) -> None:
    # The year, day and hour pillars do not enter; any valid ones will do.
    chart = FourPillars(Pillar(0), Pillar.from_hanzi(month), Pillar(0), Pillar(0))
    assert tai_yuan(chart).hanzi == expected


def test_tai_xi_by_hand() -> None:
    # 丙寅 day: 丙辛合 → 辛, 寅亥合 → 亥: 辛亥 (also tyme4j test27). 甲子 day: 甲己 → 己,
    # 子丑 → 丑: 己丑. 戊午 day: 戊癸 → 癸, 午未 → 未: 癸未.
    for day, expected in (("丙寅", "辛亥"), ("甲子", "己丑"), ("戊午", "癸未")):
        chart = FourPillars(Pillar(0), Pillar(2), Pillar.from_hanzi(day), Pillar(0))
        assert tai_xi(chart).hanzi == expected


# --- relations 合 冲 害 刑 破 ----------------------------------------------------------------


def _rows(chart: str, **options: str) -> list[tuple[str, str, str, str | None]]:
    return [
        (
            r.kind.hanzi,
            " ".join(r.positions),
            "".join(x.hanzi for x in r.stems + r.branches),
            None if r.element is None else r.element.hanzi,
        )
        for r in relations(fp(chart), **options)  # type: ignore[arg-type]
    ]


def test_relations_hand_derived_combinations_and_clashes() -> None:
    # Stems 甲己庚丙: 甲己 合土 (year month); 甲庚 冲 (year day); 庚丙 are four apart, nothing.
    # Branches 子丑午子: 子丑 六合土 twice (year month, month hour); 子午 冲 twice (year day,
    # day hour); 丑午 害 (1 + 6 = 7); 子子: 子 does not punish itself. No 亥 for 亥子丑.
    assert _rows("甲子 己丑 庚午 丙子") == [
        ("天干五合", "year month", "甲己", "土"),
        ("天干相冲", "year day", "甲庚", None),
        ("六合", "year month", "子丑", "土"),
        ("六合", "month hour", "丑子", "土"),
        ("六冲", "year day", "子午", None),
        ("六冲", "day hour", "午子", None),
        ("六害", "month day", "丑午", None),
    ]


def test_relations_hand_derived_punishment_of_yin_si_shen() -> None:
    # Stems 甲己 合土, 甲庚 冲. Branches 寅巳申子: 寅巳 害; 寅申 冲; 巳申 六合水 and 破 (申 yang,
    # three back is 巳); 申子 half 三合 水 (辰 absent); 寅巳申 all present: one 无恩之刑 of three,
    # no pair punishments.
    expected = [
        ("天干五合", "year month", "甲己", "土"),
        ("天干相冲", "year day", "甲庚", None),
        ("六合", "month day", "巳申", "水"),
        ("半三合", "day hour", "申子", "水"),
        ("六冲", "year day", "寅申", None),
        ("六害", "year month", "寅巳", None),
        ("无恩之刑", "year month day", "寅巳申", None),
        ("六破", "month day", "巳申", None),
    ]
    assert _rows("甲寅 己巳 庚申 丙子") == expected
    assert _rows("甲寅 己巳 庚申 丙子", punishment="full") == expected


def test_relations_pair_punishment_is_a_school_option() -> None:
    # 寅巳 without 申: a punishment under "pairs" (三命通会: 寅刑巳), none under "full".
    # Also 寅午 half 三合 火 (戌 absent) and 午子 冲.
    common = [
        ("天干五合", "year month", "甲己", "土"),
        ("天干相冲", "year day", "甲庚", None),
        ("半三合", "year day", "寅午", "火"),
        ("六冲", "day hour", "午子", None),
        ("六害", "year month", "寅巳", None),
    ]
    pairs = _rows("甲寅 己巳 庚午 丙子")
    assert pairs == [*common, ("无恩之刑", "year month", "寅巳", None)]
    assert _rows("甲寅 己巳 庚午 丙子", punishment="full") == common
    with pytest.raises(InvalidInputError, match="punishment must be"):
        relations(fp("甲寅 己巳 庚午 丙子"), punishment="some")  # type: ignore[arg-type]


def test_relations_hand_derived_chou_xu_wei() -> None:
    # Stems 乙丙丁戊: no two five or six apart. Branches 丑戌未申: 丑未 冲; 戌未 破 (戌 yang,
    # three back 未); 丑戌未 恃势之刑 of three. 申酉戌 lacks 酉, 亥卯未 lacks its peak 卯.
    assert _rows("乙丑 丙戌 丁未 戊申") == [
        ("六冲", "year day", "丑未", None),
        ("恃势之刑", "year month day", "丑戌未", None),
        ("六破", "month day", "戌未", None),
    ]


def test_relations_hand_derived_self_punishment() -> None:
    # Four 午: every pair of positions is a 自刑 (6 pairs). Stems 丙甲: two apart, nothing.
    rows = _rows("丙午 甲午 丙午 甲午")
    assert [r[0] for r in rows] == ["自刑"] * 6
    assert [r[1] for r in rows] == [
        "year month", "year day", "year hour", "month day", "month hour", "day hour",
    ]  # fmt: skip


def test_relations_hand_derived_directional_and_repeats() -> None:
    # Stems 壬癸甲丙: 壬丙 冲 (year hour). Branches 寅卯辰寅: 寅卯辰 三会 木, once with each
    # 寅 (year month day; month day hour); 卯辰 害 (3 + 4 = 7). 卯 is the peak of 亥卯未 but
    # neither 亥 nor 未 is present.
    assert _rows("壬寅 癸卯 甲辰 丙寅") == [
        ("天干相冲", "year hour", "壬丙", None),
        ("三会", "year month day", "寅卯辰", "木"),
        ("三会", "month day hour", "卯辰寅", "木"),
        ("六害", "month day", "卯辰", None),
    ]


def test_relations_hand_derived_repeated_stem_combinations() -> None:
    # Stems 戊癸戊癸: every 戊 with every 癸, 合火 four times. Branches 子丑寅亥: 子丑 六合土;
    # 寅亥 六合木 and 破; 亥子丑 三会 水 (year month hour).
    assert _rows("戊子 癸丑 戊寅 癸亥") == [
        ("天干五合", "year month", "戊癸", "火"),
        ("天干五合", "year hour", "戊癸", "火"),
        ("天干五合", "month day", "癸戊", "火"),
        ("天干五合", "day hour", "戊癸", "火"),
        ("六合", "year month", "子丑", "土"),
        ("六合", "day hour", "寅亥", "木"),
        ("三会", "year month hour", "子丑亥", "水"),
        ("六破", "day hour", "寅亥", None),
    ]


def test_relations_hand_derived_rude_punishment_and_destruction() -> None:
    # Stems 甲丁己庚: 甲己 合土 (year day), 甲庚 冲 (year hour). Branches 子卯酉午: 子卯 无礼之刑;
    # 子酉 破; 子午 冲; 卯酉 冲; 卯午 破 (午 yang, three back 卯); 酉午 nothing. Each peak
    # stands without its frame partners, so no half 三合.
    assert _rows("甲子 丁卯 己酉 庚午") == [
        ("天干五合", "year day", "甲己", "土"),
        ("天干相冲", "year hour", "甲庚", None),
        ("六冲", "year hour", "子午", None),
        ("六冲", "month day", "卯酉", None),
        ("无礼之刑", "year month", "子卯", None),
        ("六破", "year day", "子酉", None),
        ("六破", "month hour", "卯午", None),
    ]


# 0xf3cd/bazi bazi/rules.py tables, as sets of hanzi pairs (element where it has one).
TIANGAN_HE = {"甲己": "土", "乙庚": "金", "丙辛": "水", "丁壬": "木", "戊癸": "火"}
TIANGAN_CHONG = {"甲庚", "乙辛", "丙壬", "丁癸"}
DIZHI_LIUHE = {"子丑": "土", "寅亥": "木", "卯戌": "火", "辰酉": "金", "巳申": "水", "午未": "土"}
DIZHI_BANHE = {
    "巳酉": "金", "酉丑": "金", "亥卯": "木", "卯未": "木",
    "申子": "水", "子辰": "水", "寅午": "火", "午戌": "火",
}  # fmt: skip
DIZHI_SANHE = {"巳酉丑": "金", "亥卯未": "木", "申子辰": "水", "寅午戌": "火"}
DIZHI_SANHUI = {"寅卯辰": "木", "巳午未": "火", "申酉戌": "金", "亥子丑": "水"}
DIZHI_CHONG = {"子午", "丑未", "寅申", "卯酉", "辰戌", "巳亥"}
DIZHI_HAI = {"子未", "丑午", "寅巳", "卯辰", "申亥", "酉戌"}
DIZHI_PO = {"子酉", "卯午", "辰丑", "未戌", "寅亥", "巳申"}
XING_PAIRS = {"丑戌", "戌未", "未丑", "寅巳", "巳申", "申寅"}  # LOOSE adds these to STRICT
SELF_XING = {"午", "辰", "酉", "亥"}


def _key(text: str) -> frozenset[str]:
    return frozenset(text)


def _pair_chart(a: str, b: str, kind: str) -> FourPillars:
    """A chart whose only stems (or branches) are a and b, alternating: a b a b."""
    if kind == "stem":
        first, second = Stem.from_hanzi(a), Stem.from_hanzi(b)
        p, q = Pillar.of(first, first % 2), Pillar.of(second, second % 2)
    else:
        first_b, second_b = Branch.from_hanzi(a), Branch.from_hanzi(b)
        p, q = Pillar.of(first_b % 2, first_b), Pillar.of(second_b % 2, second_b)
    return FourPillars(p, q, p, q)


def _year_month(chart: FourPillars, stems: bool) -> dict[RelationKind, Relation]:
    found = [r for r in relations(chart) if r.positions == ("year", "month")]
    return {r.kind: r for r in found if bool(r.stems) == stems}


def _element(hanzi: str) -> Element:
    return Element("木火土金水".index(hanzi))


@pytest.mark.parametrize(("a", "b"), list(product(STEMS, STEMS)))
def test_stem_pairs_match_0xf3cd(a: str, b: str) -> None:
    found = _year_month(_pair_chart(a, b, "stem"), stems=True)
    he = [v for k, v in TIANGAN_HE.items() if _key(k) == _key(a + b) and a != b]
    combination = found.pop(RelationKind.STEM_COMBINATION, None)
    got = [] if combination is None else [combination.element]
    assert got == [_element(e) for e in he]
    clash = a != b and any(_key(k) == _key(a + b) for k in TIANGAN_CHONG)
    assert (found.pop(RelationKind.STEM_CLASH, None) is not None) == clash
    assert found == {}


@pytest.mark.parametrize(("a", "b"), list(product(BRANCHES, BRANCHES)))
def test_branch_pairs_match_0xf3cd(a: str, b: str) -> None:
    # Chart a b a b: the third branch of any 三合 or 三刑 frame is absent.
    found = _year_month(_pair_chart(a, b, "branch"), stems=False)
    pair = _key(a + b)
    expected: dict[RelationKind, Element | None] = {}
    for table, kind in (
        (DIZHI_LIUHE, RelationKind.SIX_HARMONY),
        (DIZHI_BANHE, RelationKind.HALF_THREE_HARMONY),
    ):
        for k, v in table.items():
            if a != b and _key(k) == pair:
                expected[kind] = _element(v)
    for table2, kind in (
        (DIZHI_CHONG, RelationKind.CLASH),
        (DIZHI_HAI, RelationKind.HARM),
        (DIZHI_PO, RelationKind.DESTRUCTION),
    ):
        if a != b and any(_key(k) == pair for k in table2):
            expected[kind] = None
    if a != b and any(_key(k) == pair for k in XING_PAIRS):
        group = (
            RelationKind.UNGRATEFUL_PUNISHMENT
            if a in "寅巳申"
            else RelationKind.BULLYING_PUNISHMENT
        )
        expected[group] = None
    if pair == _key("子卯"):
        expected[RelationKind.RUDE_PUNISHMENT] = None
    if a == b and a in SELF_XING:
        expected[RelationKind.SELF_PUNISHMENT] = None
    assert {k: r.element for k, r in found.items()} == expected


@pytest.mark.parametrize(
    ("table", "kind"),
    [(DIZHI_SANHE, RelationKind.THREE_HARMONY), (DIZHI_SANHUI, RelationKind.DIRECTIONAL)],
)
def test_branch_triples_match_0xf3cd(table: dict[str, str], kind: RelationKind) -> None:
    for trio, element in table.items():
        # The three branches on year, month and day; the hour repeats the day.
        year, month, day = (Pillar.of(Branch.from_hanzi(c) % 2, Branch.from_hanzi(c)) for c in trio)
        chart = FourPillars(year, month, day, day)
        (found,) = [
            r
            for r in relations(chart)
            if r.kind == kind and r.positions == ("year", "month", "day")
        ]
        assert "".join(b.hanzi for b in found.branches) == trio
        assert found.element == _element(element)


def test_punishment_origin_three_harmony_meets_direction() -> None:
    """《三命通会·论三刑》: 三刑生于三合, 三合加三会. 申子辰 on 寅卯辰: 申刑寅, 子刑卯,
    辰辰自刑; 寅午戌 on 巳午未: 寅刑巳, 午午, 戌刑未; 巳酉丑 on 申酉戌: 巳刑申, 酉酉, 丑刑戌;
    亥卯未 on 亥子丑: 亥亥, 卯刑子, 未刑丑. Every pair so formed is a punishment here."""
    for harmony, meeting in (
        ("申子辰", "寅卯辰"),
        ("寅午戌", "巳午未"),
        ("巳酉丑", "申酉戌"),
        ("亥卯未", "亥子丑"),
    ):
        for a, b in zip(harmony, meeting, strict=True):
            kinds = set(_year_month(_pair_chart(a, b, "branch"), stems=False))
            punishments = {
                RelationKind.UNGRATEFUL_PUNISHMENT,
                RelationKind.BULLYING_PUNISHMENT,
                RelationKind.RUDE_PUNISHMENT,
                RelationKind.SELF_PUNISHMENT,
            }
            assert kinds & punishments, (a, b)


def test_relation_kind_names_and_to_dict() -> None:
    assert RelationKind.DIRECTIONAL.hanzi_traditional == "三會"
    assert RelationKind.UNGRATEFUL_PUNISHMENT.hanzi == "无恩之刑"
    assert RelationKind.CLASH.pinyin == "liù chōng"
    (first, *_) = relations(fp("甲子 己丑 庚午 丙子"))
    assert first.to_dict() == {
        "kind": "天干五合",
        "positions": ["year", "month"],
        "stems": ["甲", "己"],
        "branches": [],
        "element": "土",
    }
    assert first.to_dict("en") == {
        "kind": "Stem Combination",
        "positions": ["year", "month"],
        "stems": ["Yang Wood", "Yin Earth"],
        "branches": [],
        "element": "Earth",
    }


# --- element counts 五行 --------------------------------------------------------------------


def test_element_counts_by_hand() -> None:
    # 甲子 丙寅 丙寅 庚寅. Visible: 甲 木, 丙 火 ×2, 庚 金; 子 水, 寅 木 ×3
    # → 木 4 火 2 土 0 金 1 水 1.
    # Hidden: the stems as before, 子 [癸 水], 寅 [甲 木 丙 火 戊 土] ×3 → 木 1 + 3, 火 2 + 3,
    # 土 3, 金 1, 水 1: 14 in all.
    chart = fp("甲子 丙寅 丙寅 庚寅")
    assert list(element_counts(chart).values()) == [4, 2, 0, 1, 1]
    assert list(element_counts(chart, hidden=True).values()) == [4, 5, 3, 1, 1]
    # 丁巳 己酉 癸未 壬戌 (china-testing's chart). Visible: 丁 火, 己 土, 癸 壬 水; 巳 火, 酉 金,
    # 未 戌 土 → 木 0 火 2 土 3 金 1 水 2. Hidden: stems 火 1 土 1 水 2; 巳 [丙 火 庚 金 戊 土],
    # 酉 [辛 金], 未 [己 土 丁 火 乙 木], 戌 [戊 土 辛 金 丁 火] → 木 1, 火 1 + 3, 土 1 + 3,
    # 金 3, 水 2.
    chart = fp("丁巳 己酉 癸未 壬戌")
    assert list(element_counts(chart).values()) == [0, 2, 3, 1, 2]
    assert list(element_counts(chart, hidden=True).values()) == [1, 4, 4, 3, 2]
    assert list(element_counts(chart)) == list(Element)


# --- names in four scripts ------------------------------------------------------------------


@pytest.mark.parametrize("enum", [TenGod, Nayin, Stage, RelationKind])
def test_every_named_value_has_four_names(enum: type[IntEnum]) -> None:
    tones = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")
    for member in enum:
        value: Any = member
        names = [label(value, lang) for lang in LANGS]
        assert all(names) and names[0] == value.hanzi
        assert set(value.pinyin) & tones, value
        assert value.english.isascii()
        if hasattr(value, "to_dict"):
            assert value.to_dict()["hanzi"] == value.hanzi
