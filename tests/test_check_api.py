"""``POST /v1/check`` through the real app (TestClient): the seed scenario with a diagnosis,
the answer equal to the library's, and user errors as 422 at their field.

The seed (tests/test_seed.py, derived by hand): 1995-03-08 23:40 in 深圳 is 乙亥 己卯 己亥
甲子. A chatbot-style answer gives the day of 03-08 (戊戌, the day before 己亥) and 23:00
the 子 hour of the next day (己: 甲子): the ``midnight`` school.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

import bazi
from api.main import app

ANSWER = """根据您的出生时间（1995年3月8日23:40，深圳），排出八字：
| 年柱 | 月柱 | 日柱 | 时柱 |
|------|------|------|------|
| 乙亥 | 己卯 | 戊戌 | 甲子 |
日主戊土，生于卯月……"""
BIRTH = {"datetime": "1995-03-08T23:40", "place": "深圳"}


def test_the_seed_answer_checked_with_a_diagnosis() -> None:
    with TestClient(app) as client:
        got = client.post("/v1/check", json={"claim": ANSWER, **BIRTH})
    assert got.status_code == 200, got.text
    data = got.json()
    assert data["claim"]["text"] == "乙亥 己卯 戊戌 甲子" and data["claim"]["read_by"] == "order"
    assert data["verdict"] == "wrong"
    assert {k: v["verdict"] for k, v in data["pillars"].items()} == {
        "year": "right",
        "month": "right",
        "day": "wrong",
        "hour": "right",
    }
    assert data["pillars"]["day"]["right"] == "己亥"
    top = data["diagnosis"][0]
    assert top["id"] == "day_boundary" and top["whole_claim"] and "'midnight'" in top["detail"]
    want = bazi.check(ANSWER, "1995-03-08T23:40", place="深圳").to_dict()
    assert data == json.loads(json.dumps(want))


@pytest.mark.parametrize(
    ("body", "field", "kind"),
    [
        ({"claim": "no chart", "datetime": "1995-03-08T23:40", "tz": "+08:00"}, "claim",
         "InvalidInputError"),
        ({"claim": "乙亥 己卯 己亥 甲", "datetime": "1995-03-08T23:40", "tz": "+08:00"}, "claim",
         "InvalidPillarError"),
        ({"claim": "乙亥 己卯 己亥 甲子", "datetime": "1995-03-08T23:40"}, "tz",
         "NaiveDateTimeError"),
        ({"claim": "乙亥 己卯 己亥 甲子", "datetime": "1995-03-08T23:40", "tz": "+08:00",
          "gender": "male"}, "gender", "extra_forbidden"),
        ({"claim": "乙亥 己卯 己亥 甲子", "tz": "+08:00"}, "datetime", "missing"),
        ({"claim": "乙亥 己卯 己亥 甲子", "datetime": "1995-03-08T23:40", "tz": "+08:00",
          "solar_time": "apparent"}, "longitude", "InvalidInputError"),
    ],
)  # fmt: skip
def test_user_errors_are_422_at_their_field(body: dict[str, Any], field: str, kind: str) -> None:
    got = TestClient(app).post("/v1/check", json=body)
    assert got.status_code == 422
    (detail,) = got.json()["detail"]
    assert detail["loc"] == ["body", field] and detail["type"] == kind
