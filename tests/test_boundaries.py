"""Year and month pillars one millisecond either side of every 节 in the table, 1800–2199.

The expected pillars are derived here from conventions §4 by tables written out by hand (the
branch each 节 opens, the 五虎遁 stem of the 寅 month), walking the JPL table in order;
they are not computed by ``bazi.pillars``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import bazi
from bazi.terms import solar_term_table

MS = timedelta(milliseconds=1)
STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
OPENS = {315: "寅", 345: "卯", 15: "辰", 45: "巳", 75: "午", 105: "未",
         135: "申", 165: "酉", 195: "戌", 225: "亥", 255: "子", 285: "丑"}  # fmt: skip
# 五虎遁: 甲己之年丙作首, 乙庚之岁戊为头, 丙辛必定寻庚起,
# 丁壬壬位顺行流, 戊癸何方发, 甲寅之上好追求.
TIGER_MONTH_STEM = {"甲": "丙", "己": "丙", "乙": "戊", "庚": "戊", "丙": "庚", "辛": "庚",
                    "丁": "壬", "壬": "壬", "戊": "甲", "癸": "甲"}  # fmt: skip


def year_name(year: int) -> str:
    # 1984 is 甲子; both cycles step by one a year.
    return STEMS[(year - 1984) % 10] + BRANCHES[(year - 1984) % 12]


def month_name(year: int, opened_by: int) -> str:
    year_stem = year_name(year)[0]
    steps = (BRANCHES.index(OPENS[opened_by]) - BRANCHES.index("寅")) % 12
    return STEMS[(STEMS.index(TIGER_MONTH_STEM[year_stem]) + steps) % 10] + OPENS[opened_by]


def jie_in_order() -> list[tuple[int, datetime]]:
    table = solar_term_table()
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return [
        (lon, epoch + timedelta(microseconds=us))
        for lon, us in zip(table.longitudes, table.instants, strict=True)
        if lon in OPENS
    ]


def test_every_jie_switches_month_and_year_exactly_at_its_instant() -> None:
    jie = jie_in_order()
    year, checked = None, 0
    previous: tuple[int, int] | None = None  # (year, longitude) of the running month
    for lon, instant in jie:
        if lon == 315:
            year = instant.year
        if year is None:  # before the first 立春 (小寒 1800): its year is 1799
            year = instant.year - 1
        start, end = solar_term_table().start, solar_term_table().end
        if start <= instant < end:
            after = bazi.chart(instant + MS).pillars
            assert (str(after.year), str(after.month)) == (year_name(year), month_name(year, lon))
            if previous is not None:
                before = bazi.chart(instant - MS).pillars
                want = (year_name(previous[0]), month_name(*previous))
                assert (str(before.year), str(before.month)) == want, instant
            on = bazi.chart(instant).pillars  # an instant on the boundary is the new month
            assert str(on.month) == month_name(year, lon)
            checked += 1
        previous = (year, lon)
    assert checked == 400 * 12  # every 节 from 小寒 1800 to 大雪 2199


def test_hand_derived_examples() -> None:
    # 1984-02-04 立春 opened 甲子 year, 丙寅 month (甲 year → 丙寅).
    assert month_name(1984, 315) == "丙寅" and year_name(1984) == "甲子"
    # 1990 庚午: the 巳 month (立夏) is 辛巳: 庚 year → 戊寅, +3 → 辛巳.
    assert month_name(1990, 45) == "辛巳"
    # 小寒 closes the year: for 1990 it falls in January 1991 and opens 己丑.
    assert month_name(1990, 285) == "己丑"
