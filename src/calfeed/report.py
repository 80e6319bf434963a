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


def summary(findings: Iterable[Finding], path: Path, *, strict: bool = False) -> str:
    """`events.toml: 2 errors, 1 warning` or `events.toml: no problems found`. With
    `strict`, warnings alone fail the check, and the summary says so: "2 warnings" and
    exit 1 would read as a contradiction."""
    return f"{path}: {_counts(list(findings), strict=strict)}"


def strict_failure(findings: Iterable[Finding], path: Path) -> str:
    """The reason `check --strict --format github` failed, as an error annotation of its
    own: a job that failed showing only warnings would not say why."""
    message = _counts(list(findings), strict=True)
    return f"::error file={_github_property(str(path))},title=calfeed --strict::{message}"


def _counts(items: list[Finding], *, strict: bool) -> str:
    errors = sum(f.severity is Severity.ERROR for f in items)
    warnings = len(items) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error" + ("s" if errors != 1 else ""))
    if warnings:
        parts.append(f"{warnings} warning" + ("s" if warnings != 1 else ""))
    text = ", ".join(parts) if parts else "no problems found"
    if strict and warnings and not errors:
        text += " (--strict: warnings fail the check)"
    return text


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
