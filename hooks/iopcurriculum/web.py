"""Stage 3: render for the screen. A tree already filtered for an edition (edition.select)
becomes the Markdown MkDocs builds: blocks become `<div markdown>` wrappers (Python-Markdown's
md_in_html), so authors write plain Markdown inside them with no indentation. How each block
looks is the registry's (data/blocks.yml): an admonition with its title per edition, or a
timed section; worksheets get room to write.
"""
from __future__ import annotations

import html
import re

from . import strings
from .edition import FACILITATOR, PARTICIPANT, WRITE_IN, audience, language, without_comments, write_in_runs
from .registry import BLOCKS
from .structure import Block, Node, Text

LIST_MARKER = re.compile(r"^(\s*)(?:([-*+])|(\d+)[.)])\s+")


def render(nodes: list[Node], edition: str, *, in_worksheet: bool = False) -> str:
    """Markdown for `edition` from a tree filtered for it."""
    out: list[str] = []
    start = 0  # minutes from the start of the session: timed segments sit at the top level
    for node in nodes:
        if isinstance(node, Text):
            out.append(_text(node.lines, edition, in_worksheet))
        else:
            kind = BLOCKS[node.type]
            out.append(_block(node, edition, in_worksheet, start))
            if "timed" in kind.roles:
                start += int(node.attrs["minutes"])
    return "\n".join(out)


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _block(block: Block, edition: str, in_worksheet: bool, start: int) -> str:
    kind = BLOCKS[block.type]
    worksheet = "worksheet" in kind.roles
    inner = render(block.children, edition, in_worksheet=in_worksheet or worksheet)
    if kind.form == "section":
        title = html.escape(block.attrs["title"])
        timing = ""
        if audience(edition) == FACILITATOR and "timed" in kind.roles:
            # When a segment starts, so a facilitator can keep time without adding up the plan.
            words = strings.text(language(edition), "staff.timing", minutes=block.attrs["minutes"], start=clock(start))
            timing = f'<p class="cur-timing">{html.escape(words)}</p>\n\n'
        return (f'<div class="cur-{block.type}" markdown>\n\n## {title} {{#{block.anchor}}}\n\n'
                f"{timing}{inner}\n\n</div>\n")
    title = html.escape(block.title or kind.title_in(edition))
    if worksheet and audience(edition) == PARTICIPANT and not has_write_in(block):
        inner += "\n\n" + write_in(strings.text(language(edition), "page.notes"), 4, language(edition))
    return (f'<div class="admonition {kind.admonition} cur-{block.type}" markdown>\n'
            f'<p class="admonition-title">{title}</p>\n\n{inner}\n\n</div>\n')


def has_write_in(block: Block) -> bool:
    return any(
        WRITE_IN.match(line)
        for node in block.children
        for line in (node.lines if isinstance(node, Text) else [])
    )


def _text(lines: list[str], edition: str, in_worksheet: bool) -> str:
    lines = without_comments(lines)
    if not in_worksheet:
        return "\n".join(lines)
    out: list[str] = []
    for run in write_in_runs(lines):
        if isinstance(run, list):
            out.extend(run)
            continue
        t = strings.Strings(language(edition))
        prompt = prompt_before(out) or t("page.your_answer")
        if audience(edition) == PARTICIPANT:
            out.extend(["", write_in(prompt, run, t.language), ""])
        else:
            out.extend(["", f'<p class="cur-writein-note">{t("page.participants_write_here")}</p>', ""])
    return "\n".join(out)


def prompt_before(out: list[str]) -> str:
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
    return ""


def write_in(label: str, lines: int, language: str = strings.BASE) -> str:
    """Room to write: a text box on screens (typed text is never sent; kept in the browser only if
    the reader asks, by overrides/assets/javascripts/answers.js), ruled lines on paper."""
    label = html.escape(strings.text(language, "page.answer_label", prompt=label), quote=True)
    return (f'<div class="cur-writein" style="--cur-lines: {lines}">'
            f'<textarea rows="{lines + 1}" aria-label="{label}"></textarea>'
            f'<div class="cur-ruled" aria-hidden="true"></div></div>')
