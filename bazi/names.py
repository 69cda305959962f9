"""Names in four scripts: simplified Chinese (default), traditional Chinese, pinyin, English.

Every named value of the package (stems, branches, pillars, terms, ten gods, stages, …)
carries ``hanzi``, ``hanzi_traditional``, ``pinyin`` and ``english``; :func:`label` picks one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum
from functools import cache
from typing import Literal, NamedTuple, Protocol, get_args

from .cycle import _PILLARS, Pillar
from .errors import InvalidInputError

__all__ = ["LANGS", "Lang", "Named", "NamedEnum", "Text", "check_lang", "label", "name_table"]

Lang = Literal["zh", "zh-Hant", "pinyin", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
_ATTRIBUTE = {"zh": "hanzi", "zh-Hant": "hanzi_traditional", "pinyin": "pinyin", "en": "english"}


class Named(Protocol):
    """A value with a name in each of the four scripts."""

    @property
    def hanzi(self) -> str: ...

    @property
    def hanzi_traditional(self) -> str: ...

    @property
    def pinyin(self) -> str: ...

    @property
    def english(self) -> str: ...


class Text(NamedTuple):
    """A sentence for a person, in English, simplified and traditional Chinese (pinyin
    readers get the English)."""

    en: str
    zh: str
    zh_hant: str

    def in_lang(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.zh_hant if lang == "zh-Hant" else self.en


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is one of :data:`LANGS`, else raise :class:`InvalidInputError`."""
    if not isinstance(lang, str) or lang not in _ATTRIBUTE:
        raise InvalidInputError(
            f"lang must be one of {', '.join(LANGS)}; got {lang!r}", lang, "lang"
        )
    return lang  # type: ignore[return-value]


def label(value: Named, lang: Lang = "zh") -> str:
    """The name of ``value`` in ``lang`` (``"zh"``, ``"zh-Hant"``, ``"pinyin"`` or ``"en"``)."""
    attribute = _ATTRIBUTE.get(lang) or _ATTRIBUTE[check_lang(lang)]
    name: str = getattr(value, attribute)
    return name


@cache
def name_table(kind: type[IntEnum] | type[Pillar], lang: Lang) -> tuple[str, ...]:
    """The names in ``lang`` of every value of ``kind``, by index.

    ``kind`` is an enum of named members (:class:`~bazi.cycle.Stem`, :class:`NamedEnum`
    subclasses, …) or :class:`~bazi.cycle.Pillar` (the sixty, 甲子 first). Built on first
    use and kept: code that names many values (``to_dict``) indexes it instead of calling
    :func:`label` on each.

    >>> name_table(Pillar, "en")[0]
    'Yang Wood Rat'
    """
    attribute = _ATTRIBUTE[check_lang(lang)]
    members: Iterable[Named] = _PILLARS if kind is Pillar else kind  # type: ignore[assignment]
    return tuple(getattr(m, attribute) for m in members)


class NamedEnum(IntEnum):
    """An ``IntEnum`` whose member ``n`` is named by row ``n`` of :meth:`name_rows`:
    (simplified, traditional, pinyin, English, …). Subclasses only supply the rows."""

    @classmethod
    def name_rows(cls) -> Sequence[Sequence[str]]:
        """One row of names per member, in member order."""
        raise NotImplementedError

    @classmethod
    def from_hanzi(cls, text: str) -> NamedEnum:
        """The member written ``text`` in simplified or traditional characters."""
        for i, row in enumerate(cls.name_rows()):
            if text in (row[0], row[1]):
                return cls(i)
        names = " ".join(row[0] for row in cls.name_rows())
        raise InvalidInputError(
            f"not a {cls.__name__} name: {text!r}; expected one of {names}", text
        )

    @property
    def hanzi(self) -> str:
        return self.name_rows()[self][0]

    @property
    def hanzi_traditional(self) -> str:
        return self.name_rows()[self][1]

    @property
    def pinyin(self) -> str:
        return self.name_rows()[self][2]

    @property
    def english(self) -> str:
        return self.name_rows()[self][3]

    def __str__(self) -> str:
        return self.hanzi

    def to_dict(self) -> dict[str, object]:
        """JSON-ready names and index."""
        return {
            "hanzi": self.hanzi,
            "hanzi_traditional": self.hanzi_traditional,
            "pinyin": self.pinyin,
            "english": self.english,
            "index": int(self),
        }
