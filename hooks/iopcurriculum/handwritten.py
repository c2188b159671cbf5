"""The hand-written pages in docs/: they may hold `::: facilitator` and `::: participant`
blocks too, and a page whose front matter says `edition: facilitator` is left out of a
participant build altogether (the authoring and publishing guides are for staff)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import edition as ed
from . import safefiles
from .blocks import parse_body
from .problems import Problems
from .sourcefile import parse_source, read_text, split_lines


@dataclass
class HandWrittenPage:
    src_uri: str
    edition: str  # all | facilitator | participant
    markdown: str


def load_docs(docs_dir: Path, editions: tuple[str, ...], found: list[Problems]) -> dict[str, HandWrittenPage]:
    """Pages to build, keyed by src_uri; pages for an edition not built are absent."""
    # Hand-written pages show the blocks of every edition in this build.
    primary = ed.FACILITATOR if ed.FACILITATOR in editions else ed.PARTICIPANT
    pages: dict[str, HandWrittenPage] = {}
    refused = safefiles.check_tree(docs_dir, docs_dir.parent)  # MkDocs copies every file in docs/
    found.extend(refused)
    for path in sorted(docs_dir.rglob("*.md")):
        problems = Problems(path, docs_dir.parent)
        if any(problems.path == bad.path for bad in refused):
            continue  # reported above
        found.append(problems)
        raw = read_text(path, problems, project=docs_dir.parent)
        source = parse_source(raw, problems, require_front_matter=False) if raw is not None else None
        if source is None or source.meta is None:
            continue
        page_edition = source.meta.get("edition", "all")
        if page_edition not in ("all", *ed.EDITIONS):
            problems.error(source.lines.get(("edition",)), f"edition must be all, facilitator or participant, "
                                                           f"not '{page_edition}'")
            continue
        body = parse_body(source.body, source.body_line, problems)
        if page_edition != "all" and page_edition not in editions:
            continue
        head = split_lines(raw)[: source.body_line - 1]  # the text parsed above, without its BOM
        uri = path.relative_to(docs_dir).as_posix()
        pages[uri] = HandWrittenPage(uri, page_edition, "\n".join(head) + "\n" + ed.render(body, primary, shown=editions) + "\n")
    return pages
