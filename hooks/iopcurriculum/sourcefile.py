"""Read a source file: strict UTF-8, YAML front matter and body, with line numbers kept."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problems

# libyaml when the machine has it: many times faster on a curriculum of hundreds of modules.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Source:
    meta: dict | None  # None when the front matter could not be read (already reported)
    lines: dict[tuple, int]  # key path, e.g. ("review", "date") -> file line number
    body: list[str]
    body_line: int  # file line number of body[0]
    has_front_matter: bool


def read_text(path: Path, problems: Problems) -> str | None:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.error(line, f"file is not UTF-8 (byte {data[err.start]:#04x}); save it as UTF-8")
        return None


def load_yaml(text: str, first_line: int, problems: Problems) -> tuple[object, dict[tuple, int]]:
    """Parse YAML, reporting syntax errors and repeated keys at their file line."""
    try:
        node = yaml.compose(text, Loader=LOADER)
        # Values come from the same node tree, so the text is parsed once.
        data = LOADER("").construct_document(node) if node is not None else None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = first_line + mark.line if mark else first_line
        reason = getattr(err, "problem", None) or str(err).splitlines()[0]
        problems.error(line, f"YAML cannot be read: {reason}")
        return None, {}
    lines: dict[tuple, int] = {}
    if node is not None:
        lines[()] = first_line + node.start_mark.line
        _collect_lines(node, (), first_line, lines, problems)
    return data, lines


def _collect_lines(node, path: tuple, first_line: int, lines: dict, problems: Problems) -> None:
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            line = first_line + key_node.start_mark.line
            if key in seen:
                problems.error(line, f"key '{'.'.join(map(str, path + (key,)))}' appears twice")
            seen.add(key)
            lines[path + (key,)] = line
            _collect_lines(value_node, path + (key,), first_line, lines, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = first_line + item.start_mark.line
            _collect_lines(item, path + (index,), first_line, lines, problems)


def read_source(path: Path, problems: Problems, require_front_matter: bool = True) -> Source | None:
    text = read_text(path, problems)
    if text is None:
        return None
    return parse_source(text, problems, require_front_matter)


def markdown_lines(text: str) -> list[str]:
    """Lines as Markdown splits them: at LF, CR LF and CR only. str.splitlines also splits at
    characters Markdown keeps inside a line (U+2028, NEL, form feed...), and the block parser
    must see the lines the renderer sees."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines and not lines[-1] else lines


def parse_source(text: str, problems: Problems, require_front_matter: bool = True) -> Source | None:
    """Front matter and body of a file's text (read_source, or an older version from git)."""
    all_lines = markdown_lines(text)
    if not all_lines or all_lines[0].strip() != "---":
        if require_front_matter:
            problems.error(1, "file must start with YAML front matter between '---' lines")
            return None
        return Source({}, {}, all_lines, 1, False)
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
    return Source(meta, lines, all_lines[end + 1:], end + 2, True)
