"""Reading a claimed chart out of text (bazi/claims.py): the forms people and chatbots
write, and clear refusals naming the ``claim`` field.

The expected pillars are the ones written in each text (reading is transcription); the
pinyin and English names are the standard ones (甲 jiǎ … 癸 guǐ; 子 zǐ Rat … 亥 hài Pig;
甲乙 wood, 丙丁 fire, 戊己 earth, 庚辛 metal, 壬癸 water; even stems yang, odd yin).
"""

from __future__ import annotations

import pytest

import bazi

SEED = "乙亥 己卯 己亥 甲子"

CHATBOT_ZH = """根据您提供的出生信息（1995年3月8日23:40，深圳），您的八字排盘如下：

**年柱：乙亥**（木猪）
**月柱：己卯**
**日柱：戊戌**
**時柱：壬子**

日主为戊土，生于卯月……2025年为乙巳年，流年对您……"""

CHATBOT_EN = """Here is your Four Pillars chart:

- **Year Pillar:** Yi Hai (乙亥) – Yin Wood Pig
- **Month Pillar:** Ji Mao (己卯) – Yin Earth Rabbit
- **Day Pillar:** Geng Zi (庚子) – Yang Metal Rat
- **Hour Pillar:** Bing Zi (丙子) – Yang Fire Rat

Your Day Master is Geng Metal."""


@pytest.mark.parametrize(
    ("text", "pillars", "read_by"),
    [
        ("乙亥 己卯 己亥 甲子", SEED, "order"),
        ("乙亥己卯己亥甲子", SEED, "order"),
        ("乙亥, 己卯, 己亥, 甲子", SEED, "order"),
        ("乙亥年 己卯月 己亥日 甲子时", SEED, "suffixes"),
        ("乙亥年己卯月己亥日甲子時", SEED, "suffixes"),  # traditional 時
        ("您出生于乙亥年、己卯月、己亥日、甲子时。2025年是乙巳年。", SEED, "suffixes"),
        ("年柱：乙亥 月柱：己卯 日柱：己亥 时柱：甲子", SEED, "labels"),
        ("年柱：乙亥\n月柱：己卯\n日柱：己亥\n時柱：甲子", SEED, "labels"),
        (
            "1. 年柱（Year Pillar）：乙亥\n2. 月柱：己卯\n3. 日柱：己亥\n4. 时柱：甲子",
            SEED,
            "labels",
        ),
        ("Year: 乙亥\nMonth: 己卯\nDay: 己亥\nHour: 甲子", SEED, "labels"),
        (CHATBOT_ZH, "乙亥 己卯 戊戌 壬子", "labels"),
        (CHATBOT_EN, "乙亥 己卯 庚子 丙子", "labels"),
        (
            "| 年柱 | 月柱 | 日柱 | 时柱 |\n|---|---|---|---|\n| 乙亥 | 己卯 | 己亥 | 甲子 |",
            SEED,
            "order",
        ),
        ("yi hai, ji mao, ji hai, jia zi", SEED, "order"),
        ("yǐ hài, jǐ mǎo, jǐ hài, jiǎ zǐ", SEED, "order"),
        ("Yi-Hai Ji-Mao Ji-Hai Jia-Zi", SEED, "order"),
        ("yihai jimao jihai jiazi", SEED, "order"),
        ("yi3 hai4 ji3 mao3 ji3 hai4 jia3 zi3", SEED, "order"),
        ("Yin Wood Pig, Yin Earth Rabbit, Yin Earth Pig, Yang Wood Rat", SEED, "order"),
        ("Wood Pig year, Earth Rabbit month, Earth Pig day, Wood Rat hour", SEED, "suffixes"),
        ("wu wu, wu wu, wu wu", "戊午 戊午 戊午", "order"),  # 戊 wù and 午 wǔ by position
        (
            "乙亥 (Yin Wood Pig), 己卯 (Yin Earth Rabbit), 己亥 (Yin Earth Pig)",
            "乙亥 己卯 己亥",
            "order",
        ),
        ("乙亥 己卯 己亥（时辰不详）", "乙亥 己卯 己亥", "order"),
        ("乙亥 己卯 己亥，己土日主", "乙亥 己卯 己亥", "order"),
        ("甲丑 己卯 己亥 甲子", "甲丑 己卯 己亥 甲子", "order"),  # read as written; judged later
        ("Yang Wood Ox, Yin Earth Rabbit, Yin Earth Pig", "甲丑 己卯 己亥", "order"),
        # Luck pillars and other derived pillars on their own line are not the chart.
        ("八字：乙亥 己卯 己亥 甲子\n大运：庚辰 辛巳 壬午 癸未", SEED, "order"),
        ("乙亥 己卯 己亥 甲子\nLuck pillars: 庚辰, 辛巳, 壬午, 癸未", SEED, "order"),
        # A strong label wins over a year named in passing.
        ("年柱：乙亥（注：1994年是甲戌年）月柱：己卯 日柱：己亥 时柱：甲子", SEED, "labels"),
    ],
)
def test_forms(text: str, pillars: str, read_by: str) -> None:
    claim = bazi.read_claim(text)
    assert str(claim) == pillars
    assert claim.read_by == read_by


def test_scripts_are_reported() -> None:
    assert bazi.read_claim(CHATBOT_EN).scripts == ("pinyin", "hanzi", "english")


@pytest.mark.parametrize(
    ("text", "error", "says"),
    [
        ("hello", bazi.InvalidInputError, "found no pillar"),
        ("", bazi.InvalidInputError, "found no pillar"),
        ("乙亥 己卯", bazi.InvalidInputError, "2 pillars in a row"),
        ("乙亥 己卯 己亥 甲子 丙寅", bazi.InvalidInputError, "5 pillars in a row"),
        ("乙亥 己卯 己亥 甲", bazi.InvalidPillarError, "comes '甲' alone"),
        (
            "年柱：乙亥 月柱：己卯 日柱：己亥 时柱：甲子\n更正：年柱：乙亥 月柱：己卯 日柱：庚子",
            bazi.InvalidInputError,
            "the day pillar as both 己亥 and 庚子",
        ),
        (
            "乙亥 己卯 己亥 甲子；另一说：乙亥 己卯 庚子 丙子",
            bazi.InvalidInputError,
            "2 different charts",
        ),
        ("八字：乙亥 己卯 己亥 甲子。日柱庚子", bazi.InvalidInputError, "both 己亥 and 庚子"),
        ("x" * 20_001, bazi.InvalidInputError, "at most 20000"),
    ],
)
def test_unreadable_claims_name_the_claim_field(
    text: str, error: type[bazi.BaziError], says: str
) -> None:
    with pytest.raises(error) as caught:
        bazi.read_claim(text)
    assert caught.value.field == "claim"
    assert says in str(caught.value)
    if "found no pillar" in says:
        assert "expected three or four pillars" in str(caught.value)


def test_not_text() -> None:
    with pytest.raises(bazi.InvalidInputError) as caught:
        bazi.read_claim(42)  # type: ignore[arg-type]
    assert caught.value.field == "claim"
