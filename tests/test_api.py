"""The minimal HTTP API: charts as JSON, user errors as 422 (never 500)."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from api.main import app

client = TestClient(app)


def test_chart() -> None:
    r = client.get("/chart", params={"when": "1990-05-17 10:30", "tz": "Asia/Shanghai"})
    assert r.status_code == 200
    assert r.json()["text"] == "庚午 辛巳 壬午 乙巳"


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"when": "1990-05-17 10:30"}, "NaiveDateTimeError"),
        ({"when": "1988-04-17 02:30", "tz": "Asia/Shanghai"}, "NonexistentTimeError"),
        ({"when": "1990-05-17 10:30", "tz": "Nowhere/City"}, "UnknownZoneError"),
        ({"when": "1700-05-17 10:30", "tz": "+08:00"}, "OutOfRangeError"),
    ],
)
def test_user_errors_are_422(params: dict[str, str], error: str) -> None:
    r = client.get("/chart", params=params)
    assert r.status_code == 422 and r.json()["error"] == error


def test_health_reports_data_versions() -> None:
    assert set(client.get("/health").json()["data_versions"]) == {"engine", "solar_terms", "tzdata"}


def test_full_chart_in_english() -> None:
    r = client.get(
        "/chart",
        params={"when": "1977-09-23 19:00", "tz": "+08:00", "gender": "female", "lang": "en"},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["details"]["year"]["ten_god"] == "Indirect Wealth"
    assert len(body["luck"]["pillars"]) == 10


def test_bad_option_is_422() -> None:
    r = client.get("/chart", params={"when": "1977-09-23 19:00", "tz": "+08:00", "lang": "xx"})
    assert r.status_code == 422
