"""``bazi check``: one claimed chart against a birth, or a file of answers scored.

One claim: the verdict per pillar, the diagnosis and where the claimed chart does occur,
drawn from ``Check.to_dict()`` (the data the HTTP API and the MCP tool answer with). Exit
status 0 when the claim is right, 1 when it is wrong or impossible, 2 on bad input.

Many answers (``--file answers.jsonl``): each line a JSON object with ``claim`` and
``datetime``, and optionally ``tz``, the input and pillar-school options of
:func:`bazi.check`, ``id``, ``note`` and ``mistake`` (the label of the answer: the
mistake it was made with, e.g. ``year_at_january``, or ``none`` for a right one). Each
answer's verdicts go to ``--output`` as JSON lines; the summary (verdicts, accuracy per
pillar, the causes found, and per label the accuracy and how often the checker named the
label) to standard output. A line that cannot be checked gets its error in place and the
run goes on.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

import bazi

__all__ = ["render_check", "render_summary", "score", "score_file", "summarise"]

POSITIONS = ("year", "month", "day", "hour")
VERDICTS = ("right", "wrong", "impossible")
CHECK_OPTIONS = tuple(o for o in bazi.OPTIONS if o.group in ("input", "pillar"))
_PASSED = frozenset({"id", "note", "mistake"})
_FIELDS = frozenset({"claim", "datetime", "tz"} | {o.name for o in CHECK_OPTIONS}) | _PASSED


def render_check(data: Mapping[str, Any]) -> str:
    """A check (``Check.to_dict()``) as text for a terminal."""
    claim, birth, options = data["claim"], data["birth"], data["options"]
    school = ", ".join(f"{k} {v}" for k, v in options.items() if v is not None)
    place = f" ({birth['place']})" if birth["place"] else ""
    lines = [
        f"claim    {claim['text']}   (read by {claim['read_by']})",
        f"birth    {birth['wall_time'].replace('T', ' ')} {birth['zone']}{place}; {school}",
        f"right    {' '.join(data['right'].values())}",
        "",
    ]
    for position, p in data["pillars"].items():
        verdict = p["verdict"] if p["verdict"] == "right" else f"{p['verdict']}: {p['reason']}"
        lines.append(f"{position:<6} {p['claimed']}  {verdict}")
    lines += ["", f"verdict  {data['verdict']}"]
    diagnosis = data["diagnosis"]
    whole = any(d["whole_claim"] for d in diagnosis)
    # With a cause for the whole claim, the causes of single pillars go on one line.
    shown = [d for d in diagnosis if d["whole_claim"] or d["pillars"] is None or not whole]
    others = [d for d in diagnosis if d not in shown]
    if shown:
        lines.append("why      (most likely first)")
        for d in shown:
            scope = "whole chart" if d["whole_claim"] else ", ".join(d["explains"])
            gives = f" → {d['pillars']}" if d["pillars"] else ""
            lines.append(f"  - {d['title']} ({d['title_zh']}) [{scope}]")
            lines.append(f"      {d['detail']}{gives}")
    if others:
        named = "; ".join(f"{d['title']} [{', '.join(d['explains'])}]" for d in others)
        lines.append(f"  also giving single pillars (see --json): {named}")
    if not diagnosis and data["verdict"] != "right":
        lines.append("why      no common mistake gives these pillars")
    if data["matches"]:
        lines.append("this chart occurs (nearest first, same clock and school):")
        for m in data["matches"]:
            start, end = m["start"][:16].replace("T", " "), m["end"][:16].replace("T", " ")
            days = m["days_from_birth"]
            if abs(days) < 2:
                away = f"{days * 24:+.1f} h"
            else:
                away = f"{days / 365.2425:+.1f} y" if abs(days) > 366 else f"{days:+.1f} d"
            lines.append(f"  {start} – {end} {m['start'][-6:]}  ({away})")
    lines += ["", data["summary"]]
    return "\n".join(lines)


def _lines(handle: IO[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(handle, 1):
        if line.strip():
            yield number, line


def _error(error: Exception, field: str | None) -> dict[str, Any]:
    return {"type": type(error).__name__, "field": field, "message": str(error)}


def _one(number: int, line: str) -> dict[str, Any]:
    """The verdicts of one answer line, or its error."""
    out: dict[str, Any] = {"line": number}
    try:
        item = json.loads(line)
    except ValueError as error:
        return {**out, "error": _error(error, None)}
    if not isinstance(item, dict):
        return {**out, "error": {"type": "InvalidInputError", "field": None,
                                 "message": "each line must be a JSON object"}}  # fmt: skip
    out.update((k, item[k]) for k in ("id", "mistake") if k in item)
    unknown = sorted(set(item) - _FIELDS)
    missing = [k for k in ("claim", "datetime") if k not in item]
    if unknown or missing:
        field = (unknown or missing)[0]
        message = f"unknown field {field!r}" if unknown else f"missing field {field!r}"
        return {**out, "error": {"type": "InvalidInputError", "field": field, "message": message}}
    options = {o.name: item[o.name] for o in CHECK_OPTIONS if item.get(o.name) is not None}
    try:
        result = bazi.check(item["claim"], item["datetime"], tz=item.get("tz"), **options)
    except bazi.BaziError as error:
        return {**out, "error": _error(error, error.field)}
    except TypeError as error:  # a value of the wrong type for the core
        return {**out, "error": _error(error, None)}
    return {
        **out,
        "verdict": result.verdict,
        "claim": str(result.claim),
        "right": " ".join(p.right.hanzi for p in result.pillars),
        "pillars": {p.position: p.verdict for p in result.pillars},
        "diagnosis": [d.mistake.id for d in result.diagnosis],
        "explained": result.explained,
    }


def score(lines: Iterable[tuple[int, str]]) -> Iterator[dict[str, Any]]:
    """The verdicts of each answer line (number, text), in order."""
    for number, line in lines:
        yield _one(number, line)


def _rate(right: int, total: int) -> float | None:
    return None if total == 0 else round(right / total, 4)


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts and accuracies over the verdicts of many answers."""
    checked = [r for r in results if "verdict" in r]
    pillars: dict[str, Counter[str]] = {p: Counter() for p in POSITIONS}
    for r in checked:
        for position, verdict in r["pillars"].items():
            pillars[position][verdict] += 1
    first = Counter(r["diagnosis"][0] for r in checked if r["diagnosis"])
    found = Counter(d for r in checked for d in dict.fromkeys(r["diagnosis"]))
    summary: dict[str, Any] = {
        "answers": len(results),
        "checked": len(checked),
        "errors": len(results) - len(checked),
        "verdicts": {v: sum(r["verdict"] == v for r in checked) for v in VERDICTS},
        "pillars": {
            p: {
                **{v: counts[v] for v in VERDICTS},
                "accuracy": _rate(counts["right"], sum(counts.values())),
            }
            for p, counts in pillars.items()
        },
        "explained": sum(r["explained"] for r in checked if r["verdict"] != "right"),
        "diagnosed_first": dict(first.most_common()),
        "diagnosed_at_all": dict(found.most_common()),
    }
    labelled = [r for r in checked if isinstance(r.get("mistake"), str)]
    by_label: dict[str, Any] = {}
    for label in dict.fromkeys(r["mistake"] for r in labelled):
        group = [r for r in labelled if r["mistake"] == label]
        accuracy = {}
        for p in POSITIONS:
            verdicts = [r["pillars"][p] for r in group if p in r["pillars"]]
            accuracy[p] = _rate(verdicts.count("right"), len(verdicts))
        by_label[label] = {
            "answers": len(group),
            "right": sum(r["verdict"] == "right" for r in group),
            "pillar_accuracy": accuracy,
            "named_first": sum(bool(r["diagnosis"]) and r["diagnosis"][0] == label for r in group),
            "named": sum(label in r["diagnosis"] for r in group),
        }
    if by_label:
        summary["by_label"] = by_label
    return summary


def _percent(value: float | None) -> str:
    return "   n/a" if value is None else f"{100 * value:5.1f}%"


def render_summary(s: Mapping[str, Any]) -> str:
    """The summary of :func:`summarise` as text."""
    v = s["verdicts"]
    lines = [
        f"answers  {s['answers']} ({s['checked']} checked, {s['errors']} could not be read)",
        f"verdicts right {v['right']}, wrong {v['wrong']}, impossible {v['impossible']}; "
        f"{s['explained']} of the {v['wrong'] + v['impossible']} not right explained",
        "pillar accuracy  "
        + "  ".join(
            f"{p} {_percent(c['accuracy']).strip()} ({c['right']}/"
            f"{c['right'] + c['wrong'] + c['impossible']})"
            for p, c in s["pillars"].items()
        ),
        "causes found (first / anywhere in the diagnosis):",
    ]
    for cause, count in s["diagnosed_at_all"].items():
        lines.append(f"  {cause:<26} {s['diagnosed_first'].get(cause, 0):>4} / {count:>4}")
    if "by_label" in s:
        lines += [
            "by label (the answers' own `mistake` field):",
            f"  {'label':<26} {'n':>4} {'right':>5}   {'year':>6} {'month':>6} {'day':>6} "
            f"{'hour':>6}   {'named 1st':>9} {'named':>6}",
        ]
        for label, g in s["by_label"].items():
            acc = " ".join(_percent(g["pillar_accuracy"][p]) for p in POSITIONS)
            lines.append(
                f"  {label:<26} {g['answers']:>4} {g['right']:>5}   {acc}   "
                f"{g['named_first']:>9} {g['named']:>6}"
            )
    return "\n".join(lines)


def score_file(path: str, output: str | None, as_json: bool) -> int:
    """``bazi check --file``: score the answers in ``path`` ('-' for standard input)."""
    try:
        handle = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        print(f"bazi: error: cannot read {path}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        try:
            results = list(score(_lines(handle)))
        except UnicodeDecodeError:
            print(f"bazi: error: {path} is not UTF-8 text", file=sys.stderr)
            return 2
    finally:
        if handle is not sys.stdin:
            handle.close()
    if not results:
        print(f"bazi: error: {path} has no answers (one JSON object a line)", file=sys.stderr)
        return 2
    summary = summarise(results)
    text = json.dumps(summary, ensure_ascii=False, indent=2) if as_json else render_summary(summary)
    if output is not None:
        records = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
        if output == "-":
            sys.stdout.write(records)
            print(text, file=sys.stderr)
            return 0
        try:
            with open(output, "w", encoding="utf-8") as sink:
                sink.write(records)
        except OSError as error:
            print(f"bazi: error: cannot write {output}: {error.strerror}", file=sys.stderr)
            return 2
    print(text)
    return 0
