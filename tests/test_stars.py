"""The symbolic stars 神煞: every rule's table against the words of its book, written here.

Each expected table is read, in this file, from the rhyme or the prose of the book the rule
cites (the animals and month numbers of the rhymes are mapped by the tables below), or
derived by hand from a rule stated in words ("禄前一位", "冲前一辰"). None is taken from
:mod:`bazi.star_rules`. Then a second, independent reading of every rule (written here, from
those tables and the conventions of :mod:`bazi.star_rules`: which pillars each star is
looked in) is run over random charts and must find exactly the stars :class:`bazi.Stars`
finds, natal and transit, under several schools.
"""

from __future__ import annotations

import doctest
import json
import random
import re
from collections.abc import Iterable

import pytest

import bazi
import bazi.seasons
import bazi.stars
from bazi import STAR_RULES, Pillar, Star
from bazi.options import Options
from bazi.pillars import FourPillars

STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
# The animals of the rhymes (犬 and 狗 both 戌).
ANIMALS = dict(zip("鼠牛虎兔龙蛇马羊猴鸡狗猪", BRANCHES, strict=True)) | {"犬": "戌"}
# Month numbers of the rhymes: 正月 is 寅, …, 十月 亥, 十一月 (子月) 子, 十二月 (丑月) 丑.
MONTHS = dict(zip(["正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"],
                  "寅卯辰巳午未申酉戌亥子丑", strict=True))  # fmt: skip
# 六十甲子纳音歌, two pillars per nayin: the element is the name's last character.
NAYIN_SONG = [
    "海中金", "炉中火", "大林木", "路旁土", "剑锋金", "山头火", "涧下水", "城头土",
    "白蜡金", "杨柳木", "泉中水", "屋上土", "霹雳火", "松柏木", "长流水", "沙中金",
    "山下火", "平地木", "壁上土", "金箔金", "覆灯火", "天河水", "大驿土", "钗钏金",
    "桑柘木", "大溪水", "沙中土", "天上火", "石榴木", "大海水",
]  # fmt: skip
# Stem combinations 五合 and branch harmonies 六合, for the 合 of 天德 and 月德.
STEM_HE = dict(
    pair for a, b in ("甲己", "乙庚", "丙辛", "丁壬", "戊癸") for pair in ((a, b), (b, a))
)
BRANCH_HE = dict(pair for a, b in ("子丑", "寅亥", "卯戌", "辰酉", "巳申", "午未")
                 for pair in ((a, b), (b, a)))  # fmt: skip

Table = dict[str, set[str]]


def pillar(index: int) -> str:
    return STEMS[index % 10] + BRANCHES[index % 12]


def pillar_index(text: str) -> int:
    s, b = STEMS.index(text[0]), BRANCHES.index(text[1])
    return next(i for i in range(60) if i % 10 == s and i % 12 == b)


def shift(branch: str, steps: int) -> str:
    return BRANCHES[(BRANCHES.index(branch) + steps) % 12]


def read_stem_rhyme(text: str, pairwise: Iterable[str] = ()) -> Table:
    """A rhyme "甲戊庚牛羊，乙己鼠猴乡，…": each run of stems takes the branches (or animals)
    that follow it; a clause without a stem goes on with the stems before it. The runs in
    ``pairwise`` ("甲乙巳午": 甲 巳, 乙 午) pair stems and branches in order."""
    text = text.replace("四季", "辰戌丑未")  # 戊己两干临四季: the four 季 months
    groups: list[tuple[list[str], list[str]]] = []
    for ch in text:
        if ch in STEMS:
            if not groups or groups[-1][1]:
                groups.append(([], []))
            groups[-1][0].append(ch)
        elif ch in BRANCHES or ch in ANIMALS:
            groups[-1][1].append(ch if ch in BRANCHES else ANIMALS[ch])
    table: Table = {}
    for stems, targets in groups:
        if "".join(stems) + "".join(targets) in pairwise:
            for s, t in zip(stems, targets, strict=True):
                table.setdefault(s, set()).add(t)
        else:
            for s in stems:
                table.setdefault(s, set()).update(targets)
    return table


def read_frames(text: str) -> Table:
    """Prose "申子辰马在寅，寅午戌马在申，…" or "亥子丑人，见寅为孤": the branches written
    together before a target each take it (the target is the branch after the run)."""
    table: Table = {}
    for clause in re.split("[，。；]", text):
        branches = [c for c in clause if c in BRANCHES]
        if len(branches) >= 2:
            *keys, target = branches
            for k in keys:
                table.setdefault(k, set()).add(target)
    return table


def read_months(text: str) -> Table:
    """ "正丁二申宫，三壬四辛同，…，子巳丑庚中": a month word, then its stem or branch."""
    table: Table = {}
    month = None
    for ch in text:
        if month is None and (ch in "正二三四五六七八九十" or ch in "子丑"):
            month = MONTHS.get(ch, ch)
        elif month is not None and (ch in STEMS or ch in BRANCHES):
            table[month] = {ch}
            month = None
    return table


def read_pillars(text: str) -> set[str]:
    """Every pillar written in ``text`` (a stem followed by a branch)."""
    return {text[i : i + 2] for i in range(len(text) - 1)
            if text[i] in STEMS and text[i + 1] in BRANCHES}  # fmt: skip


# --- the words of the books --------------------------------------------------------------

TIANYI_SANMING = "甲戊庚牛羊，乙己鼠猴乡，丙丁猪鸡位，壬癸兔蛇藏，六辛逢马虎，此是贵人方"
TIANYI_YUANHAI = "甲戊兼牛羊，乙己鼠猴乡，丙丁猪鸡位，壬癸兔蛇藏，庚辛逢马虎，此是贵人方"
TAIJI = "甲乙生人子午中，丙丁鸡兔定亨通，戊己两干临四季，庚辛寅亥禄丰隆，壬癸巳申偏喜美"
WENCHANG = "甲乙巳午报君知，丙戊申宫丁己鸡，庚猪辛鼠壬逢虎，癸人见卯入云梯"
FUXING = ("甲丙相邀入虎乡，更游鼠穴最高强，戊猴己未丁宜亥，乙癸逢牛卯禄昌，庚赶马头辛到巳，"
          "壬骑龙背喜非常")  # fmt: skip
JINYU = "甲龙乙蛇丙戊羊，丁己猴歌庚犬方，辛猪壬牛癸逢虎"
LU = "甲禄在寅，乙禄在卯，丙戊禄在巳，丁己禄在午，庚禄在申，辛禄在酉，壬禄在亥，癸禄在子"
GUOYIN_ZHANGGUO = "戌亥丑寅丑寅辰巳未申"  # 《张果星宗》天干吉凶星例, 甲 … 癸
YANGREN_PEAK = ("甲羊刃在卯，乙羊刃在寅，丙戊羊刃在午，丁己羊刃在巳，庚羊刃在酉，辛羊刃在申，"
                "壬羊刃在子，癸羊刃在亥")  # fmt: skip
HONGYAN_RHYME = "多情多欲少人知，六丙逢寅辛见鸡，癸临申上丁见未，甲乙午申庚见戌，戊己怕辰壬怕子"
HONGYAN_PROSE = "甲乙逢午、丙寅、丁未、戊辰、己辰、庚戌、辛酉、壬子、癸申，为红艳煞"
LIUXIA = "甲鸡乙犬丙羊加，丁是猴乡戊见蛇，己马庚龙辛逐兔，壬猪癸虎是流霞"
JIELU = "甲己申酉最为愁，乙庚午未不须求，丙辛辰巳不用问，丁壬寅卯一场空，戊癸子丑君须记"
TIANDE = "正丁二申宫，三壬四辛同，五亥六甲上，七癸八寅逢，九丙十居乙，子巳丑庚中"
YUEDE = "寅午戌月在丙，申子辰月在壬，亥卯未月在甲，巳酉丑月在庚"
DEXIU = ("寅午戌月，丙丁为德，戊癸为秀；申子辰月，壬癸戊己为德，丙辛甲己为秀；"
         "巳酉丑月，庚辛为德，乙庚为秀；亥卯未月，甲乙为德，丁壬为秀")  # fmt: skip
TIANYI_DOCTOR = (
    "正月生见丑，二月生见寅，三月生见卯，四月生见辰，五月生见巳，六月生见午，"
    "七月生见未，八月生见申，九月生见酉，十月生见戌，十一月生见亥，十二月生见子"
)
XUEREN = ("寅月见丑，卯月见未，辰月见寅，巳月见申，午月见卯，未月见酉，申月见辰，酉月见戌，"
          "戌月见巳，亥月见亥，子月见午，丑月见子")  # fmt: skip
YIMA = "申子辰马在寅，寅午戌马在申，巳酉丑马在亥，亥卯未马在巳"
XIANCHI = "申子辰在酉，寅午戌在卯，巳酉丑在午，亥卯未在子"
HUAGAI = "申子辰见辰，亥卯未见未，寅午戌见戌，巳酉丑见丑"
JIESHA = "申子辰见巳，亥卯未见申，寅午戌见亥，巳酉丑见寅"
ZAISHA = "申子辰见午，亥卯未见酉，寅午戌见子，巳酉丑见卯"
WANGSHEN = "申子辰见亥，亥卯未见寅，寅午戌见巳，巳酉丑见申"
GUCHEN_GUASU = ("亥子丑人，见寅为孤，见戌为寡。寅卯辰人，见巳为孤，见丑为寡。"
                "巳午未人，见申为孤，见辰为寡。申酉戌人，见亥为孤，见未为寡")  # fmt: skip
XUETANG = (
    "金命见巳，辛巳为正；木命见亥，己亥为正；水命见申，甲申为正；土命见申，戊申为正；"
    "火命见寅，丙寅为正"
)
CIGUAN = "庚寅、乙巳、壬申、癸亥、丁亥为正"  # 正词馆: each at its nayin's 临官
TIANLUO = "凡纳音火命，见戌亥日为天罗；水土命，见辰巳日为地网，金木二命无之"
KONGWANG = (
    "甲子旬中无戌亥，甲戌旬中无申酉，甲申旬中无午未，甲午旬中无辰巳，甲辰旬中无寅卯，甲寅旬中无子丑"
)
KUIGANG = "壬辰、庚辰、庚戌、戊戌"
YINCHA = "丙子、丁丑、戊寅、辛卯、壬辰、癸巳、丙午、丁未、戊申、辛酉、壬戌、癸亥"
SHIE = "甲辰乙巳与壬申，丙申丁亥及庚辰，戊戌癸亥加辛巳，己丑都来十位神"
GULUAN = [
    "木虎孀无婿，金猪岂有郎，赤黄马独卧，黑鼠守空房",
    "木火逢蛇大不祥，金猪何必强猖狂，土猴木虎夫何在",
]
BAZHUAN = "甲寅、乙卯、戊戌、己未、丁未、庚申、辛酉、癸丑"
JIUCHOU = "戊子、戊午、壬子、壬午、乙卯、己卯、辛卯、己酉、辛酉"
SHILING = "甲辰、乙亥、丙辰、丁酉、戊午、庚戌、庚寅、辛亥、壬寅、癸未"
LIUXIU = "丙午、丁未、戊子、戊午、己丑、己未"
RIDE = "甲寅、丙辰、戊辰、庚辰、壬戌"
JINSHEN = "乙丑、己巳、癸酉"
TIANSHE = "春戊寅、夏甲午、秋戊申、冬甲子"
SIFEI = "春庚申辛酉，夏壬子癸亥，秋甲寅乙卯，冬丙午丁巳"
TONGZI = "春秋寅子贵，冬夏卯未辰；金木马卯合，水火鸡犬多；土命逢辰巳"
SANQI = "天上三奇甲戊庚，地下三奇乙丙丁，人中三奇壬癸辛"
SEASONS_TEXT = (
    "春木旺火相水休金囚土死；夏火旺土相木休水囚金死；六月土旺金相火休木囚水死；"
    "秋金旺水相土休火囚木死；冬水旺木相金休土囚火死"
)

# --- expected tables, read from the words above -------------------------------------------

LU_TABLE = read_stem_rhyme(LU)
FRONT = {s: {shift(next(iter(LU_TABLE[s])), 1)} for s in STEMS}  # 禄前一位
YANG_STEMS = STEMS[::2]


def clash(table: Table) -> Table:
    return {k: {shift(v, 6) for v in vs} for k, vs in table.items()}


def stem_table(text: str, **kwargs: Iterable[str]) -> Table:
    return read_stem_rhyme(text, **kwargs)


def season_of(branch: str) -> str:
    return "春夏秋冬"[(BRANCHES.index(branch) - 2) % 12 // 3]


def xuetang() -> Table:
    return {e: {next(c for c in clause.split("见")[1] if c in BRANCHES)}
            for clause in XUETANG.split("；") for e in clause[:1]}  # fmt: skip


def ciguan() -> Table:
    # Each 正词馆 pillar's branch, under its own nayin element (from the 纳音歌).
    found: Table = {}
    for p in read_pillars(CIGUAN):
        element = NAYIN_SONG[pillar_index(p) // 2][-1]
        found.setdefault(element, set()).add(p[1])
    return found


def guluan() -> set[str]:
    """Colours and elements to stems, animals to branches; the stem of the animal's
    polarity: 木 甲乙, 火/赤 丙丁, 土/黄 戊己, 金 庚辛, 黑 壬癸."""
    words = {"木": "甲乙", "火": "丙丁", "赤": "丙丁", "土": "戊己", "黄": "戊己", "金": "庚辛",
             "黑": "壬癸"}  # fmt: skip
    found = set()
    for poem in GULUAN:
        for clause in re.split("[，。]", poem):
            animal = next((c for c in clause if c in ANIMALS), None)
            if animal is None:
                continue
            branch = ANIMALS[animal]
            for c in clause[: clause.index(animal)]:
                for s in words.get(c, ""):
                    if STEMS.index(s) % 2 == BRANCHES.index(branch) % 2:
                        found.add(s + branch)
    return found


def seasons_table(text: str) -> dict[str, set[str]]:
    """ "春庚申辛酉，夏…": season → pillars."""
    return {clause[0]: read_pillars(clause) for clause in re.split("[，、]", text)}


EXPECTED: dict[tuple[Star, str | None], Table] = {
    (Star.TIANYI, "sanming"): stem_table(TIANYI_SANMING),
    (Star.TIANYI, "yuanhai"): stem_table(TIANYI_YUANHAI),
    (Star.TAIJI, None): stem_table(TAIJI),
    (Star.WENCHANG, None): stem_table(WENCHANG, pairwise=["甲乙巳午"]),
    (Star.GUOYIN, None): {s: {b} for s, b in zip(STEMS, GUOYIN_ZHANGGUO, strict=True)},
    (Star.FUXING, None): stem_table(FUXING),
    # 天厨: the 禄 of the 食神 (the stem two on, of the same polarity).
    (Star.TIANCHU, None): {s: LU_TABLE[STEMS[(i + 2) % 10]] for i, s in enumerate(STEMS)},
    (Star.JINYU, None): stem_table(JINYU),
    (Star.LU, None): LU_TABLE,
    (Star.YANGREN, "yang"): {s: FRONT[s] for s in YANG_STEMS},
    (Star.YANGREN, "lu-next"): FRONT,
    (Star.YANGREN, "peak"): stem_table(YANGREN_PEAK.replace("羊刃", "刃")),  # 羊 is no animal here
    (Star.FEIREN, "yang"): clash({s: FRONT[s] for s in YANG_STEMS}),
    (Star.FEIREN, "lu-next"): clash(FRONT),
    (Star.FEIREN, "peak"): clash(stem_table(YANGREN_PEAK.replace("羊刃", "刃"))),
    (Star.HONGYAN, "rhyme"): stem_table(HONGYAN_RHYME, pairwise=["甲乙午申"]),
    (Star.HONGYAN, "prose"): stem_table(HONGYAN_PROSE),
    (Star.LIUXIA, None): stem_table(LIUXIA),
    (Star.JIELU, None): stem_table(JIELU),
    (Star.TIANDE, None): read_months(TIANDE),
    (Star.TIANDE_HE, None): {
        m: {STEM_HE.get(t) or BRANCH_HE[t] for t in ts} for m, ts in read_months(TIANDE).items()
    },
    (Star.YUEDE, None): {b: {s} for frame, s in re.findall("(...)月在(.)", YUEDE) for b in frame},
    (Star.YUEDE_HE, None): {
        b: {STEM_HE[s]} for frame, s in re.findall("(...)月在(.)", YUEDE) for b in frame
    },
    # 德秀: a 德 or a 秀 stem of the month's frame.
    (Star.DEXIU, None): {
        b: set(de + xiu)
        for frame, de, xiu in re.findall("(...)月，(.+?)为德，(.+?)为秀", DEXIU)
        for b in frame
    },
    (Star.TIANYI_DOCTOR, None): {
        MONTHS[m]: {b}
        for m, b in re.findall("(正|十一|十二|[二三四五六七八九十])月生见(.)", TIANYI_DOCTOR)
    },
    (Star.XUEREN, None): {m: {b} for m, b in re.findall("(.)月见(.)", XUEREN)},
    (Star.YIMA, None): read_frames(YIMA),
    (Star.TAOHUA, None): read_frames(XIANCHI),
    (Star.HUAGAI, None): read_frames(HUAGAI),
    # 将星: the middle of each 三合 frame (申子辰 子, …).
    (Star.JIANGXING, None): {
        k: {frame[1]} for frame in ("申子辰", "寅午戌", "巳酉丑", "亥卯未") for k in frame
    },
    (Star.JIESHA, None): read_frames(JIESHA),
    (Star.ZAISHA, None): read_frames(ZAISHA),
    (Star.WANGSHEN, None): read_frames(WANGSHEN),
    (Star.GUCHEN, None): {
        b: {gu}
        for frame, gu, _ in re.findall("(...)人，见(.)为孤，见(.)为寡", GUCHEN_GUASU)
        for b in frame
    },
    (Star.GUASU, None): {
        b: {gua}
        for frame, _, gua in re.findall("(...)人，见(.)为孤，见(.)为寡", GUCHEN_GUASU)
        for b in frame
    },
    # 红鸾: 子 year at 卯, one branch back for each year on; 天喜 its clash.
    (Star.HONGLUAN, None): {b: {shift("卯", -i)} for i, b in enumerate(BRANCHES)},
    (Star.TIANXI, None): clash({b: {shift("卯", -i)} for i, b in enumerate(BRANCHES)}),
    # 元辰「阳男阴女，其冲前一辰；阴男阳女，其冲后一辰」.
    (Star.YUANCHEN, "forward"): {b: {shift(b, 7)} for b in BRANCHES},
    (Star.YUANCHEN, "backward"): {b: {shift(b, 5)} for b in BRANCHES},
    # 勾绞「命前三辰为勾，命后三辰为绞」; 丧门 岁前二辰; 吊客 岁后二辰; 披麻 后三位.
    (Star.GOUJIAO, None): {b: {shift(b, 3), shift(b, -3)} for b in BRANCHES},
    (Star.SANGMEN, None): {b: {shift(b, 2)} for b in BRANCHES},
    (Star.DIAOKE, None): {b: {shift(b, -2)} for b in BRANCHES},
    (Star.PIMA, None): {b: {shift(b, -3)} for b in BRANCHES},
    (Star.XUETANG, None): xuetang(),
    (Star.CIGUAN, None): ciguan(),
    (Star.TIANLUO, None): {
        e: set(seen)
        for elements, seen in re.findall("([金木水火土]+)命，见(..)日", TIANLUO)
        for e in elements
    },
    (Star.KONGWANG, None): {m[0]: set(m[1]) for m in re.findall("(甲.)旬中无(..)", KONGWANG)},
    (Star.KUIGANG, None): {"*": read_pillars(KUIGANG)},
    (Star.YINCHA, None): {"*": read_pillars(YINCHA)},
    (Star.SHIE, None): {"*": read_pillars(SHIE)},
    (Star.GULUAN, None): {"*": guluan()},
    (Star.BAZHUAN, None): {"*": read_pillars(BAZHUAN)},
    (Star.JIUCHOU, None): {"*": read_pillars(JIUCHOU)},
    (Star.SHILING, None): {"*": read_pillars(SHILING)},
    (Star.LIUXIU, None): {"*": read_pillars(LIUXIU)},
    (Star.RIDE, None): {"*": read_pillars(RIDE)},
    (Star.JINSHEN, None): {"*": read_pillars(JINSHEN)},
    (Star.TIANSHE, None): seasons_table(TIANSHE),
    (Star.SIFEI, None): seasons_table(SIFEI),
    # 童子: the seasons, or the nayin elements, before the branches (or animals) they see.
    (Star.TONGZI, None): {
        key: {ANIMALS.get(c, c) for c in clause if c in BRANCHES or c in ANIMALS}
        for clause in re.split("[，；]", TONGZI)
        for key in clause
        if key in "春夏秋冬金木水火土"
    },
    (Star.SANQI, None): {"*": set(re.findall("三奇(...)", SANQI))},
}


# --- the tables of the code, read back into characters ------------------------------------

VARIANT_OPTIONS = ("tianyi", "yangren", "hongyan")


def variant(rule: bazi.StarRule) -> str | None:
    """The school value a row stands for, or which of 元辰's two rows it is."""
    if rule.basis.startswith("year_branch_"):
        return rule.basis.removeprefix("year_branch_")
    return next((values[0] for name, values in rule.when if name in VARIANT_OPTIONS), None)


def as_table(rule: bazi.StarRule) -> Table:
    keys = bazi.star_rules.BASES[rule.basis][1]
    name = {
        "stem": lambda i: STEMS[i],
        "branch": lambda i: BRANCHES[i],
        "pillar": pillar,
        "stems": lambda n: STEMS[n // 100] + STEMS[n // 10 % 10] + STEMS[n % 10],
    }[rule.target]
    return {keys[k]: {name(t) for t in targets} for k, targets in enumerate(rule.lookup) if targets}


def code_tables() -> dict[tuple[Star, str | None], Table]:
    found: dict[tuple[Star, str | None], Table] = {}
    for rule in STAR_RULES:
        table = found.setdefault((rule.star, variant(rule)), {})
        for key, targets in as_table(rule).items():
            table.setdefault(key, set()).update(targets)
    return found


def test_every_star_has_a_rule_read_from_its_book() -> None:
    assert len(Star) >= 50
    assert {star for star, _ in EXPECTED} == set(Star)
    assert set(code_tables()) == set(EXPECTED)


@pytest.mark.parametrize("key", list(EXPECTED), ids=[f"{s.name}-{v}" for s, v in EXPECTED])
def test_rule_table_is_the_books(key: tuple[Star, str | None]) -> None:
    assert code_tables()[key] == EXPECTED[key]


def test_every_rule_names_its_source_and_four_names() -> None:
    for rule in STAR_RULES:
        assert re.search("《.+》", rule.source), rule
    for star in Star:
        names = (star.hanzi, star.hanzi_traditional, star.pinyin, star.english)
        assert all(names) and len(set(names)) >= 3, names
    assert len({star.english for star in Star}) == len(Star)


# --- a second reading of every rule, over random charts -----------------------------------

BY_STEM_OF_YEAR_OR_DAY = (Star.TIANYI, Star.TAIJI, Star.WENCHANG, Star.GUOYIN, Star.FUXING,
                          Star.TIANCHU, Star.JINYU)  # fmt: skip
BY_DAY_STEM = (Star.LU, Star.YANGREN, Star.FEIREN, Star.HONGYAN, Star.LIUXIA)
BY_MONTH = (Star.TIANDE, Star.TIANDE_HE, Star.YUEDE, Star.YUEDE_HE, Star.DEXIU,
            Star.TIANYI_DOCTOR, Star.XUEREN)  # fmt: skip
BY_FRAME_OF_YEAR_OR_DAY = (Star.YIMA, Star.TAOHUA, Star.HUAGAI, Star.JIANGXING, Star.JIESHA,
                           Star.ZAISHA, Star.WANGSHEN)  # fmt: skip
BY_YEAR_BRANCH = (Star.GUCHEN, Star.GUASU, Star.HONGLUAN, Star.TIANXI, Star.GOUJIAO,
                  Star.SANGMEN, Star.DIAOKE, Star.PIMA)  # fmt: skip
DAY_PILLARS = (Star.KUIGANG, Star.YINCHA, Star.SHIE, Star.GULUAN, Star.BAZHUAN, Star.JIUCHOU,
               Star.SHILING, Star.LIUXIU, Star.RIDE)  # fmt: skip
ANCHORS = {"year-day": (0, 2), "year": (0,), "day": (2,)}
TRANSIT = 4


def expected_stars(
    ps: list[str], school: dict[str, str], gender: str | None, transit: str | None = None
) -> list[set[Star]]:
    """The stars of the four pillars ``ps`` (and, last, of the ``transit`` pillar), read
    from :data:`EXPECTED` with the places of :mod:`bazi.star_rules` written out: stems and
    branches keyed on a stem are looked for in every pillar; a branch never looks at its own
    pillar; the day-pillar stars, 截路, 金神, 天赦, 四废, 童子 and 三奇 are natal only."""
    stems, branches = [p[0] for p in ps], [p[1] for p in ps]
    if transit is not None:
        stems.append(transit[0])
        branches.append(transit[1])
    found: list[set[Star]] = [set() for _ in range(5)]
    places = range(5) if transit is not None else range(4)

    def look(star: Star, table: Table, key: str, where: Iterable[int], values: list[str]) -> None:
        for i in where:
            if i in places and values[i] in table.get(key, ()):
                found[i].add(star)

    def chosen(star: Star) -> str | None:
        option = {Star.TIANYI: "tianyi", Star.YANGREN: "yangren", Star.FEIREN: "yangren",
                  Star.HONGYAN: "hongyan"}.get(star)  # fmt: skip
        return None if option is None else school[option]

    everywhere = (0, 1, 2, 3, TRANSIT)
    for star in BY_STEM_OF_YEAR_OR_DAY:
        for anchor in ANCHORS[school["star_anchor"]]:
            look(star, EXPECTED[(star, chosen(star))], stems[anchor], everywhere, branches)
    for star in BY_DAY_STEM:
        look(star, EXPECTED[(star, chosen(star))], stems[2], everywhere, branches)
    look(Star.JIELU, EXPECTED[(Star.JIELU, None)], stems[2], (3,), branches)
    for star in BY_MONTH:
        look(star, EXPECTED[(star, None)], branches[1], everywhere, stems)
        look(star, EXPECTED[(star, None)], branches[1], (0, 2, 3, TRANSIT), branches)
    for star in BY_FRAME_OF_YEAR_OR_DAY:
        for anchor in ANCHORS[school["star_anchor"]]:
            others = [i for i in everywhere if i != anchor]
            look(star, EXPECTED[(star, None)], branches[anchor], others, branches)
    for star in BY_YEAR_BRANCH:
        look(star, EXPECTED[(star, None)], branches[0], (1, 2, 3, TRANSIT), branches)
    if gender is not None:
        forward = (STEMS.index(stems[0]) % 2 == 0) == (gender == "male")
        table = EXPECTED[(Star.YUANCHEN, "forward" if forward else "backward")]
        look(Star.YUANCHEN, table, branches[0], (1, 2, 3, TRANSIT), branches)
    element = NAYIN_SONG[pillar_index(ps[0]) // 2][-1]
    for star in (Star.XUETANG, Star.CIGUAN):
        look(star, EXPECTED[(star, None)], element, (1, 2, 3, TRANSIT), branches)
    look(Star.TIANLUO, EXPECTED[(Star.TIANLUO, None)], element, (2, TRANSIT), branches)
    for anchor in ANCHORS[school["kongwang"]]:  # the decade 旬 of the day or year pillar
        decade = pillar(pillar_index(ps[anchor]) // 10 * 10)
        others = [i for i in everywhere if i != anchor]
        look(Star.KONGWANG, EXPECTED[(Star.KONGWANG, None)], decade, others, branches)
    pillars = [*ps, transit or ""]
    for star in DAY_PILLARS:
        look(star, EXPECTED[(star, None)], "*", (2,), pillars)
    look(Star.JINSHEN, EXPECTED[(Star.JINSHEN, None)], "*", (2, 3), pillars)
    season = season_of(branches[1])
    for star in (Star.TIANSHE, Star.SIFEI):
        look(star, EXPECTED[(star, None)], season, (2,), pillars)
    for key in (season, element):
        look(Star.TONGZI, EXPECTED[(Star.TONGZI, None)], key, (2, 3), branches)
    for first in (0, 1):
        if "".join(stems[first : first + 3]) in EXPECTED[(Star.SANQI, None)]["*"]:
            for i in range(first, first + 3):
                found[i].add(Star.SANQI)
    return found


SCHOOLS = [
    {"star_anchor": "year-day", "tianyi": "sanming", "yangren": "yang", "hongyan": "rhyme",
     "kongwang": "day"},
    {"star_anchor": "day", "tianyi": "yuanhai", "yangren": "lu-next", "hongyan": "prose",
     "kongwang": "year-day"},
    {"star_anchor": "year", "tianyi": "sanming", "yangren": "peak", "hongyan": "prose",
     "kongwang": "year"},
]  # fmt: skip


@pytest.mark.parametrize("school", SCHOOLS, ids=[s["star_anchor"] for s in SCHOOLS])
def test_random_charts_against_a_second_reading(school: dict[str, str]) -> None:
    rng = random.Random(f"stars {school}")
    for _ in range(700):
        indices = [rng.randrange(60) for _ in range(4)]
        # Some charts with a 三奇 in order, which random stems rarely give.
        if rng.random() < 0.1:
            first = rng.randrange(2)
            for k, stem in enumerate(rng.choice(["甲戊庚", "乙丙丁", "壬癸辛"])):
                indices[first + k] = rng.choice(range(STEMS.index(stem), 60, 10))
        ps = [pillar(i) for i in indices]
        gender = rng.choice([None, "male", "female"])
        stars = bazi.Stars(FourPillars(*map(Pillar, indices)), Options(gender=gender, **school))
        transit = pillar(rng.randrange(60))
        want = expected_stars(ps, school, gender, transit)
        for slot, position in enumerate(("year", "month", "day", "hour")):
            assert set(stars[position]) == want[slot], (ps, position)
            assert list(stars[position]) == sorted(stars[position])  # in Star order
        assert set(stars.transit(Pillar.from_hanzi(transit))) == want[TRANSIT], (ps, transit)
        # The rule-by-rule reading finds the same stars, each at least once.
        hits = stars.hits()
        for slot, position in enumerate(("year", "month", "day", "hour")):
            assert {h.star for h in hits if h.position == position} == want[slot]
        assert {h.star for h in stars.transit_hits(Pillar.from_hanzi(transit))} == want[TRANSIT]


def test_readme_chart_by_hand() -> None:
    """庚午 辛巳 壬午 乙巳, a man (庚 yang: 阳男, forward), default schools.

    Year 庚午: 月德 (巳 month → 庚), 德秀 (巳酉丑: 庚辛乙), 福星 (year stem 庚 → 午, "庚赶马头"),
    将星 (day branch 午: 寅午戌 → 午), 飞刃 (壬's 羊刃 子, its clash 午).
    Month 辛巳: 天乙 and 太极 (day stem 壬 → 卯巳, 巳申), 天德 (巳 month: "四辛"), 德秀 (辛),
    亡神 (寅午戌 → 巳, from the year and from the day).
    Day 壬午: 福星, 将星 (year branch 午), 飞刃, and 壬午 is one of the 九丑 days.
    Hour 乙巳: 天乙, 太极, 月德合 (庚 → 乙), 德秀 (乙), 亡神, 童子 (year nayin 路旁土: "土命逢
    辰巳", in the hour). No 三奇 (庚辛壬乙). 元辰 (午: clash 子, one on: 丑) is not in the chart.
    """
    stars = bazi.chart("1990-05-17 10:30", tz="Asia/Shanghai", gender="male").reading.stars
    assert {p: " ".join(s.hanzi for s in stars[p]) for p in ("year", "month", "day", "hour")} == {
        "year": "月德贵人 德秀贵人 福星贵人 将星 飞刃",
        "month": "天乙贵人 太极贵人 天德贵人 德秀贵人 亡神",
        "day": "福星贵人 将星 飞刃 九丑",
        "hour": "天乙贵人 太极贵人 月德合 德秀贵人 亡神 童子",
    }
    (jiang,) = (h for h in stars.where(Star.JIANGXING) if h.position == "day")
    assert (jiang.rule.basis, jiang.key) == ("year_branch", "午")
    assert "论灾煞" in jiang.rule.source
    assert [h.position for h in stars.where(Star.WANGSHEN)] == ["month", "month", "hour", "hour"]


def test_yuanchen_needs_the_gender() -> None:
    """元辰 of a 子 year: 阳男阴女 at 未 (clash 午, one on), 阴男阳女 at 巳 (one back). 甲子
    is a yang year: a man runs forward, a woman backward."""
    chart = FourPillars.from_hanzi("甲子 丙寅 乙未 辛巳")
    assert Star.YUANCHEN in bazi.Stars(chart, Options(gender="male"))["day"]
    assert Star.YUANCHEN not in bazi.Stars(chart, Options(gender="male"))["hour"]
    assert Star.YUANCHEN in bazi.Stars(chart, Options(gender="female"))["hour"]
    assert Star.YUANCHEN not in bazi.Stars(chart, Options(gender="female"))["day"]
    assert not any(Star.YUANCHEN in bazi.Stars(chart, Options())[p] for p in ("month", "day"))


def test_luck_and_annual_pillars_carry_their_stars() -> None:
    c = bazi.chart("1995-03-08 23:40", tz="Asia/Shanghai", gender="female")
    stars, luck = c.reading.stars, c.luck
    assert luck is not None
    for p in luck.pillars:
        assert p.stars == stars.transit(p.pillar)
    year = luck.annual(2030)
    assert year.pillar == Pillar.from_hanzi("庚戌") and year.stars == stars.transit(year.pillar)
    first, last = luck.pillars[0].start_year, luck.pillars[-1].start_year + 9
    d = c.to_dict("en", years=(first, last), explanation=True)
    for p, entry in zip(luck.pillars, d["luck"]["pillars"], strict=True):
        assert entry["stars"] == [s.english for s in p.stars]
    # The 流年 of the ten luck pillars, each with its stars, in the table of years.
    assert [y["year"] for y in d["annual"]] == list(range(first, last + 1))
    for y in d["annual"]:
        annual = luck.annual(y["year"])
        assert y["pillar"] == annual.pillar.english and y["age_nominal"] == annual.age
        assert y["stars"] == [s.english for s in annual.stars]
    for position in ("year", "month", "day", "hour"):
        assert d["details"][position]["stars"] == [s.english for s in stars[position]]
    # Why each natal star is there (its rule and source): with the explanation.
    why = d["explanation"]["stars"]
    assert "stars" not in d and {h["position"] for h in why} <= {"year", "month", "day", "hour"}
    assert {(h["star"], h["position"]) for h in why} == {
        (s.english, p) for p in ("year", "month", "day", "hour") for s in stars[p]
    }
    assert all(h["source"] and h["rule"] for h in why)
    json.dumps(d)


def test_to_dict_reports_the_star_schools() -> None:
    c = bazi.chart("1990-05-17 10:30", tz="+08:00", preset="bazi-chart")
    d = c.to_dict(explanation=True)
    assert {k: d["options"][k] for k in ("star_anchor", "tianyi", "yangren", "hongyan")} == {
        "star_anchor": "year-day", "tianyi": "sanming", "yangren": "lu-next", "hongyan": "prose"
    }  # fmt: skip
    chosen = [h for h in d["explanation"]["stars"] if h["school"].get("yangren")]
    assert all(h["school"]["yangren"] == "lu-next" for h in chosen)


def test_season_states_are_the_chapters() -> None:
    """《三命通会·论五行旺相休囚死》, read from its words: with ``"sixth"`` the five seasons
    of the text (六月 未 is earth's), with ``"four"`` earth rules all four 季月."""
    states = {}
    for clause in SEASONS_TEXT.split("；"):
        season = clause[:2] if clause.startswith("六月") else clause[0]
        body = clause[len(season) :]
        states[season] = {body[i]: body[i + 1] for i in range(0, len(body), 2)}
    sixth = {"寅卯辰": "春", "巳午": "夏", "未": "六月", "申酉戌": "秋", "亥子丑": "冬"}
    four = {"寅卯": "春", "巳午": "夏", "辰戌丑未": "六月", "申酉": "秋", "亥子": "冬"}
    for earth, seasons in (("sixth", sixth), ("four", four)):
        for branches, season in seasons.items():
            for b in branches:
                got = bazi.seasons.season_states(bazi.Branch(BRANCHES.index(b)), earth)
                assert {e.hanzi: s.hanzi for e, s in got.items()} == states[season], (earth, b)
    c = bazi.chart("1990-08-17 10:30", tz="+08:00", season_earth="sixth")  # 申 month
    assert c.to_dict()["seasons"] == {"木": "死", "火": "囚", "土": "休", "金": "旺", "水": "相"}


@pytest.mark.parametrize("module", [bazi.stars, bazi.seasons])
def test_doctests(module: object) -> None:
    failed, attempted = doctest.testmod(module, verbose=False)  # type: ignore[arg-type]
    assert attempted > 0 and failed == 0


def test_cli_shows_the_stars_of_each_pillar_and_luck_pillar(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The issue's example: 1995-03-08 23:40 Shenzhen, a woman: 乙亥 己卯 己亥 甲子."""
    from bazi.cli import main

    argv = ["chart", "1995-03-08 23:40", "--place", "深圳", "--gender", "female"]
    assert main([*argv, "--hongyan", "prose"]) == 0
    out = capsys.readouterr().out
    c = bazi.chart("1995-03-08 23:40", place="深圳", gender="female", hongyan="prose")
    stars = c.reading.stars
    assert str(c.pillars) == "乙亥 己卯 己亥 甲子"
    labels, positions = ["年柱", "月柱", "日柱", "时柱"], ["year", "month", "day", "hour"]
    for label, position, p in zip(labels, positions, c.pillars, strict=True):
        assert f"  {label} {p.hanzi}：{' '.join(s.hanzi for s in stars[position])}\n" in out
    # The day 己亥 in a 火 year (乙亥 山头火): 天罗 亥 (《渊海子平》「火命见戌亥日」).
    assert "天罗地网" in out.split("日柱 己亥：")[1].splitlines()[0]
    assert c.luck is not None
    for p in c.luck.pillars:
        assert f"  {p.index} {p.pillar.hanzi}：{' '.join(s.hanzi for s in p.stars)}\n" in out
    assert "旺相休囚死：木旺  火相  土死  金囚  水休" in out  # 卯 month
    assert "红艳 散文" in out  # the school chosen, named for a person
    assert main([*argv, "--lang", "en"]) == 0
    assert "Luck pillar stars:" in capsys.readouterr().out


def test_api_answers_with_the_stars_and_takes_the_star_options() -> None:
    from fastapi.testclient import TestClient

    from api.main import app

    query = {"datetime": "1995-03-08T23:40", "tz": "Asia/Shanghai", "gender": "female"}
    got = TestClient(app).get("/v1/chart", params={**query, "yangren": "peak"}).json()
    want = bazi.chart("1995-03-08 23:40", tz="Asia/Shanghai", gender="female", yangren="peak")
    assert got["details"]["hour"]["stars"] == [s.hanzi for s in want.reading.stars["hour"]]
    assert got["luck"]["pillars"][0]["stars"] == want.to_dict()["luck"]["pillars"][0]["stars"]
    annual = TestClient(app).get("/v1/chart", params={**query, "years": "2030"}).json()["annual"]
    assert annual[0]["stars"] == [
        s.hanzi for s in want.reading.stars.transit(Pillar.from_hanzi("庚戌"))
    ]
    assert got["options"]["yangren"] == "peak"
    explained = TestClient(app).get(
        "/v1/chart", params={**query, "yangren": "peak", "explain": "true"}
    )
    assert explained.json()["explanation"]["stars"] == want.explain().to_dict()["stars"]
    bad = TestClient(app).get("/v1/chart", params={**query, "tianyi": "modern"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "tianyi"
