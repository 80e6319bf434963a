"""Findings as people and programs read them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from calfeed.errors import Finding, Severity


def _location(finding: Finding) -> str:
    place = str(finding.path)
    if finding.line is not None:
        place += f":{finding.line}"
    return place


def format_text(finding: Finding) -> str:
    """`events.toml:12: error: event x: what is wrong` and an indented `hint:` line."""
    subject = f"event {finding.event_id}: " if finding.event_id else ""
    text = f"{_location(finding)}: {finding.severity.value}: {subject}{finding.message}"
    if finding.hint:
        text += f"\n    hint: {finding.hint}"
    return text


def as_dict(finding: Finding) -> dict[str, object]:
    """One JSON object per finding, for editors and CI annotations."""
    return {
        "severity": finding.severity.value,
        "code": finding.code,
        "file": str(finding.path),
        "line": finding.line,
        "event": finding.event_id,
        "message": finding.message,
        "hint": finding.hint,
    }


def format_json(findings: Iterable[Finding]) -> str:
    return json.dumps([as_dict(f) for f in findings], ensure_ascii=False, indent=2)


def summary(findings: Iterable[Finding], path: Path) -> str:
    """`events.toml: 2 errors, 1 warning` or `events.toml: OK, 10 events`."""
    items = list(findings)
    errors = sum(f.severity is Severity.ERROR for f in items)
    warnings = len(items) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error" + ("s" if errors != 1 else ""))
    if warnings:
        parts.append(f"{warnings} warning" + ("s" if warnings != 1 else ""))
    return f"{path}: " + (", ".join(parts) if parts else "no problems found")


def _github_data(text: str) -> str:
    """Workflow-command message escaping: `%`, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """Workflow-command property escaping: the message escapes, plus `:` and `,`."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(finding: Finding) -> str:
    """`::error file=events.toml,line=12,title=unknown-zone::...`: GitHub Actions shows each
    on the pull request's own line."""
    level = "error" if finding.severity is Severity.ERROR else "warning"
    props = [f"file={_github_property(str(finding.path))}"]
    if finding.line is not None:
        props.append(f"line={finding.line}")
    title = f"calfeed {finding.code}" + (f" ({finding.event_id})" if finding.event_id else "")
    props.append(f"title={_github_property(title)}")
    message = finding.message + (f"\nhint: {finding.hint}" if finding.hint else "")
    return f"::{level} {','.join(props)}::{_github_data(message)}"
