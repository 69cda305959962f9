"""Which clock a birthplace's records are kept on, and whether a zone given with it agrees.

A place's IANA zone is its civil clock. A ``tz`` given with a place must show the same UTC
offset at the birth: otherwise one of the two is wrong (a New York birth read on Beijing
time) and the chart would be silently wrong, so it is refused
(:class:`~bazi.errors.ZoneMismatchError`), naming both.

One region keeps two clocks: Xinjiang. Its IANA zone, ``Asia/Urumqi``, is Xinjiang time
(UTC+6), kept in much of daily life; the state, and with it hospitals and birth records,
keep Beijing time (UTC+8). A place there is read on Beijing time unless ``tz`` says
otherwise (``Asia/Urumqi`` or ``+06:00``); either clock is accepted, and the chart warns
which was used and what the other gives (:mod:`bazi.margins`).
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import NamedTuple

from .errors import ZoneMismatchError
from .moment import format_offset, zone
from .names import Text

__all__ = ["SecondClock", "check_place_clock", "place_clock", "second_clock"]


class SecondClock(NamedTuple):
    """A region's official clock beside its own IANA zone."""

    official: str  # the zone its records are read on by default
    region: Text
    official_name: Text
    local_name: Text


_SECOND_CLOCKS = {
    "Asia/Urumqi": SecondClock(
        "Asia/Shanghai",
        Text("Xinjiang", "新疆", "新疆"),
        Text("Beijing time", "北京时间", "北京時間"),
        Text("Xinjiang time", "新疆时间", "新疆時間"),
    ),
}


def second_clock(place_zone: str) -> SecondClock | None:
    """The official clock of a region that keeps two, by the place's IANA zone."""
    return _SECOND_CLOCKS.get(place_zone)


def place_clock(place_zone: str) -> str:
    """The zone a place's birth time is read on when no ``tz`` is given: its official
    clock where it keeps two (Beijing time in Xinjiang), else its IANA zone."""
    second = _SECOND_CLOCKS.get(place_zone)
    return place_zone if second is None else second.official


def check_place_clock(place: str, place_zone: str, instant: datetime, tz: tzinfo) -> None:
    """Refuse ``tz`` if its UTC offset at ``instant`` is none of the place's clocks'.

    Raises:
        ZoneMismatchError: naming the place, its zone and both offsets.
    """
    given = _offset(tz, instant)
    clocks = [place_zone]
    second = _SECOND_CLOCKS.get(place_zone)
    if second is not None:
        clocks.append(second.official)
    if any(_offset(zone(name), instant) == given for name in clocks):
        return
    own = format_offset(_offset(zone(place_zone), instant))
    given_name = getattr(tz, "key", None) or format_offset(given)
    raise ZoneMismatchError(place, place_zone, own, given_name, format_offset(given))


def _offset(tz: tzinfo, instant: datetime) -> timedelta:
    return instant.astimezone(tz).utcoffset() or timedelta(0)
