"""Data flows one way: each layer of `src/calfeed/` imports only the layers below it, so a
reader can understand a layer without those built on it."""

from __future__ import annotations

import ast
from pathlib import Path

import calfeed

PACKAGE = Path(calfeed.__file__).parent
LAYERS = (
    {"errors", "model", "version", "report"},
    {"tz"},
    {"language"},
    {"occurrences"},
    {"invitation"},
    {"catalogue"},
    {"selection"},
    {"render"},
    {"output"},
    {"listing", "diff", "members", "starter"},
    {"web"},
    {"cli", "__main__"},
)
"""From the bottom up; a layer may import its own and every layer before it."""


def layer_of(part: str) -> int:
    (found,) = [number for number, names in enumerate(LAYERS) if part in names]
    return found


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).with_suffix("").parts
        if relative == ("__init__",):
            continue
        own = layer_of(relative[0])
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "calfeed" and len(parts) > 1 and layer_of(parts[1]) > own:
                    upward.append(f"{'/'.join(relative)}.py imports {name}")
    assert upward == []
