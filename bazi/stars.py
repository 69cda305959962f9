"""The symbolic stars 神煞 of a chart: which pillars hold which star, and why.

The rules are the rows of :data:`bazi.star_rules.STAR_RULES`; the school options
(:class:`~bazi.options.Options`: ``star_anchor``, ``tianyi``, ``yangren``, ``hongyan``,
``kongwang``)
choose among the rows of the disputed ones. :func:`find_stars` reads a chart's anchors (its
day stem, year branch, month branch, …) and returns :class:`Stars`: the stars of each natal
pillar, of any transit pillar (大运, 流年) against the same anchors, and, for each star, the
rule that put it there with its source.

How it is fast: the rows kept by one set of options are compiled once, and for each basis
and key (say "day stem 甲") a table is built on first use that gives, for every pillar
(0-59) in every place (year, month, day, hour, transit), the stars found there as bits of
an integer; the bases are grouped by the pillar they read (the year, the month, the day), so
a chart's stars are three table lookups per pillar, OR-ed together; the
rule-by-rule reading that says *why* (:meth:`Stars.where`, :meth:`Stars.hits`) runs only
for the stars present, and agrees with the tables (tests/test_stars.py checks both).

>>> from bazi.pillars import FourPillars
>>> from bazi.options import Options
>>> stars = find_stars(FourPillars.from_hanzi("庚午 辛巳 壬午 乙巳"), Options())
>>> " ".join(s.hanzi for s in stars["year"])
'月德贵人 德秀贵人 福星贵人 将星 飞刃'
>>> [(hit.rule.basis, hit.key) for hit in stars.where(Star.JIANGXING)]
[('day_branch', '午'), ('year_branch', '午')]
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, NamedTuple

from .cycle import _PILLARS, Pillar
from .names import LANGS, Lang, name_table
from .nayin import nayin
from .options import Gender, Options
from .pillars import FourPillars
from .relations import POSITIONS, Position
from .star_rules import BASES, STAR_RULES, Basis, Star, StarRule

__all__ = ["Star", "StarHit", "StarRule", "Stars", "find_stars"]

_TRANSIT = 4
_NAYIN_ELEMENT = tuple(int(nayin(p).element) for p in _PILLARS)
_STARS = tuple(Star)

# The name of each basis, for "why", in the order of LANGS: simplified, traditional,
# pinyin, English.
_BASIS_NAMES: dict[Basis, tuple[str, str, str, str]] = {
    "day_stem": ("日干", "日干", "rì gān", "day stem"),
    "year_stem": ("年干", "年干", "nián gān", "year stem"),
    "month_branch": ("月支", "月支", "yuè zhī", "month branch"),
    "year_branch": ("年支", "年支", "nián zhī", "year branch"),
    "day_branch": ("日支", "日支", "rì zhī", "day branch"),
    "year_branch_forward": ("年支（阳男阴女）", "年支（陽男陰女）", "nián zhī", "year branch"),
    "year_branch_backward": ("年支（阴男阳女）", "年支（陰男陽女）", "nián zhī", "year branch"),
    "year_nayin": ("年纳音", "年納音", "nián nà yīn", "year nayin"),
    "season": ("月令", "月令", "yuè lìng", "season"),
    "day_xun": ("日旬", "日旬", "rì xún", "day decade"),
    "year_xun": ("年旬", "年旬", "nián xún", "year decade"),
    "none": ("日柱", "日柱", "rì zhù", "day pillar"),
    "stem_order": ("天干顺布", "天干順布", "tiān gān shùn bù", "stems in order"),
}


class StarHit(NamedTuple):
    """One star on one pillar, and the rule that put it there.

    Attributes:
        star: the star.
        position: the natal pillar (``"year"`` … ``"hour"``), or ``None`` for a transit
            pillar (大运, 流年).
        rule: the rule (its table, source and school).
        key: what the rule was looked up from, as the table writes it: the stem 甲, the
            branch 子, the element 金, the season 春, the decade 甲子, or ``*``.
    """

    star: Star
    position: Position | None
    rule: StarRule
    key: str

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        """JSON-ready: the star (named in ``lang``), where, from what, the rule, its source
        and the school options that choose it."""
        rule = self.rule
        basis, school = _rule_parts(rule.basis, rule.when, lang)
        return {
            "star": name_table(Star, lang)[self.star],
            "position": self.position,
            "basis": basis,
            "key": self.key,
            "rule": rule.table,
            "source": rule.source,
            "school": {name: v if type(v) is str else list(v) for name, v in school},
        }


@cache
def _rule_parts(
    basis: Basis, when: tuple[tuple[str, tuple[str, ...]], ...], lang: Lang
) -> tuple[str, tuple[tuple[str, str | tuple[str, ...]], ...]]:
    """A rule's basis named in ``lang``, and its school options (one value, or several)."""
    school = tuple((n, v[0] if len(v) == 1 else v) for n, v in when)
    return _BASIS_NAMES[basis][LANGS.index(lang)], school


def _season(branch: int) -> int:
    """寅卯辰 0 spring, 巳午未 1 summer, 申酉戌 2 autumn, 亥子丑 3 winter."""
    return (branch - 2) % 12 // 3


def _keys(y: int, m: int, d: int, forward: bool | None) -> dict[Basis, int | None]:
    """The key each basis reads in the chart of pillars ``y m d`` (indices 0-59);
    ``forward``: 阳男阴女 (True), 阴男阳女 (False), gender unknown (None)."""
    return {
        "day_stem": d % 10,
        "year_stem": y % 10,
        "month_branch": m % 12,
        "year_branch": y % 12,
        "day_branch": d % 12,
        "year_branch_forward": y % 12 if forward is True else None,
        "year_branch_backward": y % 12 if forward is False else None,
        "year_nayin": _NAYIN_ELEMENT[y],
        "season": _season(m % 12),
        "day_xun": d // 10,
        "year_xun": y // 10,
        "none": 0,
    }


# The bases grouped by the natal pillar they read, and what each reads of its group's key:
# the year pillar and the direction (key = 3 × year index + 0 unknown, 1 阳男阴女, 2 阴男阳女),
# the month branch (key 0-11) or the day pillar (key 0-59).
_GROUP_OF: dict[Basis, int] = {
    "year_stem": 0, "year_branch": 0, "year_branch_forward": 0, "year_branch_backward": 0,
    "year_nayin": 0, "year_xun": 0, "month_branch": 1, "season": 1,
    "day_stem": 2, "day_branch": 2, "day_xun": 2, "none": 2,
}  # fmt: skip
_GROUP_KEYS = (180, 12, 60)
_DIRECTION = {None: 0, True: 1, False: 2}


def _group_keys(group: int, key: int) -> dict[Basis, int | None]:
    """The key each basis of ``group`` reads, given the group's key."""
    if group == 0:
        y, direction = divmod(key, 3)
        return _keys(y, 0, 0, (None, True, False)[direction])
    return _keys(0, key, 0, None) if group == 1 else _keys(0, 0, key, None)


# The pillars (0-59) holding each stem, each branch, and each pillar (itself).
_HOLDING: dict[str, tuple[tuple[int, ...], ...]] = {
    "stem": tuple(tuple(range(s, 60, 10)) for s in range(10)),
    "branch": tuple(tuple(range(b, 60, 12)) for b in range(12)),
    "pillar": tuple((i,) for i in range(60)),
}


def _target(rule: StarRule, index: int) -> int:
    return index % 10 if rule.target == "stem" else index % 12 if rule.target == "branch" else index


class _Compiled:
    """The rules kept by one set of school options, and their lookup tables. Made once per
    set (:func:`_compiled`) and compared by identity; pickled as its options, it comes back
    as the one made for them."""

    def __init__(self, rules: tuple[StarRule, ...], options: tuple[str, ...]) -> None:
        self.rules, self.options = rules, options
        self.by_star: dict[Star, list[StarRule]] = {}
        self.by_group: tuple[list[StarRule], ...] = ([], [], [])
        self.triples: frozenset[int] = frozenset()
        for rule in rules:
            self.by_star.setdefault(rule.star, []).append(rule)
            if rule.basis == "stem_order":
                self.triples = rule.lookup[0]
            else:
                self.by_group[_GROUP_OF[rule.basis]].append(rule)
        self._tables: tuple[list[_Table | None], ...] = tuple([None] * n for n in _GROUP_KEYS)

    def __reduce__(self) -> tuple[Callable[..., _Compiled], tuple[str, ...]]:
        return _compiled, self.options

    def table(self, group: int, key: int) -> _Table:
        """For the bases of ``group`` (0 year, 1 month, 2 day) reading ``key``: by place
        (0-3 natal, 4 transit), by pillar index, the stars found there as bits."""
        found = self._tables[group][key]
        if found is None:
            slots = [[0] * 60 for _ in range(5)]
            keys = _group_keys(group, key)
            for rule in self.by_group[group]:
                rule_key = keys[rule.basis]
                if rule_key is None:
                    continue
                bit = 1 << rule.star
                for target in rule.lookup[rule_key]:
                    for index in _HOLDING[rule.target][target]:
                        for slot in rule.slots:
                            slots[slot][index] |= bit
            found = self._tables[group][key] = tuple(tuple(s) for s in slots)
        return found


_Table = tuple[tuple[int, ...], ...]


@cache
def _compiled(anchor: str, tianyi: str, yangren: str, hongyan: str, void: str) -> _Compiled:
    options = {"star_anchor": anchor, "tianyi": tianyi, "yangren": yangren, "hongyan": hongyan,
               "kongwang": void}  # fmt: skip
    kept = tuple(r for r in STAR_RULES if all(options[n] in values for n, values in r.when))
    return _Compiled(kept, (anchor, tianyi, yangren, hongyan, void))


def _by_byte(items: tuple[Any, ...]) -> tuple[tuple[Any, ...], ...]:
    """For each byte b, the ``items`` (up to 8) whose bits are set in b, bit 0 first:
    made by doubling, each bit's half the other half with its item added."""
    table: list[tuple[Any, ...]] = [()]
    for bit in range(8):
        table += [(*t, items[bit]) for t in table] if bit < len(items) else table
    return tuple(table)


# The stars of each byte of a mask: _BYTES[k][b] for the byte b of bits 8k to 8k + 7. Seven
# bytes hold the 54 stars (more than 56 would need an eighth, and a longer sum below).
_BYTES = tuple(_by_byte(_STARS[8 * k : 8 * k + 8]) for k in range(7))
assert len(_STARS) <= 56, "the star masks are read in seven bytes"


def _stars_of(mask: int) -> tuple[Star, ...]:
    """The stars whose bits are set in ``mask``, in :class:`Star` order: a byte at a time,
    kept for the masks met most (a chart reads 14 or more; of 250,000 masks read for 20,000
    random charts, 75,000 were distinct, so the cache is bounded and starts over when full)."""
    found = _SEEN.get(mask)
    if found is None:
        if len(_SEEN) >= _SEEN_MAX:
            _SEEN.clear()
        t, b = _BYTES, mask.to_bytes(7, "little")
        found = _SEEN[mask] = (
            t[0][b[0]] + t[1][b[1]] + t[2][b[2]] + t[3][b[3]] + t[4][b[4]] + t[5][b[5]] + t[6][b[6]]
        )
    return found


_SEEN: dict[int, tuple[Star, ...]] = {}
_SEEN_MAX = 1 << 17


@cache
def _byte_names(lang: Lang) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """:data:`_BYTES` with the stars named in ``lang``."""
    table = name_table(Star, lang)
    return tuple(_by_byte(tuple(table[s] for s in _STARS[8 * k : 8 * k + 8])) for k in range(7))


def _names_of(mask: int, lang: Lang) -> list[str]:
    """The names in ``lang`` of the stars in ``mask``, in :class:`Star` order."""
    t, b = _byte_names(lang), mask.to_bytes(7, "little")
    return [*t[0][b[0]], *t[1][b[1]], *t[2][b[2]], *t[3][b[3]], *t[4][b[4]], *t[5][b[5]],
            *t[6][b[6]]]  # fmt: skip


class Stars:
    """The stars of one chart: per natal pillar, for any transit pillar, and why.

    ``stars["day"]`` is the tuple of stars on the day pillar, in :class:`Star` order.
    """

    __slots__ = ("_compiled", "_forward", "_indices", "_masks", "_transit")

    def __init__(self, pillars: FourPillars, options: Options) -> None:
        o = options
        compiled = _compiled(o.star_anchor, o.tianyi, o.yangren, o.hongyan, o.kongwang)
        y, m, d, h = self._indices = tuple(p.index for p in pillars)
        self._forward = forward = _forward(y, options.gender)
        self._compiled = compiled
        year = compiled.table(0, 3 * y + _DIRECTION[forward])
        month = compiled.table(1, m % 12)
        day = compiled.table(2, d)
        masks = [
            year[0][y] | month[0][y] | day[0][y],
            year[1][m] | month[1][m] | day[1][m],
            year[2][d] | month[2][d] | day[2][d],
            year[3][h] | month[3][h] | day[3][h],
        ]
        if compiled.triples:
            stems = [y % 10, m % 10, d % 10, h % 10]
            bit = 1 << Star.SANQI
            for first in (0, 1):
                a, b, c = stems[first : first + 3]
                if 100 * a + 10 * b + c in compiled.triples:
                    for slot in range(first, first + 3):
                        masks[slot] |= bit
        self._masks = tuple(masks)
        self._transit = (year[_TRANSIT], month[_TRANSIT], day[_TRANSIT])

    def __getitem__(self, position: Position) -> tuple[Star, ...]:
        return _stars_of(self._masks[POSITIONS.index(position)])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Stars):
            return NotImplemented
        return (self._indices, self._forward, self._compiled) == (
            other._indices,
            other._forward,
            other._compiled,
        )

    def __hash__(self) -> int:
        return hash((self._indices, self._forward, id(self._compiled)))

    def __repr__(self) -> str:
        held = "; ".join(f"{p}: {' '.join(s.hanzi for s in self[p])}" for p in POSITIONS)
        return f"Stars({held})"

    def transit(self, pillar: Pillar) -> tuple[Star, ...]:
        """The stars of a transit pillar (大运, 流年, …) against this chart's anchors."""
        i = pillar.index
        year, month, day = self._transit
        return _stars_of(year[i] | month[i] | day[i])

    def transit_names(self, pillar: Pillar, lang: Lang = "zh") -> list[str]:
        """The names in ``lang`` of :meth:`transit`'s stars."""
        i = pillar.index
        year, month, day = self._transit
        return _names_of(year[i] | month[i] | day[i], lang)

    def where(self, star: Star) -> tuple[StarHit, ...]:
        """Where ``star`` is in the natal chart, each place with its rule and source."""
        return tuple(hit for hit in self.hits() if hit.star == star)

    def hits(self) -> tuple[StarHit, ...]:
        """Every natal star with the rule that found it, by pillar then star. A star found
        by two rules (天乙 from the year stem and from the day stem) is listed once each."""
        keys = self._keys()
        return tuple(
            hit
            for slot, position in enumerate(POSITIONS)
            for star in _stars_of(self._masks[slot])
            for hit in self._why(keys, star, slot, self._indices[slot], position)
        )

    def transit_hits(self, pillar: Pillar) -> tuple[StarHit, ...]:
        """The stars of a transit pillar (大运, 流年), each with its rule."""
        keys = self._keys()
        return tuple(
            hit
            for star in self.transit(pillar)
            for hit in self._why(keys, star, _TRANSIT, pillar.index, None)
        )

    def _keys(self) -> dict[Basis, int | None]:
        y, m, d, _ = self._indices
        return _keys(y, m, d, self._forward)

    def _why(
        self,
        keys: dict[Basis, int | None],
        star: Star,
        slot: int,
        index: int,
        position: Position | None,
    ) -> list[StarHit]:
        """The rules of ``star`` that find it on pillar ``index`` in place ``slot``."""
        found = []
        for rule in self._compiled.by_star[star]:
            if slot not in rule.slots:
                continue
            if rule.basis == "stem_order":
                if any(first <= slot < first + 3 and self._ordered(first) for first in (0, 1)):
                    found.append(StarHit(star, position, rule, "*"))
                continue
            key = keys[rule.basis]
            if key is not None and _target(rule, index) in rule.lookup[key]:
                found.append(StarHit(star, position, rule, BASES[rule.basis][1][key]))
        return found

    def _ordered(self, first: int) -> bool:
        a, b, c = (i % 10 for i in self._indices[first : first + 3])
        return 100 * a + 10 * b + c in self._compiled.triples

    def names(self, lang: Lang = "zh") -> dict[Position, list[str]]:
        """The names of each natal pillar's stars in ``lang``."""
        return {p: _names_of(m, lang) for p, m in zip(POSITIONS, self._masks, strict=True)}

    def to_dict(self, lang: Lang = "zh") -> list[dict[str, Any]]:
        """JSON-ready: every natal hit (:meth:`hits`) with its rule and source."""
        return [hit.to_dict(lang) for hit in self.hits()]


def _forward(year_index: int, gender: Gender | None) -> bool | None:
    """阳男阴女 (True: a yang year and male, or yin and female), 阴男阳女 (False), or
    ``None`` when the gender is not known."""
    if gender is None:
        return None
    return (year_index % 2 == 0) == (gender == "male")


def find_stars(pillars: FourPillars, options: Options) -> Stars:
    """The stars of ``pillars`` under ``options`` (see :class:`Stars`)."""
    return Stars(pillars, options)
