"""Laws of the derived chart data (hidden stems, ten gods, stages, nayin, void, palaces,
relations, element counts), checked on random pillars (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bazi.cycle import Branch, Pillar, Stem
from bazi.elements import element_counts
from bazi.hidden_stems import hidden_stems
from bazi.nayin import nayin
from bazi.palaces import ming_gong, shen_gong, tai_xi, tai_yuan
from bazi.pillars import FourPillars
from bazi.relations import POSITIONS, relations
from bazi.stages import Stage, birth_branch, growth_stage
from bazi.ten_gods import TenGod, ten_god

STEMS = st.sampled_from(list(Stem))
BRANCHES = st.sampled_from(list(Branch))
PILLARS = st.integers(0, 59).map(Pillar)
CHARTS = st.tuples(PILLARS, PILLARS, PILLARS, PILLARS).map(lambda t: FourPillars(*t))


@given(STEMS)
def test_a_stem_is_its_own_friend(dm: Stem) -> None:
    assert ten_god(dm, dm) == TenGod.FRIEND


@given(STEMS)
def test_ten_gods_of_one_day_master_are_all_different(dm: Stem) -> None:
    assert sorted(ten_god(dm, other) for other in Stem) == list(TenGod)


@given(STEMS, STEMS)
def test_ten_god_polarity_and_reciprocity(a: Stem, b: Stem) -> None:
    god = ten_god(a, b)
    assert god % 2 == (a.is_yang != b.is_yang)  # 偏 (even) when alike, 正 (odd) when not
    # b seen from a is k element steps on; a seen from b is −k steps: 食伤 ↔ 印, 财 ↔ 官杀.
    assert ten_god(b, a) == TenGod(2 * (-(god // 2) % 5) + god % 2)


@given(STEMS, BRANCHES)
def test_stages_step_with_the_branch(stem: Stem, branch: Branch) -> None:
    step = 1 if stem.is_yang else -1
    assert growth_stage(stem, Branch((branch + 1) % 12)) == Stage(
        (growth_stage(stem, branch) + step) % 12
    )
    assert growth_stage(stem, birth_branch(stem)) == Stage.BIRTH


@given(STEMS)
def test_each_stem_meets_every_stage_once(stem: Stem) -> None:
    assert sorted(growth_stage(stem, b) for b in Branch) == list(Stage)


@given(st.integers(0, 4))
def test_yin_is_born_where_yang_dies(element: int) -> None:
    yang, yin = Stem(2 * element), Stem(2 * element + 1)
    assert growth_stage(yang, birth_branch(yin)) == Stage.DEATH  # 阳死阴生
    assert growth_stage(yin, birth_branch(yang)) == Stage.DEATH  # 阴死阳生


@given(PILLARS)
def test_void_branches_are_the_two_the_xun_misses(p: Pillar) -> None:
    head = p - p.index % 10
    taken = {(head + k).branch for k in range(10)}
    first, second = p.void
    assert {first, second} == set(Branch) - taken
    assert second == (first + 1) % 12 and first.is_yang


@given(PILLARS)
def test_nayin_pairs(p: Pillar) -> None:
    assert p in nayin(p).pillars
    partner = p + 1 if p.index % 2 == 0 else p - 1
    assert nayin(partner) == nayin(p)


@given(CHARTS)
def test_palace_laws(chart: FourPillars) -> None:
    ming, shen = ming_gong(chart), shen_gong(chart)
    assert (ming.branch + shen.branch) % 12 == 6  # mirror images about 卯–酉
    # Both stems follow 五虎遁 from the year stem, like the month's.
    for palace in (ming, shen):
        assert (palace.stem - 2 * chart.year.stem - 2 - (palace.branch - 2) % 12) % 10 == 0
    # The jie school is the lunar school with the month pillar's month number.
    number = (chart.month.branch - 2) % 12 + 1
    assert ming_gong(chart, school="lunar", lunar_month=number) == ming
    # 胎元: ten months back; 胎息 of 胎息 is the day itself.
    assert tai_yuan(chart) == Pillar.of((chart.month.stem + 1) % 10, (chart.month.branch + 3) % 12)
    breath = FourPillars(chart.year, chart.month, tai_xi(chart), chart.hour)
    assert tai_xi(breath) == chart.day


@given(CHARTS)
def test_relations_are_well_formed(chart: FourPillars) -> None:
    found = relations(chart)
    assert [r.kind for r in found] == sorted(r.kind for r in found)
    for r in found:
        order = [POSITIONS.index(p) for p in r.positions]
        assert order == sorted(set(order)) and len(order) in (2, 3)
        values = [getattr(chart, p) for p in r.positions]
        assert r.stems in ((), tuple(v.stem for v in values))
        assert r.branches in ((), tuple(v.branch for v in values))
        assert bool(r.stems) != bool(r.branches)
    full = relations(chart, punishment="full")
    assert set(full) <= set(found)


@given(CHARTS)
def test_element_count_totals(chart: FourPillars) -> None:
    assert sum(element_counts(chart).values()) == 8
    hidden = sum(len(hidden_stems(p.branch)) for p in chart)
    assert sum(element_counts(chart, hidden=True).values()) == 4 + hidden
