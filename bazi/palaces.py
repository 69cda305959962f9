"""The auxiliary pillars of a chart: 胎元, 胎息, 命宫 and 身宫.

Each is a pillar derived from the four by a fixed rule:

* 胎元 (conception pillar): the month ten months before birth, counted inclusively: month
  stem + 1, month branch + 3 (月干进一, 月支进三; popularly credited to 俞樾's 《游艺录》),
  as lunar-python ``getTaiYuan`` and tyme4j ``getFetalOrigin`` compute it. 《三命通会·论胎元》
  instead takes the day 300 days before birth (whose pillar equals the birth day's, 300 =
  5 × 60); that needs the calendar, not the pillars, and is not implemented.
* 胎息 (breath pillar): the stem that combines 五合 with the day stem (stem + 5) and the
  branch that combines 六合 with the day branch (子丑 寅亥 卯戌 辰酉 巳申 午未: 1 − branch):
  lunar-python ``getTaiXi``, tyme4j ``getFetalBreath``.
* 命宫 (life palace), 《三命通会·论坐命宫》: put 正月 on 子 and count the months backward
  (二月 亥, 三月 戌 …) to the birth month; put the birth hour on that branch and count the hours
  forward until 卯: the branch reached is the palace. Its stem follows from the year stem as a
  month's does (五虎遁: "甲己之年丙作首"); 子 and 丑 take the stems after 亥. With month
  m (正月 = 1) and hour branch h (子 = 0) the branch is (4 − m − h) mod 12. The book's example,
  甲子 year, third month, 戌 hour, gives 卯 and so 丁卯.
* 身宫 (body palace): branch (m + h + 2) mod 12, stem as for 命宫: lunar-python
  ``getShenGong``, tyme4j ``getBodySign``. 命宫 and 身宫 mirror each other about the 卯–酉 axis
  (their branches sum to 6 mod 12).

School: which month is "the birth month" m of 命宫 and 身宫.

* ``"jie"`` (default): the month of the month pillar, opened by a 节 (寅 month = 正月 …
  丑 month = 十二月). lunar-python and tyme4j do this, and every peer case in
  tests/data/reference agrees with it.
* ``"lunar"``: the lunar month number (正月 = 1; a leap month counts as the month it
  repeats), the plain reading of 三命通会's "所生之月"; pass it as ``lunar_month``. A lunar
  month starts at a new moon and a 节 month at a 节, so the two disagree for part of
  almost every month.
"""

from __future__ import annotations

from typing import get_args

from .cycle import _PILLARS, Pillar
from .errors import InvalidInputError
from .options import PalaceSchool
from .pillars import FourPillars

__all__ = ["PalaceSchool", "ming_gong", "shen_gong", "tai_xi", "tai_yuan"]


def tai_yuan(p: FourPillars) -> Pillar:
    """胎元: the month pillar's stem + 1 and branch + 3.

    >>> str(tai_yuan(FourPillars.from_hanzi("甲戌 乙亥 丙寅 己丑")))
    '丙寅'
    """
    month = p.month.index
    return _pillar(month % 10 + 1, month % 12 + 3)


def tai_xi(p: FourPillars) -> Pillar:
    """胎息: the stem and branch that combine (五合, 六合) with the day pillar's.

    >>> str(tai_xi(FourPillars.from_hanzi("癸卯 辛酉 己亥 癸酉")))  # 甲己合, 寅亥合
    '甲寅'
    """
    day = p.day.index
    return _pillar(day % 10 + 5, 1 - day % 12)


def _pillar(stem: int, branch: int) -> Pillar:
    # The pillar with stem ≡ stem (mod 10) and branch ≡ branch (mod 12), by the Chinese
    # remainder theorem as Pillar.of; every rule here keeps stem and branch of equal parity.
    return _PILLARS[(6 * stem - 5 * branch) % 60]


def _month_number(p: FourPillars, school: str, lunar_month: int | None) -> int:
    if school == "jie":
        if lunar_month is not None:
            raise InvalidInputError("lunar_month applies only with school='lunar'", lunar_month)
        return (p.month.index - 2) % 12 + 1  # 寅 month = 1
    if school == "lunar":
        if isinstance(lunar_month, bool) or not isinstance(lunar_month, int):
            raise InvalidInputError("school='lunar' needs lunar_month, 1 to 12", lunar_month)
        if not 1 <= lunar_month <= 12:
            raise InvalidInputError(f"lunar_month must be 1 to 12; got {lunar_month}", lunar_month)
        return lunar_month
    raise InvalidInputError(
        f"school must be one of {', '.join(get_args(PalaceSchool))}; got {school!r}", school
    )


def _with_year_stem(p: FourPillars, branch: int) -> Pillar:
    # 五虎遁 from the year stem s: 寅 takes (2s + 2) mod 10, each later branch one more.
    return _pillar(2 * p.year.index + 2 + (branch - 2) % 12, branch)


def ming_gong(
    p: FourPillars, *, school: PalaceSchool = "jie", lunar_month: int | None = None
) -> Pillar:
    """命宫: 正月 on 子, months backward to the birth month, hours forward from there to 卯.

    Args:
        p: the four pillars; the year stem, month branch (school ``"jie"``) and hour branch
            are used.
        school: ``"jie"`` (default, the month pillar's month) or ``"lunar"``.
        lunar_month: the lunar month number 1–12, required by and only allowed with
            ``school="lunar"``.

    Returns:
        The palace pillar.

    Raises:
        InvalidInputError: an unknown school, or ``lunar_month`` missing or misplaced.

    >>> str(ming_gong(FourPillars.from_hanzi("丙寅 庚寅 辛卯 壬辰")))
    '己亥'
    """
    m = _month_number(p, school, lunar_month)
    return _with_year_stem(p, (4 - m - p.hour.index) % 12)


def shen_gong(
    p: FourPillars, *, school: PalaceSchool = "jie", lunar_month: int | None = None
) -> Pillar:
    """身宫: branch (m + h + 2) mod 12 for month number m and hour branch h; stem by 五虎遁.

    Arguments, result and errors as for :func:`ming_gong`.

    >>> str(shen_gong(FourPillars.from_hanzi("丙寅 庚寅 辛卯 壬辰")))
    '乙未'
    """
    m = _month_number(p, school, lunar_month)
    return _with_year_stem(p, (m + p.hour.index + 2) % 12)
