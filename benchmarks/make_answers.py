"""Write ``benchmarks/answers.jsonl``: hand-varied claimed charts for ``bazi check --file``.

    python benchmarks/make_answers.py [OUT]   # then: bazi check --file benchmarks/answers.jsonl

Each line is a birth, its options and a claimed answer, labelled (``mistake``) with the
mistake the answer was made with, or ``none`` for a right one. The answers are made here by
hand-written rules, never by the checker (nor by ``bazi.chart``): the right chart comes
from this script's own arithmetic (conventions §4: year at the 立春 instant, months at the 节
instants, day (ordinal + 14) mod 60, hour ((h + 1) // 2) mod 12, stems by 五虎遁 and 五鼠遁,
day and hour on the zone's standard time, the 子 hour from 23:00 on the next day), and
each mistake is a rule applied to the birth (the year from the Gregorian or the lunar year,
the month from the lunar month, a 节 a day off, the wall clock with its daylight saving, the
UTC clock, local mean solar time, …). From the engine it takes only data: the solar-term
instants (``bazi.solar_terms``) and the lunar calendar (``bazi.lunar_date``,
``bazi.solar_date``). Time zones come from ``zoneinfo`` with the ``tzdata`` package.

The answers are written the ways people and chatbots write them: characters spaced or run
together, with 年月日时 after each pillar, labelled (年柱：…, traditional 時柱), inside a
chatbot-style paragraph, pinyin with or without tones, English names. The run is seeded:
the same file every time.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import bazi

OUTPUT = Path(__file__).resolve().parent / "answers.jsonl"
STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
STEM_PINYIN = ("jiǎ", "yǐ", "bǐng", "dīng", "wù", "jǐ", "gēng", "xīn", "rén", "guǐ")
BRANCH_PINYIN = ("zǐ", "chǒu", "yín", "mǎo", "chén", "sì", "wǔ", "wèi", "shēn", "yǒu", "xū", "hài")
ELEMENTS = ("Wood", "Fire", "Earth", "Metal", "Water")
ANIMALS = ("Rat", "Ox", "Tiger", "Rabbit", "Dragon", "Snake", "Horse", "Goat", "Monkey",
           "Rooster", "Dog", "Pig")  # fmt: skip
Pair = tuple[int, int]  # (stem, branch)


# --- the right chart, by this script's own arithmetic ---------------------------------------


def jie_instants(year: int) -> list[tuple[datetime, int]]:
    """The 12 节 (instant, longitude) of Gregorian year ``year``."""
    return [
        (t.instant, t.longitude) for t in bazi.solar_terms(year) if (t.longitude - 315) % 30 == 0
    ]


def year_and_month(instant: datetime) -> tuple[int, int]:
    """The ba-zi year Y and the months after 寅 (0-11) of an instant."""
    jies = sorted(j for y in (instant.year - 1, instant.year) for j in jie_instants(y))
    _at, longitude = [j for j in jies if j[0] <= instant][-1]
    lichun = next(t for t, lon in jie_instants(instant.year) if lon == 315)
    year = instant.year if instant >= lichun else instant.year - 1
    return year, (longitude - 315) % 360 // 30


def year_pair(year: int) -> Pair:
    return (year - 4) % 10, (year - 4) % 12


def month_pair(year: int, after_yin: int) -> Pair:
    return (2 * ((year - 4) % 10) + 2 + after_yin) % 10, (2 + after_yin) % 12  # 五虎遁


def day_pair(day: date) -> Pair:
    n = (day.toordinal() + 14) % 60
    return n % 10, n % 12


def hour_pair(day_stem: int, branch: int) -> Pair:
    return (2 * day_stem + branch) % 10, branch  # 五鼠遁


def day_and_hour(local: datetime, school: str = "zi") -> tuple[Pair, Pair]:
    """Day and hour of a local reading under a 23:00 school."""
    branch = (local.hour + 1) // 2 % 12
    today = day_pair(local.date())
    tomorrow = day_pair(local.date() + timedelta(days=1))
    if local.hour < 23:
        return today, hour_pair(today[0], branch)
    if school == "zi":
        return tomorrow, hour_pair(tomorrow[0], 0)
    if school == "midnight":
        return today, hour_pair(tomorrow[0], 0)
    return today, hour_pair(today[0], 0)  # midnight-same-day


def standard(instant: datetime, zone: str) -> datetime:
    aware = instant.astimezone(ZoneInfo(zone))
    dst = aware.dst() or timedelta(0)
    return (aware - dst).replace(tzinfo=None)


def wall_instant(wall: datetime, zone: str) -> datetime:
    aware = wall.replace(tzinfo=ZoneInfo(zone))
    back = aware.astimezone(UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    if back != wall or wall.replace(fold=1, tzinfo=ZoneInfo(zone)).utcoffset() != aware.utcoffset():
        raise ValueError("skipped or repeated wall time")
    return aware.astimezone(UTC)


def chart_of(instant: datetime, local: datetime, school: str = "zi") -> list[Pair]:
    """The four pillars: year and month at the instant, day and hour of ``local``."""
    year, after_yin = year_and_month(instant)
    day, hour = day_and_hour(local, school)
    return [year_pair(year), month_pair(year, after_yin), day, hour]


class Birth:
    def __init__(self, wall: datetime, zone: str, **options: Any) -> None:
        self.wall, self.zone, self.options = wall, zone, options
        self.instant = wall_instant(wall, zone)
        self.local = standard(self.instant, zone)
        self.right = chart_of(self.instant, self.local, options.get("day_boundary", "zi"))


# --- mistakes: rules applied by hand --------------------------------------------------------


def lunar(day: date) -> Any:
    return bazi.lunar_date(day)


def m_none(b: Birth, rng: random.Random) -> list[Pair] | None:
    return list(b.right)


def m_day_boundary(b: Birth, rng: random.Random) -> list[Pair] | None:
    if b.local.hour != 23:
        return None
    day, hour = day_and_hour(b.local, rng.choice(["midnight", "midnight-same-day"]))
    return [b.right[0], b.right[1], day, hour]


def m_solar_time(b: Birth, rng: random.Random) -> list[Pair] | None:
    mean = b.instant.replace(tzinfo=None) + timedelta(hours=b.options["longitude"] / 15)
    day, hour = day_and_hour(mean)
    return [b.right[0], b.right[1], day, hour]


def m_dst_not_removed(b: Birth, rng: random.Random) -> list[Pair] | None:
    day, hour = day_and_hour(b.wall)
    return [b.right[0], b.right[1], day, hour]


def m_year_at_spring_festival(b: Birth, rng: random.Random) -> list[Pair] | None:
    year = lunar(b.wall.date()).year
    _, after_yin = year_and_month(b.instant)
    return [year_pair(year), month_pair(year, after_yin), b.right[2], b.right[3]]


def m_year_at_january(b: Birth, rng: random.Random) -> list[Pair] | None:
    year = b.wall.year
    _, after_yin = year_and_month(b.instant)
    return [year_pair(year), month_pair(year, after_yin), b.right[2], b.right[3]]


def m_month_from_lunar_month(b: Birth, rng: random.Random) -> list[Pair] | None:
    year, _ = year_and_month(b.instant)
    after_yin = (lunar(b.wall.date()).month - 1) % 12  # 正月 is the 寅 month
    return [b.right[0], month_pair(year, after_yin), b.right[2], b.right[3]]


def m_jie_wrong_day(b: Birth, rng: random.Random) -> list[Pair] | None:
    for shift in (timedelta(days=1), timedelta(days=-1)):
        year, after_yin = year_and_month(b.instant + shift)
        if (year, after_yin) != year_and_month(b.instant):
            return [year_pair(year), month_pair(year, after_yin), b.right[2], b.right[3]]
    return None


def m_shichen_from_midnight(b: Birth, rng: random.Random) -> list[Pair] | None:
    day = day_pair(b.local.date())
    return [b.right[0], b.right[1], day, hour_pair(day[0], b.local.hour // 2)]


def m_time_zone(b: Birth, rng: random.Random) -> list[Pair] | None:
    utc = b.instant.replace(tzinfo=None)
    day, hour = day_and_hour(utc)
    return [b.right[0], b.right[1], day, hour]


def m_lunar_read_as_solar(b: Birth, rng: random.Random) -> list[Pair] | None:
    d = lunar(b.wall.date())
    try:
        wall = b.wall.replace(year=d.year, month=d.month, day=d.day)
    except ValueError:
        return None
    birth = Birth(wall, b.zone)
    return birth.right


def m_solar_read_as_lunar(b: Birth, rng: random.Random) -> list[Pair] | None:
    try:
        day = bazi.solar_date(f"{b.wall:%Y-%m-%d}")
    except bazi.BaziError:
        return None
    return Birth(datetime.combine(day, b.wall.time()), b.zone).right


def m_date_off_by_a_day(b: Birth, rng: random.Random) -> list[Pair] | None:
    return Birth(b.wall + timedelta(days=rng.choice([1, -1])), b.zone).right


def m_hour_stem_rule(b: Birth, rng: random.Random) -> list[Pair] | None:
    branch = b.right[3][1]
    rule = rng.choice(["from 甲", "from the year", "from the month"])
    base = {"from 甲": 0, "from the year": b.right[0][0], "from the month": b.right[1][0]}[rule]
    stem = (2 * base + branch) % 10
    return [b.right[0], b.right[1], b.right[2], (stem, branch)]


def m_month_stem_rule(b: Birth, rng: random.Random) -> list[Pair] | None:
    branch = b.right[1][1]
    after_yin = (branch - 2) % 12
    rule = rng.choice(["寅 always 甲寅", "the year before's 五虎遁"])
    stem = (
        after_yin % 10
        if rule == "寅 always 甲寅"
        else (2 * (b.right[0][0] - 1) + 2 + after_yin) % 10
    )
    return [b.right[0], (stem, branch), b.right[2], b.right[3]]


def m_random(b: Birth, rng: random.Random) -> list[Pair] | None:
    """A pillar replaced by another of the sixty (no rule: a guess)."""
    claim = list(b.right)
    i = rng.choice([2, 3]) if rng.random() < 0.7 else rng.choice([0, 1])
    n = rng.randrange(60)
    claim[i] = (n % 10, n % 12)
    if i == 2:  # a guessed day with its hour by 五鼠遁, as a guesser would write it
        claim[3] = hour_pair(claim[2][0], claim[3][1])
    return claim


def m_typo(b: Birth, rng: random.Random) -> list[Pair] | None:
    """One character mistyped into a pair that does not exist (甲丑)."""
    claim = list(b.right)
    i = rng.randrange(4)
    stem, branch = claim[i]
    claim[i] = ((stem + 1) % 10, branch)
    return claim


# --- births each mistake shows on ----------------------------------------------------------


def some_day(rng: random.Random, first: int = 1950, last: int = 2030) -> date:
    return date(first, 1, 1) + timedelta(
        days=rng.randrange((date(last, 12, 31) - date(first, 1, 1)).days)
    )


def at(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def near_jie(rng: random.Random) -> datetime:
    year = rng.randrange(1955, 2030)
    instant, _ = rng.choice(jie_instants(year))
    return (
        instant
        + timedelta(hours=8)
        + timedelta(minutes=rng.choice([-1, 1]) * rng.randrange(60, 1380))
    ).replace(tzinfo=None, second=0, microsecond=0)


def between_new_year_and_lichun(rng: random.Random, which: str) -> datetime:
    for _ in range(1000):
        year = rng.randrange(1955, 2030)
        lichun = next(t for t, lon in jie_instants(year) if lon == 315) + timedelta(hours=8)
        festival = bazi.solar_date(f"{year}-01-01")
        start, end = (
            (date(year, 1, 1), lichun.date())
            if which == "january"
            else sorted([festival, lichun.date()])
        )
        span = (end - start).days
        if span >= 2:
            day = start + timedelta(days=1 + rng.randrange(span - 1))
            return at(day, rng.randrange(24), rng.randrange(60))
    raise RuntimeError("no day found")


PLACES = (("Asia/Shanghai", None), ("Asia/Hong_Kong", None), ("Asia/Taipei", None))
WEST = (("乌鲁木齐", 87.62), ("喀什", 75.99), ("拉萨", 91.11), ("成都", 104.07), ("昆明", 102.71))


def birth_for(mistake: str, rng: random.Random) -> Birth:
    zone = rng.choice(PLACES)[0]
    options: dict[str, Any] = {}
    if mistake == "day_boundary":
        wall = at(some_day(rng), 23, rng.randrange(60))
    elif mistake == "solar_time":
        _, longitude = rng.choice(WEST)
        zone, options = "Asia/Shanghai", {"longitude": longitude}
        hour = rng.choice([9, 11, 13, 15, 17]) + (1 if longitude < 90 else 0)
        wall = at(some_day(rng), hour, rng.randrange(10, 50))
    elif mistake == "dst_not_removed":
        if rng.random() < 0.6:
            zone = "Asia/Shanghai"
            day = date(rng.randrange(1986, 1992), rng.randrange(5, 9), rng.randrange(1, 29))
        else:
            zone = rng.choice(["America/New_York", "Europe/London", "America/Los_Angeles"])
            day = date(rng.randrange(1990, 2025), rng.randrange(5, 9), rng.randrange(1, 29))
        wall = at(day, rng.choice([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21]), rng.randrange(60))
    elif mistake == "year_at_spring_festival":
        wall = between_new_year_and_lichun(rng, "festival")
    elif mistake == "year_at_january":
        wall = between_new_year_and_lichun(rng, "january")
    elif mistake == "jie_wrong_day":
        wall, zone = near_jie(rng), rng.choice(["Asia/Shanghai", "Asia/Hong_Kong"])
    elif mistake == "shichen_from_midnight":
        wall = at(
            some_day(rng), rng.choice([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21]), rng.randrange(60)
        )
    elif mistake == "lunar_read_as_solar":
        wall = at(some_day(rng, 1950, 2030), rng.randrange(24), rng.randrange(60))
    else:
        wall = at(some_day(rng), rng.randrange(24), rng.randrange(60))
    if mistake == "none" and rng.random() < 0.25:
        options["day_boundary"] = rng.choice(["midnight", "midnight-same-day"])
    return Birth(wall, zone, **options)


MISTAKES: dict[str, Callable[[Birth, random.Random], list[Pair] | None]] = {
    "none": m_none,
    "day_boundary": m_day_boundary,
    "solar_time": m_solar_time,
    "dst_not_removed": m_dst_not_removed,
    "year_at_spring_festival": m_year_at_spring_festival,
    "year_at_january": m_year_at_january,
    "month_from_lunar_month": m_month_from_lunar_month,
    "jie_wrong_day": m_jie_wrong_day,
    "shichen_from_midnight": m_shichen_from_midnight,
    "time_zone": m_time_zone,
    "lunar_read_as_solar": m_lunar_read_as_solar,
    "solar_read_as_lunar": m_solar_read_as_lunar,
    "date_off_by_a_day": m_date_off_by_a_day,
    "hour_stem_rule": m_hour_stem_rule,
    "month_stem_rule": m_month_stem_rule,
    "random": m_random,
    "typo": m_typo,
}
PER_MISTAKE = {"none": 30, "random": 15, "typo": 8}  # others: 12 each


# --- how the answers are written -----------------------------------------------------------


def hanzi(p: Pair) -> str:
    return STEMS[p[0]] + BRANCHES[p[1]]


def english(p: Pair) -> str:
    polarity = "Yang" if p[0] % 2 == 0 else "Yin"
    return f"{polarity} {ELEMENTS[p[0] // 2]} {ANIMALS[p[1]]}"


def pinyin(p: Pair, tones: bool) -> str:
    text = f"{STEM_PINYIN[p[0]]} {BRANCH_PINYIN[p[1]]}"
    if tones:
        return text
    return text.translate(str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔù", "aaaaeeeeiiiioooouuuu"))


def write(claim: list[Pair], b: Birth, rng: random.Random) -> str:
    style = rng.randrange(10)
    zh = [hanzi(p) for p in claim]
    if style == 0:
        return " ".join(zh)
    if style == 1:
        return "".join(zh)
    if style == 2:
        return " ".join(f"{p}{s}" for p, s in zip(zh, "年月日时", strict=False))
    if style == 3:
        labels = ("年柱", "月柱", "日柱", "時柱")
        return "\n".join(f"{lab}：{p}" for lab, p in zip(labels, zh, strict=False))
    if style == 4:
        rows = "\n".join(
            f"**{lab}：{p}**" for lab, p in zip(("年柱", "月柱", "日柱", "时柱"), zh, strict=False)
        )
        return (
            f"根据您提供的出生时间（{b.wall:%Y年%m月%d日 %H:%M}），您的八字排盘如下：\n\n{rows}\n\n"
            f"日主为{zh[2][0]}，{zh[1][1]}月出生……流年2025乙巳年对您……"
        )
    if style == 5:
        lines = "\n".join(
            f"- **{lab} Pillar:** {pinyin(p, True).title()} ({hanzi(p)}) – {english(p)}"
            for lab, p in zip(("Year", "Month", "Day", "Hour"), claim, strict=False)
        )
        return f"Here is your Four Pillars of Destiny chart:\n\n{lines}\n\nYour Day Master is ..."
    if style == 6:
        return ", ".join(pinyin(p, True) for p in claim)
    if style == 7:
        return ", ".join(pinyin(p, False) for p in claim)
    if style == 8:
        return ", ".join(english(p) for p in claim)
    return " | ".join(zh)


def main(argv: list[str] | None = None) -> int:
    """Write the answers to ``argv[0]`` (default ``benchmarks/answers.jsonl``)."""
    args = sys.argv[1:] if argv is None else argv
    output = Path(args[0]) if args else OUTPUT
    rng = random.Random(15)
    lines = []
    for mistake, rule in MISTAKES.items():
        made = 0
        tries = 0
        while made < PER_MISTAKE.get(mistake, 12):
            tries += 1
            if tries > 5000:
                raise RuntimeError(f"no birth for {mistake}")
            try:
                birth = birth_for(mistake, rng)
                claim = rule(birth, rng)
            except ValueError:  # a skipped or repeated wall time: another birth
                continue
            if claim is None or (mistake != "none" and claim == birth.right):
                continue  # the mistake changes nothing for this birth
            if rng.random() < 0.08 and mistake not in ("hour_stem_rule", "none"):
                claim = claim[:3]  # the hour unknown
                if claim == birth.right[:3]:
                    continue
            line = {
                "id": f"{mistake}-{made + 1:02d}",
                "mistake": mistake,
                "claim": write(claim, birth, rng),
                "datetime": f"{birth.wall:%Y-%m-%d %H:%M}",
                "tz": birth.zone,
                **birth.options,
            }
            lines.append(json.dumps(line, ensure_ascii=False))
            made += 1
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} answers to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
