"""Stage 2: select what one edition sees. A module's tree is filtered once per edition
(`select`); the web renderer (web.py) and the print renderer read the filtered tree.

Which edition sees a block is the registry's `audience` (data/blocks.yml): facilitator blocks
reach facilitator editions only, participant blocks participant editions only (every
language).
"""
from __future__ import annotations

import re

from .blocks import fenced_code
from .editions import (AUDIENCES, EDITION, EDITIONS, FACILITATOR, FOLDERS, PARTICIPANT, TITLES, audience, english,
                       for_build, language)
from .registry import BLOCKS
from .structure import Block, Node

__all__ = ["AUDIENCES", "EDITION", "EDITIONS", "FACILITATOR", "FOLDERS", "PARTICIPANT", "TITLES", "audience", "english",
           "for_build", "language", "select", "visible", "without_comments"]

WRITE_IN = re.compile(r"^\s*_{3,}\s*$")


def write_in_runs(lines: list[str]) -> list[list[str] | int]:
    """A worksheet's lines split at each run of `___` lines: runs of other lines, and in their
    place each write-in run's number of lines (the web and print renderers give it room)."""
    out: list[list[str] | int] = [[]]
    for line in lines:
        if WRITE_IN.match(line):
            if isinstance(out[-1], int):
                out[-1] += 1
            else:
                out.append(1)
        else:
            if isinstance(out[-1], int):
                out.append([])
            out[-1].append(line)
    return out


def audiences_of(shown: tuple[str, ...]) -> frozenset[str]:
    """The audiences of these editions (or audiences: an English edition is named after its own)."""
    return frozenset(audience(name) for name in shown)


def visible(block: Block, shown: tuple[str, ...]) -> bool:
    return BLOCKS[block.type].seen_in(audiences_of(shown))


def select(nodes: list[Node], shown: tuple[str, ...]) -> list[Node]:
    """The tree as a build of the `shown` editions reads it: blocks no shown edition sees are
    gone, with everything inside them. Text nodes are shared with the source tree."""
    return _select(nodes, audiences_of(shown))


def _select(nodes: list[Node], audiences: frozenset[str]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Block):
            if BLOCKS[node.type].seen_in(audiences):
                out.append(Block(node.type, node.attrs, node.line, _select(node.children, audiences)))
        else:
            out.append(node)
    return out


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
