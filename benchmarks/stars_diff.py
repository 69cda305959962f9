"""The symbolic stars 神煞 of this project against bazi-chart's and 0xf3cd's ``bazi``.

    python benchmarks/stars_diff.py [--n 5000] [--seed 1] [--engines bazi-chart,0xf3cd-bazi]

Run by hand (not by pytest). The births are those of ``benchmarks/peers.py`` (seeded random
minutes of 1901-2099 on the Beijing clock, random genders); each peer runs in its own venv,
made by ``peers.interpreter`` with the pins of ``peers.PEERS``. A chart is compared only
when the peer's four pillars are ours (births near a 节 can differ: see peers.py).

For every star both engines implement, each chart gives "agree" when both find the star in
the same places, else the disagreement is put in the first class below whose test matches
it, or in "unexplained". Places are compared as each peer reports them:

* bazi-chart (``BaziChart(...).shensha.items``): by pillar for stars it reports on a pillar
  ("年支", "月干", …); by branch for those it reports on "四支" (孤辰, 寡宿, 天医); by
  presence for the day-pillar stars, 金神, 天罗/地网, 童子煞 and the 三奇. Ours with
  ``preset="bazi-chart"`` (its 羊刃 禄前一位 and 红艳 乙午).
* 0xf3cd (``RelationshipAnalyzer(BaziChart(Bazi.create(..., MINUTE))).at_birth.shensha``):
  the set of natal branches holding each star, 魁罡 and 天赦 by presence; and
  ``transits.shensha(TransitSet(liunian=…))`` for three random transit pillars a chart.
  Ours with the defaults, which are 0xf3cd's defaults (天乙 甲戊庚牛羊, 羊刃 of the yang
  stems, 红艳 乙申, 文昌 辛子, 太极 壬癸巳申, 国印 禄前九位, 空亡 by the day).

The peers choose year or day anchors star by star; ours are compared through the rule that
found each star (``StarHit.rule.basis``), keeping only the anchors the peer uses for that
star, so that the comparison is of the tables and places, not of the anchor convention.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
STEMS = "甲乙丙丁戊己庚辛壬癸"
POSITIONS = ("year", "month", "day", "hour")


# --------------------------------------------------------------------------------------
# Child side: runs in the peer's venv; standard library and the peer only.
# --------------------------------------------------------------------------------------


def _child_bazi_chart(births: list[Any], transits: list[list[str]]) -> list[Any]:
    from bazi.shensha import liunian_shensha

    from bazi import BaziChart

    out = []
    for (y, mo, d, h, mi, g), years in zip(births, transits, strict=True):
        c = BaziChart(y, mo, d, h, mi, gender="男" if g == "male" else "女")
        natal_branch = c.four_pillars.year.zhi
        out.append({
            "pillars": c.four_pillars.ganzhi,
            "natal": [[s.name, s.position, s.value] for s in c.shensha.items],
            "transit": [[name for name, _ in liunian_shensha(t[1], natal_branch)] for t in years],
        })  # fmt: skip
    return out


def _child_0xf3cd(births: list[Any], transits: list[list[str]]) -> list[Any]:
    from bazi.analyzer.relationship import RelationshipAnalyzer
    from bazi.bazi import Bazi
    from bazi.bazi_chart import BaziChart
    from bazi.defines import Ganzhi
    from bazi.school import BaziConfig, BaziPrecision
    from bazi.transits import TransitSet

    config = BaziConfig(precision=BaziPrecision.MINUTE)
    out = []
    for (y, mo, d, h, mi, g), years in zip(births, transits, strict=True):
        try:
            b = Bazi.create(datetime(y, mo, d, h, mi), g, config)
        except ValueError:  # before 1901-02-19, outside its calendar
            out.append(None)
            continue
        analyzer = RelationshipAnalyzer(BaziChart(b))
        natal = {
            name: sorted(str(x) for x in v) if isinstance(v, frozenset) else v is not None
            for name, v in analyzer.at_birth.shensha.items()
        }
        transit = []
        for t in years:
            found = analyzer.transits.shensha(TransitSet(liunian=Ganzhi.from_str(t)))
            transit.append(sorted(name for name, v in found.items() if v))
        out.append({
            "pillars": " ".join(str(p) for p in b.pillars),
            "natal": natal,
            "transit": transit,
        })  # fmt: skip
    return out


CHILDREN: dict[str, Callable[[list[Any], list[list[str]]], list[Any]]] = {
    "bazi-chart": _child_bazi_chart,
    "0xf3cd-bazi": _child_0xf3cd,
}


def child(engine: str, in_path: str, out_path: str) -> None:
    data = json.loads(Path(in_path).read_text(encoding="utf-8"))
    births = [tuple(b) for b in data["births"]]
    result = CHILDREN[engine](births, data["transits"])
    Path(out_path).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


# --------------------------------------------------------------------------------------
# Parent side: our stars, the peers' in their venvs, the comparison.
# --------------------------------------------------------------------------------------


def _peers() -> Any:
    sys.path.insert(0, str(HERE))
    import peers

    return peers


class Ours:
    """Our stars for one birth under one school: natal hits and transit hits."""

    def __init__(self, birth: Any, transits: list[str], **options: Any) -> None:
        import bazi

        y, mo, d, h, mi, g = birth
        beijing = timezone(timedelta(hours=8))
        c = bazi.chart(datetime(y, mo, d, h, mi, tzinfo=beijing), gender=g, **options)
        self.pillars = str(c.pillars)
        self.branches = {p: str(getattr(c.pillars, p).branch) for p in POSITIONS}
        stars = c.reading.stars
        self.hits = stars.hits()
        self.transit_hits = [stars.transit_hits(bazi.Pillar.from_hanzi(t)) for t in transits]

    def places(self, star: str, anchors: frozenset[str] | None = None) -> set[str]:
        """The natal positions holding ``star`` (hanzi), by rules of the given anchors."""
        return {h.position for h in self.hits if _kept(h, star, anchors)}

    def in_transit(self, k: int, star: str, anchors: frozenset[str] | None = None) -> bool:
        return any(_kept(h, star, anchors) for h in self.transit_hits[k])


def _kept(hit: Any, star: str, anchors: frozenset[str] | None) -> bool:
    """Whether ``hit`` is of ``star`` and, for a rule read from the year or the day, from
    one of ``anchors`` (``None``: any)."""
    if hit.star.hanzi != star:
        return False
    side = hit.rule.basis.split("_")[0]
    return anchors is None or side not in ("year", "day") or side in anchors


BOTH, DAY, YEAR = frozenset({"year", "day"}), frozenset({"day"}), frozenset({"year"})


# The disagreement classes: a label, its explanation with sources, and a test on
# (ours, theirs, chart) that says whether a disagreement is of that class.
CLASSES: dict[str, str] = {
    "own pillar": (
        "bazi-chart also looks in the anchor's own pillar (a 子 year is its own 将星, a 辰 "
        "year its own 华盖); ours, like 0xf3cd and the modern manuals (高人《神煞查法》: "
        "'年支为子，月日时支见寅则命带…驿马'), look in the other three pillars only "
        "(bazi/star_rules.py, where='others')."
    ),
    "阴差阳错 己卯/己酉": (
        "bazi-chart's list has 己卯 己酉 where 《三命通会·论阴差阳错》 (and 高人《神煞查法》) "
        "have 辛卯 辛酉; the twelve days of the books are 丙子 丁丑 戊寅 辛卯 壬辰 癸巳 丙午 "
        "丁未 戊申 辛酉 壬戌 癸亥."
    ),
    "天罗地网 in any pillar": (
        "bazi-chart marks 天罗 (火命) or 地网 (水土命) when 戌亥 or 辰巳 is in any branch; "
        "《渊海子平》 reads the day: '凡纳音火命，见戌亥日为天罗；水土命，见辰巳日为地网'."
    ),
    "三奇 reversed": (
        "bazi-chart counts 三奇 in reverse order (庚戊甲) too; 《三命通会·论三奇》 and the "
        "manuals take them in forward order only (顺布: 年乙月丙日丁, 高人《神煞查法》)."
    ),
    "童子 rule": (
        "bazi-chart's 童子煞 is its own 'simplified' rule (month in spring with a 子丑亥 "
        "year and 寅 in the day or hour, …; its comment: '流派分歧较大，仅供参考'); ours is "
        "the rhyme '春秋寅子贵，冬夏卯未辰；金木马卯合，水火鸡犬多；土命逢辰巳' (高人《神煞"
        "查法》)."
    ),
}
# A 三合 anchor is its own 将星 when it is the frame's middle, its own 华盖 when its tomb.
_OWN = {"将星": "子午卯酉", "华盖": "辰戌丑未"}


def _bazi_chart_natal(ours: Ours, theirs: list[list[str]]) -> dict[str, tuple[Any, Any, str]]:
    """Per star: (ours, theirs, how compared) for one chart."""
    by_pos: dict[str, set[str]] = defaultdict(set)
    values: dict[str, set[str]] = defaultdict(set)
    for name, position, value in theirs:
        name = {"红艳煞": "红艳", "童子煞": "童子", "六秀日": "六秀", "天赦": "天赦"}.get(
            name, name
        )
        if name in ("天上三奇", "地下三奇", "人中三奇"):
            name = "三奇贵人"
        if name in ("天罗", "地网"):
            name = "天罗地网"
        if position[0] in "年月日时" and position[1:] in ("支", "干"):
            by_pos[name].add(POSITIONS["年月日时".index(position[0])])
        values[name].add(value)
    out: dict[str, tuple[Any, Any, str]] = {}
    pos_stars = {
        "天乙贵人": BOTH, "太极贵人": DAY, "福星贵人": DAY, "国印贵人": DAY, "文昌贵人": DAY,
        "金舆": DAY, "禄神": DAY, "羊刃": DAY, "红艳": DAY, "天德贵人": None,
        "月德贵人": None, "将星": BOTH, "华盖": BOTH, "驿马": BOTH, "桃花": BOTH,
        "劫煞": BOTH, "灾煞": BOTH, "亡神": BOTH,
    }  # fmt: skip
    for star, anchors in pos_stars.items():
        out[star] = (ours.places(star, anchors), by_pos[star], "pillars")
    for star in ("孤辰", "寡宿", "天医"):
        mine = {ours.branches[p] for p in ours.places(star)}
        out[star] = (mine, values[star], "branches")
    for star in ("十恶大败", "阴差阳错", "魁罡", "六秀", "日德", "金神", "天赦", "天罗地网",
                 "童子", "三奇贵人"):  # fmt: skip
        out[star] = (bool(ours.places(star)), star in values, "presence")
    return out


# 0xf3cd's star keys: our star, and the anchors its rule looks from (natal and transit).
_0XF3CD_STARS = {
    "taohua": ("桃花", BOTH), "hongluan": ("红鸾", None), "hongyan": ("红艳", None),
    "tianxi": ("天喜", None), "yima": ("驿马", BOTH), "huagai": ("华盖", BOTH),
    "yangren": ("羊刃", None), "feiren": ("飞刃", None), "tianyi": ("天乙贵人", BOTH),
    "jiangxing": ("将星", BOTH), "zaisha": ("灾煞", YEAR), "jiesha": ("劫煞", BOTH),
    "wangshen": ("亡神", BOTH), "guchen": ("孤辰", None), "guasu": ("寡宿", None),
    "lushen": ("禄神", None), "jinyu": ("金舆", DAY), "wenchang": ("文昌贵人", BOTH),
    "taiji": ("太极贵人", BOTH), "guoyin": ("国印贵人", BOTH), "kongwang": ("空亡", None),
}  # fmt: skip


def _0xf3cd_natal(ours: Ours, theirs: dict[str, Any]) -> dict[str, tuple[Any, Any, str]]:
    out: dict[str, tuple[Any, Any, str]] = {}
    for key, (star, anchors) in _0XF3CD_STARS.items():
        mine = {ours.branches[p] for p in ours.places(star, anchors)}
        out[star] = (mine, set(theirs[key]), "branches")
    out["魁罡"] = (bool(ours.places("魁罡")), theirs["kuigang"], "presence")
    out["天赦"] = (bool(ours.places("天赦")), theirs["tianshe"], "presence")
    return out


def _classify(star: str, ours: Any, theirs: Any, chart: Ours) -> str:
    """The class of one disagreement (see :data:`CLASSES`), or "unexplained"."""
    pillars = chart.pillars.split()
    if star in _OWN and isinstance(theirs, set) and isinstance(ours, set):
        extra = theirs - ours
        own = {p for p in extra if p in ("year", "day") and chart.branches[p] in _OWN[star]}
        if own == extra and not ours - theirs:
            return "own pillar"
    if star == "阴差阳错" and pillars[2] in ("己卯", "己酉", "辛卯", "辛酉"):
        return "阴差阳错 己卯/己酉"
    if star == "天罗地网" and theirs and not ours:
        return "天罗地网 in any pillar"
    if star == "三奇贵人" and theirs and not ours:
        stems = "".join(p[0] for p in pillars)
        if any(t[::-1] in stems for t in ("甲戊庚", "乙丙丁", "壬癸辛")):
            return "三奇 reversed"
    if star == "童子":
        # bazi-chart's stated rule (its bazi/shensha.py): a 寅卯辰 month in a 子丑亥 year
        # with 寅 in the day or hour, or a 巳午未 month in a 寅卯辰 year with 卯 there.
        y, m, d, h = (p[1] for p in pillars)
        stated = (m in "寅卯辰" and y in "子丑亥" and "寅" in (d, h)) or (
            m in "巳午未" and y in "寅卯辰" and "卯" in (d, h)
        )
        if theirs == stated:
            return "童子 rule"
    return "unexplained"


class Tally:
    def __init__(self) -> None:
        self.total: Counter[str] = Counter()
        self.agree: Counter[str] = Counter()
        self.classes: dict[str, Counter[str]] = defaultdict(Counter)
        self.examples: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.compared_as: dict[str, str] = {}

    def add(self, star: str, ours: Any, theirs: Any, how: str, chart: Ours) -> None:
        self.total[star] += 1
        self.compared_as[star] = how
        if ours == theirs:
            self.agree[star] += 1
            return
        label = _classify(star, ours, theirs, chart)
        self.classes[star][label] += 1
        if len(self.examples[(star, label)]) < 3:
            self.examples[(star, label)].append(
                f"{chart.pillars}: ours {sorted(ours) if isinstance(ours, set) else ours}, "
                f"theirs {sorted(theirs) if isinstance(theirs, set) else theirs}"
            )

    def report(self, title: str) -> None:
        print(f"\n{title}\n")
        print("| star | compared by | agree / charts | disagreements by class |")
        print("|---|---|---:|---|")
        for star in self.total:
            classes = ", ".join(f"{label} {n}" for label, n in self.classes[star].most_common())
            print(
                f"| {star} | {self.compared_as[star]} | {self.agree[star]:,} / "
                f"{self.total[star]:,} | {classes or '—'} |"
            )
        for (star, label), examples in self.examples.items():
            print(f"  {star} / {label}: " + "; ".join(examples))


def run_peer(peers: Any, key: str, in_path: Path, workdir: Path) -> list[Any]:
    python = peers.interpreter(key)
    out_path = workdir / f"{key}.json"
    done = subprocess.run(
        [str(python), "-I", str(Path(__file__).resolve()), "--child", key, str(in_path),
         str(out_path)],
        capture_output=True, text=True, check=False, cwd=workdir,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"{key} failed: {done.stderr.strip().splitlines()[-1:]}")
    result: list[Any] = json.loads(out_path.read_text(encoding="utf-8"))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engines", default="bazi-chart,0xf3cd-bazi")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "IN", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    import random

    peers = _peers()
    births = peers.sample(args.n, args.seed)
    rng = random.Random(f"transits {args.seed}")
    transits = [
        [STEMS[i % 10] + BRANCHES[i % 12] for i in rng.sample(range(60), 3)] for _ in births
    ]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    with tempfile.TemporaryDirectory(prefix="bazi-stars-") as tmp:
        workdir = Path(tmp)
        in_path = workdir / "births.json"
        in_path.write_text(json.dumps({"births": births, "transits": transits}), encoding="utf-8")
        results = {}
        for key in engines:
            print(f"{key}: {len(births):,} charts ...", flush=True)
            results[key] = run_peer(peers, key, in_path, workdir)

    print(f"\n{len(births):,} births (benchmarks/peers.py sample, seed {args.seed}).")
    for key, theirs in results.items():
        options = {"preset": "bazi-chart"} if key == "bazi-chart" else {}
        natal, transit, skipped, refused = Tally(), Tally(), 0, 0
        for birth, years, t in zip(births, transits, theirs, strict=True):
            if t is None:
                refused += 1
                continue
            ours = Ours(birth, years, **options)
            if ours.pillars != t["pillars"]:
                skipped += 1
                continue
            compare = _bazi_chart_natal if key == "bazi-chart" else _0xf3cd_natal
            for star, (mine, other, how) in compare(ours, t["natal"]).items():
                natal.add(star, mine, other, how, ours)
            for k, found in enumerate(t["transit"]):
                if key == "bazi-chart":
                    for name, star in (("丧门", "丧门"), ("吊客", "吊客"), ("天喜", "天喜")):
                        transit.add(star, ours.in_transit(k, star), name in found, "presence",
                                    ours)  # fmt: skip
                else:
                    for name, (star, anchors) in _0XF3CD_STARS.items():
                        transit.add(star, ours.in_transit(k, star, anchors), name in found,
                                    "presence", ours)  # fmt: skip
        label = peers.PEERS[key].label
        print(f"\n## {label} ({peers.PEERS[key].requirement})")
        print(
            f"Left out: {skipped} charts whose four pillars differ from ours (near a 节), "
            f"{refused} births the peer refuses (outside its range)."
        )
        natal.report(f"Natal stars, {label}")
        transit.report(f"流年 pillars (3 a chart), {label}")
    print("\nClasses of disagreement:")
    for label, text in CLASSES.items():
        print(f"- {label}: {text}")


if __name__ == "__main__":
    main()
