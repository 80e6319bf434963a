"""Findings as text, JSON and GitHub workflow commands."""

from __future__ import annotations

from pathlib import Path

from calfeed.errors import Code, Finding, Severity
from calfeed.report import format_github, format_text

ZONE = Finding(
    Severity.ERROR,
    Code.UNKNOWN_ZONE,
    Path("events.toml"),
    8,
    "dialogue",
    "unknown time zone 'Samoa'",
    "did you mean Pacific/Apia?",
)
LINK = Finding(
    Severity.WARNING,
    Code.INSECURE_URL,
    Path("cal, 100%: events.toml"),
    None,
    None,
    "'url' uses http, not https: http://example.org/a,b\nnext",
    None,
)


def test_text() -> None:
    assert format_text(ZONE) == (
        "events.toml:8: error: event dialogue: unknown time zone 'Samoa'\n"
        "    hint: did you mean Pacific/Apia?"
    )
    assert format_text(LINK) == (
        "cal, 100%: events.toml: warning: 'url' uses http, not https: http://example.org/a,b\nnext"
    )


def test_github_workflow_commands_escape_what_github_reads() -> None:
    assert format_github(ZONE) == (
        "::error file=events.toml,line=8,title=calfeed unknown-zone (dialogue)::"
        "unknown time zone 'Samoa'%0Ahint: did you mean Pacific/Apia?"
    )
    assert format_github(LINK) == (
        "::warning file=cal%2C 100%25%3A events.toml,title=calfeed insecure-url::"
        "'url' uses http, not https: http://example.org/a,b%0Anext"
    )
