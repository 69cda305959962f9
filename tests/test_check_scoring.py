"""``bazi check --file`` over benchmarks/answers.jsonl: 221 answers made by hand-written
rules (benchmarks/make_answers.py), each labelled with the mistake it was made with.

The generator never calls the checker nor ``bazi.chart``: it computes the right chart by its
own arithmetic from the solar-term instants and applies each mistake as a rule. So the
checker is tested against an independent construction: every answer labelled ``none``
must be right, and every answer made with a named mistake must get that name in its
diagnosis. The committed file must be what the generator writes.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from pathlib import Path
from typing import Any

import pytest

from bazi.cli import main

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = ROOT / "benchmarks" / "answers.jsonl"


def test_the_committed_file_is_the_generator_s(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_answers", ROOT / "benchmarks" / "make_answers.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([str(tmp_path / "answers.jsonl")]) == 0
    assert (tmp_path / "answers.jsonl").read_bytes() == ANSWERS.read_bytes()


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("scored") / "verdicts.jsonl"
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["check", "--file", str(ANSWERS), "--output", str(out), "--json"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return json.loads(buffer.getvalue()), rows


def test_every_answer_is_read_and_right_ones_are_confirmed(
    scored: tuple[dict[str, Any], list[dict[str, Any]]],
) -> None:
    summary, rows = scored
    assert summary["answers"] == summary["checked"] == len(rows) >= 200
    right = [r for r in rows if r["mistake"] == "none"]
    assert len(right) == 30 and all(r["verdict"] == "right" for r in right)
    assert summary["by_label"]["none"]["right"] == 30


def test_every_named_mistake_is_recognised(
    scored: tuple[dict[str, Any], list[dict[str, Any]]],
) -> None:
    summary, rows = scored
    for label, group in summary["by_label"].items():
        if label in ("none", "random", "typo"):
            continue
        assert group["named"] == group["answers"], label  # named in every answer made with it
        assert group["right"] == 0, label
    for r in rows:
        if r["mistake"] == "typo":  # a stem changed into a pair that does not exist
            assert r["verdict"] == "impossible", r
