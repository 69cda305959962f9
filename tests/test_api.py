"""The HTTP API: every endpoint, every kind of user error as a 422 naming its field."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from api.main import app

client = TestClient(app)
BIRTH = {"datetime": "1990-05-17T10:30", "tz": "Asia/Shanghai"}


def test_get_chart_contract() -> None:
    r = client.get("/v1/chart", params=BIRTH)
    assert r.status_code == 200
    assert r.json()["pillars"] == {"year": "庚午", "month": "辛巳", "day": "壬午", "hour": "乙巳"}


def test_post_chart_equals_get() -> None:
    body = {**BIRTH, "gender": "female", "lang": "en", "preset": "tyme"}
    posted = client.post("/v1/chart", json=body)
    got = client.get("/v1/chart", params=body)
    assert posted.status_code == got.status_code == 200
    assert posted.json() == got.json()
    assert posted.json()["details"]["year"]["ten_god"] == "Indirect Resource"
    assert len(posted.json()["luck"]["pillars"]) == 10


@pytest.mark.parametrize(
    ("params", "field", "error"),
    [
        ({"datetime": "1990-05-17T10:30"}, "tz", "NaiveDateTimeError"),
        ({**BIRTH, "tz": "Nowhere/City"}, "tz", "UnknownZoneError"),
        (
            {"datetime": "1988-04-17T02:30", "tz": "Asia/Shanghai"},
            "datetime",
            "NonexistentTimeError",
        ),
        ({"datetime": "1988-09-11T01:30", "tz": "Asia/Shanghai"}, "fold", "AmbiguousTimeError"),
        ({"datetime": "1700-05-17T10:30", "tz": "+08:00"}, "datetime", "OutOfRangeError"),
        ({"datetime": "not a date", "tz": "+08:00"}, "datetime", "InvalidInputError"),
        ({**BIRTH, "solar_time": "apparent"}, "longitude", "InvalidInputError"),
        (
            {**BIRTH, "datetime": "1990-04-23T10:30", "calendar": "lunar", "leap_month": "true"},
            "datetime",
            "InvalidLunarDateError",
        ),
        ({**BIRTH, "day_boundary": "noon"}, "day_boundary", "InvalidInputError"),
        ({**BIRTH, "lang": "fr"}, "lang", "literal_error"),
        ({**BIRTH, "longitude": "east"}, "longitude", "InvalidInputError"),
        ({**BIRTH, "longitude": "200"}, "longitude", "InvalidInputError"),
        ({**BIRTH, "longitude": "1_0"}, "longitude", "InvalidInputError"),
        ({**BIRTH, "longitude": "0x10"}, "longitude", "InvalidInputError"),
        ({**BIRTH, "leap_month": "yes"}, "leap_month", "InvalidInputError"),
        ({**BIRTH, "fold": "true"}, "fold", "InvalidInputError"),
        ({**BIRTH, "explain": "1"}, "explain", "value_error"),
        ({**BIRTH, "colour": "red"}, "colour", "extra_forbidden"),
        ({"tz": "+08:00"}, "datetime", "missing"),
    ],
)
def test_user_errors_are_422_naming_the_field(
    params: dict[str, str], field: str, error: str
) -> None:
    r = client.get("/v1/chart", params=params)
    assert r.status_code == 422
    (detail,) = r.json()["detail"]
    assert detail["loc"][-1] == field and detail["type"] == error and detail["msg"]


def test_batch_answers_every_item_in_place() -> None:
    items: list[dict[str, Any]] = [BIRTH, {"datetime": "x", "tz": "+08:00"}, {**BIRTH, "fold": 5}]
    r = client.post("/v1/charts", json={"items": items})
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["ok"] for x in results] == [True, False, False]
    assert results[0]["chart"]["text"] == "庚午 辛巳 壬午 乙巳"
    assert results[1]["error"]["detail"][0]["loc"] == ["body", "items", 1, "datetime"]
    assert results[2]["error"]["detail"][0]["loc"] == ["body", "items", 2, "fold"]


def test_batch_limits() -> None:
    r = client.post("/v1/charts", json={"items": [BIRTH] * 10_001})
    assert r.status_code == 422
    r = client.post("/v1/chart", content=b"{" + b" " * (3 * 1024 * 1024) + b"}")
    assert r.status_code == 413


def test_calendar_endpoints() -> None:
    terms = client.get("/v1/solar-terms", params={"year": 2013, "tz": "Asia/Hong_Kong"}).json()
    # HKO 2013: 立春 2013-02-04 00:13 HKT.
    lichun = next(t for t in terms if t["name"] == "立春")
    assert lichun["local"].startswith("2013-02-04T00:13:")
    assert (
        client.get("/v1/lunar", params={"date": "1990-05-17"}).json()["hanzi"] == "1990年四月廿三"
    )
    assert client.get("/v1/solar", params={"lunar": "1990-04-23"}).json() == {"date": "1990-05-17"}
    bad = client.get("/v1/solar", params={"lunar": "1990-04-23", "leap_month": "true"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "lunar"
    bad = client.get("/v1/lunar", params={"date": "1850-01-01"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "date"
    assert client.get("/v1/solar-terms", params={"year": 2300}).status_code == 422


def test_health_and_docs() -> None:
    assert set(client.get("/healthz").json()["data_versions"]) == {
        "engine",
        "solar_terms",
        "tzdata",
    }
    schema = client.get("/openapi.json").json()
    assert {
        "/v1/chart",
        "/v1/charts",
        "/v1/solar-terms",
        "/v1/lunar",
        "/v1/solar",
        "/healthz",
    } <= set(schema["paths"])
    assert client.get("/docs").status_code == 200
    assert client.get("/").status_code == 200


def test_search_endpoints() -> None:
    found = client.get("/v1/find", params={"pillars": "庚午 辛巳 壬午 乙巳"}).json()
    assert {
        "start": "1990-05-17T09:00:00.000+08:00",
        "end": "1990-05-17T11:00:00.000+08:00",
    }.items() <= next(f for f in found if f["start"].startswith("1990")).items()
    bad = client.get("/v1/find", params={"pillars": "甲子 甲子 甲子"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "pillars"
    bad = client.get("/v1/find", params={"pillars": "庚午 辛巳 壬午", "start": 2000, "end": 1990})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "end"
    day = client.get("/v1/day", params={"date": "2024-02-04", "tz": "Asia/Shanghai"}).json()
    assert len(day) == 14
    # A birth's clock is never guessed, as in the library, the CLI and MCP; find alone reads
    # Beijing time by default (1990-05-17 09:00 +08:00 is 乙巳's first hour).
    for path, query in (("/v1/day", {"date": "2024-02-04"}),
                        ("/v1/charts-between", {"start": "2024-02-04T16:00",
                                                "end": "2024-02-04T17:00"})):  # fmt: skip
        refused = client.get(path, params=query)
        assert refused.status_code == 422 and refused.json()["detail"][0]["loc"][-1] == "tz"
    found = client.get("/v1/find", params={"pillars": "庚午 辛巳 壬午 乙巳", "start": 1990,
                                           "end": 1990}).json()  # fmt: skip
    assert found[0]["start"].startswith("1990-05-17T09:00") and found[0]["start"].endswith("+08:00")
    parts = client.get(
        "/v1/charts-between",
        params={"start": "2024-02-04T16:00", "end": "2024-02-04T17:00", "tz": "Asia/Shanghai"},
    ).json()
    assert [p["pillars"][:5] for p in parts] == ["癸卯 乙丑", "甲辰 丙寅"]


def test_chart_with_explanation() -> None:
    r = client.get(
        "/v1/chart",
        params={"datetime": "2024-02-04T16:20", "tz": "Asia/Shanghai", "explain": "true"},
    )
    assert r.status_code == 200
    assert r.json()["explanation"]["pillars"]["year"]["next_boundary"]["other"] == "甲辰"
    assert "explanation" not in client.get("/v1/chart", params=BIRTH).json()
