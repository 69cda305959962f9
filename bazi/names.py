"""Names in four scripts: simplified Chinese (default), traditional Chinese, pinyin, English.

Every named value of the package (stems, branches, pillars, terms, ten gods, stages, …)
carries ``hanzi``, ``hanzi_traditional``, ``pinyin`` and ``english``; :func:`label` picks one.
"""

from __future__ import annotations

from typing import Literal, Protocol, get_args

from .errors import InvalidInputError

__all__ = ["LANGS", "Lang", "Named", "check_lang", "label"]

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


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is one of :data:`LANGS`, else raise :class:`InvalidInputError`."""
    if lang not in _ATTRIBUTE:
        raise InvalidInputError(f"lang must be one of {', '.join(LANGS)}; got {lang!r}", lang)
    return lang  # type: ignore[return-value]


def label(value: Named, lang: Lang = "zh") -> str:
    """The name of ``value`` in ``lang`` (``"zh"``, ``"zh-Hant"``, ``"pinyin"`` or ``"en"``)."""
    name: str = getattr(value, _ATTRIBUTE[check_lang(lang)])
    return name
