"""The chart options, declared once: name, type or choices, default, group, help in English
and Chinese (conventions §2, §4–7).

Three groups, each a ``TypedDict`` whose annotations carry a :class:`Spec`:

* :class:`InputOptions` — how the birth is given: ``calendar``, ``leap_month``, ``fold``,
  ``place``.
* :class:`PillarSchool` — the school of the pillars: ``day_boundary``, ``solar_time``,
  ``longitude``, ``preset``. :func:`bazi.charts_between`, :func:`bazi.find`,
  :func:`bazi.pillars_batch` and the explanation take this group.
* :class:`ReadingSchool` — the school of the reading: ``gender``, ``luck_method``,
  ``palace_school``, ``punishment``, and the disputed rules of the symbolic stars 神煞 and
  the season states (:mod:`bazi.star_rules`, :mod:`bazi.seasons`): ``star_anchor``,
  ``tianyi``, ``yangren``, ``hongyan``, ``kongwang``, ``season_earth``.

:class:`ChartOptions` unites them and types the keywords of :func:`bazi.chart`;
:class:`CheckOptions` (input and pillar school) those of :func:`bazi.check`.
:data:`OPTIONS` lists every option as an :class:`Option` record, from which every face
builds its parameters (CLI flags, HTTP request models, MCP tool schemas, the web page's
choices): adding an option here adds it everywhere.

``None``, or leaving an option out, means "not given". A school option not given takes its
preset's value, if ``preset`` sets it, else its default; :class:`Options` holds the result.
A published value never changes meaning; new schools are added as new values.
"""

import math
import re
from collections.abc import Mapping
from functools import lru_cache
from types import UnionType
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Literal,
    NamedTuple,
    TypedDict,
    Union,
    get_args,
    get_origin,
)

from .errors import InvalidInputError
from .presets import PRESETS, SET_BY_PRESETS, Preset, describe, preset_values

__all__ = [
    "OPTIONS",
    "Calendar",
    "ChartOptions",
    "CheckOptions",
    "DayBoundary",
    "Gender",
    "HongyanRule",
    "InputOptions",
    "LuckMethod",
    "Option",
    "Options",
    "PalaceSchool",
    "PillarSchool",
    "Preset",
    "PunishmentRule",
    "ReadingSchool",
    "SchoolOptions",
    "SeasonEarth",
    "SolarTime",
    "Spec",
    "StarAnchor",
    "TianyiRhyme",
    "VoidAnchor",
    "YangrenRule",
]

Calendar = Literal["gregorian", "lunar"]
Fold = Literal[0, 1]
DayBoundary = Literal["zi", "midnight", "midnight-same-day"]
SolarTime = Literal["standard", "clock", "mean", "apparent"]
Gender = Literal["male", "female"]
LuckMethod = Literal["proportional", "lunar-sect1", "lunar-sect2", "tyme"]
PalaceSchool = Literal["jie", "lunar"]
PunishmentRule = Literal["pairs", "full"]
StarAnchor = Literal["year-day", "day", "year"]
VoidAnchor = Literal["day", "year-day", "year"]
TianyiRhyme = Literal["sanming", "yuanhai"]
YangrenRule = Literal["yang", "lu-next", "peak"]
HongyanRule = Literal["rhyme", "prose"]
SeasonEarth = Literal["four", "sixth"]
Group = Literal["input", "pillar", "reading"]
Kind = Literal["choice", "boolean", "number", "text"]


class Spec(NamedTuple):
    """What an option's annotation carries besides its type: the default, a short label (in
    English, simplified and traditional Chinese), one line of help (English and Chinese),
    the name of each value for a person (in the label's three scripts), and the bounds of a
    number or text."""

    default: Any
    label: tuple[str, str, str]
    help: tuple[str, str]
    names: Mapping[Any, tuple[str, str, str]] | None = None
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None


_YES_NO = {True: ("yes", "是", "是"), False: ("no", "否", "否")}
_PRESETS_HELP = ", ".join(f"'{name}' ({describe(name)})" for name in PRESETS)


class InputOptions(TypedDict, total=False):
    """How the birth is given."""

    calendar: Annotated[
        Calendar | None,
        Spec(
            "gregorian",
            label=("Calendar", "历法", "曆法"),
            names={"gregorian": ("Gregorian", "公历", "公曆"), "lunar": ("lunar", "农历", "農曆")},
            help=(
                "'lunar': the date is a Chinese lunar date (1900-2099).",
                "日期的历法：gregorian 公历；lunar 农历年月日（农历 1900–2099 年）。",
            ),
        ),
    ]
    leap_month: Annotated[
        bool | None,
        Spec(
            False,
            label=("Leap month", "闰月", "閏月"),
            names=_YES_NO,
            help=(
                "With calendar 'lunar': the month is the leap month 闰月.",
                "农历日期的月份是闰月（仅用于 lunar）。",
            ),
        ),
    ]
    fold: Annotated[
        Fold | None,
        Spec(
            None,
            label=("Repeated time", "重复时刻", "重複時刻"),
            names={0: ("the earlier", "前一次", "前一次"), 1: ("the later", "后一次", "後一次")},
            help=(
                "A wall time that happened twice (clocks turned back): 0 the earlier, 1 the later; "
                "else refused.",
                "钟表回拨、出现两次的时刻：0 取前一次，1 取后一次；不给则拒绝猜测。",
            ),
        ),
    ]
    place: Annotated[
        str | None,
        Spec(
            None,
            label=("Place", "出生地", "出生地"),
            help=(
                "Birthplace ('深圳', 'Shenzhen, Guangdong'), looked up offline: gives tz and "
                "longitude if not given.",
                "出生地名（如 深圳、广东深圳、Shenzhen），离线查询：未给时区时用其时区，"
                "未给经度时用其经度。",
            ),
            max_length=100,
        ),
    ]


class PillarSchool(TypedDict, total=False):
    """The school of the pillars: how day and hour are reckoned (year and month never
    depend on it)."""

    day_boundary: Annotated[
        DayBoundary | None,
        Spec(
            "zi",
            label=("Day boundary", "换日", "換日"),
            names={
                "zi": ("at 23:00", "子初换日", "子初換日"),
                "midnight": ("at 00:00", "子正换日", "子正換日"),
                "midnight-same-day": (
                    "at 00:00, 23:00 same day",
                    "子正换日、夜子时",
                    "子正換日、夜子時",
                ),
            },
            help=(
                "Day change: 'zi' at 23:00; 'midnight' at 00:00, 23:00 taking the next day's 子 "
                "hour; 'midnight-same-day' at 00:00, 23:00 keeping its day's stem.",
                "换日：zi 子初 23:00 换日（日柱与时干皆属次日）；midnight 子正 0:00 换日，"
                "23 点取次日子时；midnight-same-day 0:00 换日，23 点仍用当日时干。",
            ),
        ),
    ]
    solar_time: Annotated[
        SolarTime | None,
        Spec(
            "standard",
            label=("Solar time", "所用时间", "所用時間"),
            names={
                "standard": ("standard time", "标准时", "標準時"),
                "clock": ("clock time", "钟表时", "鐘錶時"),
                "mean": ("mean solar time", "平太阳时", "平太陽時"),
                "apparent": ("true solar time", "真太阳时", "真太陽時"),
            },
            help=(
                "Day and hour from 'standard' (no DST), 'clock', 'mean' or 'apparent' (真太阳时) "
                "solar time.",
                "日柱、时柱所据之时：standard 标准时（去夏令时）；clock 钟表时；mean 平太阳时；"
                "apparent 真太阳时（后两者需经度）。",
            ),
        ),
    ]
    longitude: Annotated[
        float | None,
        Spec(
            None,
            label=("Longitude", "经度", "經度"),
            help=(
                "Degrees east (Beijing 116.4), for mean or apparent solar time.",
                "出生地经度（度，东经为正，北京 116.4）；平太阳时、真太阳时需要。",
            ),
            minimum=-180,
            maximum=180,
        ),
    ]
    preset: Annotated[
        Preset | None,
        Spec(
            None,
            label=("Preset", "预设", "預設"),
            help=(
                "A peer's conventions for the options not given: " + _PRESETS_HELP + ".",
                "按某一同类引擎的约定补足未给的流派选项：lunar-python、tyme、bazi-chart。",
            ),
        ),
    ]


class ReadingSchool(TypedDict, total=False):
    """The school of the reading: luck pillars, palaces, relations, stars, seasons."""

    gender: Annotated[
        Gender | None,
        Spec(
            None,
            label=("Gender", "性别", "性別"),
            names={"male": ("male", "男", "男"), "female": ("female", "女", "女")},
            help=(
                "For the luck pillars 大运 (their direction).",
                "性别：排大运所需（决定顺逆）。",
            ),
        ),
    ]
    luck_method: Annotated[
        LuckMethod | None,
        Spec(
            "proportional",
            label=("Luck start", "起运法", "起運法"),
            names={
                "proportional": ("3 days = 1 year", "三天折一年", "三天折一年"),
                "lunar-sect1": ("days and double-hours", "按日与时辰", "按日與時辰"),
                "lunar-sect2": ("minutes", "按分钟", "按分鐘"),
                "tyme": ("seconds", "按秒", "按秒"),
            },
            help=(
                "Luck start from the gap to the 节: 'proportional' (3 days = 1 year), "
                "'lunar-sect1' (days, 时辰), 'lunar-sect2' (minutes), 'tyme' (seconds).",
                "起运岁数的折算：proportional 三天一年精确折算；lunar-sect1 按日与时辰；"
                "lunar-sect2 按分钟；tyme 按秒。",
            ),
        ),
    ]
    palace_school: Annotated[
        PalaceSchool | None,
        Spec(
            "jie",
            label=("Palace month", "命宫月", "命宮月"),
            names={
                "jie": ("solar month", "节气月", "節氣月"),
                "lunar": ("lunar month", "农历月", "農曆月"),
            },
            help=(
                "Month of 命宫 and 身宫: 'jie' (solar, the month pillar's) or 'lunar'.",
                "命宫、身宫所用月数：jie 按节气月（月柱）；lunar 按农历月。",
            ),
        ),
    ]
    punishment: Annotated[
        PunishmentRule | None,
        Spec(
            "pairs",
            label=("Punishment", "三刑", "三刑"),
            names={
                "pairs": ("any two", "见二即刑", "見二即刑"),
                "full": ("all three", "三全方刑", "三全方刑"),
            },
            help=(
                "三刑 of 寅巳申 and 丑戌未: 'pairs' any two punish (《三命通会》), 'full' only all "
                "three.",
                "寅巳申、丑戌未三刑：pairs 见其二即刑（《三命通会》）；full 三者全才刑。",
            ),
        ),
    ]
    star_anchor: Annotated[
        StarAnchor | None,
        Spec(
            "year-day",
            label=("Star anchor", "神煞查法", "神煞查法"),
            names={
                "year-day": ("year and day", "年日并查", "年日並查"),
                "day": ("day only", "只以日", "只以日"),
                "year": ("year only", "只以年", "只以年"),
            },
            help=(
                "Stem and 三合 stars from 'year-day', 'day' (子平) or 'year' (禄命).",
                "以干或三合支查的神煞：year-day 年日并查；day 只以日；year 只以年。",
            ),
        ),
    ]
    tianyi: Annotated[
        TianyiRhyme | None,
        Spec(
            "sanming",
            label=("Tianyi rhyme", "天乙歌诀", "天乙歌訣"),
            names={
                "sanming": ("Sanming tonghui", "三命通会", "三命通會"),
                "yuanhai": ("Yuanhai ziping", "渊海子平", "淵海子平"),
            },
            help=(
                "天乙贵人 of 庚: 'sanming' 丑未 (甲戊庚牛羊), 'yuanhai' 午寅 (庚辛逢马虎).",
                "庚之天乙：sanming 丑未（甲戊庚牛羊）；yuanhai 午寅（庚辛逢马虎）。",
            ),
        ),
    ]
    yangren: Annotated[
        YangrenRule | None,
        Spec(
            "yang",
            label=("Yangren rule", "羊刃", "羊刃"),
            names={
                "yang": ("yang stems", "阳干有刃", "陽干有刃"),
                "lu-next": ("after the lu", "禄前一位", "祿前一位"),
                "peak": ("peak stage", "帝旺", "帝旺"),
            },
            help=(
                "羊刃 and 飞刃: 'yang' yang stems only, 'lu-next' 禄前一位, 'peak' 帝旺.",
                "羊刃、飞刃：yang 阳干有刃；lu-next 十干禄前一位；peak 十干帝旺。",
            ),
        ),
    ]
    hongyan: Annotated[
        HongyanRule | None,
        Spec(
            "rhyme",
            label=("Hongyan rule", "红艳", "紅艷"),
            names={"rhyme": ("the rhyme", "歌诀", "歌訣"), "prose": ("the prose", "散文", "散文")},
            help=(
                "红艳 of 乙: 'rhyme' 申 (甲乙午申), 'prose' 午 (甲乙逢午).",
                "乙之红艳：rhyme 申（甲乙午申）；prose 午（甲乙逢午）。",
            ),
        ),
    ]
    kongwang: Annotated[
        VoidAnchor | None,
        Spec(
            "day",
            label=("Void anchor", "空亡查法", "空亡查法"),
            names={
                "day": ("day pillar", "以日柱", "以日柱"),
                "year-day": ("year and day", "年日并查", "年日並查"),
                "year": ("year pillar", "以年柱", "以年柱"),
            },
            help=(
                "The star 空亡 from the 旬 of the 'day' (《神白经》), 'year-day' or 'year' pillar.",
                "神煞空亡：day 以日柱旬；year-day 年日并查；year 以年柱旬。",
            ),
        ),
    ]
    season_earth: Annotated[
        SeasonEarth | None,
        Spec(
            "four",
            label=("Earth season", "土旺", "土旺"),
            names={
                "four": ("four months", "四季月", "四季月"),
                "sixth": ("sixth month", "六月", "六月"),
            },
            help=(
                "旺相休囚死: earth rules 'four' 辰戌丑未 months, or 'sixth' 未 only (六月土旺).",
                "旺相休囚死：four 辰戌丑未月土旺；sixth 唯六月（未）土旺。",
            ),
        ),
    ]


class SchoolOptions(PillarSchool, ReadingSchool, total=False):
    """Every school option: the fields of :class:`Options`."""


class ChartOptions(InputOptions, PillarSchool, ReadingSchool, total=False):
    """The keyword options of :func:`bazi.chart`, each optional."""


class CheckOptions(InputOptions, PillarSchool, total=False):
    """The keyword options of :func:`bazi.check`: how the birth is given and the school of
    its pillars (the reading school does not change a pillar)."""


class Option(NamedTuple):
    """One option as the faces see it, read from the declaration.

    Attributes:
        name: the keyword (``"day_boundary"``); the CLI flag is ``--day-boundary``.
        group: ``"input"``, ``"pillar"`` or ``"reading"``.
        annotation: its Python type, ``None`` included (``Literal[...] | None``).
        kind: ``"choice"`` (one of ``choices``), ``"boolean"``, ``"number"`` or ``"text"``.
        choices: the accepted values of a choice, in order; otherwise empty.
        default: the value used when the option is not given (nor set by a preset).
        label, label_zh, label_zh_hant: a short name in English, simplified and traditional
            Chinese, for a form.
        names: the name of each value for a person, in the label's three scripts (the
            value itself where none is declared: a number, a text, a preset's name).
        help, help_zh: one line in English and in Chinese.
        minimum, maximum: bounds of a number; max_length: of a text.
    """

    name: str
    group: Group
    annotation: Any
    kind: Kind
    choices: tuple[Any, ...]
    default: Any
    label: str
    label_zh: str
    label_zh_hant: str
    names: Mapping[Any, tuple[str, str, str]]
    help: str
    help_zh: str
    minimum: float | None
    maximum: float | None
    max_length: int | None

    @property
    def presettable(self) -> bool:
        """Whether a preset may set it, when it is not given."""
        return self.name in SET_BY_PRESETS

    @property
    def face_default(self) -> Any:
        """What a face passes when the option is not given: its default, or ``None`` (not
        given) when a preset may set it."""
        return None if self.presettable else self.default

    def describe(self, lang: Literal["en", "zh"] = "en") -> str:
        """The help line followed by the default, as every face prints it."""
        default = {None: "none", True: "true", False: "false"}.get(self.default, repr(self.default))
        if lang == "zh":
            preset = "（或预设所定）" if self.presettable else ""
            return f"{self.help_zh} 默认 {default}{preset}。"
        preset = " (or the preset's)" if self.presettable else ""
        return f"{self.help} Default {default}{preset}."

    def title(self, lang: str = "en") -> str:
        """The label in ``lang`` (``"zh"``, ``"zh-Hant"``; English otherwise)."""
        return {"zh": self.label_zh, "zh-Hant": self.label_zh_hant}.get(lang, self.label)

    def name_of(self, value: Any, lang: str = "en") -> str:
        """The name of ``value`` for a person in ``lang`` (``"zh"``, ``"zh-Hant"``; English
        otherwise): ``day_boundary`` ``"zi"`` is 子初换日 in Chinese."""
        names = self.names.get(value) if type(value) in (str, int, bool) else None
        if names is None:
            return str(value)
        return names[{"zh": 1, "zh-Hant": 2}.get(lang, 0)]

    def check(self, value: Any) -> Any:
        """``value`` if this option takes it (``None`` is "not given"), else
        :class:`~bazi.errors.InvalidInputError` naming the option. Strict: no
        coercion, so ``True`` is not ``1``, ``"no"`` is not a boolean."""
        if value is None:
            return value
        if self.kind == "choice":
            for choice in self.choices:
                if type(value) is type(choice) and value == choice:
                    return value
            accepted = ", ".join(repr(c) for c in self.choices)
            raise InvalidInputError(
                f"{self.name} must be one of {accepted}; got {value!r}", value, self.name
            )
        if self.kind == "boolean":
            if type(value) is not bool:
                raise InvalidInputError(
                    f"{self.name} must be true or false; got {value!r}", value, self.name
                )
            return value
        if self.kind == "number":
            if type(value) not in (int, float) or not math.isfinite(value):
                raise InvalidInputError(
                    f"{self.name} must be a number; got {value!r}", value, self.name
                )
            low, high = self.minimum, self.maximum
            if (low is not None and value < low) or (high is not None and value > high):
                raise InvalidInputError(
                    f"{self.name} must be in {low}..{high}; got {value}", value, self.name
                )
            return value
        if type(value) is not str:
            raise InvalidInputError(
                f"{self.name} must be text; got {type(value).__name__}", value, self.name
            )
        if self.max_length is not None and len(value) > self.max_length:
            raise InvalidInputError(
                f"{self.name} must be at most {self.max_length} characters", value, self.name
            )
        return value

    def from_text(self, text: str) -> Any:
        """The value written ``text`` (a command-line argument, a query string), read
        strictly: a number only in plain decimal notation (not ``1_0``, ``0x10`` or
        ``inf``), a boolean only as ``true`` or ``false``, a choice only as listed.

        Raises:
            InvalidInputError: naming the option.
        """
        value: Any = text
        if self.kind == "number":
            if not _DECIMAL.fullmatch(text):
                raise InvalidInputError(
                    f"{self.name} must be a number in decimal notation, e.g. 116.4; got {text!r}",
                    text,
                    self.name,
                )
            value = float(text)
        elif self.kind == "boolean":
            if text not in ("true", "false"):
                raise InvalidInputError(
                    f"{self.name} must be true or false; got {text!r}", text, self.name
                )
            value = text == "true"
        elif self.kind == "choice" and type(self.choices[0]) is int and text.isdecimal():
            value = int(text)
        return self.check(value)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: what the web page builds its fields from (``GET /v1/options``)."""
        return {
            "name": self.name,
            "group": self.group,
            "kind": self.kind,
            "choices": list(self.choices),
            "default": self.default,
            "face_default": self.face_default,
            "presettable": self.presettable,
            "label": {"en": self.label, "zh": self.label_zh, "zh-Hant": self.label_zh_hant},
            "names": {
                json_key(value): dict(zip(("en", "zh", "zh-Hant"), names, strict=True))
                for value, names in self.names.items()
            },
            "help": {"en": self.help, "zh": self.help_zh},
            "minimum": self.minimum,
            "maximum": self.maximum,
            "max_length": self.max_length,
        }


def json_key(value: Any) -> str:
    """``value`` as a JSON object key: ``true``, ``0``, ``zi``."""
    return (
        {True: "true", False: "false"}.get(value, str(value)) if type(value) is bool else str(value)
    )


_KINDS: dict[Any, Kind] = {bool: "boolean", float: "number", str: "text"}
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def _option(name: str, group: Group, annotated: Any) -> Option:
    annotation, spec = get_args(annotated)
    union = get_origin(annotation) in (Union, UnionType)
    (base,) = [a for a in get_args(annotation) if a is not type(None)] if union else [annotation]
    choices = get_args(base) if get_origin(base) is Literal else ()
    return Option(
        name=name,
        group=group,
        annotation=annotation,
        kind="choice" if choices else _KINDS[base],
        choices=choices,
        default=spec.default,
        label=spec.label[0],
        label_zh=spec.label[1],
        label_zh_hant=spec.label[2],
        names=spec.names or {},
        help=spec.help[0],
        help_zh=spec.help[1],
        minimum=spec.minimum,
        maximum=spec.maximum,
        max_length=spec.max_length,
    )


_GROUPS: tuple[tuple[Group, type], ...] = (
    ("input", InputOptions),
    ("pillar", PillarSchool),
    ("reading", ReadingSchool),
)

OPTIONS: tuple[Option, ...] = tuple(
    _option(name, group, annotated)
    for group, declared in _GROUPS
    for name, annotated in declared.__annotations__.items()
)
"""Every chart option, in declaration order: input, pillar school, reading school."""

BY_NAME: dict[str, Option] = {o.name: o for o in OPTIONS}
SCHOOL: tuple[Option, ...] = tuple(o for o in OPTIONS if o.group != "input")
PILLAR_SCHOOL: tuple[Option, ...] = tuple(o for o in OPTIONS if o.group == "pillar")
_SCHOOL_NAMES = frozenset(o.name for o in SCHOOL)


def unknown_option(names: Any, accepted: Any, function: str) -> TypeError:
    """The error a function gives for a keyword it does not take, as Python's own."""
    unknown = min(set(names) - set(accepted))
    return TypeError(f"{function}() got an unexpected keyword argument {unknown!r}")


_PILLAR_NAMES = frozenset(o.name for o in PILLAR_SCHOOL)


def pillar_options(school: Mapping[str, Any], function: str) -> "Options":
    """The :class:`Options` of the pillar-school keywords given to ``function``
    (:func:`bazi.charts_between`, :func:`bazi.find`, :func:`bazi.pillars_batch`, …)."""
    if not _PILLAR_NAMES.issuperset(school):
        raise unknown_option(school, _PILLAR_NAMES, function)
    return resolve_options(school)


class Options:
    """The school conventions of one chart: every pillar and reading option, resolved.

    ``Options(**given)`` checks each given option, then fills those not given from the
    preset, then from the defaults. Immutable; equal and hashed by its values.

    >>> Options().day_boundary, Options(preset="lunar-python").day_boundary
    ('zi', 'midnight')
    """

    if TYPE_CHECKING:  # the attributes are the school options of the declaration

        def __getattr__(self, name: str) -> Any: ...

    def __init__(self, **given: Any) -> None:
        if not _SCHOOL_NAMES.issuperset(given):
            raise unknown_option(given, _SCHOOL_NAMES, "Options")
        for name, value in given.items():
            BY_NAME[name].check(value)
        chosen = {o.name: o.default for o in SCHOOL}
        preset = given.get("preset")
        if preset is not None:
            chosen.update(preset_values(preset, given))
        chosen.update((k, v) for k, v in given.items() if v is not None)
        if chosen["solar_time"] in ("mean", "apparent") and chosen["longitude"] is None:
            raise InvalidInputError(
                f"solar_time={chosen['solar_time']!r} needs the birthplace longitude, "
                "e.g. longitude=116.4 (degrees east positive), or a place",
                chosen["solar_time"],
                "longitude",
            )
        self.__dict__.update(chosen)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to {name!r}: Options are immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete {name!r}: Options are immutable")

    def _values(self) -> tuple[Any, ...]:
        return tuple(self.__dict__.values())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Options):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return f"Options({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (tuple(self.__dict__.items()),))

    def to_dict(self) -> dict[str, Any]:
        """Every school option and its value, defaults included."""
        return dict(self.__dict__)


def _rebuild(items: tuple[tuple[str, Any], ...]) -> Options:
    return Options(**dict(items))


@lru_cache(maxsize=256, typed=True)  # typed: True == 1 and hash alike, but only 1 is a number
def _cached(**given: Any) -> Options:
    return Options(**given)


def resolve_options(given: Mapping[str, Any]) -> Options:
    """``Options(**given)``, kept for combinations seen before (most calls repeat a few)."""
    try:
        return _cached(**given)
    except TypeError:  # an unhashable value (or an unknown name): checked uncached, for its error
        return Options(**given)


DEFAULT = Options()
"""The default conventions."""
