"""Stage 2: select what one edition sees, and write it as Markdown.

Facilitator blocks reach the facilitator edition only, participant blocks the participant
edition only. Blocks become `<div markdown>` wrappers (Python-Markdown's md_in_html), so
authors write plain Markdown inside them with no indentation.
"""
from __future__ import annotations

import html
import os
import re

from .blocks import anchor_for, fenced_code
from .structure import Block, Node, Text

FACILITATOR = "facilitator"
PARTICIPANT = "participant"
EDITIONS = (FACILITATOR, PARTICIPANT)
ENV_VAR = "CURRICULUM_EDITION"

# How each shared block looks: Material admonition type, and its title in each edition.
BLOCK_STYLE = {
    "facilitator": ("info", {FACILITATOR: "Facilitator note"}),
    "script": ("quote", {FACILITATOR: "Read aloud"}),
    "participant": ("note", {PARTICIPANT: "For participants"}),
    "discussion": ("question", {FACILITATOR: "Discussion", PARTICIPANT: "Let's talk"}),
    "worksheet": ("example", {FACILITATOR: "Worksheet", PARTICIPANT: "Worksheet"}),
    "key-points": ("tip", {FACILITATOR: "Key points", PARTICIPANT: "Key points"}),
    "safety": ("warning", {FACILITATOR: "Safety", PARTICIPANT: "Your safety"}),
}
ONLY_IN = {"facilitator": FACILITATOR, "script": FACILITATOR, "participant": PARTICIPANT}

WRITE_IN = re.compile(r"^\s*_{3,}\s*$")
LIST_MARKER = re.compile(r"^(\s*)(?:([-*+])|(\d+)[.)])\s+")


class EditionError(ValueError):
    pass


def selected_editions(value: str | None = None) -> tuple[str, ...]:
    """Editions to build, from CURRICULUM_EDITION (all | facilitator | participant)."""
    value = (os.environ.get(ENV_VAR, "all") if value is None else value).strip().lower() or "all"
    if value == "all":
        return EDITIONS
    if value in EDITIONS:
        return (value,)
    raise EditionError(f"{ENV_VAR}={value!r} is not an edition: use all, facilitator or participant")


def visible(block: Block, shown: tuple[str, ...]) -> bool:
    return ONLY_IN.get(block.type, shown[0]) in shown


def render(nodes: list[Node], edition: str, *, shown: tuple[str, ...] | None = None,
           in_worksheet: bool = False) -> str:
    """Markdown for `edition` from a parsed body. `shown` widens which edition-only blocks
    appear (hand-written pages in a build of both editions show both); it defaults to `edition`."""
    shown = shown or (edition,)
    out: list[str] = []
    start = 0  # minutes from the start of the session: activities sit at the top level
    for node in nodes:
        if isinstance(node, Text):
            out.append(_text(node.lines, edition, in_worksheet))
        elif visible(node, shown):
            out.append(_block(node, edition, shown, in_worksheet, start))
            if node.type == "activity":
                start += int(node.attrs["minutes"])
    return "\n".join(out)


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _block(block: Block, edition: str, shown: tuple[str, ...], in_worksheet: bool, start: int = 0) -> str:
    inner = render(block.children, edition, shown=shown, in_worksheet=in_worksheet or block.type == "worksheet")
    if block.type == "activity":
        title = html.escape(block.attrs["title"])
        timing = ""
        if edition == FACILITATOR:
            # When a segment starts, so a facilitator can keep time without adding up the plan.
            timing = (f'<p class="cur-timing">{block.attrs["minutes"]} min · starts {clock(start)}</p>\n\n')
        return (f'<div class="cur-activity" markdown>\n\n## {title} {{#{anchor_for(block)}}}\n\n'
                f"{timing}{inner}\n\n</div>\n")
    kind, titles = BLOCK_STYLE[block.type]
    title = html.escape(block.title or titles.get(edition) or next(iter(titles.values())))
    if block.type == "worksheet" and edition == PARTICIPANT and not _has_write_in(block):
        inner += "\n\n" + write_in("Notes", 4)
    return (f'<div class="admonition {kind} cur-{block.type}" markdown>\n'
            f'<p class="admonition-title">{title}</p>\n\n{inner}\n\n</div>\n')


def _has_write_in(block: Block) -> bool:
    return any(
        WRITE_IN.match(line)
        for node in block.children
        for line in (node.lines if isinstance(node, Text) else [])
    )


def without_comments(lines: list[str]) -> list[str]:
    """Drop HTML comments outside fenced code: they are notes among authors (an allow comment's
    reason, a reminder to staff) and must not reach any page, not even its HTML source."""
    out, in_comment = [], False
    code, _ = fenced_code(lines)
    for line, is_code in zip(lines, code):
        stripped = line.strip()
        if is_code and not in_comment:
            out.append(line)
            continue
        kept, rest = [], line
        while rest:
            if in_comment:
                end = rest.find("-->")
                if end < 0:
                    rest = ""
                else:
                    in_comment, rest = False, rest[end + 3:]
            else:
                start = rest.find("<!--")
                if start < 0:
                    kept.append(rest)
                    rest = ""
                else:
                    kept.append(rest[:start])
                    in_comment, rest = True, rest[start + 4:]
        joined = "".join(kept)
        if joined.strip() or not stripped:
            out.append(joined.rstrip() if joined != line else line)
    return out


def _text(lines: list[str], edition: str, in_worksheet: bool) -> str:
    lines = without_comments(lines)
    if not in_worksheet:
        return "\n".join(lines)
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not WRITE_IN.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        count = 0
        while i < len(lines) and WRITE_IN.match(lines[i]):
            count, i = count + 1, i + 1
        prompt = _prompt_before(out)
        if edition == PARTICIPANT:
            out.extend(["", write_in(prompt, count), ""])
        else:
            out.extend(["", '<p class="cur-writein-note">Participants write here.</p>', ""])
    return "\n".join(out)


def _prompt_before(out: list[str]) -> str:
    """Label a write-in space with the prompt above it. A list item prompt becomes a plain
    paragraph, so the list does not restart its numbering after every write-in space."""
    for index in range(len(out) - 1, -1, -1):
        if out[index].strip():
            line = out[index]
            match = LIST_MARKER.match(line)
            if match:
                number = match.group(3)
                rest = line[match.end():]
                out[index] = f"{number}\\. {rest}" if number else rest
                line = rest
            return re.sub(r"[*_`]", "", line).strip()
    return "Your answer"


def write_in(label: str, lines: int) -> str:
    """Room to write: a text box on screens (typed text is never sent or saved), ruled lines on paper."""
    label = html.escape(label, quote=True)
    return (f'<div class="cur-writein" style="--cur-lines: {lines}">'
            f'<textarea rows="{lines + 1}" aria-label="Your answer: {label}"></textarea>'
            f'<div class="cur-ruled" aria-hidden="true"></div></div>')
