"""Read a source file: strict UTF-8, YAML front matter and body, with line numbers kept.

Every file the tool reads comes through here (and safefiles): a byte-order mark is dropped;
YAML anchors, aliases and tags are refused, and nesting is bounded, before any value is built,
so no input expands without limit or overflows the parser's stack; dates stay text until the
schema checks them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import safefiles
from .problems import Problems

# libyaml when the machine has it: many times faster on a curriculum of hundreds of modules.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
INT_TAG = "tag:yaml.org,2002:int"


class LOADER(_BASE_LOADER):
    """The safe loader without YAML's timestamp type: `date: 2026-02-30` arrives as text, and the
    schema reports it at its line (PyYAML's own constructor raises a bare ValueError there)."""


LOADER.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()
}

_NUMBERS = LOADER("")  # builds single integers for _check_int

# Front matter and settings are 4 levels deep at most; libyaml's composer recurses in C, and a
# 100,000-deep `[[[...` overflows its stack (a crash, not an exception).
MAX_DEPTH = 20
# Longer integers are no count of minutes; Python refuses to print one past 4,300 digits.
MAX_NUMBER_CHARS = 20
BOM = "\ufeff"
# The line breaks Python-Markdown knows, so line numbers agree with the renderer and with
# editors (str.splitlines would also split at \x0b, \x0c, \x1c-\x1e, \x85, \u2028, \u2029).
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class Source:
    meta: dict | None  # None when the front matter could not be read (already reported)
    lines: dict[tuple, int]  # key path, e.g. ("review", "date") -> file line number
    body: list[str]
    body_line: int  # file line number of body[0]


def read_text(path: Path, problems: Problems, *, project: Path) -> str | None:
    """The text of a file inside `project` (see safefiles), without a byte-order mark; None
    when it cannot be used (reported)."""
    data = safefiles.read_bytes(path, project, problems)
    if data is None:
        return None
    try:
        return data.decode("utf-8").removeprefix(BOM)
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.error(line, f"file is not UTF-8 (byte {data[err.start]:#04x}); save it as UTF-8")
        return None


def split_lines(text: str) -> list[str]:
    """Lines as Markdown sees them: split at \\n, \\r\\n and \\r only."""
    lines = LINE_BREAK.split(text)
    if lines[-1] == "":
        lines.pop()  # like str.splitlines: a final line break opens no line
    return lines


def load_yaml(text: str, first_line: int, problems: Problems) -> tuple[object, dict[tuple, int]]:
    """Parse YAML, reporting syntax errors, repeated keys, anchors, aliases, tags and too deep
    nesting at their file line (nothing is built from YAML that has any of these)."""
    errors_before = len(problems.errors)
    lines: dict[tuple, int] = {}
    try:
        if not _plain_yaml(text, first_line, problems):
            return None, {}
        node = yaml.compose(text, Loader=LOADER)
        if node is None:
            return None, {}
        lines[()] = first_line + node.start_mark.line
        _collect_lines(node, (), first_line, lines, problems)
        if len(problems.errors) > errors_before:
            return None, lines
        # Values come from the same node tree, so the text is parsed once.
        return LOADER("").construct_document(node), lines
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = first_line + mark.line if mark else first_line
        reason = getattr(err, "problem", None) or str(err).splitlines()[0]
        problems.error(line, f"YAML cannot be read: {reason}")
        return None, {}


def _plain_yaml(text: str, first_line: int, problems: Problems) -> bool:
    """Refuse anchors, aliases, tags and deep nesting, from the parser's events: one pass that
    builds nothing, and stops where the nesting passes MAX_DEPTH. False when any was found."""
    depth, clean = 0, True
    for event in yaml.parse(text, Loader=LOADER):
        line = first_line + event.start_mark.line
        if isinstance(event, yaml.AliasEvent):
            problems.error(line, f"YAML aliases are not allowed ('*{event.anchor}'): write the value out in full")
            clean = False
            continue
        if getattr(event, "anchor", None) is not None:
            problems.error(line, f"YAML anchors are not allowed ('&{event.anchor}'): write the value out in full")
            clean = False
        if getattr(event, "tag", None) is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            problems.error(line, f"YAML tags are not allowed ('{tag}'): write a plain value "
                                 f"(in quotes if it must stay text)")
            clean = False
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                problems.error(line, f"YAML is nested more than {MAX_DEPTH} levels deep here; a curriculum "
                                     f"needs 4 at most")
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return clean


def _collect_lines(node, path: tuple, first_line: int, lines: dict, problems: Problems) -> None:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == INT_TAG:
            _check_int(node, path, first_line + node.start_mark.line, problems)
    elif isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                problems.error(line, "a key must be a word or a number, not a list or a mapping")
                continue
            key = key_node.value
            if key in seen:
                problems.error(line, f"key '{'.'.join(map(str, path + (key,)))}' appears twice")
            seen.add(key)
            lines[path + (key,)] = line
            _collect_lines(value_node, path + (key,), first_line, lines, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = first_line + item.start_mark.line
            _collect_lines(item, path + (index,), first_line, lines, problems)


def _check_int(node: yaml.ScalarNode, path: tuple, line: int, problems: Problems) -> None:
    """An integer YAML will build: not too long, and not one its resolver takes but its
    constructor cannot read (`0x_`, `0b_` raise a bare ValueError in PyYAML)."""
    name = f"'{'.'.join(map(str, path))}'" if path else "a number"
    if len(node.value) > MAX_NUMBER_CHARS:
        problems.error(line, f"{name} must be a number of at most {MAX_NUMBER_CHARS} characters, not one of "
                             f"{len(node.value)}")
        return
    try:
        _NUMBERS.construct_yaml_int(node)
    except ValueError:
        problems.error(line, f"{name} must be a number YAML can read, not '{node.value}' (write text in quotes)")


def read_source(path: Path, problems: Problems, require_front_matter: bool = True, *,
                project: Path) -> Source | None:
    text = read_text(path, problems, project=project)
    if text is None:
        return None
    return parse_source(text, problems, require_front_matter)


def parse_source(text: str, problems: Problems, require_front_matter: bool = True) -> Source | None:
    """Front matter and body of a file's text (read_source, or an older version from git)."""
    all_lines = split_lines(text.removeprefix(BOM))
    if not all_lines or all_lines[0].strip() != "---":
        if require_front_matter:
            problems.error(1, "file must start with YAML front matter between '---' lines")
            return None
        return Source({}, {}, all_lines, 1)
    try:
        end = next(i for i in range(1, len(all_lines)) if all_lines[i].strip() in ("---", "..."))
    except StopIteration:
        problems.error(1, "front matter opened with '---' is never closed with '---'")
        return None
    errors_before = len(problems.errors)
    meta, lines = load_yaml("\n".join(all_lines[1:end]), 2, problems)
    if len(problems.errors) > errors_before:
        meta = None
    elif meta is None:
        meta = {}
    elif not isinstance(meta, dict):
        problems.error(2, "front matter must be a set of 'key: value' lines")
        meta = None
    return Source(meta, lines, all_lines[end + 1:], end + 2)
