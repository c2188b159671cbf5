"""A module's content for one edition, as HTML for paper.

The Markdown is the same the web pages are made from (a module's Document and the page parts
pages.py names), converted with the site's own Markdown extensions, then adjusted for print: ids made
unique per module (a bound book holds many "Check-in" headings), links between modules turned
into references inside the book, link targets printed where a reader needs them, and
write-in boxes turned into ruled lines.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable

import markdown

from .. import pages
from ..document import Document
from ..structure import Curriculum, Module

# Extensions and settings when none are given (tests, or use outside MkDocs); the hook passes
# mkdocs.yml's own, so print and screen read Markdown alike.
DEFAULT_EXTENSIONS = ["toc", "tables", "admonition", "attr_list", "md_in_html", "pymdownx.superfences",
                      "pymdownx.tasklist"]
DEFAULT_CONFIGS = {"pymdownx.tasklist": {"custom_checkbox": True}}

WRITE_IN = re.compile(
    r'(<p>(?:(?!</?p>).)*</p>\s*)?<div class="cur-writein" style="--cur-lines: (\d+)">.*?<div[^>]*class="cur-ruled"[^>]*>\s*</div>\s*</div>',
    re.S)
ID_ATTR = re.compile(r'\bid="([^"]+)"')
LOCAL_HREF = re.compile(r'\bhref="#([^"]*)"')
LINK = re.compile(r'<a\b([^>]*?)\bhref="([^"]*)"([^>]*)>(.*?)</a>', re.S)
MODULE_HREF = re.compile(r'^(?:[^"#]*/)?([a-z0-9]+(?:-[a-z0-9]+)*)\.md(?:#(.*))?$')
TAG = re.compile(r"<[^>]+>")


@dataclass
class Markdown:
    """Python-Markdown set up like the site; `for_print` drops the ¶ permalinks."""
    extensions: list
    configs: dict

    @classmethod
    def like_site(cls, extensions: list | None = None, configs: dict | None = None) -> "Markdown":
        configs = {name: dict(value) for name, value in (configs or DEFAULT_CONFIGS).items()}
        configs.setdefault("toc", {})["permalink"] = False
        return cls(list(extensions or DEFAULT_EXTENSIONS), configs)

    def convert(self, text: str) -> str:
        return markdown.Markdown(extensions=self.extensions, extension_configs=self.configs).convert(text)


def anchor(module_id: str, fragment: str = "") -> str:
    """The id of a module (or of a place in it) inside a printed document."""
    return f"mod-{module_id}" + (f"--{fragment}" if fragment else "")


def module_markdown(curriculum: Curriculum, document: Document) -> str:
    """What follows a module's title in print: the parts of its web page, from the same
    document, less those the print templates lay out themselves (the summary) or that lead to
    web pages (only the facilitator edition is named, so no link to a web handout appears)."""
    parts = pages.content_parts(curriculum, document, (document.edition,))
    return "".join(text for name, text in parts if name != "summary")


def module_content(curriculum: Curriculum, document: Document, md: Markdown) -> str:
    """A module's content as print HTML, before its links are set for a document
    (converted once, used in both the module's own PDF and the bound book)."""
    module_id = document.module.id
    text = md.convert(module_markdown(curriculum, document))
    text = WRITE_IN.sub(_ruled_lines, text)
    text = ID_ATTR.sub(lambda m: f'id="{anchor(module_id, m.group(1))}"', text)
    return LOCAL_HREF.sub(lambda m: f'href="#{anchor(module_id, m.group(1))}"', text)


def set_links(content: str, module: Module, titles: dict[str, str], *, bound: bool) -> str:
    """Links for paper. `titles` maps module ids to the titles used for references; in a
    bound book a link to another module becomes a link to its page."""
    return LINK.sub(_link_rewriter(module, titles, bound), content)


def _ruled_lines(match: re.Match) -> str:
    """A write-in box becomes ruled lines, kept on one page with the prompt above them."""
    prompt, lines = match.group(1) or "", max(1, int(match.group(2)))
    ruled = '<div class="cur-writein">' + '<div class="cur-line"></div>' * lines + "</div>"
    return f'<div class="cur-prompt">{prompt}{ruled}</div>' if prompt else ruled


def rich_text(md: Markdown, text: str) -> str:
    """A short Markdown text (a crisis resource) as inline HTML, links printed for paper."""
    converted = md.convert(text).strip()
    if converted.startswith("<p>") and converted.endswith("</p>") and converted.count("<p>") == 1:
        converted = converted[3:-4]
    return LINK.sub(_link_rewriter(None, {}, False), converted)


def _link_rewriter(module: Module | None, titles: dict[str, str], bound: bool) -> Callable[[re.Match], str]:
    def rewrite(match: re.Match) -> str:
        before, href, after, label = match.groups()
        attrs = before + after
        text = html.unescape(TAG.sub("", label)).strip()
        if href.startswith("#"):
            return match.group(0)
        target = MODULE_HREF.match(href)
        if target:
            other, fragment = target.group(1), target.group(2) or ""
            if other not in titles:
                return label
            if bound:
                return f'<a{attrs} class="cur-xref" href="#{anchor(other, fragment)}">{label}</a>'
            if module is not None and other == module.id:
                return f'<a{attrs} href="#{anchor(other, fragment)}">{label}</a>'
            return f'{label}<span class="cur-link-target"> (see “{html.escape(titles[other])}”)</span>'
        scheme = href.split(":", 1)[0].lower() if ":" in href else ""
        shown = printed_target(href, text, scheme)
        if scheme not in ("http", "https", "mailto", "tel"):
            return label  # a page of the web site: nothing to follow on paper
        suffix = f'<span class="cur-link-target"> ({html.escape(shown)})</span>' if shown else ""
        return f'<a{attrs} href="{href}">{label}</a>{suffix}'
    return rewrite


def printed_target(href: str, text: str, scheme: str) -> str:
    """What to print after a link so it can be followed on paper; empty when the link text
    already says it (a phone number written out, or a web address shown as the text)."""
    if scheme == "tel":
        number = href[4:]
        digits = re.sub(r"\D", "", number)
        shown_digits = re.sub(r"\D", "", text)
        if digits and (digits == shown_digits or digits.endswith(shown_digits) and len(shown_digits) >= 3):
            return ""
        return _phone(number)
    if scheme == "mailto":
        address = href[7:].split("?")[0]
        return "" if address.lower() in text.lower() else address
    if scheme in ("http", "https"):
        bare = re.sub(r"^https?://(www\.)?", "", href).rstrip("/")
        if bare.lower() in text.lower() or href.lower() in text.lower():
            return ""
        return bare
    return ""


def _phone(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
        return f"1-{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return number
