"""What one request may cost (api/budget.py) and what every answer carries: the batch
budget, 503 with Retry-After when the heavy slots are full while /healthz still answers,
security headers, and /mcp refusing foreign Host and Origin headers."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

pytest.importorskip("fastapi")

import httpx2
from fastapi.testclient import TestClient

from api import budget
from api.main import app

BIRTH = {"datetime": "1990-05-17T10:30", "tz": "Asia/Shanghai"}
client = TestClient(app, base_url="http://localhost")


def test_a_batch_over_the_budget_for_explanations_or_places_is_refused() -> None:
    explained = [{**BIRTH, "explain": True}] * (budget.MAX_EXPLAINED + 1)
    r = client.post("/v1/charts", json={"items": explained})
    assert r.status_code == 422
    (detail,) = r.json()["detail"]
    assert detail["loc"] == ["body", "items"] and "at most 20 items with explain" in detail["msg"]
    placed = [{"datetime": "1990-05-17T10:30", "place": "深圳"}] * (budget.MAX_PLACES + 1)
    assert client.post("/v1/charts", json={"items": placed}).status_code == 422
    within = explained[: budget.MAX_EXPLAINED] + placed[: budget.MAX_PLACES]
    r = client.post("/v1/charts", json={"items": within})
    assert r.status_code == 200 and all(item["ok"] for item in r.json()["results"])


def test_places_in_a_batch_get_no_spelling_suggestions() -> None:
    """One place alone gets suggestions; in a batch the same place is refused without them
    (they cost tens of milliseconds each)."""
    misspelt = {"datetime": "1990-05-17T10:30", "place": "Shenzehn"}
    alone = client.get("/v1/chart", params=misspelt).json()["detail"][0]["msg"]
    assert "did you mean" in alone
    r = client.post("/v1/charts", json={"items": [misspelt]})
    (result,) = r.json()["results"]
    assert not result["ok"] and result["error"]["detail"][0]["loc"][-1] == "place"
    assert "did you mean" not in result["error"]["detail"][0]["msg"]


def test_a_batch_keeps_its_results_in_order_across_chunks() -> None:
    """Answered chunk by chunk as a stream: the items keep their order and their index."""
    items: list[dict[str, Any]] = [BIRTH] * 1200
    items[700] = {"datetime": "nonsense", "tz": "+08:00"}
    r = client.post("/v1/charts", json={"items": items})
    results = r.json()["results"]
    assert len(results) == 1200 and results[0]["chart"]["text"] == "庚午 辛巳 壬午 乙巳"
    assert not results[700]["ok"]
    assert results[700]["error"]["detail"][0]["loc"] == ["body", "items", 700, "datetime"]
    assert all(x["ok"] for i, x in enumerate(results) if i != 700)


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_full_slots_answer_503_and_healthz_still_answers(
    anyio_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With one heavy slot, a second heavy request while a batch holds it is answered at
    once with 503 and Retry-After; /healthz answers meanwhile."""
    monkeypatch.setattr(budget, "slots", budget._Slots(1))
    transport = httpx2.ASGITransport(app=app)
    async with httpx2.AsyncClient(transport=transport, base_url="http://localhost") as http:
        batch = asyncio.create_task(
            http.post("/v1/charts", json={"items": [BIRTH] * 3000}, timeout=60)
        )
        while budget.slots.limiter.borrowed_tokens == 0:  # the batch holds the slot
            await asyncio.sleep(0.001)
        busy = await http.get("/v1/find", params={"pillars": "庚午 辛巳 壬午 乙巳"})
        started = time.perf_counter()
        health = await http.get("/healthz")
        waited = time.perf_counter() - started
        assert (await batch).status_code == 200
    assert busy.status_code == 503 and busy.headers["retry-after"] == "1"
    assert busy.json()["detail"][0]["type"] == "busy"
    assert health.status_code == 200 and waited < 1.0


def test_every_answer_carries_the_security_headers() -> None:
    for method, path, kwargs in [
        ("GET", "/", {}),
        ("GET", "/docs", {}),
        ("GET", "/v1/chart", {"params": BIRTH}),
        ("GET", "/v1/chart", {"params": {"datetime": "x"}}),
        ("POST", "/v1/charts", {"json": {"items": [BIRTH]}}),
        ("GET", "/nowhere", {}),
        ("GET", "/static/app.js", {}),
    ]:
        headers = client.request(method, path, **kwargs).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "no-referrer", path


def test_mcp_refuses_foreign_hosts_and_origins(monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS-rebinding protection: loopback Host and Origin only, unless configured."""
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
    with TestClient(app, base_url="http://localhost") as local:
        assert local.post("/mcp", json=body, headers=headers).status_code == 200
        evil = {**headers, "Origin": "http://evil.example"}
        assert local.post("/mcp", json=body, headers=evil).status_code == 403
    with TestClient(app, base_url="http://evil.example") as foreign:
        assert foreign.post("/mcp", json=body, headers=headers).status_code == 421
    monkeypatch.setenv("BAZI_MCP_ALLOWED_HOSTS", "bazi.example.org")
    with TestClient(app, base_url="http://bazi.example.org") as proxied:
        assert proxied.post("/mcp", json=body, headers=headers).status_code == 200


def test_the_server_hands_the_interpreter_lock_over_every_millisecond() -> None:
    """Set at startup, so the event loop waits at most about a millisecond for the lock
    while worker threads chart."""
    import sys

    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)
        with TestClient(app) as started:
            assert started.get("/healthz").status_code == 200
            assert sys.getswitchinterval() == pytest.approx(budget.SWITCH_INTERVAL)
    finally:
        sys.setswitchinterval(before)


def test_a_batch_over_the_most_births_is_refused_before_any_is_charted() -> None:
    many = [BIRTH] * (budget.MAX_BATCH + 1)
    started = time.perf_counter()
    r = client.post("/v1/charts", json={"items": many})
    assert r.status_code == 422
    (detail,) = r.json()["detail"]
    assert detail["loc"][:2] == ["body", "items"] and str(budget.MAX_BATCH) in detail["msg"]
    assert time.perf_counter() - started < 1.0  # refused, not charted (0.4 ms a chart)
