"""What a participant reads in a module, with the source line of every piece.

The checks read the parsed body, not the rendered page, so every finding points at the
line an author edits. Blocks only facilitators see are skipped; fenced code is never prose.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import edition as ed
from ..blocks import fenced_code
from ..structure import Block, Module, Node, Text, Translation


@dataclass
class Chunk:
    """Consecutive source lines a participant sees: `kind` is "text" (Markdown), "title"
    (a heading made from a block's title) or "meta" (front matter shown on the handout)."""
    kind: str
    lines: list[tuple[int, str]]  # (file line number, text)


def participant_chunks(module: Module | Translation) -> list[Chunk]:
    """Everything of `module` that reaches the participant handout, as written in the source
    (a translation holds participant text only, read the same way)."""
    chunks = [Chunk("title", [(module.lines.get("participant_title") or module.lines.get("title") or 1,
                               module.handout_title)]),
              Chunk("meta", [(module.lines.get("summary") or 1, module.summary)])]
    _collect(module.body, chunks, (ed.PARTICIPANT,))
    return chunks


def all_chunks(module: Module) -> list[Chunk]:
    """Everything in the module, in either edition (for checks that concern both)."""
    chunks = [Chunk("meta", [(module.lines.get(key) or 1, value)])
              for key, value in (("title", module.title), ("summary", module.summary))]
    line = module.lines.get("objectives") or 1
    chunks += [Chunk("meta", [(line, objective)]) for objective in module.objectives]
    _collect(module.body, chunks, None)
    return chunks


def _collect(nodes: list[Node], chunks: list[Chunk], shown: tuple[str, ...] | None) -> None:
    for node in nodes:
        if isinstance(node, Text):
            chunks.append(Chunk("text", [(node.line + i, line) for i, line in enumerate(node.lines)]))
        elif shown is None or ed.visible(node, shown):
            if node.title:
                chunks.append(Chunk("title", [(node.line, node.title)]))
            _collect(node.children, chunks, shown)


def without_code(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines outside fenced code (fence lines included in what is dropped)."""
    code, _ = fenced_code([line for _, line in lines])
    return [pair for pair, is_code in zip(lines, code) if not is_code]


def visible_blocks(nodes: list[Node], shown: tuple[str, ...] = (ed.PARTICIPANT,)):
    """Blocks that reach the given edition, depth first (a block inside a facilitator
    block never reaches participants)."""
    for node in nodes:
        if isinstance(node, Block) and ed.visible(node, shown):
            yield node
            yield from visible_blocks(node.children, shown)
