"""The reading on a chart (hand-derived) and its serialisation in the four scripts."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bazi
from bazi.cli import main
from bazi.names import LANGS


def test_contract_example_reading_by_hand() -> None:
    """庚午 辛巳 壬午 乙巳, day master 壬 (yang water).

    Ten gods: 庚 yang metal produces water, same polarity → 偏印; 辛 yin metal → 正印;
    乙 yin wood is produced by water, other polarity → 伤官. Nayin from the rhyme
    庚午辛未路旁土, 庚辰辛巳白蜡金, 壬午癸未杨柳木, 甲辰乙巳覆灯火. 壬 is born (长生) at 申
    and runs forward: 申 长生 酉 沐浴 戌 冠带 亥 临官 子 帝旺 丑 衰 寅 病 卯 死 辰 墓 巳 绝 午 胎,
    so on 午 → 胎 and on 巳 → 绝. Void of 庚午 (甲子 旬): 戌亥.
    """
    r = bazi.chart("1990-05-17 10:30", tz="Asia/Shanghai").reading
    assert [str(x.ten_god) if x.ten_god else None for x in r.pillars] == [
        "偏印",
        "正印",
        None,
        "伤官",
    ]
    assert [x.nayin.hanzi for x in r.pillars] == ["路旁土", "白蜡金", "杨柳木", "覆灯火"]
    assert [x.stage.hanzi for x in r.pillars] == ["胎", "绝", "胎", "绝"]
    assert "".join(b.hanzi for b in r["year"].void) == "戌亥"


@pytest.mark.parametrize("lang", LANGS)
def test_to_dict_in_every_script(lang: str) -> None:
    c = bazi.chart("1977-09-23 19:00", tz="+08:00", gender="female")
    d = c.to_dict(lang)  # type: ignore[arg-type]
    json.dumps(d, ensure_ascii=False)
    assert d["lang"] == lang and d["text"] == "丁巳 己酉 癸未 壬戌"
    assert d["details"]["day"]["ten_god"] is None
    assert len(d["luck"]["pillars"]) == 10 and d["relations"]
    expected = {"zh": "偏财", "zh-Hant": "偏財", "pinyin": "piān cái", "en": "Indirect Wealth"}
    assert d["details"]["year"]["ten_god"] == expected[lang]


def test_unknown_lang() -> None:
    with pytest.raises(bazi.InvalidInputError, match="lang"):
        bazi.chart("1977-09-23 19:00", tz="+08:00").to_dict("fr")  # type: ignore[arg-type]


@given(
    st.datetimes(
        min_value=datetime(1800, 2, 1), max_value=datetime(2199, 12, 1), timezones=st.just(UTC)
    ),
    st.sampled_from(["male", "female"]),
    st.sampled_from(["proportional", "lunar-sect1", "lunar-sect2", "tyme"]),
)
def test_every_chart_serialises_in_every_script(
    instant: datetime, gender: str, method: str
) -> None:
    c = bazi.chart(instant, gender=gender, luck_method=method)  # type: ignore[arg-type]
    for lang in LANGS:
        json.dumps(c.to_dict(lang))


def test_cli_full_chart_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["chart", "1977-09-23 19:00", "--tz", "+08:00", "--gender", "female", "--lang", "en"])
        == 0
    )
    out = capsys.readouterr().out
    for heading in (
        "Ten god",
        "Hidden",
        "Nayin",
        "Stage",
        "Void",
        "Relations",
        "Elements",
        "Luck",
        "Minor luck",
    ):
        assert heading in out
    assert "Indirect Wealth" in out and "Yin Fire Snake" in out
