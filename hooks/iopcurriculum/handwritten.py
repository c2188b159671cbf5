"""The hand-written pages in docs/: they may hold `::: facilitator` and `::: participant`
blocks too, and a page whose front matter says `edition: facilitator` is left out of a
participant build altogether (the authoring and publishing guides are for staff).

A page is built only when it has no problem: a page whose front matter cannot be read, or
names a key the build does not know, could be a staff page that lost its `edition:` line."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import edition as ed
from . import inert, safefiles, schema, web
from .blocks import parse_body
from .pages import front_matter
from .problems import Problems
from .sourcefile import read_source, read_text
from .structure import Node


@dataclass
class HandWrittenPage:
    src_uri: str
    path: Path
    edition: str  # all | facilitator | participant
    nodes: list[Node]  # the parsed body
    body_line: int  # file line number of the body's first line
    markdown: str  # what MkDocs builds, for the editions of this build


def load_docs(docs_dir: Path, editions: tuple[str, ...], found: list[Problems]) -> dict[str, HandWrittenPage]:
    """Every page without a problem, keyed by src_uri, staff pages too (the leak gate reads
    them); `for_build` picks those a build of `editions` makes."""
    # Hand-written pages show the blocks of every edition in this build.
    primary = ed.FACILITATOR if ed.FACILITATOR in editions else ed.PARTICIPANT
    pages: dict[str, HandWrittenPage] = {}
    refused = safefiles.check_tree(docs_dir, docs_dir.parent)  # MkDocs copies every file in docs/
    found.extend(refused)
    bad = {problems.path for problems in refused}
    for path in sorted(docs_dir.rglob("*.css")):
        problems = Problems.joining(found, path, docs_dir.parent)
        if problems.path not in bad:
            inert.check_stylesheet(read_text(path, problems, project=docs_dir.parent), problems)
    for path in sorted(docs_dir.rglob("*.md")):
        problems = Problems.joining(found, path, docs_dir.parent)
        if problems.path in bad:
            continue  # reported above
        source = read_source(path, problems, require_front_matter=False, project=docs_dir.parent)
        if source is None or source.meta is None:
            continue
        meta = schema.validate(source.meta, schema.DOCS_PAGE, source.lines, problems)
        staff_only = meta.get("edition") == ed.FACILITATOR
        body = parse_body(source.body, source.body_line, problems, staff_only=staff_only)
        inert.check_texts([(source.lines.get((key,)), meta[key]) for key in ("title", "description") if key in meta],
                          problems)
        inert.check_body(body, problems)
        if problems.errors:
            continue
        uri = path.relative_to(docs_dir).as_posix()
        head = front_matter(**meta) if source.meta else ""
        pages[uri] = HandWrittenPage(uri, path, meta["edition"], body, source.body_line,
                                     head + web.render(ed.select(body, editions), primary) + "\n")
    return pages


def for_build(pages: dict[str, HandWrittenPage], editions: tuple[str, ...]) -> dict[str, HandWrittenPage]:
    """The pages a build of `editions` makes: a staff page is left out of a participant build."""
    return {uri: page for uri, page in pages.items() if page.edition in ("all", *editions)}
