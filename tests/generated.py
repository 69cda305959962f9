"""Helpers of the tests that check the generated files against their generators in
``tools/`` (not a test module: pytest collects ``test_*.py`` only)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def read_table(path: Path) -> tuple[dict[str, str], list[str]]:
    """The ``# key: value`` header as a dict and the data lines of a generated table."""
    header: dict[str, str] = {}
    lines: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            key, sep, value = line[2:].partition(": ")
            if sep:
                header[key] = value
        else:
            lines.append(line)
    return header, lines


def import_tool(name: str) -> ModuleType:
    """Import a generator module from ``tools/`` the way the tools import each other."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(ROOT / "tools"))
