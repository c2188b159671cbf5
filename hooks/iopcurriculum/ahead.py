"""Pages turned into HTML ahead of the build, in a forked process on the second core.

A build of both editions converts about twice the Markdown of plain mkdocs-material. A forked
copy of the build (forked.Forked) converts pages from the last one backwards while the build
converts from the first; when the build reaches a page converted ahead, it takes the result
instead of converting it (the hook's page class calls `take` from MkDocs' `Page.render`).

A result is taken only if it was made from the very Markdown the build is about to convert
(after every plugin's page events), so a page is the same either way. The forked process
converts with MkDocs' own `Page.render`, and what it hands back is what that method sets on a
page: content, table of contents, title from the content, anchor ids and links to anchors
(tests/test_ahead.py checks that a page converted ahead equals one converted in the build, so a
new attribute in a later MkDocs fails the test). Duck-typed on MkDocs' pages and files, so
nothing here imports MkDocs: the hook hands in `render` (Page.render) and `front_matter`
(mkdocs.utils.meta.get_data, which Page.read_source uses).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .forked import Forked


@dataclass
class Rendered:
    markdown: str  # what it was made from
    content: str
    toc: object
    title_from_render: str | None
    present_anchor_ids: set
    links_to_anchors: dict | None  # by the linked file's src_uri; None when MkDocs sets none


def start(pages: list, config, files, render: Callable, front_matter: Callable) -> Forked:
    """Convert `pages` in a forked process, in their order."""
    return Forked(pages, lambda page: _render(page, config, files, render, front_matter),
                  key=lambda page: page.file.src_uri)


def _render(page, config, files, render: Callable, front_matter: Callable) -> Rendered:
    # In the forked process: the page is the process's own copy.
    page.markdown = front_matter(page.file.content_string)[0]  # as Page.read_source reads it
    render(page, config, files)
    links = vars(page).get("links_to_anchors")  # set only when MkDocs' log level is above DEBUG
    return Rendered(page.markdown, page.content, page.toc, page._title_from_render, page.present_anchor_ids,
                    None if links is None else {target.src_uri: found for target, found in links.items()})


def take(page, files, forked: Forked | None) -> bool:
    """Give `page` what was made for it ahead, if anything was made from its Markdown as it is now."""
    if forked is None:
        return False
    done = forked.take(page.file.src_uri, accept=lambda made: made.markdown == page.markdown)
    if done is None:
        return False
    page.content, page.toc, page._title_from_render = done.content, done.toc, done.title_from_render
    page.present_anchor_ids = done.present_anchor_ids
    if done.links_to_anchors is not None:
        page.links_to_anchors = {files.get_file_from_path(uri): found for uri, found in done.links_to_anchors.items()}
    return True
