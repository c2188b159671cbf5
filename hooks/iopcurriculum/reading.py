"""A Markdown source with front matter (a module, a translation), read and checked once: its
body parsed into a tree, its front matter validated against a schema, and the checks every such
file shares (its id is its file name; a review that signs it off is complete)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import schema
from .blocks import parse_body
from .problems import Problems
from .sourcefile import read_source
from .structure import Node


@dataclass
class Read:
    meta: dict  # the front matter, validated, defaults filled in
    lines: dict[str, int]  # top-level key -> line
    body: list[Node]


def read_checked(path: Path, spec: dict, problems: Problems, *, project: Path, signed_off_by: str) -> Read | None:
    """None when the front matter cannot be used (problems say why); body errors alone still
    return it, so checks across files run. `signed_off_by`: who an approved file's review names."""
    source = read_source(path, problems, project=project)
    if source is None:
        return None
    body = parse_body(source.body, source.body_line, problems)
    if source.meta is None:
        return None
    before = len(problems.errors)
    meta = schema.validate(source.meta, spec, source.lines, problems)
    lines = {key[0]: line for key, line in source.lines.items() if len(key) == 1}
    if len(problems.errors) > before:
        return None
    if meta["id"] != path.stem:
        problems.error(lines.get("id"), f"id '{meta['id']}' must match the file name '{path.stem}'")
    review = meta.get("review")
    if meta["status"] == "approved" and not review:
        problems.error(lines.get("status"), "status 'approved' needs review details "
                       f"(review: reviewer, credentials, date, next_due){signed_off_by}")
    if review and review["next_due"] < review["date"]:
        problems.error(lines.get("review"), "review.next_due is before review.date")
    return Read(meta, lines, body)
