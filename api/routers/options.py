"""The chart options as the core declares them: what the web page builds its form from."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

import bazi

from ..schemas import OptionsOut

router = APIRouter(prefix="/v1", tags=["options"])


@router.get("/options", response_model=OptionsOut)
async def options() -> dict[str, Any]:
    """Every chart option: name, group (input, pillar school, reading school), kind,
    choices, default, the default a client sends when the user gives none (``null`` where a
    preset may set it), bounds and help in English and Chinese; and the languages."""
    return {"options": [o.to_dict() for o in bazi.OPTIONS], "langs": list(bazi.LANGS)}
