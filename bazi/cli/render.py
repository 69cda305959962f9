"""A chart as plain text for a terminal (``bazi chart``), drawn from ``Chart.to_dict(lang)``:
the same data the HTTP API and the MCP server answer with, so the faces cannot disagree.

Every word is in the language asked for: Chinese output has no English words (zone names,
place names as GeoNames spells them and version strings excepted), English output no
Chinese but the characters of the chart. Times are on the birth's clock.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import bazi

__all__ = ["render", "render_years"]

# Words of the page: simplified, traditional, English (also for pinyin).
_WORDS = {
    "positions": ("年柱 月柱 日柱 时柱", "年柱 月柱 日柱 時柱", "Year Month Day Hour"),
    "short_positions": ("年 月 日 时", "年 月 日 時", "year month day hour"),
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
    "no_relations": ("无", "無", "none"),
    "elements": ("五行", "五行", "Elements"),
    "with_hidden": ("含藏干", "含藏干", "with hidden stems"),
    "warnings": ("注意", "注意", "Note"),
    "luck": ("大运", "大運", "Luck pillars"),
    "minor": ("小运", "小運", "Minor luck"),
    "forward": ("顺排", "順排", "forward"),
    "backward": ("逆排", "逆排", "backward"),
    "starts": ("起运", "起運", "starts"),
    "after_birth": ("出生后", "出生後", "after birth"),
    "age_nominal": ("虚岁", "虛歲", "nominal age"),
    "age_full": ("周岁", "周歲", "full age"),
    "annual": ("流年", "流年", "Annual pillars"),
    "monthly": ("流月", "流月", "Monthly pillars"),
    "year": ("年", "年", "Year"),
    "jie": ("节", "節", "Solar term"),
    "begins": ("起", "起", "Begins"),
    "luck_pillar": ("大运", "大運", "Luck"),
    "minor_luck": ("小运", "小運", "Minor"),
    "chart": ("八字", "八字", "Chart"),
    "instant": ("世界时", "世界時", "Instant (UTC)"),
    "place": ("出生地", "出生地", "Place"),
    "local": ("当地时间", "當地時間", "Local time"),
    "reckoned": ("日时依据", "日時依據", "Day and hour"),
    "month_jie": ("月令", "月令", "Month term"),
    "next": ("下一节", "下一節", "next"),
    "lunar": ("农历", "農曆", "Lunar date"),
    "no_lunar": ("无（农历限于1900–2099年）", "無（農曆限於1900–2099年）", "n/a (1900-2099 only)"),
    "uncertain": ("（月首在午夜附近，未定）", "（月首在午夜附近，未定）", " (month uncertain)"),
    "school": ("流派", "流派", "Conventions"),
    "data": ("数据", "數據", "Data"),
    "dst_none": ("无夏令时", "無夏令時", "no daylight saving"),
    "dst": ("夏令时", "夏令時", "daylight saving"),
    "longitude": ("经度", "經度", "longitude"),
    "apparent": ("真太阳时", "真太陽時", "true solar time"),
    "eot": ("时差", "時差", "equation of time"),
    "seconds": ("秒", "秒", "s"),
    "why": ("依据", "依據", "Why"),
    "previous_boundary": ("前界", "前界", "previous boundary"),
    "next_boundary": ("后界", "後界", "next boundary"),
    "alternatives": ("他派", "他派", "Other conventions"),
    "no_alternatives": (
        "其他换日、真太阳时之法皆不改此盘",
        "其他換日、真太陽時之法皆不改此盤",
        "no other day boundary or solar time changes this chart",
    ),
}
_RESOLUTION = {
    "unique": ("", "", ""),
    "fold=0 (earlier)": (
        "，重复时刻取前一次",
        "，重複時刻取前一次",
        ", repeated time: the earlier",
    ),
    "fold=1 (later)": ("，重复时刻取后一次", "，重複時刻取後一次", ", repeated time: the later"),
    "absolute": ("，按所给偏移", "，按所給偏移", ", as its own offset gives"),
}
_DATA = {
    "engine": ("引擎", "引擎", "engine"),
    "solar_terms": ("节气表", "節氣表", "solar terms"),
    "tzdata": ("时区库", "時區庫", "tzdata"),
    "places": ("地名库", "地名庫", "places"),
}
_POSITIONS = ("year", "month", "day", "hour")
_PALACES = ("tai_yuan", "tai_xi", "ming_gong", "shen_gong")
_TERM_NAME = {"zh": "name", "zh-Hant": "name_traditional", "pinyin": "pinyin", "en": "english"}
_OPTIONS = {o.name: o for o in bazi.OPTIONS}


def _column(lang: str) -> int:
    return {"zh": 0, "zh-Hant": 1}.get(lang, 2)


def _heading(key: str, lang: str) -> str:
    return _WORDS[key][_column(lang)]


def _chinese(lang: str) -> bool:
    return lang in ("zh", "zh-Hant")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [_row(r, widths) for r in rows]


def _time(iso: str) -> str:
    """An ISO local time as people read it: ``2004-05-20 13:27:28 UTC+08:00``."""
    text = iso.replace("T", " ")
    for sign in ("+", "-"):
        cut = text.rfind(sign, 11)
        if cut > 0:
            clock = text[:cut].split(".")[0]
            return f"{clock} UTC{text[cut:]}"
    return text.split(".")[0]


def _signed(seconds: float, lang: str) -> str:
    minutes = seconds / 60
    units = ("分钟", "小时", "天") if _chinese(lang) else (" min", " h", " d")
    if lang == "zh-Hant":
        units = ("分鐘", "小時", "天")
    if abs(minutes) < 120:
        return f"{minutes:+.1f}{units[0]}"
    hours = minutes / 60
    return f"{hours:+.1f}{units[1]}" if abs(hours) < 72 else f"{hours / 24:+.1f}{units[2]}"


def _colon(lang: str) -> str:
    return "：" if _chinese(lang) else ": "


def _pillar_rows(c: Mapping[str, Any], lang: str) -> list[str]:
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
    return _table(rows)


def _reading(c: Mapping[str, Any], lang: str) -> list[str]:
    """Palaces, relations and element counts."""
    palaces = [c[p]["pillar"] for p in _PALACES]
    lines = ["", *_table([_heading("palaces", lang).split(), palaces])]
    lines += ["", f"{_heading('relations', lang)}{_colon(lang).rstrip()}"]
    where = dict(zip(_POSITIONS, _heading("short_positions", lang).split(), strict=True))
    for r in c["relations"]:
        element = f" → {r['element']}" if r["element"] is not None else ""
        chars = " ".join([*r["stems"], *r["branches"]])
        positions = "/".join(where[p] for p in r["positions"])
        lines.append(f"  {r['kind']}{_colon(lang)}{chars} ({positions}){element}")
    if not c["relations"]:
        lines.append(f"  {_heading('no_relations', lang)}")
    counts = "  ".join(f"{e} {n}" for e, n in c["elements"].items())
    hidden = "  ".join(f"{e} {n}" for e, n in c["elements_with_hidden"].items())
    return [
        *lines,
        "",
        f"{_heading('elements', lang)}{_colon(lang)}{counts}",
        f"  ({_heading('with_hidden', lang)}{_colon(lang)}{hidden})",
    ]


def _luck(luck: Mapping[str, Any], lang: str) -> list[str]:
    """The luck pillars with ten gods and integer ages, and the minor luck."""
    span = luck["start_offset"]
    direction = _heading("forward" if luck["forward"] else "backward", lang)
    method = _OPTIONS["luck_method"].name_of(luck["method"], lang)
    if _chinese(lang):
        hour = "時" if lang == "zh-Hant" else "时"
        after = (
            f"{span['years']}年{span['months']}月{span['days']}天{span['hours']}{hour}"
            f"{span['minutes']}分"
        )
    else:
        after = (
            f"{span['years']} y {span['months']} m {span['days']} d {span['hours']} h "
            f"{span['minutes']} min"
        )
    jie = luck["counting_jie"]
    sep = "，" if _chinese(lang) else ", "
    heading = (
        f"{_heading('luck', lang)} ({method}{sep}{direction}{sep}{jie[_TERM_NAME[lang]]} "
        f"{_time(jie['local'])}){_colon(lang)}{_heading('starts', lang)} "
        f"{_time(luck['start'])[:16]} ({_heading('after_birth', lang)} {after})"
    )
    rows = [
        [
            "",
            _heading("pillar", lang),
            _heading("ten_god", lang),
            _heading("begins", lang),
            _heading("age_nominal", lang),
            _heading("age_full", lang),
        ]
    ]
    for p in luck["pillars"]:
        rows.append(
            [
                str(p["index"]),
                p["pillar"],
                p["ten_god"],
                p["start"][:10],
                str(p["age_nominal"]),
                str(p["age_full"]),
            ]
        )
    minor = ", ".join(f"{m['age']} {m['pillar']}" for m in luck["minor"])
    if _chinese(lang):
        minor = "，".join(f"{m['age']}岁 {m['pillar']}" for m in luck["minor"])
        if lang == "zh-Hant":
            minor = minor.replace("岁", "歲")
    return [
        "",
        heading,
        *("  " + line for line in _table(rows)),
        f"{_heading('minor', lang)}{_colon(lang)}{minor}",
    ]


def render_years(annual: Sequence[Mapping[str, Any]], lang: str) -> list[str]:
    """The table of 流年 (and of its 流月 when one year was asked for)."""
    none = "—"
    rows = [
        [
            _heading("year", lang),
            _heading("pillar", lang),
            _heading("ten_god", lang),
            _heading("age_nominal", lang),
            _heading("luck_pillar", lang),
            _heading("minor_luck", lang),
            _STAR_HEADINGS["stars"][_column(lang)],
        ]
    ]
    for y in annual:
        rows.append(
            [
                str(y["year"]),
                y["pillar"],
                y["ten_god"],
                none if y["age_nominal"] is None else str(y["age_nominal"]),
                y["luck_pillar"] or none,
                y["minor_luck"] or none,
                " ".join(y["stars"]) or none,
            ]
        )
    lines = ["", f"{_heading('annual', lang)}{_colon(lang).rstrip()}", *_indent(_table(rows))]
    if len(annual) == 1:
        (year,) = annual
        rows = [
            [
                _heading("jie", lang),
                _heading("begins", lang),
                _heading("pillar", lang),
                _heading("ten_god", lang),
            ]
        ]
        for m in year["months"]:
            rows.append([m["jie"], _time(m["start"]), m["pillar"], m["ten_god"]])
        title = f"{year['year']} {_heading('monthly', lang)}{_colon(lang).rstrip()}"
        lines += ["", title, *_indent(_table(rows))]
    return lines


def _indent(lines: list[str]) -> list[str]:
    return ["  " + line for line in lines]


def _provenance(c: Mapping[str, Any], lang: str) -> list[str]:
    """Where the chart comes from: the moment, its clock, the 节, the conventions, the data."""
    local, place, options = c["local"], c["place"], c["options"]
    k, sep = _column(lang), "，" if _chinese(lang) else ", "
    dst = (
        _heading("dst_none", lang)
        if local["dst"] == "+00:00"
        else f"{_heading('dst', lang)} {local['dst']}"
    )
    rows = [[_heading("chart", lang), c["text"]]]
    if place is not None:
        where = f"{place['latitude']:.4f}, {place['longitude']:.4f}"
        rows.append(
            [
                _heading("place", lang),
                f"{place['matched']} ({place['label']}; {where}; {place['timezone']})",
            ]
        )
    rows.append(
        [
            _heading("local", lang),
            f"{local['wall_time'].replace('T', ' ')} {local['zone']} "
            f"(UTC{local['utc_offset']}{sep}{dst}{_RESOLUTION[local['resolution']][k]})",
        ]
    )
    rows.append([_heading("instant", lang), c["instant_utc"].replace("T", " ")[:-1] + " UTC"])
    reckoning = _OPTIONS["solar_time"].name_of(local["reckoning"], lang)
    reckoned = f"{reckoning} {local['reckoned_time'].replace('T', ' ')}"
    if options["longitude"] is not None:
        reckoned += f"{sep}{_heading('longitude', lang)} {options['longitude']}"
    if local["apparent_solar_time"] is not None and local["reckoning"] != "apparent":
        solar = local["apparent_solar_time"].replace("T", " ")
        reckoned += f"{sep}{_heading('apparent', lang)} {solar}"
    eot = local["equation_of_time_seconds"]
    if eot is not None:
        reckoned += f"{sep}{_heading('eot', lang)} {eot:+.0f}{_heading('seconds', lang)}"
    rows.append([_heading("reckoned", lang), reckoned])
    month_jie, next_jie = c["month_jie"], c["next_jie"]
    rows.append(
        [
            _heading("month_jie", lang),
            f"{month_jie[_TERM_NAME[lang]]} {_time(month_jie['local'])} "
            f"({_heading('next', lang)} {next_jie[_TERM_NAME[lang]]} {_time(next_jie['local'])})",
        ]
    )
    rows.append(["", c["born_after_jie"]["text"]])
    lunar = c["lunar_date"]
    if lunar is None:
        rows.append([_heading("lunar", lang), _heading("no_lunar", lang)])
    else:
        uncertain = _heading("uncertain", lang) if lunar["uncertain"] else ""
        written = lunar["hanzi"]
        if not _chinese(lang):
            leap = " (leap month)" if lunar["leap"] else ""
            written = f"year {lunar['year']}, month {lunar['month']}{leap}, day {lunar['day']}"
        rows.append([_heading("lunar", lang), written + uncertain])
    school = [
        f"{_OPTIONS[name].title(lang)} {_OPTIONS[name].name_of(value, lang)}"
        for name, value in options.items()
        if value is not None
    ]
    rows.append([_heading("school", lang), ("；" if _chinese(lang) else "; ").join(school)])
    data = [f"{_DATA.get(key, (key,) * 3)[k]} {value}" for key, value in c["data_versions"].items()]
    rows.append([_heading("data", lang), ("；" if _chinese(lang) else "; ").join(data)])
    return ["", *_table(rows)]


def _explanation(e: Mapping[str, Any], lang: str) -> list[str]:
    """The ``--explain`` section: rule, margins and the other side of each boundary."""
    lines = ["", f"{_heading('why', lang)}{_colon(lang).rstrip()}"]
    names = dict(zip(_POSITIONS, _heading("positions", lang).split(), strict=True))
    for position, p in e["pillars"].items():
        lines.append(f"  {names[position]} {p['value']}  {p['rule']}")
        for side in ("previous", "next"):
            b = p[f"{side}_boundary"]
            if b is not None:
                lines.append(
                    f"      {_heading(f'{side}_boundary', lang)} "
                    f"{_signed(b['margin_seconds'], lang)} {_time(b['local'])} → {b['other']}"
                )
    lines.append(f"  {_heading('alternatives', lang)}{_colon(lang).rstrip()}")
    for a in e["alternatives"]:
        lines.append(f"    {a['name']}{_colon(lang)}{a['pillars']}")
    if not e["alternatives"]:
        lines.append(f"    {_heading('no_alternatives', lang)}")
    return lines


def render(c: Mapping[str, Any]) -> str:
    """The whole chart of ``c`` (``Chart.to_dict(lang)``, with an ``explanation`` or an
    ``annual`` table if asked): the pillars and what to be careful of first, then their
    reading, palaces, relations, elements, luck, and the provenance (the moment, its clock,
    the 节 that opened the month, the conventions, data versions)."""
    lang = c["lang"]
    lines = _pillar_rows(c, lang)
    if c["warnings"]:
        lines += ["", f"{_heading('warnings', lang)}{_colon(lang).rstrip()}"]
        lines += [f"  ! {w['message']}" for w in c["warnings"]]
    lines += _reading(c, lang)
    if c["luck"] is not None:
        lines += _luck(c["luck"], lang)
    lines += _stars(c)
    if "annual" in c:
        lines += render_years(c["annual"], lang)
    lines += _provenance(c, lang)
    if "explanation" in c:
        lines += _explanation(c["explanation"], lang)
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
    column = _column(lang)
    heading = {key: names[column] for key, names in _STAR_HEADINGS.items()}
    none = "—"
    positions = _heading("positions", lang).split()
    colon = _colon(lang)
    lines = ["", f"{heading['stars']}{colon.rstrip()}"]
    for label, key in zip(positions, _POSITIONS, strict=True):
        d = c["details"][key]
        lines.append(f"  {label} {d['pillar']}{colon}{' '.join(d['stars']) or none}")
    states = "  ".join(f"{e}{s}" if _chinese(lang) else f"{e} {s}"
                       for e, s in c["seasons"].items())  # fmt: skip
    lines.append(f"  {heading['seasons']}{colon}{states}")
    luck = c["luck"]
    if luck is not None:
        lines.append(f"{heading['luck']}{colon.rstrip()}")
        for p in luck["pillars"]:
            lines.append(f"  {p['index']} {p['pillar']}{colon}{' '.join(p['stars']) or none}")
    return lines
