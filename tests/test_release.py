"""What a release carries: one version, said by `calfeed --version` with the tzdata it
reads, and every file the package reads at run time declared as package data, so that the
wheel is not a checkout missing its page styles or starter. The wheel itself is built and
inspected by the slow test here, and installed and run in a fresh environment by `.ci/run`.
"""

from __future__ import annotations

import fnmatch
import importlib.metadata
import importlib.util
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import calfeed
from calfeed.cli import cli
from calfeed.tz.data import tzdata_version
from tests.shipped import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGE = ROOT / "src" / "calfeed"


def test_the_version_is_written_once_in_pyproject() -> None:
    """The installed metadata, `calfeed.__version__` and pyproject agree (a stale editable
    install fails here: reinstall it)."""
    written = PYPROJECT["project"]["version"]
    assert "version" not in PYPROJECT["project"].get("dynamic", [])
    assert importlib.metadata.version("calfeed") == written
    assert calfeed.__version__ == written


def test_version_says_calfeed_and_its_tzdata(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"calfeed {calfeed.__version__} (tzdata {tzdata_version()})\n"
    assert tzdata_version()[:4].isdigit()


def data_files() -> list[str]:
    """Every file of the package that is not Python source (nor a cache)."""
    return sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    )


def test_every_data_file_of_the_package_is_declared() -> None:
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["calfeed"]
    undeclared = [
        name for name in data_files() if not any(fnmatch.fnmatch(name, p) for p in patterns)
    ]
    assert undeclared == []
    assert {"render/page/page.css", "catalogue/calfeed.schema.json", "starter/events.toml"} <= set(
        data_files()
    )


def test_the_metadata_is_complete() -> None:
    project = PYPROJECT["project"]
    assert project["readme"] == "README.md"
    assert project["license"] == "MIT"
    assert (ROOT / "LICENSE").is_file()
    assert project["requires-python"] == ">=3.11"
    assert {"server", "test"} <= set(project["optional-dependencies"])
    assert {"Source", "Issues", "Changelog"} <= set(project["urls"])
    assert "Programming Language :: Python :: 3.11" in project["classifiers"]


@pytest.mark.slow
def test_the_wheel_carries_every_file_and_twine_accepts_it(tmp_path: Path) -> None:
    """`python -m build` from a copy of the tracked files, as a clean clone would."""
    for module in ("build", "twine"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install -e '.[dev]')")
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    listed = subprocess.run(
        [git, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    clone = tmp_path / "clone"
    for name in filter(None, listed.stdout.split("\0")):
        if (ROOT / name).is_file() and "node_modules" not in Path(name).parts:
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(clone)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    version = calfeed.__version__
    (wheel,) = dist.glob(f"calfeed-{version}-py3-none-any.whl")
    assert (dist / f"calfeed-{version}.tar.gz").is_file()
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"calfeed-{version}.dist-info/METADATA").decode("utf-8")
    missing = [name for name in data_files() if f"calfeed/{name}" not in names]
    assert missing == []
    for header in ("Requires-Python: >=3.11", "Provides-Extra: server", "License-Expression: MIT"):
        assert f"\n{header}\n" in metadata
    assert "Description-Content-Type: text/markdown" in metadata
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
