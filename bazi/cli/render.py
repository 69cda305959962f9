"""A chart as plain text for a terminal (``bazi chart``), drawn from ``Chart.to_dict(lang)``:
the same data the HTTP API and the MCP server answer with, so the faces cannot disagree."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

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
_POSITIONS = ("year", "month", "day", "hour")
_PALACES = ("tai_yuan", "tai_xi", "ming_gong", "shen_gong")
_TERM_NAME = {"zh": "name", "zh-Hant": "name_traditional", "pinyin": "pinyin", "en": "english"}


def _heading(key: str, lang: str) -> str:
    simplified, traditional, english = _HEADINGS[key]
    return {"zh": simplified, "zh-Hant": traditional}.get(lang, english)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [_row(r, widths) for r in rows]


def _signed(seconds: float) -> str:
    minutes = seconds / 60
    if abs(minutes) < 120:
        return f"{minutes:+.1f} min"
    hours = minutes / 60
    return f"{hours:+.1f} h" if abs(hours) < 72 else f"{hours / 24:+.1f} d"


def _explanation(e: Mapping[str, Any]) -> list[str]:
    """The ``--explain`` section: rule, margins and the other side of each boundary."""
    lines = ["", "why:"]
    for position, p in e["pillars"].items():
        lines.append(f"  {position:<5} {p['value']}  {p['rule']}")
        for name in ("previous", "next"):
            b = p[f"{name}_boundary"]
            if b is not None:
                lines.append(
                    f"        {name} boundary {_signed(b['margin_seconds'])} at {b['instant']}"
                    f" → {b['other']}"
                )
    for a in e["alternatives"]:
        lines.append(f"  with {a['option']}={a['value']}: {a['pillars']}")
    if not e["alternatives"]:
        lines.append("  no other day_boundary or solar_time changes this chart")
    lines += [f"  warning: {w}" for w in e["warnings"]]
    return lines


def render(c: Mapping[str, Any]) -> str:
    """The whole chart of ``c`` (``Chart.to_dict(lang)``, with an ``explanation`` if asked):
    pillars and their reading, palaces, relations, elements, luck, and the provenance
    (instant, zone, reckoning, the 节 that opened the month, data versions)."""
    lang = c["lang"]
    cells = [c["details"][p] for p in _POSITIONS]
    rows = [
        ["", *_heading("positions", lang).split()],
        [_heading("pillar", lang), *(d["pillar"] for d in cells)],
        [
            _heading("ten_god", lang),
            *(
                _heading("day_master", lang) if d["ten_god"] is None else d["ten_god"]
                for d in cells
            ),
        ],
        [_heading("stem", lang), *(d["stem"] for d in cells)],
        [_heading("branch", lang), *(d["branch"] for d in cells)],
    ]
    for k in range(max(len(d["hidden_stems"]) for d in cells)):
        rows.append(
            [
                _heading("hidden", lang) if k == 0 else "",
                *(
                    f"{d['hidden_stems'][k]} {d['hidden_ten_gods'][k]}"
                    if k < len(d["hidden_stems"])
                    else ""
                    for d in cells
                ),
            ]
        )
    for key in ("nayin", "stage", "self_stage"):
        rows.append([_heading(key, lang), *(d[key] for d in cells)])
    rows.append([_heading("void", lang), *(" ".join(d["void"]) for d in cells)])
    lines = _table(rows)

    palaces = [c[p]["pillar"] for p in _PALACES]
    lines += ["", *_table([_heading("palaces", lang).split(), palaces])]
    lines += ["", f"{_heading('relations', lang)}:"]
    for r in c["relations"]:
        element = f" → {r['element']}" if r["element"] is not None else ""
        chars = " ".join([*r["stems"], *r["branches"]])
        lines.append(f"  {r['kind']}: {chars} ({'/'.join(r['positions'])}){element}")
    counts = "  ".join(f"{e} {n}" for e, n in c["elements"].items())
    hidden = "  ".join(f"{e} {n}" for e, n in c["elements_with_hidden"].items())
    lines += [
        "",
        f"{_heading('elements', lang)}: {counts}",
        f"  ({_heading('with_hidden', lang)}: {hidden})",
    ]

    luck = c["luck"]
    if luck is not None:
        span = luck["start_offset"]
        direction = _heading("forward" if luck["forward"] else "backward", lang)
        jie = luck["counting_jie"]
        lines += [
            "",
            f"{_heading('luck', lang)} ({luck['method']}, {direction}, "
            f"{jie[_TERM_NAME[lang]]} {jie['instant']}): {_heading('starts', lang)} "
            f"{luck['start'][:16].replace('T', ' ')} "
            f"(+{span['years']}y {span['months']}m {span['days']}d {span['hours']}h "
            f"{span['minutes']}min)",
            *(
                "  " + line
                for line in _table(
                    [
                        [
                            str(p["index"]),
                            p["pillar"],
                            p["start"][:10],
                            f"{_heading('age', lang)} {p['start_age']:g}",
                        ]
                        for p in luck["pillars"]
                    ]
                )
            ),
            f"{_heading('minor', lang)}: "
            + ", ".join(f"{m['age']} {m['pillar']}" for m in luck["minor"]),
        ]

    lines += _stars(c)

    local, place = c["local"], c["place"]
    options = c["options"]
    eot = local["equation_of_time_seconds"]
    lunar = c["lunar_date"]
    month_jie, next_jie = c["month_jie"], c["next_jie"]
    lines += [
        "",
        f"pillars    {c['text']}",
        f"instant    {c['instant_utc']}",
        *(
            [
                f"place      {place['label']} (matched {place['matched']!r}; "
                f"{place['latitude']:.4f}, {place['longitude']:.4f}; zone {place['timezone']})"
            ]
            if place is not None
            else []
        ),
        f"local      {local['wall_time'].replace('T', ' ')} {local['zone']} "
        f"(UTC{local['utc_offset']}, DST {local['dst']}, {local['resolution']})",
        f"day/hour   {local['reckoning']} time {local['reckoned_time'].replace('T', ' ')}"
        + (f", longitude {options['longitude']}" if options["longitude"] is not None else "")
        + (f", equation of time {eot:+.0f} s" if eot is not None else ""),
        f"month 节   {month_jie[_TERM_NAME[lang]]} {month_jie['instant']}"
        f" (next {next_jie[_TERM_NAME[lang]]} {next_jie['instant']})",
        "lunar      "
        + (
            "n/a (lunar dates cover 1900-2099)"
            if lunar is None
            else lunar["hanzi"]
            + (" (uncertain month: new moon near midnight)" if lunar["uncertain"] else "")
        ),
        "options    " + " ".join(f"{k}={v}" for k, v in options.items() if v is not None),
        "data       " + " ".join(f"{k}={v}" for k, v in c["data_versions"].items()),
    ]
    if "explanation" in c:
        lines += _explanation(c["explanation"])
    return "\n".join(lines)


# The stars 神煞 of each pillar and luck pillar, and the season states 旺相休囚死: one block.
_STAR_HEADINGS = {
    "stars": ("神煞", "神煞", "Stars"),
    "luck": ("大运神煞", "大運神煞", "Luck pillar stars"),
    "seasons": ("旺相休囚死", "旺相休囚死", "Season states"),
}


def _stars(c: Mapping[str, Any]) -> list[str]:
    """The ``stars`` section: per pillar, per luck pillar, and the season states."""
    lang = c["lang"]
    column = {"zh": 0, "zh-Hant": 1}.get(lang, 2)
    heading = {key: names[column] for key, names in _STAR_HEADINGS.items()}
    none = "—"
    positions = _heading("positions", lang).split()
    lines = ["", f"{heading['stars']}:"]
    for label, key in zip(positions, _POSITIONS, strict=True):
        d = c["details"][key]
        lines.append(f"  {label} {d['pillar']}: {' '.join(d['stars']) or none}")
    states = "  ".join(f"{e}{s}" if lang in ("zh", "zh-Hant") else f"{e} {s}"
                       for e, s in c["seasons"].items())  # fmt: skip
    lines.append(f"  {heading['seasons']}: {states}")
    luck = c["luck"]
    if luck is not None:
        lines.append(f"{heading['luck']}:")
        for p in luck["pillars"]:
            lines.append(f"  {p['index']} {p['pillar']}: {' '.join(p['stars']) or none}")
    return lines
