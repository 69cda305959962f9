"""Property tests of the HTTP API against its own OpenAPI schema (schemathesis).

The schema is loaded from the ASGI app itself (no server). Every operation gets generated
requests, valid and invalid, and every answer must be no 5xx, a documented status code, the
documented content type, and a body that matches the documented model.

``BAZI_API_FUZZ_EXAMPLES`` sets the number of generated examples per operation
(default 50) and ``BAZI_API_FUZZ_RANDOM=1`` draws fresh random inputs instead of the
reproducible derandomized ones, for a longer hunt by hand.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("schemathesis")

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    missing_required_header,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

import bazi
from api.budget import MAX_BATCH
from api.main import app

EXAMPLES = int(os.environ.get("BAZI_API_FUZZ_EXAMPLES", "50"))
RANDOM = os.environ.get("BAZI_API_FUZZ_RANDOM") == "1"
# Every check that applies to an API without auth or stateful resources, except
# positive_data_acceptance: a request the schema allows can still name a place no city has,
# a wall time a clock change skipped or a lunar day a month lacks, which the engine refuses
# with a documented 422 (the schema cannot express a calendar).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    missing_required_header,
    unsupported_method,
    allow_header_conformance,
]

schema = schemathesis.openapi.from_asgi("/openapi.json", app)
# A body over 2 MB (a batch of tens of thousands of items, say) is refused with 413 before it is
# read: a rejection too.
rejection = schema.config.checks.negative_data_rejection
rejection.expected_statuses = [*rejection.expected_statuses, "413"]
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=EXAMPLES,
    deterministic=not RANDOM,
)

# POST /v1/charts takes up to MAX_BATCH items, and the coverage phase sends exactly that many
# (and one more): seconds each in the test client for nothing new. Batches are cut to this.
MAX_GENERATED_ITEMS = 8


def test_every_operation_is_covered() -> None:
    operations = set()
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # every operation's schema could be read
        operations.add((result.ok().method.upper(), result.ok().path))
    assert operations == {
        ("GET", "/v1/chart"),
        ("POST", "/v1/chart"),
        ("POST", "/v1/charts"),
        ("POST", "/v1/check"),
        ("GET", "/v1/solar-terms"),
        ("GET", "/v1/lunar"),
        ("GET", "/v1/solar"),
        ("GET", "/v1/find"),
        ("GET", "/v1/charts-between"),
        ("GET", "/v1/day"),
        ("GET", "/v1/options"),
        ("GET", "/healthz"),
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not RANDOM,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case: schemathesis.Case[Any]) -> None:
    items = case.body.get("items") if isinstance(case.body, dict) else None
    if isinstance(items, list) and len(items) <= MAX_BATCH:  # over it: the 422 is the test
        case.body["items"] = items[:MAX_GENERATED_ITEMS]
    case.call_and_validate(checks=CHECKS)


def _enum(parameter: dict[str, Any]) -> list[Any]:
    schema = parameter["schema"]
    if schema.get("type") == "boolean":
        return [True, False]
    return [v for s in [schema, *schema.get("anyOf", [])] for v in s.get("enum", [])]


def _as_query(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def test_every_declared_query_value_is_accepted() -> None:
    """A value the schema lists for a query parameter is never refused as a value of that
    parameter (schemathesis takes any documented 422 as fine, so this is checked here:
    ``?fold=1`` was refused). The other parameters are the schema's own examples."""
    client = TestClient(app)
    checked = 0
    for path, operations in app.openapi()["paths"].items():
        parameters = operations.get("get", {}).get("parameters", [])
        base = {
            p["name"]: p["schema"]["examples"][0] for p in parameters if "examples" in p["schema"]
        }
        for parameter in parameters:
            name = parameter["name"]
            for value in _enum(parameter):
                r = client.get(path, params={**base, name: _as_query(value)})
                # Refused by the request model, not by the engine (leap_month=true needs a lunar
                # date, say): the engine's errors are named after its exception classes.
                refused = [
                    d["loc"][-1]
                    for d in (r.json()["detail"] if r.status_code == 422 else [])
                    if not isinstance(getattr(bazi, d["type"], None), type)
                ]
                assert name not in refused, (path, name, value, r.json())
                checked += 1
    assert checked > 30
