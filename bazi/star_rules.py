"""The symbolic stars 神煞 as data: one table of rules, each with its source.

Each row of :data:`STAR_RULES` says, for one star: what it is looked up from (its *basis*: the
day stem, the year stem, the month branch, the year or day branch, the year pillar's nayin
element, the season of the month, the day pillar's decade 旬, or nothing: a fixed set of day
pillars), what it finds (a branch, a stem or a whole pillar), on which pillars it is looked
for, the table itself as the books write it ("甲戊庚:丑未 …": for 甲, 戊 or 庚, the branch
丑 or 未), and its source: book and chapter, or the modern manual where no classical rule
was found. :mod:`bazi.stars` evaluates the rows; nothing here computes a chart.

Where the pillars are looked in (``where``): ``"all"`` the four natal pillars; ``"others"``
the three besides the basis's own pillar (a branch is never its own star: 申子辰 years look
for 驿马 寅 in the month, day and hour branches); or letters among ``y m d h``. A ``t`` adds
the transit pillars, 大运 and 流年 (岁运神煞: the natal basis looks at the luck or annual
pillar). Stars that describe the day pillar itself (魁罡, 阴差阳错, …), the hour (截路空亡)
or the order of the stems (三奇) are natal only.

Disputed rules are rows marked with the option and value that select them
(:mod:`bazi.options`): ``tianyi`` (天乙贵人 of 庚), ``yangren`` (羊刃 and 飞刃 of the yin
stems), ``hongyan`` (红艳 of 乙), and ``star_anchor`` for the rows looked up from "the year
or the day" (天乙, 太极, 文昌, 国印, 福星, 天厨, 金舆 from the stem; 驿马, 桃花, 华盖, 将星,
劫煞, 灾煞, 亡神 from the branch): modern manuals look up both (高人《八字排盘·神煞查法》:
"此查法中天干以年、日干为主", "此查法以年支和日支为主"); 子平 books the day (袁树珊《命理探原》
"以日爲主"); the older 禄命 books the year. ``kongwang`` does the same for 空亡, by the
decade 旬 of the day pillar (default: 《五行精纪》 quoting 《神白经》, "此空亡只用生日旬中"),
of the year, or of both (the same book quoting 《林开五命》, "论空亡止以年日所在"). Other rules
are fixed and their variants noted
in the row's ``note``: 天罗地网 by the year nayin seen in the day (《渊海子平》), 三奇 in
forward order only (顺布), 德秀 on a 德 or a 秀 stem.

The modern manual cited, "高人《神煞查法》", is the README of gaorenyes/gaorenyes.github.io
(八字排盘, 神煞查法), which quotes the rhymes it tabulates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

from .cycle import Pillar
from .names import NamedEnum

__all__ = ["BASES", "STAR_RULES", "Basis", "Star", "StarRule", "Target"]

# (simplified, traditional, pinyin, English)
_NAMES = (
    ("天乙贵人", "天乙貴人", "tiān yǐ guì rén", "Heavenly Noble"),
    ("太极贵人", "太極貴人", "tài jí guì rén", "Grand Ultimate Noble"),
    ("天德贵人", "天德貴人", "tiān dé guì rén", "Heavenly Virtue"),
    ("天德合", "天德合", "tiān dé hé", "Heavenly Virtue Combination"),
    ("月德贵人", "月德貴人", "yuè dé guì rén", "Monthly Virtue"),
    ("月德合", "月德合", "yuè dé hé", "Monthly Virtue Combination"),
    ("德秀贵人", "德秀貴人", "dé xiù guì rén", "Virtue and Grace Noble"),
    ("天赦", "天赦", "tiān shè", "Heavenly Pardon"),
    ("文昌贵人", "文昌貴人", "wén chāng guì rén", "Academic Star"),
    ("学堂", "學堂", "xué táng", "Study Hall"),
    ("词馆", "詞館", "cí guǎn", "Literary Hall"),
    ("国印贵人", "國印貴人", "guó yìn guì rén", "National Seal"),
    ("福星贵人", "福星貴人", "fú xīng guì rén", "Fortune Star"),
    ("天厨贵人", "天廚貴人", "tiān chú guì rén", "Heavenly Kitchen"),
    ("金舆", "金輿", "jīn yú", "Golden Carriage"),
    ("禄神", "祿神", "lù shén", "Prosperity Star"),
    ("天医", "天醫", "tiān yī", "Heavenly Doctor"),
    ("三奇贵人", "三奇貴人", "sān qí guì rén", "Three Wonders"),
    ("日德", "日德", "rì dé", "Day Virtue"),
    ("十灵", "十靈", "shí líng", "Ten Spirits"),
    ("六秀", "六秀", "liù xiù", "Six Elegances"),
    ("将星", "將星", "jiàng xīng", "General Star"),
    ("华盖", "華蓋", "huá gài", "Canopy"),
    ("驿马", "驛馬", "yì mǎ", "Travelling Horse"),
    ("桃花", "桃花", "táo huā", "Peach Blossom"),
    ("红鸾", "紅鸞", "hóng luán", "Red Phoenix"),
    ("天喜", "天喜", "tiān xǐ", "Heavenly Happiness"),
    ("红艳", "紅艷", "hóng yàn", "Red Glamour"),
    ("羊刃", "羊刃", "yáng rèn", "Goat Blade"),
    ("飞刃", "飛刃", "fēi rèn", "Flying Blade"),
    ("血刃", "血刃", "xuè rèn", "Blood Blade"),
    ("流霞", "流霞", "liú xiá", "Flowing Mist"),
    ("劫煞", "劫煞", "jié shà", "Robbery Sha"),
    ("灾煞", "災煞", "zāi shà", "Calamity Sha"),
    ("亡神", "亡神", "wáng shén", "Death Spirit"),
    ("孤辰", "孤辰", "gū chén", "Lonely Star"),
    ("寡宿", "寡宿", "guǎ sù", "Widow Star"),
    ("元辰", "元辰", "yuán chén", "Great Waste"),
    ("勾绞", "勾絞", "gōu jiǎo", "Hook and Noose"),
    ("丧门", "喪門", "sāng mén", "Funeral Door"),
    ("吊客", "弔客", "diào kè", "Mourning Guest"),
    ("披麻", "披麻", "pī má", "Hemp Mourning"),
    ("天罗地网", "天羅地網", "tiān luó dì wǎng", "Sky Net and Earth Snare"),
    ("空亡", "空亡", "kōng wáng", "Void"),
    ("截路空亡", "截路空亡", "jié lù kōng wáng", "Road-Block Void"),
    ("魁罡", "魁罡", "kuí gāng", "Kui Gang"),
    ("阴差阳错", "陰差陽錯", "yīn chā yáng cuò", "Yin-Yang Mismatch"),
    ("十恶大败", "十惡大敗", "shí è dà bài", "Ten Evils Great Defeat"),
    ("孤鸾", "孤鸞", "gū luán", "Lonely Phoenix"),
    ("四废", "四廢", "sì fèi", "Four Wastes"),
    ("八专", "八專", "bā zhuān", "Eight Exclusives"),
    ("九丑", "九醜", "jiǔ chǒu", "Nine Uglies"),
    ("金神", "金神", "jīn shén", "Metal Spirit"),
    ("童子", "童子", "tóng zǐ", "Child Spirit"),
)


class Star(NamedEnum):
    """A symbolic star 神煞, named in four scripts; members in display order."""

    TIANYI = 0
    TAIJI = 1
    TIANDE = 2
    TIANDE_HE = 3
    YUEDE = 4
    YUEDE_HE = 5
    DEXIU = 6
    TIANSHE = 7
    WENCHANG = 8
    XUETANG = 9
    CIGUAN = 10
    GUOYIN = 11
    FUXING = 12
    TIANCHU = 13
    JINYU = 14
    LU = 15
    TIANYI_DOCTOR = 16
    SANQI = 17
    RIDE = 18
    SHILING = 19
    LIUXIU = 20
    JIANGXING = 21
    HUAGAI = 22
    YIMA = 23
    TAOHUA = 24
    HONGLUAN = 25
    TIANXI = 26
    HONGYAN = 27
    YANGREN = 28
    FEIREN = 29
    XUEREN = 30
    LIUXIA = 31
    JIESHA = 32
    ZAISHA = 33
    WANGSHEN = 34
    GUCHEN = 35
    GUASU = 36
    YUANCHEN = 37
    GOUJIAO = 38
    SANGMEN = 39
    DIAOKE = 40
    PIMA = 41
    TIANLUO = 42
    KONGWANG = 43
    JIELU = 44
    KUIGANG = 45
    YINCHA = 46
    SHIE = 47
    GULUAN = 48
    SIFEI = 49
    BAZHUAN = 50
    JIUCHOU = 51
    JINSHEN = 52
    TONGZI = 53

    @classmethod
    def name_rows(cls) -> Sequence[Sequence[str]]:
        return _NAMES


Basis = Literal[
    "day_stem",
    "year_stem",
    "month_branch",
    "year_branch",
    "day_branch",
    "year_branch_forward",  # 阳男阴女 (the luck runs forward): the year branch, else nothing
    "year_branch_backward",  # 阴男阳女
    "year_nayin",
    "season",  # of the month branch: 寅卯辰 spring, 巳午未 summer, 申酉戌 autumn, 亥子丑 winter
    "day_xun",  # the day pillar's decade 旬, written by its head (甲子, 甲戌, …)
    "year_xun",  # the year pillar's decade
    "none",  # a fixed set, written "*"
    "stem_order",  # 三奇: three stems in a row
]
Target = Literal["stem", "branch", "pillar", "stems"]

# Each basis: the pillar it reads (0-3: year, month, day, hour; None for "none") and the
# names of its keys in the tables, by key number.
_STEM_KEYS = "甲乙丙丁戊己庚辛壬癸"
_BRANCH_KEYS = "子丑寅卯辰巳午未申酉戌亥"
BASES: dict[Basis, tuple[int | None, tuple[str, ...]]] = {
    "day_stem": (2, tuple(_STEM_KEYS)),
    "year_stem": (0, tuple(_STEM_KEYS)),
    "month_branch": (1, tuple(_BRANCH_KEYS)),
    "year_branch": (0, tuple(_BRANCH_KEYS)),
    "day_branch": (2, tuple(_BRANCH_KEYS)),
    "year_branch_forward": (0, tuple(_BRANCH_KEYS)),
    "year_branch_backward": (0, tuple(_BRANCH_KEYS)),
    "year_nayin": (0, tuple("木火土金水")),
    "season": (1, tuple("春夏秋冬")),
    "day_xun": (2, ("甲子", "甲戌", "甲申", "甲午", "甲辰", "甲寅")),
    "year_xun": (0, ("甲子", "甲戌", "甲申", "甲午", "甲辰", "甲寅")),
    "none": (None, ("*",)),
    "stem_order": (None, ("*",)),
}
"""What each basis reads: the natal pillar (0 year … 3 hour; ``None``: no single one) and
its keys by number (stems 甲…癸, branches 子…亥, elements 木…水, seasons 春…冬, decades)."""


class StarRule(NamedTuple):
    """One rule of a star.

    Attributes:
        star: the star it finds.
        basis: what it is looked up from (:data:`Basis`).
        target: what it finds: a ``"branch"``, a ``"stem"``, a ``"pillar"``, or ``"stems"``
            (three stems in a row, 三奇).
        table: the rule as written, ``"keys:targets"`` entries separated by spaces.
        lookup: ``table`` read: by key number, the target numbers (stems 0-9, branches
            0-11, pillars 0-59; for ``"stems"``, the three stems of each triple).
        slots: the pillars looked in: 0-3 natal year … hour, 4 the transit pillars.
        source: book and chapter (or modern manual) and the words of the rule.
        when: the school options that keep the row, as ``(option, values)`` pairs: a row
            is one school's reading of a disputed rule (``("tianyi", ("sanming",))``), or
            one side of a star looked up from the year or the day (``("star_anchor",
            ("year-day", "year"))`` for the year's row). Empty: every school reads it so.
        note: the variants not taken, if any.
    """

    star: Star
    basis: Basis
    target: Target
    table: str
    lookup: tuple[frozenset[int], ...]
    slots: frozenset[int]
    source: str
    when: tuple[tuple[str, tuple[str, ...]], ...] = ()
    note: str = ""

    def keeps(self, options: object) -> bool:
        """Whether ``options`` (:class:`~bazi.options.Options`) keep this row."""
        return all(getattr(options, name) in values for name, values in self.when)


def _number(token: str, target: Target) -> list[int]:
    if target == "stem":
        return [_STEM_KEYS.index(c) for c in token]
    if target == "branch":
        return [_BRANCH_KEYS.index(c) for c in token]
    if target == "pillar":
        return [Pillar.from_hanzi(token[i : i + 2]).index for i in range(0, len(token), 2)]
    return [_STEM_KEYS.index(c) for c in token]  # "stems": one triple per entry


def _read(basis: Basis, target: Target, table: str) -> tuple[frozenset[int], ...]:
    """The lookup of ``table``: for each key of ``basis``, the set of target numbers."""
    keys = BASES[basis][1]
    found: list[set[int]] = [set() for _ in keys]
    width = len(keys[0])
    for entry in table.split():
        written, targets = entry.split(":")
        for i in range(0, len(written), width):
            key = keys.index(written[i : i + width])
            if target == "stems":  # a triple is kept whole, as a number base 10
                a, b, c = _number(targets, target)
                found[key].add(100 * a + 10 * b + c)
            else:
                found[key].update(_number(targets, target))
    return tuple(frozenset(f) for f in found)


_ANCHORED = {"year-day": ("year", "day"), "year": ("year",), "day": ("day",)}


def _rows(
    star: Star,
    bases: tuple[Basis, ...],
    target: Target,
    table: str,
    where: str,
    source: str,
    option: tuple[str, str] | None = None,
    note: str = "",
    anchor_option: str = "star_anchor",
) -> list[StarRule]:
    """The rules of one table, one per basis. A table looked up from the year or the day
    (bases ``year_*`` and ``day_*`` both) is marked with the values of ``anchor_option``
    (``star_anchor``, or ``kongwang`` for 空亡) that keep each row."""
    rules = []
    anchored = len(bases) == 2
    for basis in bases:
        own = BASES[basis][0]
        if where in ("all", "others"):
            slots = {0, 1, 2, 3, 4} - ({own} if where == "others" else set())
        else:
            slots = {"ymdht".index(letter) for letter in where}
        when: list[tuple[str, tuple[str, ...]]] = (
            [] if option is None else [(option[0], (option[1],))]
        )
        if anchored:
            side = basis.split("_")[0]
            kept = tuple(value for value, sides in _ANCHORED.items() if side in sides)
            when.append((anchor_option, kept))
        rules.append(
            StarRule(
                star,
                basis,
                target,
                table,
                _read(basis, target, table),
                frozenset(slots),
                source,
                tuple(when),
                note,
            )
        )
    return rules


_S = Star
_STEMS: tuple[Basis, ...] = ("year_stem", "day_stem")
_BRANCHES: tuple[Basis, ...] = ("year_branch", "day_branch")
_DAY: tuple[Basis, ...] = ("day_stem",)
_MONTH: tuple[Basis, ...] = ("month_branch",)
_YEAR: tuple[Basis, ...] = ("year_branch",)
_NAYIN: tuple[Basis, ...] = ("year_nayin",)
_FIXED: tuple[Basis, ...] = ("none",)
_SEASON: tuple[Basis, ...] = ("season",)
_GAOREN = "高人《神煞查法》"
_SANMING = "《三命通会·"

_ALL: tuple[StarRule, ...] = tuple(
    rule
    for rows in (
        # 贵人: looked up from the year or day stem, found in any branch.
        _rows(
            _S.TIANYI,
            _STEMS,
            "branch",
            "甲戊庚:丑未 乙己:子申 丙丁:亥酉 壬癸:卯巳 辛:午寅",
            "all",
            _SANMING + "论天乙贵人》「甲戊庚牛羊，乙己鼠猴乡，丙丁猪鸡位，壬癸兔蛇藏，六辛逢马虎」",
            ("tianyi", "sanming"),
        ),
        _rows(
            _S.TIANYI,
            _STEMS,
            "branch",
            "甲戊:丑未 乙己:子申 丙丁:亥酉 壬癸:卯巳 庚辛:午寅",
            "all",
            "《渊海子平·论天乙贵人》「甲戊兼牛羊，乙己鼠猴乡，丙丁猪鸡位，壬癸兔蛇藏，庚辛逢马虎」",
            ("tianyi", "yuanhai"),
        ),
        _rows(
            _S.TAIJI,
            _STEMS,
            "branch",
            "甲乙:子午 丙丁:卯酉 戊己:辰戌丑未 庚辛:寅亥 壬癸:巳申",
            "all",
            _SANMING + "论太极贵》「甲乙生人子午中，丙丁鸡兔定亨通，戊己两干临四季，"
            "庚辛寅亥禄丰隆，壬癸巳申偏喜美」",
        ),
        _rows(
            _S.WENCHANG,
            _STEMS,
            "branch",
            "甲:巳 乙:午 丙戊:申 丁己:酉 庚:亥 辛:子 壬:寅 癸:卯",
            "all",
            "袁树珊《命理探原》文昌「甲乙巳午报君知，丙戊申宫丁己鸡，庚猪辛鼠壬逢虎，"
            "癸人见卯入云梯」",
            note="《星学大成》辛见戌 (not taken)",
        ),
        _rows(
            _S.GUOYIN,
            _STEMS,
            "branch",
            "甲:戌 乙:亥 丙戊:丑 丁己:寅 庚:辰 辛:巳 壬:未 癸:申",
            "all",
            "《张果星宗》天干吉凶星例「国印：戌亥丑寅丑寅辰巳未申」（禄前九位）",
            note="《五行精纪》禄前第八位 (not taken)",
        ),
        _rows(
            _S.FUXING,
            _STEMS,
            "branch",
            "甲丙:寅子 乙癸:丑卯 戊:申 己:未 丁:亥 庚:午 辛:巳 壬:辰",
            "all",
            "《甲丙相邀入虎乡歌》「甲丙相邀入虎乡，更游鼠穴最高强，戊猴己未丁宜亥，"
            "乙癸逢牛卯禄昌，庚赶马头辛到巳，壬骑龙背喜非常」（" + _GAOREN + "）",
        ),
        _rows(
            _S.TIANCHU,
            _STEMS,
            "branch",
            "甲丙:巳 乙丁:午 戊:申 己:酉 庚:亥 辛:子 壬:寅 癸:卯",
            "all",
            _GAOREN + "天厨贵人：食神之禄「甲以丙为食神，丙禄在巳」",
        ),
        _rows(
            _S.JINYU,
            _STEMS,
            "branch",
            "甲:辰 乙:巳 丙戊:未 丁己:申 庚:戌 辛:亥 壬:丑 癸:寅",
            "all",
            _SANMING + "论金舆》（禄前二辰）「甲龙乙蛇丙戊羊，丁己猴歌庚犬方，辛猪壬牛癸逢虎」",
        ),
        # From the day stem only (日干查).
        _rows(
            _S.LU,
            _DAY,
            "branch",
            "甲:寅 乙:卯 丙戊:巳 丁己:午 庚:申 辛:酉 壬:亥 癸:子",
            "all",
            _SANMING + "论十干禄》「甲禄在寅，乙禄在卯，丙戊禄在巳，丁己禄在午，庚禄在申，"
            "辛禄在酉，壬禄在亥，癸禄在子」",
        ),
        _rows(
            _S.YANGREN,
            _DAY,
            "branch",
            "甲:卯 丙戊:午 庚:酉 壬:子",
            "all",
            "《渊海子平·论阳刃》（阳干有刃：禄前一位）",
            ("yangren", "yang"),
        ),
        _rows(
            _S.YANGREN,
            _DAY,
            "branch",
            "甲:卯 乙:辰 丙戊:午 丁己:未 庚:酉 辛:戌 壬:子 癸:丑",
            "all",
            _SANMING + "论羊刃》（禄前一辰，十干皆有）",
            ("yangren", "lu-next"),
        ),
        _rows(
            _S.YANGREN,
            _DAY,
            "branch",
            "甲:卯 乙:寅 丙戊:午 丁己:巳 庚:酉 辛:申 壬:子 癸:亥",
            "all",
            _GAOREN + "羊刃（十干帝旺）「甲羊刃在卯，乙羊刃在寅……癸羊刃在亥」",
            ("yangren", "peak"),
        ),
        _rows(
            _S.FEIREN,
            _DAY,
            "branch",
            "甲:酉 丙戊:子 庚:卯 壬:午",
            "all",
            "羊刃之冲（" + _GAOREN + "飞刃）；阳刃依《渊海子平·论阳刃》",
            ("yangren", "yang"),
        ),
        _rows(
            _S.FEIREN,
            _DAY,
            "branch",
            "甲:酉 乙:戌 丙戊:子 丁己:丑 庚:卯 辛:辰 壬:午 癸:未",
            "all",
            "羊刃之冲（" + _GAOREN + "飞刃）；羊刃依" + _SANMING + "论羊刃》禄前一辰",
            ("yangren", "lu-next"),
        ),
        _rows(
            _S.FEIREN,
            _DAY,
            "branch",
            "甲:酉 乙:申 丙戊:子 丁己:亥 庚:卯 辛:寅 壬:午 癸:巳",
            "all",
            _GAOREN + "飞刃「甲羊刃在卯，地支见酉；乙羊刃在寅，地支见申……」",
            ("yangren", "peak"),
        ),
        _rows(
            _S.HONGYAN,
            _DAY,
            "branch",
            "甲:午 乙:申 丙:寅 丁:未 戊己:辰 庚:戌 辛:酉 壬:子 癸:申",
            "all",
            "红艳煞歌「多情多欲少人知，六丙逢寅辛见鸡，癸临申上丁见未，甲乙午申庚见戌，"
            "戊己怕辰壬怕子」（" + _GAOREN + "）",
            ("hongyan", "rhyme"),
        ),
        _rows(
            _S.HONGYAN,
            _DAY,
            "branch",
            "甲乙:午 丙:寅 丁:未 戊己:辰 庚:戌 辛:酉 壬:子 癸:申",
            "all",
            "《三命通会》红艳「甲乙逢午、丙寅、丁未、戊辰、己辰、庚戌、辛酉、壬子、癸申，"
            "为红艳煞」",
            ("hongyan", "prose"),
        ),
        _rows(
            _S.LIUXIA,
            _DAY,
            "branch",
            "甲:酉 乙:戌 丙:未 丁:申 戊:巳 己:午 庚:辰 辛:卯 壬:亥 癸:寅",
            "all",
            _GAOREN + "流霞「甲鸡乙犬丙羊加，丁是猴乡戊见蛇，己马庚龙辛逐兔，壬猪癸虎是流霞」",
        ),
        _rows(
            _S.JIELU,
            _DAY,
            "branch",
            "甲己:申酉 乙庚:午未 丙辛:辰巳 丁壬:寅卯 戊癸:子丑",
            "h",
            "截路空亡歌「甲己申酉最为愁，乙庚午未不须求，丙辛辰巳不用问，丁壬寅卯一场空，"
            "戊癸子丑君须记」（" + _GAOREN + "）",
        ),
        # From the month branch (月支查): stems in any pillar, branches in the other three.
        _rows(
            _S.TIANDE,
            _MONTH,
            "stem",
            "寅:丁 辰:壬 巳:辛 未:甲 申:癸 戌:丙 亥:乙 丑:庚",
            "all",
            _SANMING + "论天月德》「正丁二申宫，三壬四辛同，五亥六甲上，七癸八寅逢，九丙十居乙，"
            "子巳丑庚中」",
        ),
        _rows(
            _S.TIANDE,
            _MONTH,
            "branch",
            "卯:申 午:亥 酉:寅 子:巳",
            "others",
            _SANMING + "论天月德》「正丁二申宫……子巳丑庚中」（二、五、八、十一月的天德是支）",
        ),
        _rows(
            _S.TIANDE_HE,
            _MONTH,
            "stem",
            "寅:壬 辰:丁 巳:丙 未:己 申:戊 戌:辛 亥:庚 丑:乙",
            "all",
            _SANMING + "论天月德》天德合（天德之干合）",
        ),
        _rows(
            _S.TIANDE_HE,
            _MONTH,
            "branch",
            "卯:巳 午:寅 酉:亥 子:申",
            "others",
            _SANMING + "论天月德》天德合（天德之支六合）",
        ),
        _rows(
            _S.YUEDE,
            _MONTH,
            "stem",
            "寅午戌:丙 申子辰:壬 亥卯未:甲 巳酉丑:庚",
            "all",
            _SANMING + "论天月德》「寅午戌月在丙，申子辰月在壬，亥卯未月在甲，巳酉丑月在庚」",
        ),
        _rows(
            _S.YUEDE_HE,
            _MONTH,
            "stem",
            "寅午戌:辛 申子辰:丁 亥卯未:己 巳酉丑:乙",
            "all",
            _SANMING + "论天月德》月德合（月德之干合）",
        ),
        _rows(
            _S.DEXIU,
            _MONTH,
            "stem",
            "寅午戌:丙丁戊癸 申子辰:壬癸戊己丙辛甲己 巳酉丑:庚辛乙庚 亥卯未:甲乙丁壬",
            "all",
            _GAOREN + "德秀贵人「寅午戌月，丙丁为德，戊癸为秀」等",
            note="a 德 or a 秀 stem marks the star; some read 德 and 秀 together",
        ),
        _rows(
            _S.TIANYI_DOCTOR,
            _MONTH,
            "branch",
            "寅:丑 卯:寅 辰:卯 巳:辰 午:巳 未:午 申:未 酉:申 戌:酉 亥:戌 子:亥 丑:子",
            "others",
            _GAOREN + "天医「正月生见丑，二月生见寅……十二月生见子」（月建后一辰）",
        ),
        _rows(
            _S.XUEREN,
            _MONTH,
            "branch",
            "寅:丑 卯:未 辰:寅 巳:申 午:卯 未:酉 申:辰 酉:戌 戌:巳 亥:亥 子:午 丑:子",
            "others",
            "modern common table by the month branch; no classical chapter found ("
            + _GAOREN
            + "血刃：查法待定)",
        ),
        # From the year or day branch by its 三合 frame (年支、日支查), in the other pillars.
        _rows(
            _S.YIMA,
            _BRANCHES,
            "branch",
            "申子辰:寅 寅午戌:申 巳酉丑:亥 亥卯未:巳",
            "others",
            _SANMING + "论驿马》「申子辰马在寅，寅午戌马在申，巳酉丑马在亥，亥卯未马在巳」",
        ),
        _rows(
            _S.TAOHUA,
            _BRANCHES,
            "branch",
            "申子辰:酉 寅午戌:卯 巳酉丑:午 亥卯未:子",
            "others",
            _SANMING + "论咸池》「申子辰在酉，寅午戌在卯，巳酉丑在午，亥卯未在子」",
        ),
        _rows(
            _S.HUAGAI,
            _BRANCHES,
            "branch",
            "申子辰:辰 寅午戌:戌 巳酉丑:丑 亥卯未:未",
            "others",
            _SANMING + "论华盖》「以三合本库为华盖……寅午戌见戌，巳酉丑见丑」",
        ),
        _rows(
            _S.JIANGXING,
            _BRANCHES,
            "branch",
            "申子辰:子 寅午戌:午 巳酉丑:酉 亥卯未:卯",
            "others",
            _SANMING + "论灾煞》将星（三合之中神）",
        ),
        _rows(
            _S.JIESHA,
            _BRANCHES,
            "branch",
            "申子辰:巳 寅午戌:亥 巳酉丑:寅 亥卯未:申",
            "others",
            _SANMING + "论劫煞亡神》（三合五行之绝）",
        ),
        _rows(
            _S.ZAISHA,
            _BRANCHES,
            "branch",
            "申子辰:午 寅午戌:子 巳酉丑:卯 亥卯未:酉",
            "others",
            _SANMING + "论灾煞》（冲将星）",
        ),
        _rows(
            _S.WANGSHEN,
            _BRANCHES,
            "branch",
            "申子辰:亥 寅午戌:巳 巳酉丑:申 亥卯未:寅",
            "others",
            _SANMING + "论劫煞亡神》（三合五行之临官）",
        ),
        # From the year branch alone (年支查).
        _rows(
            _S.GUCHEN,
            _YEAR,
            "branch",
            "亥子丑:寅 寅卯辰:巳 巳午未:申 申酉戌:亥",
            "others",
            _SANMING + "论孤辰寡宿》「亥子丑人，见寅为孤，见戌为寡」等",
        ),
        _rows(
            _S.GUASU,
            _YEAR,
            "branch",
            "亥子丑:戌 寅卯辰:丑 巳午未:辰 申酉戌:未",
            "others",
            _SANMING + "论孤辰寡宿》「亥子丑人，见寅为孤，见戌为寡」等",
        ),
        _rows(
            _S.HONGLUAN,
            _YEAR,
            "branch",
            "子:卯 丑:寅 寅:丑 卯:子 辰:亥 巳:戌 午:酉 未:申 申:未 酉:午 戌:巳 亥:辰",
            "others",
            "《星学大成·论红鸾天喜》（子年起卯，逆行）",
        ),
        _rows(
            _S.TIANXI,
            _YEAR,
            "branch",
            "子:酉 丑:申 寅:未 卯:午 辰:巳 巳:辰 午:卯 未:寅 申:丑 酉:子 戌:亥 亥:戌",
            "others",
            "《星学大成·论红鸾天喜》（子年起酉，逆行：红鸾之冲）",
        ),
        _rows(
            _S.YUANCHEN,
            ("year_branch_forward",),
            "branch",
            "子:未 丑:申 寅:酉 卯:戌 辰:亥 巳:子 午:丑 未:寅 申:卯 酉:辰 戌:巳 亥:午",
            "others",
            _SANMING + "论元辰》「阳男阴女，其冲前一辰」",
        ),
        _rows(
            _S.YUANCHEN,
            ("year_branch_backward",),
            "branch",
            "子:巳 丑:午 寅:未 卯:申 辰:酉 巳:戌 午:亥 未:子 申:丑 酉:寅 戌:卯 亥:辰",
            "others",
            _SANMING + "论元辰》「阴男阳女，其冲后一辰」",
        ),
        _rows(
            _S.GOUJIAO,
            _YEAR,
            "branch",
            "子:卯酉 丑:辰戌 寅:巳亥 卯:午子 辰:未丑 巳:申寅 午:酉卯 未:戌辰 申:亥巳 酉:子午 "
            "戌:丑未 亥:寅申",
            "others",
            "古诀「阳男阴女，命前三辰为勾，命后三辰为绞；阴男阳女，命前三辰为绞，命后三辰为勾」"
            "（" + _GAOREN + "）",
        ),
        _rows(
            _S.SANGMEN,
            _YEAR,
            "branch",
            "子:寅 丑:卯 寅:辰 卯:巳 辰:午 巳:未 午:申 未:酉 申:戌 酉:亥 戌:子 亥:丑",
            "others",
            "《协纪辨方书》丧门（岁前二辰）",
        ),
        _rows(
            _S.DIAOKE,
            _YEAR,
            "branch",
            "子:戌 丑:亥 寅:子 卯:丑 辰:寅 巳:卯 午:辰 未:巳 申:午 酉:未 戌:申 亥:酉",
            "others",
            "《协纪辨方书》吊客（岁后二辰）",
        ),
        _rows(
            _S.PIMA,
            _YEAR,
            "branch",
            "子:酉 丑:戌 寅:亥 卯:子 辰:丑 巳:寅 午:卯 未:辰 申:巳 酉:午 戌:未 亥:申",
            "others",
            _GAOREN + "披麻「年支后三位为披麻」",
        ),
        # From the year pillar's nayin element.
        _rows(
            _S.XUETANG,
            _NAYIN,
            "branch",
            "金:巳 木:亥 水土:申 火:寅",
            "others",
            _SANMING + "论学堂词馆》「金命见巳，辛巳为正；木命见亥，己亥为正；水命见申，甲申为正；"
            "土命见申，戊申为正；火命见寅，丙寅为正」（纳音长生）",
        ),
        _rows(
            _S.CIGUAN,
            _NAYIN,
            "branch",
            "金:申 木:寅 水土:亥 火:巳",
            "others",
            _SANMING + "论学堂词馆》（纳音临官：庚寅、乙巳、壬申、癸亥、丁亥为正）",
        ),
        _rows(
            _S.TIANLUO,
            _NAYIN,
            "branch",
            "火:戌亥 水土:辰巳",
            "dt",
            "《渊海子平》「戌亥为天罗，辰巳为地网。凡纳音火命，见戌亥日为天罗；水土命，见辰巳日"
            "为地网，金木二命无之」",
            note="modern manuals also count 戌亥 or 辰巳 seen together (not taken)",
        ),
        # The decade of the day pillar (default) or of the year pillar (kongwang).
        _rows(
            _S.KONGWANG,
            ("year_xun", "day_xun"),
            "branch",
            "甲子:戌亥 甲戌:申酉 甲申:午未 甲午:辰巳 甲辰:寅卯 甲寅:子丑",
            "others",
            "《渊海子平·论六甲空亡》「甲子旬中无戌亥……甲寅旬中无子丑」；日柱：《五行精纪》引"
            "《神白经》「此空亡只用生日旬中空亡极紧」；年日：同书引《林开五命》「论空亡止以年日"
            "所在」",
            anchor_option="kongwang",
        ),
        # The day pillar itself (日柱).
        _rows(_S.KUIGANG, _FIXED, "pillar", "*:庚辰庚戌壬辰戊戌", "d", "《渊海子平·论魁罡》"),
        _rows(
            _S.YINCHA,
            _FIXED,
            "pillar",
            "*:丙子丁丑戊寅辛卯壬辰癸巳丙午丁未戊申辛酉壬戌癸亥",
            "d",
            _SANMING + "论阴差阳错》",
        ),
        _rows(
            _S.SHIE,
            _FIXED,
            "pillar",
            "*:甲辰乙巳丙申丁亥戊戌己丑庚辰辛巳壬申癸亥",
            "d",
            _SANMING + "论十恶大败》（禄入空亡之日）",
        ),
        _rows(
            _S.GULUAN,
            _FIXED,
            "pillar",
            "*:甲寅乙巳丁巳辛亥戊申戊午壬子丙午",
            "d",
            "《渊海子平》古诗「木虎孀无婿，金猪岂有郎，赤黄马独卧，黑鼠守空房」及古歌「木火逢蛇"
            "大不祥，金猪何必强猖狂，土猴木虎夫何在」（" + _GAOREN + "）",
        ),
        _rows(
            _S.BAZHUAN,
            _FIXED,
            "pillar",
            "*:甲寅乙卯丁未戊戌己未庚申辛酉癸丑",
            "d",
            _GAOREN + "八专",
        ),
        _rows(
            _S.JIUCHOU,
            _FIXED,
            "pillar",
            "*:戊子戊午壬子壬午乙卯己卯辛卯己酉辛酉",
            "d",
            _GAOREN + "九丑",
        ),
        _rows(
            _S.SHILING,
            _FIXED,
            "pillar",
            "*:甲辰乙亥丙辰丁酉戊午庚戌庚寅辛亥壬寅癸未",
            "d",
            _GAOREN + "十灵日",
        ),
        _rows(_S.LIUXIU, _FIXED, "pillar", "*:丙午丁未戊子戊午己丑己未", "d", _GAOREN + "六秀"),
        _rows(_S.RIDE, _FIXED, "pillar", "*:甲寅丙辰戊辰庚辰壬戌", "d", _SANMING + "论日德》"),
        _rows(
            _S.JINSHEN, _FIXED, "pillar", "*:乙丑己巳癸酉", "dh", _SANMING + "论金神》（日、时）"
        ),
        _rows(
            _S.TIANSHE,
            _SEASON,
            "pillar",
            "春:戊寅 夏:甲午 秋:戊申 冬:甲子",
            "d",
            _SANMING + "论天月德》天赦「春戊寅、夏甲午、秋戊申、冬甲子」",
        ),
        _rows(
            _S.SIFEI,
            _SEASON,
            "pillar",
            "春:庚申辛酉 夏:壬子癸亥 秋:甲寅乙卯 冬:丙午丁巳",
            "d",
            "《协纪辨方书》四废（春庚申辛酉，夏壬子癸亥，秋甲寅乙卯，冬丙午丁巳）",
        ),
        # 童子: the season of the month, or the year nayin, seen in the day or hour branch.
        _rows(
            _S.TONGZI,
            _SEASON,
            "branch",
            "春秋:寅子 冬夏:卯未辰",
            "dh",
            "童子歌「春秋寅子贵，冬夏卯未辰」（" + _GAOREN + "）",
        ),
        _rows(
            _S.TONGZI,
            _NAYIN,
            "branch",
            "金木:午卯 水火:酉戌 土:辰巳",
            "dh",
            "童子歌「金木马卯合，水火鸡犬多，土命逢辰巳」（" + _GAOREN + "）",
        ),
        # 三奇: three stems in forward order, in year-month-day or month-day-hour.
        _rows(
            _S.SANQI,
            ("stem_order",),
            "stems",
            "*:甲戊庚 *:乙丙丁 *:壬癸辛",
            "ymdh",
            _SANMING + "论三奇》「天上三奇甲戊庚，地下三奇乙丙丁，人中三奇壬癸辛」（顺布）",
            note="reversed order not counted",
        ),
    )
    for rule in rows
)

STAR_RULES: tuple[StarRule, ...] = tuple(sorted(_ALL, key=lambda rule: rule.star))
"""Every rule, in the order of :class:`Star` (a star's rows in the order written)."""
