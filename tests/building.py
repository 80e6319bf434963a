"""`calfeed build` run the way a user runs it, at a fixed build time, and the feeds it wrote.

SOURCE_DATE_EPOCH is the stamp (DTSTAMP, LAST-MODIFIED) of every new event, so a test's
feeds are the same bytes on every run and every machine. Test functions take it as the
`epoch` fixture (conftest.py).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from calfeed.cli import cli

EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


def build(catalogue: Path, out: Path, *extra: str, epoch: str = EPOCH) -> str:
    """`calfeed build CATALOGUE -o OUT ...`, which must succeed; what it said."""
    result = CliRunner().invoke(
        cli, ["build", str(catalogue), "-o", str(out), *extra], env={"SOURCE_DATE_EPOCH": epoch}
    )
    assert result.exit_code == 0, result.output
    return result.output


def feeds(folder: Path) -> dict[str, bytes]:
    """Every .ics under `folder`, by its path relative to it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.ics"))}
