"""The pattern catalogue as Markdown, generated from the pattern headers (docs/patterns.md)."""

from __future__ import annotations

from touchpoint.graph_model.patterns.library import Pattern


def _param_line(p) -> str:
    bounds = ""
    if p.min is not None or p.max is not None:
        bounds = f" ({'' if p.min is None else p.min}–{'' if p.max is None else p.max})"
    return f"| `{p.name}` | {p.type} | `{p.default}`{bounds} | {p.description} |"


def pattern_markdown(pattern: Pattern) -> str:
    lines = [
        f"### `{pattern.id}` — {pattern.title}",
        "",
        f"**Severity:** {pattern.severity} · **Agencies:** {', '.join(pattern.agencies)}",
        "",
        pattern.description,
        "",
        f"*Why it matters:* {pattern.why}",
        "",
        "| Parameter | Type | Default (bounds) | Meaning |",
        "|---|---|---|---|",
        *(_param_line(p) for p in pattern.params),
        "",
        f"Source: `cypher/patterns/{pattern.id}.cypher`",
        "",
    ]
    return "\n".join(lines)


def catalogue_markdown(patterns: list[Pattern]) -> str:
    """Index table then one section per pattern."""
    head = [
        "| Pattern | Title | Severity | Agencies |",
        "|---|---|---|---|",
        *(f"| `{p.id}` | {p.title} | {p.severity} | {', '.join(p.agencies)} |" for p in patterns),
        "",
    ]
    return "\n".join(head) + "\n" + "\n".join(pattern_markdown(p) for p in patterns)
