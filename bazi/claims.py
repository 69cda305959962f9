"""Reading a claimed chart out of text, as people and chatbots write one.

A claim is three pillars (year, month, day: the hour unknown) or four. Each pillar is found
in any of these scripts, mixed freely:

* Chinese characters, simplified or traditional (the stems and branches are the same):
  ``乙亥``;
* pinyin, with or without tone marks or tone numbers, spaced, hyphenated or joined:
  ``yǐ hài``, ``yi hai``, ``Yi-Hai``, ``yihai``, ``yi3 hai4``;
* English: polarity, element and animal, ``Yin Wood Pig`` (the polarity may be left out,
  since the animal's parity decides it: ``Wood Pig`` is 乙亥).

Which pillar is which is read, in this order of preference, from

1. labels before the pillars: ``年柱：乙亥``, ``時柱: 甲子``, ``Year Pillar: Yi Hai``,
   ``**Day:** 己亥``, anywhere in a longer answer;
2. labels after them, ``乙亥年 己卯月 己亥日 甲子时`` (or ``Wood Pig year``);
3. their order in a run of three or four pillars separated only by spaces, punctuation or
   table rules: ``乙亥 己卯 己亥 甲子``, ``乙亥己卯己亥甲子``, ``| 乙亥 | 己卯 | …``; not a
   run on a line about other pillars (大运, 流年, 胎元, 命宫, luck pillars).

A pillar written twice in different scripts side by side (``乙亥（Yin Wood Pig）``) counts
once. A pair of a stem and a branch of different parity (``甲丑``) is read as written: the
checker calls it impossible rather than refusing to read it.

Never a guess: text in which no whole chart can be found, or which holds two different
charts, is an :class:`~bazi.errors.InvalidInputError` whose ``field`` is ``claim`` and whose
message says what was found and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from .cycle import Branch, Pillar, Stem
from .errors import InvalidInputError, InvalidPillarError

__all__ = ["POSITIONS", "Claim", "ClaimedPillar", "read_claim"]

POSITIONS = ("year", "month", "day", "hour")
MAX_CLAIM = 20_000  # characters: a chatbot's whole answer, pasted

Script = Literal["hanzi", "pinyin", "english"]
ReadBy = Literal["labels", "suffixes", "order", "pillars"]

_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_STEM_SYLLABLES = ("jia", "yi", "bing", "ding", "wu", "ji", "geng", "xin", "ren", "gui")
_BRANCH_SYLLABLES = (
    "zi", "chou", "yin", "mao", "chen", "si", "wu", "wei", "shen", "you", "xu", "hai",
)  # fmt: skip
_ELEMENTS = {"wood": 0, "fire": 1, "earth": 2, "metal": 3, "gold": 3, "water": 4}
_ANIMALS = {
    "rat": 0, "mouse": 0, "ox": 1, "cow": 1, "buffalo": 1, "tiger": 2, "rabbit": 3, "hare": 3,
    "dragon": 4, "snake": 5, "horse": 6, "goat": 7, "sheep": 7, "ram": 7, "monkey": 8,
    "rooster": 9, "chicken": 9, "cock": 9, "dog": 10, "pig": 11, "boar": 11,
}  # fmt: skip

# Tone marks off, keeping every character in place (positions stay comparable).
_TONES = str.maketrans(
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ",
    "aaaaeeeeiiiioooouuuuuuuuuAAAAEEEEIIIIOOOOUUUU",
)
_LATIN_GAP = r"[ \t\-'_·]?"
_HANZI = re.compile(f"([{_STEMS}])([{_BRANCHES}])")
_PINYIN = re.compile(
    rf"(?<![a-z])({'|'.join(sorted(_STEM_SYLLABLES, key=len, reverse=True))})[1-5]?"
    rf"{_LATIN_GAP}({'|'.join(sorted(_BRANCH_SYLLABLES, key=len, reverse=True))})[1-5]?"
    r"(?![a-z])",
    re.IGNORECASE,
)
_ENGLISH = re.compile(
    r"(?<![a-z])(?:(yin|yang)[ \t\-]+)?(" + "|".join(_ELEMENTS) + r")[ \t\-]+("
    + "|".join(_ANIMALS) + r")s?(?![a-z])",
    re.IGNORECASE,
)  # fmt: skip

# A label names a position. Before a pillar (its "prefix"): 年柱, 年, Year Pillar, Year: …
# A bare 年/月/日/时 counts only where no other Chinese character precedes it (流年 is not).
_PREFIX_LABEL = re.compile(
    r"(?:(?P<zh>[年月日时])柱|(?<![\u4e00-\u9fff])(?P<bare>[年月日时])(?:干支)?"
    r"|(?<![a-z])(?P<en>year|month|day|hour|time)(?:[ \t]+pillars?|s)?)$",
    re.IGNORECASE,
)
_SUFFIX_LABEL = re.compile(
    r"[ \t]?(?:(?P<zh>[年月日时])(?![主元干])|(?P<en>year|month|day|hour)(?![a-z]))", re.IGNORECASE
)
_LABEL_POSITION = {
    "年": 0, "月": 1, "日": 2, "时": 3,
    "year": 0, "month": 1, "day": 2, "hour": 3, "time": 3,
}  # fmt: skip
# What may stand between a label and its pillar (not a line break: a table's header row
# names the columns of the next row, which order alone then reads).
_FILLER = set(" \t*_:：-–—=>|()（）[]【】「」『』\"'`·.")
# What may stand between the pillars of a run.
_SEPARATOR = re.compile(r"[\s,，、;；|/·.。:：()（）\[\]【】\-–—*_\"'`>=]*")
# Pillars that are not the chart: a run after these on its line is left out (大运 庚辰 辛巳 …).
_NOT_THE_CHART = re.compile(
    r"大[运運]|流[年月日]|小[运運]|胎[元息]|命[宫宮]|身[宫宮]|(?<![a-z])(?:luck|decade|annual)",
    re.IGNORECASE,
)
# Half a pillar: a stem or branch alone, not the start of a word (己土 is a word).
_LONE = re.compile(f"[{_STEMS}{_BRANCHES}](?![\u4e00-\u9fff])")


@dataclass(frozen=True, slots=True)
class ClaimedPillar:
    """A pillar as claimed: a stem and a branch, which may not pair (``甲丑``)."""

    stem: Stem
    branch: Branch

    @property
    def pillar(self) -> Pillar | None:
        """The pillar, or ``None`` when stem and branch differ in parity (no such pillar)."""
        if (self.stem - self.branch) % 2:
            return None
        return Pillar.of(self.stem, self.branch)

    @property
    def hanzi(self) -> str:
        return self.stem.hanzi + self.branch.hanzi

    def __str__(self) -> str:
        return self.hanzi

    @classmethod
    def of(cls, pillar: Pillar) -> ClaimedPillar:
        return cls(pillar.stem, pillar.branch)


@dataclass(frozen=True, slots=True)
class Claim:
    """A claimed chart: three pillars (year, month, day) or four (and hour).

    Attributes:
        pillars: the claimed pillars in order year, month, day[, hour].
        read_by: how the positions were read: ``labels`` (年柱：…), ``suffixes`` (乙亥年 …),
            ``order`` (a run of three or four), or ``pillars`` (given as pillars).
        scripts: the scripts the pillars were written in.
    """

    pillars: tuple[ClaimedPillar, ...]
    read_by: ReadBy
    scripts: tuple[Script, ...] = ()

    @property
    def positions(self) -> tuple[str, ...]:
        return POSITIONS[: len(self.pillars)]

    def __str__(self) -> str:
        return " ".join(p.hanzi for p in self.pillars)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": str(self),
            "pillars": {k: p.hanzi for k, p in zip(self.positions, self.pillars, strict=True)},
            "read_by": self.read_by,
            "scripts": list(self.scripts),
        }


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    value: ClaimedPillar
    script: Script
    prefix: int | None = None  # position named by a label before it
    suffix: int | None = None  # position named by a label right after it
    suffix_end: int | None = None


EXPECTED = (
    "expected three or four pillars (year, month, day, and hour if known), e.g. "
    "'乙亥 己卯 己亥 甲子', '乙亥年 己卯月 己亥日 甲子时', '年柱：乙亥 月柱：己卯 日柱：己亥 "
    "时柱：甲子', 'yi hai, ji mao, ji hai, jia zi' or 'Yin Wood Pig, Yin Earth Rabbit, Yin "
    "Earth Pig, Yang Wood Rat'"
)


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _mentions(text: str) -> list[_Mention]:
    """Every pillar written in the text, in order, each with the labels around it."""
    found: list[tuple[int, int, ClaimedPillar, Script]] = []
    for m in _HANZI.finditer(text):
        value = ClaimedPillar(Stem.from_hanzi(m[1]), Branch.from_hanzi(m[2]))
        found.append((m.start(), m.end(), value, "hanzi"))
    for m in _PINYIN.finditer(text):
        stem = _STEM_SYLLABLES.index(m[1].lower())
        value = ClaimedPillar(Stem(stem), Branch(_BRANCH_SYLLABLES.index(m[2].lower())))
        found.append((m.start(), m.end(), value, "pinyin"))
    for m in _ENGLISH.finditer(text):
        branch = _ANIMALS[m[3].lower()]
        polarity = m[1].lower() if m[1] else ("yang" if branch % 2 == 0 else "yin")
        stem = 2 * _ELEMENTS[m[2].lower()] + (polarity == "yin")
        found.append((m.start(), m.end(), ClaimedPillar(Stem(stem), Branch(branch)), "english"))
    found.sort(key=lambda f: f[0])
    out: list[_Mention] = []
    for start, end, value, script in found:
        if out and start < out[-1].end:
            continue  # overlapping readings: keep the first (Chinese characters win)
        suffix = _SUFFIX_LABEL.match(text, end)
        position = None
        if suffix:
            position = _LABEL_POSITION[(suffix["zh"] or suffix["en"]).lower()]
        out.append(
            _Mention(
                start,
                end,
                value,
                script,
                _prefix(text, start),
                position,
                suffix.end() if suffix else None,
            )
        )
    return out


def _prefix(text: str, start: int) -> int | None:
    """The position named by the closest label before ``start``, if only filler and other
    labels stand between (``Year Pillar (年柱): 乙亥``)."""
    i, named = start, None
    while True:
        while i > 0 and text[i - 1] in _FILLER:
            i -= 1
        m = _PREFIX_LABEL.search(text, max(0, i - 16), i)
        if m is None:
            return named
        word = (m["zh"] or m["bare"] or m["en"]).lower()
        if named is None:
            named = _LABEL_POSITION[word]
        i = m.start()


def _merged(run: list[_Mention]) -> list[_Mention]:
    """A run with each pillar written twice side by side in two scripts counted once."""
    out: list[_Mention] = []
    for m in run:
        if out and out[-1].value == m.value and out[-1].script != m.script:
            continue
        out.append(m)
    return out


def _runs(text: str, mentions: list[_Mention]) -> list[list[_Mention]]:
    """Mentions grouped into runs separated only by separators (and their suffix labels)."""
    runs: list[list[_Mention]] = []
    for m in mentions:
        if runs:
            last = runs[-1][-1]
            gap_start = last.suffix_end if last.suffix_end is not None else last.end
            sep = _SEPARATOR.match(text, gap_start)
            if sep is not None and sep.end() >= m.start and gap_start <= m.start:
                runs[-1].append(m)
                continue
        runs.append([m])
    return [_merged(r) for r in runs]


def _by_label(mentions: list[_Mention], text: str) -> dict[int, ClaimedPillar]:
    """The pillar each label before a pillar names, by position (0 year … 3 hour); a
    position labelled with two different pillars is refused."""
    named: dict[int, ClaimedPillar] = {}
    for m in mentions:
        if m.prefix is None:
            continue
        if m.prefix in named and named[m.prefix] != m.value:
            raise InvalidInputError(
                f"the claim gives the {POSITIONS[m.prefix]} pillar as both "
                f"{named[m.prefix].hanzi} and {m.value.hanzi}: give only the chart to check",
                _quote(text),
                "claim",
            )
        named.setdefault(m.prefix, m.value)
    return named


def _one(candidates: list[tuple[ClaimedPillar, ...]], text: str) -> tuple[ClaimedPillar, ...]:
    distinct = list(dict.fromkeys(candidates))
    if len(distinct) > 1:
        shown = "; ".join(" ".join(p.hanzi for p in c) for c in distinct[:4])
        raise InvalidInputError(
            f"the claim holds {len(distinct)} different charts ({shown}): give only the one "
            "to check",
            _quote(text),
            "claim",
        )
    return distinct[0]


def _check_run_ends(text: str, run: list[_Mention]) -> None:
    """Refuse a run that ends or begins in half a pillar (``乙亥 己卯 己亥 甲``)."""
    last = run[-1]
    after = _SEPARATOR.match(text, last.suffix_end or last.end)
    end = after.end() if after else last.end
    if end < len(text) and _LONE.match(text, end):
        raise InvalidPillarError(
            text[end : end + 2].strip(),
            f"a stem and a branch make a pillar; after {' '.join(m.value.hanzi for m in run)} "
            f"comes {text[end]!r} alone. " + EXPECTED,
            "claim",
        )


def read_claim(text: str) -> Claim:
    """Read the claimed chart in ``text`` (see the module docstring for the forms read).

    >>> str(read_claim("年柱：乙亥 月柱：己卯 日柱：己亥 時柱：甲子"))
    '乙亥 己卯 己亥 甲子'
    >>> read_claim("yi hai, ji mao, ji hai").read_by
    'order'

    Raises:
        InvalidInputError: no whole chart in the text, or two different ones; too long.
        InvalidPillarError: a run of pillars ending in half a pillar.
        (``field`` is ``claim``.)
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"the claim must be text, got {type(text).__name__}", text, "claim")
    if len(text) > MAX_CLAIM:
        raise InvalidInputError(
            f"the claim is {len(text)} characters long; at most {MAX_CLAIM} are read",
            None,
            "claim",
        )
    import unicodedata

    normal = unicodedata.normalize("NFKC", text).replace("時", "时").translate(_TONES)
    mentions = _mentions(normal)
    scripts = tuple(dict.fromkeys(m.script for m in mentions))
    named = _by_label(mentions, text)
    if {0, 1, 2} <= set(named):
        return Claim(tuple(named[p] for p in sorted(named)), "labels", scripts)
    runs = [
        r
        for r in _runs(normal, mentions)
        if 3 <= len(r) <= 4
        and all(m.suffix in (None, i) for i, m in enumerate(r))
        and not _NOT_THE_CHART.search(normal, normal.rfind("\n", 0, r[0].start) + 1, r[0].start)
    ]
    for run in runs:
        _check_run_ends(normal, run)
    if runs:
        values = _one([tuple(m.value for m in r) for r in runs], text)
        for position, value in named.items():
            if position < len(values) and values[position] != value:
                raise InvalidInputError(
                    f"the claim gives the {POSITIONS[position]} pillar as both "
                    f"{values[position].hanzi} and {value.hanzi}: give only the chart to check",
                    _quote(text),
                    "claim",
                )
        suffixed = all(m.suffix is not None for r in runs for m in r)
        return Claim(values, "suffixes" if suffixed else "order", scripts)
    if not mentions:
        raise InvalidInputError(f"found no pillar in {_quote(text)}: {EXPECTED}", None, "claim")
    longest = max(_runs(normal, mentions), key=len)
    found = " ".join(m.value.hanzi for m in longest)
    what = (
        f"{len(longest)} pillars in a row ({found})"
        if len(longest) > 1
        else f"only single pillars ({' '.join(m.value.hanzi for m in mentions[:6])})"
    )
    raise InvalidInputError(
        f"found {what} but no chart: {EXPECTED}; in a longer text, label them (年柱：…)",
        None,
        "claim",
    )


def claim_of_pillars(pillars: Any) -> Claim:
    """A :class:`Claim` of three or four :class:`~bazi.cycle.Pillar` values."""
    values = tuple(ClaimedPillar.of(p) for p in pillars)
    if len(values) not in (3, 4):
        raise InvalidInputError(
            f"a claim has three or four pillars, got {len(values)}", None, "claim"
        )
    return Claim(values, "pillars")
