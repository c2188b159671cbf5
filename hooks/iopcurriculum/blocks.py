"""Parse the fenced divs of a module body into a tree of Text and Block nodes.

Syntax (Pandoc style): `::: type key=value key="quoted value"` opens a block, a bare `:::`
closes the innermost open one; blocks nest; lines inside fenced code are never blocks.
"""
from __future__ import annotations

import re

from .problems import Problems
from .structure import Block, Node, Text

# The block types an author may use, and the attributes each accepts (name -> required?).
BLOCK_TYPES: dict[str, dict[str, bool]] = {
    "facilitator": {"title": False},
    "participant": {"title": False},
    "activity": {"minutes": True, "title": True},
    "discussion": {"title": False},
    "worksheet": {"title": False},
    "key-points": {"title": False},
    "safety": {"title": False},
}
# Blocks that only make sense at the top level: a session plan is a flat list of segments.
TOP_LEVEL_ONLY = {"activity"}

FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
DIV = re.compile(r"^ {0,3}(:{3,})(.*)$")
ATTR = re.compile(r'\s*([A-Za-z][\w-]*)=(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))')
NAME = re.compile(r"\s*([A-Za-z][\w-]*)")


def parse_attrs(text: str) -> tuple[dict[str, str], str | None]:
    """`minutes=15 title="Urge surfing"` -> ({...}, None), or ({...}, leftover text)."""
    attrs, pos = {}, 0
    while pos < len(text):
        match = ATTR.match(text, pos)
        if not match:
            rest = text[pos:].strip()
            return attrs, rest or None
        value = match.group(2) if match.group(2) is not None else match.group(3)
        attrs[match.group(1)] = value.replace('\\"', '"')
        pos = match.end()
    return attrs, None


def fenced_code(lines: list[str]) -> tuple[list[bool], str | None]:
    """For each line, whether it belongs to fenced code (its fence lines included); and the
    fence still open after the last line, if any."""
    inside: list[bool] = []
    fence: str | None = None
    for line in lines:
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            inside.append(True)
            continue
        opening = FENCE_OPEN.match(line)
        if opening:
            fence = opening.group(1)
        inside.append(bool(opening))
    return inside, fence


def parse_body(lines: list[str], first_line: int, problems: Problems) -> list[Node]:
    """Turn body lines into nodes; `first_line` is the file line number of lines[0]."""
    root: list[Node] = []
    stack: list[Block] = []
    code, open_fence = fenced_code(lines)

    def append_text(line: str, number: int) -> None:
        target = stack[-1].children if stack else root
        if target and isinstance(target[-1], Text):
            target[-1].lines.append(line)
        else:
            target.append(Text([line], number))

    for offset, line in enumerate(lines):
        number = first_line + offset
        if code[offset]:
            append_text(line, number)
            continue
        div = DIV.match(line)
        if not div:
            append_text(line, number)
            continue
        rest = div.group(2).strip()
        if not rest:
            if not stack:
                problems.error(number, "stray ':::' closes no open block")
            else:
                stack.pop().end_line = number
            continue
        name_match = NAME.match(rest)
        if not name_match:
            problems.error(number, f"cannot read the block type in '{line.strip()}'")
            continue
        block_type = name_match.group(1)
        attrs, leftover = parse_attrs(rest[name_match.end():])
        block = Block(block_type, attrs, number)
        _check_block(block, leftover, stack, problems)
        (stack[-1].children if stack else root).append(block)
        stack.append(block)

    if open_fence:
        problems.error(first_line + len(lines) - 1, f"fenced code opened with {open_fence} is never closed")
    for block in stack:
        problems.error(block.line, f"'::: {block.type}' block is never closed (add a line ':::')")
    return root


def _check_block(block: Block, leftover: str | None, stack: list[Block], problems: Problems) -> None:
    known = BLOCK_TYPES.get(block.type)
    if known is None:
        problems.error(
            block.line,
            f"unknown block type '{block.type}' (known: {', '.join(BLOCK_TYPES)})",
        )
        return
    if leftover:
        problems.error(block.line, f"cannot read attributes '{leftover}' (write key=value or key=\"a value\")")
    for attr in block.attrs:
        if attr not in known:
            allowed = ", ".join(known) or "none"
            problems.error(block.line, f"unknown attribute '{attr}' on '{block.type}' block (allowed: {allowed})")
    for attr, required in known.items():
        if required and not block.attrs.get(attr, "").strip():
            problems.error(block.line, f"'{block.type}' block needs {attr}=...")
    if block.type == "activity" and "minutes" in block.attrs:
        minutes = block.attrs["minutes"]
        if not minutes.isdigit() or int(minutes) <= 0:
            problems.error(block.line, f"activity minutes must be a positive whole number, not '{minutes}'")
            block.attrs["minutes"] = "0"
    if block.type in TOP_LEVEL_ONLY and stack:
        problems.error(block.line, f"'{block.type}' block cannot sit inside a '{stack[-1].type}' block")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def anchor_for(block: Block) -> str:
    """Stable across edits: activity titles are unique within a module (load.py checks)."""
    return slugify(block.attrs.get("title", block.type))
