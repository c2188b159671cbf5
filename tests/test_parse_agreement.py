"""The block parser and the Markdown renderer see the same structure, on generated input.

Each body is a random mix of the lines authors write and the ones that tripped the old
scanner: `:::` lines indented, in lists and quotes, after tabs and invisible characters;
fences with odd info strings, indentation and lengths; inline code with three backticks.
Every text line carries a unique token, so the rendered HTML shows where each line went.
"""
from __future__ import annotations

import random
import re
from html.parser import HTMLParser

import pytest
from conftest import REPO
from mkdocs.config import load_config

from iopcurriculum import edition as ed
from iopcurriculum import web
from iopcurriculum.blocks import fenced_code, parse_body
from iopcurriculum.printing.paper import Markdown
from iopcurriculum.problems import Problems
from iopcurriculum.structure import Block, Text

# Where code is decided by the line alone: fences with odd info strings, lengths and indents
# (up to three spaces), in list items, next to inline code and block lines.
PLAIN_PREFIXES = ["", "", "", " ", "  ", "   ", "- ", "1. ", "\u00a0", "\u200b"]
# Containers too: quotes, tabs, indented code. Markdown then decides by context (a fence in
# a paragraph that a quote or indented code swallows is text); the parser need not follow it
# there, as long as every staff block line is read as a block or refused.
HOSTILE_PREFIXES = PLAIN_PREFIXES + ["    ", "\t", "> ", ">", "    - ", "> - ", ">     "]
FENCES = ["```", "~~~", "````", "``` python", "```{.py}", '``` python title="x"', "```python{", "~~~~ text x=1"]
OPENERS = ["::: facilitator", "::: discussion", "::: worksheet", "::: participant", ':::: facilitator title="T"']
TOKEN = re.compile(r"tok\d+")
BODIES = 600


@pytest.fixture(scope="module")
def site_markdown() -> Markdown:
    """Python-Markdown set up exactly as mkdocs.yml sets it up."""
    config = load_config(str(REPO / "mkdocs.yml"))
    return Markdown(list(config.markdown_extensions), dict(config.mdx_configs))


def generate(rng: random.Random, prefixes: list[str]) -> list[str]:
    lines, counter = [], 0
    for _ in range(rng.randint(4, 24)):
        kind = rng.random()
        # Mostly well-formed lines, so that many bodies are accepted and rendered too.
        prefix = rng.choice(prefixes) if rng.random() < 0.25 else ""
        counter += 1
        token = f"tok{counter}"
        if kind < 0.35:
            lines.append(f"{prefix}Some words {token} here.")
        elif kind < 0.5:
            lines.append(prefix.rstrip(" ") if rng.random() < 0.5 else "")
        elif kind < 0.65:
            fence = rng.choice(FENCES)
            lines.append(prefix + fence)
            if rng.random() < 0.7:  # a body, then the fence closed as it was opened
                lines += [f"{prefix}code {token}x", prefix + fence.split(" ")[0].split("{")[0]]
        elif kind < 0.75:
            lines.append(f"{prefix}```x``` inline {token}")
        elif kind < 0.9:
            lines.append(prefix + rng.choice(OPENERS))
            if rng.random() < 0.8:
                lines += [f"{prefix}Staff words {token}s.", prefix + ":::"]
        else:
            lines.append(prefix + ":::")
    return lines


class Where(HTMLParser):
    """Tokens of the rendered HTML, and which of them sit in a code block (<pre>)."""

    def __init__(self):
        super().__init__()
        self.depth, self.all, self.in_pre = 0, set(), set()

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "pre"

    def handle_endtag(self, tag):
        self.depth -= tag == "pre"

    def handle_data(self, data):
        found = set(TOKEN.findall(data))
        self.all |= found
        if self.depth:
            self.in_pre |= found


def rendered(md: Markdown, text: str) -> Where:
    where = Where()
    where.feed(md.convert(text))
    return where


def indented_code(line: str) -> bool:
    """A line Markdown may take as indented code (four spaces, after any quote markers)."""
    rest = re.sub(r"^(?:\s{0,3}>\s?)*", "", line.expandtabs(4))
    return rest.startswith("    ") or line.startswith("\t")


def staff_tokens(nodes) -> set[str]:
    found = set()
    for node in nodes:
        if isinstance(node, Block):
            inner = {t for line in _lines(node.children) for t in TOKEN.findall(line)}
            found |= inner if node.type == "facilitator" else staff_tokens(node.children)
    return found


def _lines(nodes):
    for node in nodes:
        yield from (node.lines if isinstance(node, Text) else _lines(node.children))


def test_parser_takes_as_code_exactly_what_the_renderer_does(site_markdown):
    rng = random.Random(11)
    compared = 0
    for _ in range(BODIES):
        lines = generate(rng, PLAIN_PREFIXES)
        code, _ = fenced_code(lines)
        where = rendered(site_markdown, "\n".join(lines))
        for line, is_code in zip(lines, code):
            for token in TOKEN.findall(line):
                if token in where.all:
                    compared += 1
                    assert (token in where.in_pre) == is_code, (line, is_code, lines)
    assert compared > BODIES * 5


def test_every_staff_block_is_read_or_refused_and_never_reaches_participants(site_markdown):
    rng = random.Random(20261123)
    refused = accepted = 0
    for _ in range(BODIES):
        lines = generate(rng, HOSTILE_PREFIXES)
        problems = Problems("m.md")
        nodes = parse_body(lines, 1, problems)
        code, _ = fenced_code(lines)
        # The parser may call a line code that Markdown shows as text (then no block line is
        # read there, and a staff block line is refused), never the other way round, but for
        # indented code, where no block line is accepted.
        where = rendered(site_markdown, "\n".join(lines))
        for line, is_code in zip(lines, code):
            for token in TOKEN.findall(line):
                if token in where.in_pre and not is_code:
                    assert indented_code(line), (line, lines)
        if problems.errors:
            refused += 1
            continue
        accepted += 1
        opened = {b.line for b in _walk(nodes) if b.type == "facilitator"}
        looks = {i + 1 for i, line in enumerate(lines) if "facilitator" in line and ":::" in line}
        assert looks <= opened, (lines, looks, opened)
        participant = rendered(site_markdown, web.render(ed.select(nodes, (ed.PARTICIPANT,)), ed.PARTICIPANT))
        assert not staff_tokens(nodes) & participant.all, lines
    # The generator reaches both outcomes often, so both halves of the test ran.
    assert refused > BODIES // 10 and accepted > BODIES // 10, (refused, accepted)


def _walk(nodes):
    for node in nodes:
        if isinstance(node, Block):
            yield node
            yield from _walk(node.children)
