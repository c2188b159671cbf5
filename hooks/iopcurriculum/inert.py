"""Pages stay private and inert: nothing an author writes loads from another host or runs.

A patient's reading is private, and sites must work offline, so an image, script, style,
frame, font or media file from another site is refused; so is anything that runs: <script>,
event handler attributes (onclick=...), javascript: links, frames, objects, forms. Ordinary
links to other sites stay allowed: they load nothing until the reader follows them.

Checked where the author wrote it, so every finding has its `path:line`: module bodies (both
editions: staff pages are no place for author scripts either), hand-written pages, the short
Markdown texts of front matter and curriculum.yml, and the stylesheets in docs/.
"""
from __future__ import annotations

import html
import re
from typing import Iterable

from .blocks import fenced_code
from .comments import HTML_COMMENT
from .problems import Problems
from .structure import Curriculum, Module, Node, Text

# Tags that run code, load another document or send what a reader types somewhere.
ACTIVE_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
               "style", "form", "portal", "svg", "math", "template", "noscript"}
# Attributes that load something when the page is shown.
LOADING_ATTRS = {"src", "srcset", "poster", "data", "background", "action", "formaction", "xlink:href",
                 "imagesrcset", "lowsrc", "dynsrc", "longdesc", "manifest", "codebase", "archive"}
FOLLOWED_ATTRS = {"href", "cite"}
ACTIVE_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")

CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
TAG = re.compile(r"<\s*([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>?", re.S)
ATTRIBUTE = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
MD_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)")
MD_LINK = re.compile(r"(?<!!)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)")
MD_IMAGE_REF = re.compile(r"!\[((?:[^\]\\]|\\.)*)\](?:\[((?:[^\]\\]|\\.)*)\])?")
REF_DEFINITION = re.compile(r"^ {0,3}\[((?:[^\]\\]|\\.)+)\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)|@import\s+(['\"])(.*?)\3", re.I | re.S)
CSS_ACTIVE = re.compile(r"expression\s*\(|behavior\s*:|-moz-binding", re.I)
URL_NOISE = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these inside a URL's scheme
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")


def _clean(url: str) -> str:
    return URL_NOISE.sub("", html.unescape(url)).lower()


def loads_from_elsewhere(url: str) -> bool:
    """A URL that, used for an image, style or script, is fetched from another host (or from
    the reader's own disk). Relative paths and inline data images stay on the page."""
    url = _clean(url)
    if url.startswith(("//", "\\\\", "/\\", "\\/")):
        return True
    if url.startswith("data:"):
        return not url.startswith("data:image/")
    return bool(SCHEME.match(url))


def runs_code(url: str) -> bool:
    return _clean(url).startswith(ACTIVE_SCHEMES)


def curriculum_texts(curriculum: Curriculum) -> list[tuple[int | None, str]]:
    """The Markdown texts of curriculum.yml that reach a page: crisis resources, description."""
    line = curriculum.lines.get("crisis_resources")
    texts = [(line, text) for r in curriculum.crisis_resources for text in (r.name, r.how)]
    languages = curriculum.settings.get("languages", {})
    texts += [(curriculum.lines.get("languages"), text) for spec in languages.values()
              for text in [spec["description"], *(t for r in spec["crisis_resources"] for t in (r["name"], r["how"]))]]
    return texts + [(curriculum.lines.get("description"), curriculum.settings.get("description", ""))]


def check_module(module: Module, problems: Problems) -> None:
    line = module.lines.get
    texts = [(line("title"), module.title), (line("participant_title"), module.participant_title or ""),
             (line("summary"), module.summary)]
    for key in ("objectives", "sources", "materials"):
        texts += [(line(key), value) for value in getattr(module, key)]
    check_texts(texts, problems)
    check_body(module.body, problems)


def check_texts(texts: Iterable[tuple[int | None, str]], problems: Problems) -> None:
    for number, text in texts:
        _check(text, number or 1, problems, definitions={})


def check_body(nodes: list[Node], problems: Problems) -> None:
    """A parsed body: every Text node outside fenced code (code is shown, never run)."""
    texts = list(_texts(nodes))
    definitions = {label.lower(): (number, url) for text, number in texts
                   for label, url, number in _definitions(text, number)}
    for text, number in texts:
        _check(text, number, problems, definitions)


def _texts(nodes: list[Node]):
    for node in nodes:
        if isinstance(node, Text):
            code, _ = fenced_code(node.lines)
            yield "\n".join("" if is_code else line for line, is_code in zip(node.lines, code)), node.line
        else:
            yield from _texts(node.children)


def _definitions(text: str, first_line: int):
    for match in REF_DEFINITION.finditer(text):
        yield match.group(1), match.group(2), first_line + text.count("\n", 0, match.start())


def _check(text: str, first_line: int, problems: Problems, definitions: dict) -> None:
    if not isinstance(text, str) or not any(c in text for c in "<[:("):  # a wrong type is the schema's to report
        return
    text = shown_as_markup(text)

    def at(position: int) -> int:
        return first_line + text.count("\n", 0, position)

    for tag in TAG.finditer(text):
        name = tag.group(1).lower()
        if name in ACTIVE_TAGS:
            problems.error(at(tag.start()), f"<{name}> is not allowed: pages run no author code and load "
                                            f"nothing from other sites (see 'What the build refuses')")
            continue
        for attribute in ATTRIBUTE.finditer(tag.group(2)):
            _check_attribute(name, attribute.group(1).lower(), _unquote(attribute.group(2) or ""),
                             at(tag.start()), problems)
    for image in MD_IMAGE.finditer(text):
        if loads_from_elsewhere(image.group(1)):
            problems.error(at(image.start()), f"image '{image.group(1)}' loads from another site: save it in "
                                              f"docs/images/ and link to it there")
    for link in MD_LINK.finditer(text):
        if runs_code(link.group(1)):
            problems.error(at(link.start()), f"link to '{link.group(1)[:40]}' would run code: link to a page instead")
    for link in AUTOLINK.finditer(text):
        if runs_code(link.group(1)):
            problems.error(at(link.start()), f"link to '{link.group(1)[:40]}' would run code: link to a page instead")
    for label, url, number in _definitions(text, first_line):
        if runs_code(url):
            problems.error(number, f"link to '{url[:40]}' would run code: link to a page instead")
    for image in MD_IMAGE_REF.finditer(text):
        label = (image.group(2) or image.group(1)).lower()
        number, url = definitions.get(label, (None, ""))
        if url and loads_from_elsewhere(url):
            problems.error(at(image.start()), f"image '{url}' (defined on line {number}) loads from another "
                                              f"site: save it in docs/images/ and link to it there")


def _check_attribute(tag: str, name: str, value: str, number: int, problems: Problems) -> None:
    if name.startswith("on"):
        problems.error(number, f"<{tag} {name}=...> runs code when the page is used: remove the attribute")
    elif name in LOADING_ATTRS and any(loads_from_elsewhere(part.split()[0]) for part in value.split(",")
                                       if part.strip()):
        problems.error(number, f"<{tag} {name}=\"{value[:60]}\"> loads from another site: save the file in "
                               f"docs/ and link to it there")
    elif (name in FOLLOWED_ATTRS or name in LOADING_ATTRS) and runs_code(value):
        problems.error(number, f"<{tag} {name}=\"{value[:40]}\"> would run code: link to a page instead")
    elif name == "style":
        _check_css(html.unescape(value), number, problems)


def check_stylesheet(css: str | None, problems: Problems) -> None:
    """A stylesheet shipped with the site loads nothing from other sites and runs nothing."""
    if css:
        _check_css(css, 1, problems)


def _check_css(css: str, first_line: int, problems: Problems) -> None:
    for match in CSS_URL.finditer(css):
        url = match.group(2) if match.group(2) is not None else match.group(4)
        # An inline data: image in a style is drawn, never run (the theme's icons are such masks).
        if loads_from_elsewhere(url) or (runs_code(url) and not _clean(url).startswith("data:image/")):
            problems.error(first_line + css.count("\n", 0, match.start()),
                           f"style loads '{url[:60]}' from another site: ship the file with the site instead")
    for match in CSS_ACTIVE.finditer(css):
        problems.error(first_line + css.count("\n", 0, match.start()), "style runs code (expression, behavior "
                                                                        "or binding): remove it")


def shown_as_markup(text: str) -> str:
    """`text` with comments and inline code blanked out (offsets and line breaks kept):
    comments never reach a page and code spans are shown as text, so neither links, loads
    nor runs anything."""
    return CODE_SPAN.sub(_blank, HTML_COMMENT.sub(_blank, text))


def _unquote(value: str) -> str:
    return value[1:-1] if value[:1] in "\"'" and value[-1:] == value[:1] and len(value) > 1 else value


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))
