"""What `diff` found, as text for a terminal, Markdown for a pull request, or JSON."""

from __future__ import annotations

import json

from calfeed.diff.change import Change


def render_text(changes: tuple[Change, ...]) -> str:
    if not changes:
        return "no changes for subscribers\n"
    lines: list[str] = []
    for change in changes:
        lines.append(f"{change.heading}: {change.event_id} ({change.title})")
        lines.extend(f"    {detail}" for detail in change.details)
        if change.feeds:
            lines.append(f"    feeds: {', '.join(change.feeds)}")
    return "\n".join(lines) + "\n"


def render_markdown(changes: tuple[Change, ...]) -> str:
    if not changes:
        return "**calfeed:** no changes for subscribers.\n"
    lines = [f"### calfeed: {len(changes)} change(s) for subscribers", ""]
    for change in changes:
        lines.append(f"- **{_md(change.heading)}** `{change.event_id}`: {_md(change.title)}")
        lines.extend(f"  - {_md(detail)}" for detail in change.details)
        if change.feeds:
            lines.append("  - feeds: " + ", ".join(f"`{feed}`" for feed in change.feeds))
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Catalogue text in a comment must not become markup (links, HTML, emphasis)."""
    out = text
    for char in "\\`*_[]<>#|":
        out = out.replace(char, "\\" + char)
    return out


def render_json(changes: tuple[Change, ...]) -> str:
    return (
        json.dumps(
            [
                {
                    "kind": c.kind,
                    "language": c.language,
                    "event": c.event_id,
                    "title": c.title,
                    "details": list(c.details),
                    "feeds": list(c.feeds),
                }
                for c in changes
            ],
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
