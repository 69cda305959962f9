"""Liveness and the versions of the data every answer depends on."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

import bazi

from ..schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz() -> dict[str, Any]:
    """``{"status": "ok", "data_versions": {...}}``."""
    return {"status": "ok", "data_versions": bazi.data_versions()}
