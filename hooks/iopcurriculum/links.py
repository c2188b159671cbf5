"""Links between pages, checked at the line that writes them, before anything is built.

A link to a place in a page (`cravings.md#urge-surfing-practice`, `#check-in`) must lead to a
heading or activity that exists in the edition the link is read in: a handout's link to a
heading inside a facilitator block leads nowhere. A link in a hand-written page must lead to
a page this build makes. (That a module link names a built module is checked when the
curriculum loads.) MkDocs would find these too, but one at a time and at the generated page,
not at the line an author edits.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Callable

from markdown.extensions.toc import slugify, unique

from . import edition as ed
from .blocks import fenced_code
from .inert import shown_as_markup
from .problems import Problems
from .structure import Block, Node, Text

INLINE = re.compile(r"\]\(\s*<?([^)\s>]*?)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
EXPLICIT_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
HTML_ID = re.compile(r"\bid=\"([^\"]+)\"")
INLINE_MARKUP = re.compile(r"<[^>]+>|[*_`]|\[([^\]]*)\]\([^)]*\)")


@dataclass
class Link:
    line: int
    path: str  # the part before '#': "" for a place in the same page
    fragment: str
    editions: tuple[str, ...]  # the editions whose page shows the link


def links_in(nodes: list[Node], editions: tuple[str, ...]) -> list[Link]:
    """Every relative link in a body (fenced code aside), with the editions that show it."""
    found: list[Link] = []
    for node in nodes:
        if isinstance(node, Block):
            shown = tuple(e for e in editions if ed.visible(node, (e,)))
            if shown:
                found += links_in(node.children, shown)
            continue
        code, _ = fenced_code(node.lines)
        text = shown_as_markup("\n".join("" if is_code else line for line, is_code in zip(node.lines, code)))
        for offset, line in enumerate(text.split("\n")):
            targets = [m.group(1) for m in INLINE.finditer(line)]
            definition = DEFINITION.match(line)
            targets += [definition.group(1)] if definition else []
            for target in targets:
                if target and not SCHEME.match(target) and not target.startswith("/"):
                    path, _, fragment = target.partition("#")
                    found.append(Link(node.line + offset, path, fragment, editions))
    return found


def anchors(markdown: str) -> set[str]:
    """The ids a page's headings get (explicit `{#id}`, else the toc extension's slug, made
    unique as it makes them), and ids written in raw HTML."""
    ids: set[str] = set()
    lines = markdown.split("\n")
    code, _ = fenced_code(lines)
    for line, is_code in zip(lines, code):
        if is_code:
            continue
        ids.update(HTML_ID.findall(line))
        heading = HEADING.match(line)
        if heading:
            text = heading.group(2)
            explicit = EXPLICIT_ID.search(text)
            if explicit:
                ids.add(explicit.group(1))
            else:
                unique(slugify(INLINE_MARKUP.sub(lambda m: m.group(1) or "", text), "-"), ids)
    return ids


def check(pages: dict[str, str], bodies: list[tuple[str, list[Node], tuple[str, ...], Problems]]) -> None:
    """`pages`: every page this build makes, src_uri -> its Markdown. `bodies`: for each source
    body, the src_uri its page has in each edition ("{edition}" stands for the edition), its
    nodes, the editions it is built for, and where to report."""
    cache: dict[str, set[str]] = {}

    def anchors_of(uri: str) -> set[str]:
        if uri not in cache:
            cache[uri] = anchors(pages[uri])
        return cache[uri]

    for uri_pattern, nodes, editions, problems in bodies:
        for link in links_in(nodes, editions):
            if link.path and not link.path.endswith(".md"):
                continue  # files and images: the quality checks look for them
            for edition in link.editions:
                here = uri_pattern.format(edition=edition)
                target = posixpath.normpath(posixpath.join(posixpath.dirname(here), link.path)) if link.path else here
                if target not in pages:
                    if "{edition}" not in uri_pattern:  # module links are checked on load
                        problems.error(link.line, f"link to '{link.path}' leads to no page in this build")
                    break
                if link.fragment and link.fragment not in anchors_of(target):
                    where = "" if "{edition}" not in uri_pattern else f" of the {edition} edition"
                    problems.error(link.line, f"link to '{link.path}#{link.fragment}' leads to no heading or "
                                              f"activity '#{link.fragment}' in '{target}'{where}")
                    break


def check_build(curriculum, docs: dict, generated: list, problems_for: Callable[[object], Problems]) -> None:
    """Links in the modules and hand-written pages of one build."""
    editions = tuple(dict.fromkeys(page.edition for page in generated if page.edition in ed.EDITIONS))
    pages = {page.src_uri: page.markdown for page in generated}
    pages.update({uri: page.markdown for uri, page in docs.items()})
    english = tuple(e for e in editions if not ed.EDITION[e].translated)
    bodies = [(f"{{edition}}/{module.id}.md", module.body, english, problems_for(module.path))
              for module in curriculum.modules]
    for edition in set(editions) - set(english):  # a translated edition's pages are its translations'
        language = curriculum.languages[ed.language(edition)]
        bodies += [(f"{{edition}}/{t.module_id}.md", t.body, (edition,), problems_for(t.path))
                   for t in language.translations.values()]
    bodies += [(uri, page.nodes, editions, problems_for(page.path)) for uri, page in docs.items()]
    check(pages, bodies)
