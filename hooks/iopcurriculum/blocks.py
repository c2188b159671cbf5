"""Parse the fenced divs of a body into a tree of Text and Block nodes, seeing the structure
exactly as the Markdown renderer will.

Syntax (Pandoc style): a line `::: type key=value key="quoted value"` opens a block, a bare
`:::` closes the innermost open one; blocks nest. A block line starts at the very beginning
of its line.

The parser and the renderer must agree, or a staff note is rendered into a handout as plain
text. So the parser does not guess:
- fenced code is found by pymdownx.superfences itself, the extension that renders it, and
  lines inside it are never blocks;
- a `:::` line that Markdown would render as text (indented, inside a list item or a block
  quote, after a tab, a no-break space or an invisible character) is refused with its line:
  it is never passed through;
- a `::: facilitator` line inside fenced code is refused where the code reaches participants,
  since its text would be shown to them as code.
"""
from __future__ import annotations

import functools
import re
import unicodedata

import markdown
from pymdownx.superfences import PREFIX_CHARS, RE_NESTED_FENCE_START

from . import comments
from .problems import Problems
from .registry import BLOCKS, STAFF_ONLY
from .structure import Block, Node, Text

# Deeper than any real session needs (activity > discussion > facilitator is three); a limit
# keeps rendering, which recurses, far from Python's own.
MAX_DEPTH = 10

# What Python-Markdown renders in reasonable time and stack: it recurses once per level of
# nested lists and quotes (hundreds of levels exhaust Python's stack), and its link pattern
# takes time growing with the square of the brackets in a paragraph.
MAX_CONTAINER_DEPTH = 20
MAX_BRACKETS = 500
CONTAINER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t]))")

DIV = re.compile(r"^(:{3,})(.*)$")
ATTR = re.compile(r'\s*([A-Za-z][\w-]*)=(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))')
NAME = re.compile(r"\s*([A-Za-z][\w-]*)")
COLONS = (":::", "\uff1a\uff1a\uff1a")  # ASCII, and full-width colons that read the same
# What Markdown may take as indentation or a container before `:::`: list markers here,
# whitespace of every kind, `>` and invisible characters in _starts_like_div.
LIST_MARKER = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])(?=\s)")
INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}
QUOTE_PREFIX = re.compile(r"^(?: {0,3}> ?)*")


def parse_attrs(text: str) -> tuple[dict[str, str], str | None, list[str]]:
    """`minutes=15 title="Urge surfing"` -> ({...}, leftover text or None, repeated names)."""
    attrs: dict[str, str] = {}
    repeated: list[str] = []
    pos = 0
    while pos < len(text):
        match = ATTR.match(text, pos)
        if not match:
            rest = text[pos:].strip()
            return attrs, rest or None, repeated
        value = match.group(2) if match.group(2) is not None else match.group(3)
        if match.group(1) in attrs:
            repeated.append(match.group(1))
        # An author's HTML comment in a title is a note among authors, like one in the body.
        attrs[match.group(1)] = comments.strip(value.replace('\\"', '"')).strip()
        pos = match.end()
    return attrs, None, repeated


@functools.lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    # The site's renderer with only what decides fenced code: Markdown's whitespace
    # normalisation and superfences. mkdocs.yml configures superfences with its defaults;
    # custom fences change how code looks, not which lines are code.
    return markdown.Markdown(extensions=["pymdownx.superfences"])


def fenced_code(lines: list[str]) -> tuple[list[bool], int | None]:
    """For each line, whether the renderer takes it as fenced code (fence lines included);
    and the index of the first line that opens a fence the renderer never closes, if any."""
    inside = [False] * len(lines)
    text = "\n".join(lines)
    if "```" not in text and "~~~" not in text:
        return inside, None  # the common case, without running the renderer
    md = _markdown()
    md.reset()
    fences = md.preprocessors["fenced_code_block"]
    spans: list[tuple[int, int]] = []
    reassemble = fences.reassemble

    def record(found):  # superfences keeps (placeholder, first line, end) of each block found
        spans.extend((start, end) for _, start, end in fences.stack)
        return reassemble(found)

    fences.reassemble = record
    try:
        fences.run(md.preprocessors["normalize_whitespace"].run(list(lines)))
    finally:
        del fences.reassemble
    found = [False] * len(lines)
    for start, end in spans:
        for index in range(start, min(end, len(lines))):
            found[index] = True
            # Markdown turns the fence back into text when the paragraph it sits in starts
            # as indented code (superfences' code-block processor reverts it).
            inside[index] = not _after_indented_code(lines, start)
    unclosed = next((i for i, line in enumerate(lines) if not found[i] and _opens_fence(line)), None)
    return inside, unclosed


def _after_indented_code(lines: list[str], start: int) -> bool:
    """Whether the run of non-blank lines holding lines[start] begins with an indented line."""
    first = start
    while first > 0 and QUOTE_PREFIX.sub("", lines[first - 1]).strip():
        first -= 1
    return first < start and QUOTE_PREFIX.sub("", lines[first].expandtabs(4)).startswith("    ")


def _opens_fence(line: str) -> bool:
    """A line superfences would take as the start of fenced code (then closed, or not)."""
    line = line.expandtabs(4)  # as Markdown's whitespace normalisation does first
    match = RE_NESTED_FENCE_START.match(line, len(line) - len(line.lstrip("".join(PREFIX_CHARS))))
    return match is not None and not match.group("unrecognized")


def _starts_like_div(line: str) -> int | None:
    """Where `:::` starts on a line that a reader would take for a block line, however it is
    indented or nested (None when it does not look like one)."""
    if ":::" not in line and "\uff1a" not in line:
        return None
    index = 0
    while index < len(line):
        char = line[index]
        if char == ">" or char.isspace() or unicodedata.category(char) in INVISIBLE:
            index += 1
            continue
        marker = LIST_MARKER.match(line, index)
        if not marker:
            break
        index = marker.end()
    return index if line.startswith(COLONS, index) else None


def parse_body(lines: list[str], first_line: int, problems: Problems, *, staff_only: bool = False) -> list[Node]:
    """Turn body lines into nodes; `first_line` is the file line number of lines[0].
    `staff_only`: the whole body is for staff (a staff-only page), so nothing in it can
    reach participants."""
    root: list[Node] = []
    stack: list[Block] = []
    code, unclosed = fenced_code(lines)

    def append_text(line: str, number: int) -> None:
        target = stack[-1].children if stack else root
        if target and isinstance(target[-1], Text):
            target[-1].lines.append(line)
        else:
            target.append(Text([line], number))

    for offset, line in enumerate(lines):
        number = first_line + offset
        where = _starts_like_div(line)
        if code[offset]:
            if where is not None and not staff_only and not any(b.type in STAFF_ONLY for b in stack):
                _check_staff_line_in_code(line[where:], number, problems)
            append_text(line, number)
            continue
        div = DIV.match(line)
        if not div:
            if where is not None:
                problems.error(number, "this ':::' line is not at the start of the line (it is indented, or in a "
                                       "list item or block quote), so it would be shown as text: start block lines "
                                       "at the beginning of a line, outside lists and quotes")
            append_text(line, number)
            continue
        rest = div.group(2).strip()
        if not rest:
            if not stack:
                problems.error(number, "stray ':::' closes no open block")
            else:
                stack.pop()
            continue
        name_match = NAME.match(rest)
        if not name_match:
            problems.error(number, f"cannot read the block type in '{line.strip()}'")
            continue
        attrs, leftover, repeated = parse_attrs(rest[name_match.end():])
        block = Block(name_match.group(1), attrs, number)
        _check_block(block, leftover, repeated, stack, problems)
        if len(stack) >= MAX_DEPTH:
            problems.error(number, f"blocks are nested more than {MAX_DEPTH} deep here; close some blocks first")
            continue
        (stack[-1].children if stack else root).append(block)
        stack.append(block)

    _check_renderable(lines, code, first_line, problems)
    if unclosed is not None:
        problems.error(first_line + unclosed, "this line opens fenced code that is never closed: add a closing "
                                              "fence (the same ``` or ~~~) at the same indentation")
    for block in stack:
        problems.error(block.line, f"'::: {block.type}' block is never closed (add a line ':::')")
    return root


def _check_renderable(lines: list[str], code: list[bool], first_line: int, problems: Problems) -> None:
    brackets, start, reported = 0, 0, False  # of the paragraph (lines between blank lines)
    for offset, line in enumerate(lines):
        if code[offset]:
            continue
        if not line.strip():
            brackets, start, reported = 0, offset + 1, False
            continue
        expanded = line.expandtabs(4)
        depth, position = (len(expanded) - len(expanded.lstrip())) // 4, 0
        while (marker := CONTAINER.match(line, position)) and marker.end() > position:
            depth, position = depth + 1, marker.end()
        if depth > MAX_CONTAINER_DEPTH:
            problems.error(first_line + offset, f"lists or quotes are nested more than {MAX_CONTAINER_DEPTH} deep "
                                                f"on this line; make the list flatter")
        brackets += line.count("[")
        if brackets > MAX_BRACKETS and not reported:
            problems.error(first_line + start, f"this paragraph has more than {MAX_BRACKETS} '[' characters, "
                                               f"more than the page can be built from in reasonable time; "
                                               f"split it with blank lines")
            reported = True


def _check_staff_line_in_code(text: str, number: int, problems: Problems) -> None:
    name = NAME.match(text.lstrip(":\uff1a"))
    if name and name.group(1).lower() in STAFF_ONLY:
        problems.error(number, f"a '::: {name.group(1)}' line inside fenced code would show its text to "
                               f"participants as code: close the code before it (block examples belong on "
                               f"a staff-only page)")


def _check_block(block: Block, leftover: str | None, repeated: list[str], stack: list[Block],
                 problems: Problems) -> None:
    known = BLOCKS.get(block.type)
    if known is None:
        problems.error(block.line, f"unknown block type '{block.type}' (known: {', '.join(BLOCKS)})")
        return
    if leftover:
        problems.error(block.line, f"cannot read attributes '{leftover}' (write key=value or key=\"a value\")")
    for attr in dict.fromkeys(repeated):
        problems.error(block.line, f"attribute '{attr}' is given more than once on '{block.type}' block")
    for attr in block.attrs:
        if attr not in known.attributes:
            allowed = ", ".join(known.attributes) or "none"
            problems.error(block.line, f"unknown attribute '{attr}' on '{block.type}' block (allowed: {allowed})")
    for attr, spec in known.attributes.items():
        value = block.attrs.get(attr)
        if spec.required and not (value or "").strip():
            problems.error(block.line, f"'{block.type}' block needs {attr}=...")
        elif value is not None and not spec.accepts(value):
            problems.error(block.line, f"{spec.problem}, not '{value}'")
            if spec.fallback is not None:
                block.attrs[attr] = spec.fallback  # so later stages (the session plan's sums) go on
    if known.top_level and stack:
        problems.error(block.line, f"'{block.type}' block cannot sit inside a '{stack[-1].type}' block")


# A Markdown link or image target that names another module: `[text](cravings.md#part)`.
MODULE_LINK = re.compile(r"\]\(\s*<?([^)\s>]+?\.md)(#[^)\s>]*)?>?(?:\s+\"[^\"]*\")?\s*\)")


def module_links(nodes) -> list[tuple[int, str]]:
    """(line, target) of every link to a .md file in a body, fenced code excluded."""
    links: list[tuple[int, str]] = []
    for node in nodes:
        if isinstance(node, Text):
            code, _ = fenced_code(node.lines)
            for offset, line in enumerate(node.lines):
                if code[offset]:
                    continue
                for match in MODULE_LINK.finditer(line):
                    target = match.group(1)
                    if "://" not in target:
                        links.append((node.line + offset, target))
        else:
            links.extend(module_links(node.children))
    return links
