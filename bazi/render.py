"""A chart as plain text for a terminal, in one of the four scripts (``bazi chart``)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import timedelta

from .chart import Chart
from .moment import format_offset
from .names import Lang, label
from .terms import format_instant

__all__ = ["render"]

# Row and section headings: simplified, traditional, English (also used for pinyin).
_HEADINGS = {
    "positions": ("年柱 月柱 日柱 时柱", "年柱 月柱 日柱 時柱", "Year Month Day Hour"),
    "pillar": ("四柱", "四柱", "Pillar"),
    "ten_god": ("十神", "十神", "Ten god"),
    "stem": ("天干", "天干", "Stem"),
    "branch": ("地支", "地支", "Branch"),
    "hidden": ("藏干", "藏干", "Hidden"),
    "nayin": ("纳音", "納音", "Nayin"),
    "stage": ("星运", "星運", "Stage"),
    "self_stage": ("自坐", "自坐", "Self"),
    "void": ("空亡", "空亡", "Void"),
    "day_master": ("日主", "日主", "Day Master"),
    "palaces": ("胎元 胎息 命宫 身宫", "胎元 胎息 命宮 身宮", "Conception Breath Life Body"),
    "relations": ("关系", "關係", "Relations"),
    "elements": ("五行", "五行", "Elements"),
    "with_hidden": ("含藏干", "含藏干", "with hidden"),
    "luck": ("大运", "大運", "Luck"),
    "minor": ("小运", "小運", "Minor luck"),
    "forward": ("顺排", "順排", "forward"),
    "backward": ("逆排", "逆排", "backward"),
    "starts": ("起运", "起運", "starts"),
    "age": ("岁", "歲", "age"),
}


def _heading(key: str, lang: Lang) -> str:
    simplified, traditional, english = _HEADINGS[key]
    return {"zh": simplified, "zh-Hant": traditional}.get(lang, english)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [_row(r, widths) for r in rows]


def _signed(margin: timedelta) -> str:
    minutes = margin.total_seconds() / 60
    if abs(minutes) < 120:
        return f"{minutes:+.1f} min"
    hours = minutes / 60
    return f"{hours:+.1f} h" if abs(hours) < 72 else f"{hours / 24:+.1f} d"


def render_explanation(c: Chart) -> list[str]:
    """The ``--explain`` section: rule, margins and the other side of each boundary."""
    e = c.explain()
    lines = ["", "why:"]
    for p in e.pillars:
        lines.append(f"  {p.position:<5} {p.value.hanzi}  {p.rule}")
        for name, b in (("previous", p.previous), ("next", p.next)):
            if b is not None:
                lines.append(
                    f"        {name} boundary {_signed(b.margin)} at {format_instant(b.instant)}"
                    f" → {b.other.hanzi}"
                )
    for a in e.alternatives:
        lines.append(f"  with {a.option}={a.value}: {a.pillars}")
    if not e.alternatives:
        lines.append("  no other day_boundary or solar_time changes this chart")
    lines += [f"  warning: {w}" for w in e.warnings]
    return lines


def render(c: Chart, lang: Lang = "zh", explain: bool = False) -> str:
    """The whole chart: pillars and their reading, palaces, relations, elements, luck, and
    the provenance (instant, zone, reckoning, the 节 that opened the month, data versions)."""
    reading = c.reading
    cells = reading.pillars
    rows = [
        ["", *_heading("positions", lang).split()],
        [_heading("pillar", lang), *(label(r.pillar, lang) for r in cells)],
        [
            _heading("ten_god", lang),
            *(
                _heading("day_master", lang) if r.ten_god is None else label(r.ten_god, lang)
                for r in cells
            ),
        ],
        [_heading("stem", lang), *(label(r.pillar.stem, lang) for r in cells)],
        [_heading("branch", lang), *(label(r.pillar.branch, lang) for r in cells)],
    ]
    for k in range(3):
        rows.append(
            [
                _heading("hidden", lang) if k == 0 else "",
                *(
                    f"{label(r.hidden_stems[k], lang)} {label(r.hidden_ten_gods[k], lang)}"
                    if k < len(r.hidden_stems)
                    else ""
                    for r in cells
                ),
            ]
        )
    for key in ("nayin", "stage", "self_stage"):
        rows.append([_heading(key, lang), *(label(getattr(r, key), lang) for r in cells)])
    rows.append(
        [_heading("void", lang), *(" ".join(label(b, lang) for b in r.void) for r in cells)]
    )
    lines = _table(rows)

    palaces = (reading.tai_yuan, reading.tai_xi, reading.ming_gong, reading.shen_gong)
    lines += ["", *_table([_heading("palaces", lang).split(), [label(p, lang) for p in palaces]])]
    lines += ["", f"{_heading('relations', lang)}:"]
    for r in reading.relations:
        chars = [label(x, lang) for x in r.stems] + [label(x, lang) for x in r.branches]
        element = f" → {label(r.element, lang)}" if r.element is not None else ""
        lines.append(
            f"  {label(r.kind, lang)}: {' '.join(chars)} ({'/'.join(r.positions)}){element}"
        )
    counts = "  ".join(f"{label(e, lang)} {n}" for e, n in reading.elements.items())
    hidden = "  ".join(f"{label(e, lang)} {n}" for e, n in reading.elements_with_hidden.items())
    lines += [
        "",
        f"{_heading('elements', lang)}: {counts}",
        f"  ({_heading('with_hidden', lang)}: {hidden})",
    ]

    if c.luck is not None:
        luck = c.luck
        span = luck.start_offset
        direction = _heading("forward" if luck.forward else "backward", lang)
        jie = luck.counting_jie
        lines += [
            "",
            f"{_heading('luck', lang)} ({luck.method}, {direction}, {label(jie, lang)} "
            f"{format_instant(jie.instant)}): {_heading('starts', lang)} "
            f"{luck.start:%Y-%m-%d %H:%M} "
            f"(+{span.years}y {span.months}m {span.days}d {span.hours}h {span.minutes}min)",
            *(
                "  " + line
                for line in _table(
                    [
                        [
                            str(p.index),
                            label(p.pillar, lang),
                            f"{p.start:%Y-%m-%d}",
                            f"{_heading('age', lang)} {p.start_age:g}",
                        ]
                        for p in luck.pillars
                    ]
                )
            ),
            f"{_heading('minor', lang)}: "
            + ", ".join(f"{m.age} {label(m.pillar, lang)}" for m in luck.minor()),
        ]

    m, o = c.moment, c.options
    lines += [
        "",
        f"pillars    {c.pillars}",
        f"instant    {format_instant(m.instant)}",
        *(
            [
                f"place      {c.place.label} (matched {c.place.matched!r}; "
                f"{c.place.latitude:.4f}, {c.place.longitude:.4f}; zone {c.place.timezone})"
            ]
            if c.place is not None
            else []
        ),
        f"local      {m.wall:%Y-%m-%d %H:%M:%S} {m.zone} (UTC{format_offset(m.utc_offset)}"
        f", DST {format_offset(m.dst)}, {m.resolution})",
        f"day/hour   {o.solar_time} time {c.local_time:%Y-%m-%d %H:%M:%S}"
        + (f", longitude {o.longitude}" if o.longitude is not None else "")
        + (
            f", equation of time {c.equation_of_time.total_seconds():+.0f} s"
            if c.equation_of_time is not None
            else ""
        ),
        f"month 节   {label(c.month_jie, lang)} {format_instant(c.month_jie.instant)}"
        f" (next {label(c.next_jie, lang)} {format_instant(c.next_jie.instant)})",
        f"lunar      {c.lunar_date or 'n/a (lunar dates cover 1900-2099)'}"
        + (
            " (uncertain month: new moon near midnight)"
            if c.lunar_date and c.lunar_date.uncertain
            else ""
        ),
        "options    " + " ".join(f"{k}={v}" for k, v in o.to_dict().items() if v is not None),
        "data       " + " ".join(f"{k}={v}" for k, v in c.data_versions.items()),
    ]
    if explain:
        lines += render_explanation(c)
    return "\n".join(lines)
