"""Liveness and the versions of the data every answer depends on."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

import bazi

from ..schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
async def healthz() -> dict[str, Any]:
    """``{"status": "ok", "data_versions": {...}}``: answered on the event loop, never
    behind chart work in the worker threads."""
    return {"status": "ok", "data_versions": bazi.data_versions()}
