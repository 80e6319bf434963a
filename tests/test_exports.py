"""The layers' namespaces: what each package exports is what its readers and type checkers
see, each name is imported from its home the first time it is used, and nothing heavy is
imported before a command needs it."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import calfeed

LAZY = ["calfeed", "calfeed.catalogue", "calfeed.output", "calfeed.render", "calfeed.tz"]
PACKAGE = Path(calfeed.__file__).parent


def _init(package: str) -> ast.Module:
    path = PACKAGE.joinpath(*package.split(".")[1:], "__init__.py")
    return ast.parse(path.read_text(encoding="utf-8"))


def _checked_imports(tree: ast.Module) -> dict[str, str]:
    """Name -> module, from the `if TYPE_CHECKING:` block that type checkers read."""
    (block,) = [
        n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"
    ]
    return {
        alias.name: node.module or ""
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def _homes(tree: ast.Module) -> dict[str, str]:
    """Name -> module, from the table handed to `lazy_exports`, which the runtime uses."""
    (call,) = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and ast.unparse(n.func) == "lazy_exports"
    ]
    table = call.args[1]
    assert isinstance(table, ast.Dict)
    homes: dict[str, str] = {}
    for key, names in zip(table.keys, table.values, strict=True):
        assert isinstance(key, ast.Constant)
        assert isinstance(names, ast.Tuple)
        for name in names.elts:
            assert isinstance(name, ast.Constant)
            assert isinstance(name.value, str)
            assert isinstance(key.value, str)
            homes[name.value] = key.value
    return homes


@pytest.mark.parametrize("package", LAZY)
def test_what_type_checkers_see_is_what_runs_and_what_all_says(package: str) -> None:
    tree = _init(package)
    assert _checked_imports(tree) == _homes(tree)
    module = importlib.import_module(package)
    assert sorted(module.__all__) == sorted(_homes(tree))


@pytest.mark.parametrize("package", LAZY)
def test_each_name_is_its_homes_object_and_no_submodule_shadows_it(package: str) -> None:
    module = importlib.import_module(package)
    for name, home in _homes(_init(package)).items():
        assert getattr(module, name) is getattr(importlib.import_module(home), name), name
        assert not PACKAGE.joinpath(*package.split(".")[1:], f"{name}.py").exists(), name
        assert not PACKAGE.joinpath(*package.split(".")[1:], name).is_dir(), name
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError, match=f"module '{package}' has no attribute 'nothing'"):
        _ = module.nothing


def test_the_command_imports_nothing_heavy_until_a_command_runs() -> None:
    probe = (
        "import sys\n"
        "import calfeed.cli, calfeed, calfeed.output.record, calfeed.catalogue.file\n"
        "heavy = {'icalendar', 'tomllib', 'dateutil', 'segno', 'calfeed.catalogue.load',"
        " 'calfeed.render.ics', 'calfeed.render.page', 'calfeed.web', 'calfeed.selection'}\n"
        "print(sorted(heavy & sys.modules.keys()))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
