"""JSON answers, encoded once (with orjson when installed) rather than re-validated through
the response models, which would double a request's cost; the models still document them
in the OpenAPI schema."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import Response

try:
    import orjson
except ImportError:  # the api extra installs it; plain json works without
    orjson = None  # type: ignore[assignment]

__all__ = ["encode", "json_response"]


def encode(content: Any) -> bytes:
    """``content`` as JSON bytes (UTF-8, characters as they are)."""
    if orjson is not None:
        return orjson.dumps(content)
    return json.dumps(content, ensure_ascii=False).encode()


def json_response(content: bytes) -> Response:
    """An ``application/json`` response of bytes already encoded."""
    return Response(content, media_type="application/json")
