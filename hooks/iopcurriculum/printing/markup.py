"""Typst markup, safe by construction: every piece of text becomes a Typst string literal
(`#"..."`), so nothing an author writes is read as Typst code, and only our own templates call
functions. HTML from Python-Markdown (the site's own extensions, so print and screen read
Markdown alike) is parsed into a small tree and written out element by element; an element
not known here prints its text, and one that can hold no printable text (script, style) prints
nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Callable

# Labels are written as `<name>` markup: only these characters, so no label can end the markup.
LABEL = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
VOID = {"br", "hr", "img", "input", "wbr", "meta", "link", "source", "col", "area", "base", "embed", "param", "track"}
DROPPED = {"script", "style", "template", "textarea", "iframe", "object", "noscript", "select", "button", "head", "title"}
BLOCK = {"p", "div", "section", "article", "aside", "ul", "ol", "li", "table", "blockquote", "pre", "hr",
         "h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd", "details", "summary", "figure", "figcaption",
         "header", "footer", "nav", "main"}
SPACE = re.compile(r"\s+")


def string(text: str) -> str:
    """A Typst string literal of `text`."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def text(value: str) -> str:
    """`value` as text in Typst markup."""
    return f"#{string(value)}" if value else ""


def label(name: str) -> str:
    """A label to attach to the element before it; empty when the name could not be one."""
    return f" <{name}>" if LABEL.fullmatch(name) else ""


def anchor(module_id: str, fragment: str = "") -> str:
    """The label of a module (or of a place in it) inside a printed document."""
    return f"mod-{module_id}" + (f"--{fragment}" if fragment else "")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list["Element | str"] = field(default_factory=list)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


# A link's target becomes markup: (href, label markup, label's plain text) -> markup.
LinkWriter = Callable[[str, str, str], str]
# An image's source becomes the path Typst reads (inside its root), or None when it may not.
ImageResolver = Callable[[str], "str | None"]


@dataclass
class Writer:
    """Writes one HTML fragment as Typst markup."""
    links: LinkWriter
    images: ImageResolver = lambda src: None
    ids: Callable[[str], str] = lambda fragment: fragment  # a heading's id -> its label

    def blocks(self, html: str) -> str:
        return self.flow(parse_html(html).children)

    def inline_html(self, html: str) -> str:
        """A short fragment (one paragraph) as inline markup."""
        root = parse_html(html)
        if len(root.children) == 1 and isinstance(root.children[0], Element) and root.children[0].tag == "p":
            return self.inline(root.children[0].children)
        return self.flow(root.children)

    # ---- block level

    def flow(self, nodes: list[Element | str]) -> str:
        """Nodes in a block container: blocks apart, runs of inline content as paragraphs."""
        out: list[str] = []
        run: list[Element | str] = []

        def end_run():
            # Only white space between two blocks (the HTML's line breaks) is no paragraph: as
            # one, it set a blank line between blocks, and a heading kept with it, not with what follows.
            if any(not isinstance(node, str) or node.strip() for node in run):
                markup = self.inline(run).strip()
                if markup:
                    out.append(markup)
            run.clear()

        for node in nodes:
            if isinstance(node, Element) and node.tag in BLOCK:
                end_run()
                markup = self.block(node)
                if markup:
                    out.append(markup)
            else:
                run.append(node)
        end_run()
        return "\n\n".join(out)

    def block(self, e: Element) -> str:
        tag, classes = e.tag, e.classes()
        if tag in DROPPED:
            return ""
        if tag == "p":
            return self.inline(e.children).strip()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = int(tag[1])
            ident = e.attrs.get("id", "")
            return f"#heading(level: {level})[{self.inline(e.children).strip()}]" + (label(self.ids(ident)) if ident else "")
        if tag in ("ul", "ol"):
            return self.listing(e)
        if tag == "table":
            return self.table(e)
        if tag == "blockquote":
            return f"#quote(block: true)[{self.flow(e.children)}]"
        if tag == "pre":
            return f"#raw(block: true, {string(e.text())})"
        if tag == "hr":
            return "#line(length: 100%, stroke: 0.5pt + rule)"
        if tag == "dl":
            return self.definitions(e)
        if tag in ("div", "details") and (classes & {"admonition"} or tag == "details"):
            return self.admonition(e)
        return self.flow(e.children)  # div, section, figure, li outside a list, ...

    def admonition(self, e: Element) -> str:
        title, rest = None, []
        for child in e.children:
            if title is None and isinstance(child, Element) and (
                    "admonition-title" in child.classes() or child.tag == "summary"):
                title = self.inline(child.children).strip()
            else:
                rest.append(child)
        look = next((c for c in e.classes() if c != "admonition"), "note")
        title_arg = f", title: [{title}]" if title else ""
        return f"#callout(look: {string(look)}{title_arg})[{self.flow(rest)}]"

    def listing(self, e: Element) -> str:
        items = [c for c in e.children if isinstance(c, Element) and c.tag == "li"]
        if items and all("task-list-item" in i.classes() for i in items):
            parts = []
            for item in items:
                boxes = [x for x in _descendants(item) if x.tag == "input"]
                done = "true" if boxes and "checked" in boxes[0].attrs else "false"
                rest = _without_inputs(item.children)
                if rest and isinstance(rest[0], str):
                    rest[0] = rest[0].lstrip()  # the space after the box
                parts.append(f"({done}, [{self.flow(rest)}])")
            return f"#tasklist({', '.join(parts)})"
        tight = not any(isinstance(c, Element) and c.tag == "p" for i in items for c in i.children)
        body = ", ".join(f"[{self.flow(i.children)}]" for i in items)
        if e.tag == "ol":
            start = e.attrs.get("start", "1")
            start = int(start) if start.isdigit() and len(start) < 7 else 1
            return f"#enum(tight: {str(tight).lower()}, start: {start}, {body})" if items else ""
        return f"#list(tight: {str(tight).lower()}, {body})" if items else ""

    def table(self, e: Element) -> str:
        head: list[Element] = []
        body: list[Element] = []
        for part in (c for c in e.children if isinstance(c, Element)):
            if part.tag == "tr":
                body.append(part)
            elif part.tag in ("thead", "tbody", "tfoot"):
                (head if part.tag == "thead" else body).extend(
                    r for r in part.children if isinstance(r, Element) and r.tag == "tr")
        rows = head + body
        if not rows:
            return ""
        width = max(len(_cells(r)) for r in rows)
        aligns = ["left"] * width
        for row in head or rows[:1]:
            for i, cell in enumerate(_cells(row)):
                style = cell.attrs.get("style", "").replace(" ", "") + " " + cell.attrs.get("align", "")
                if "right" in style:
                    aligns[i] = "right"
                elif "center" in style:
                    aligns[i] = "center"

        def cells(row):
            found = [f"th[{self.flow(c.children)}]" if c.tag == "th" else f"[{self.flow(c.children)}]"
                     for c in _cells(row)]
            return found + ["[]"] * (width - len(found))

        parts = []
        if head and any(c.text().strip() for r in head for c in _cells(r)):
            parts.append("table.header(" + ", ".join(cell for r in head for cell in cells(r)) + ")")
        parts += [cell for r in body for cell in cells(r)]
        return (f"#table(columns: {width}, align: ({', '.join(aligns)},), "
                + ", ".join(parts) + ")")

    def definitions(self, e: Element) -> str:
        out = []
        for child in e.children:
            if isinstance(child, Element) and child.tag == "dt":
                out.append(f"#strong[{self.inline(child.children).strip()}]")
            elif isinstance(child, Element) and child.tag == "dd":
                out.append(f"#pad(left: 1.2em)[{self.flow(child.children)}]")
        return "\n\n".join(out)

    # ---- inline level

    def inline(self, nodes: list[Element | str]) -> str:
        return "".join(self.span(node) for node in nodes)

    def span(self, node: Element | str) -> str:
        if isinstance(node, str):
            return text(SPACE.sub(" ", node))
        tag = node.tag
        if tag in DROPPED:
            return ""
        if tag in BLOCK:  # a block inside inline content (a list in a tight list item)
            return "\n\n" + self.block(node) + "\n\n"
        inner = lambda: self.inline(node.children)  # noqa: E731
        if tag in ("strong", "b"):
            return f"#strong[{inner()}]"
        if tag in ("em", "i", "cite", "dfn"):
            return f"#emph[{inner()}]"
        if tag in ("del", "s", "strike"):
            return f"#strike[{inner()}]"
        if tag == "u" or tag == "ins":
            return f"#underline[{inner()}]"
        if tag == "mark":
            return f"#highlight[{inner()}]"
        if tag == "sup":
            return f"#super[{inner()}]"
        if tag == "sub":
            return f"#sub[{inner()}]"
        if tag in ("code", "kbd", "samp", "tt"):
            return f"#raw({string(node.text())})"
        if tag == "br":
            return "#linebreak()"
        if tag == "a":
            return self.links(node.attrs.get("href", ""), inner(), SPACE.sub(" ", node.text()).strip())
        if tag == "img":
            return self.image(node)
        if tag == "input":
            return "#box(width: 0.85em, height: 0.85em, stroke: 1pt + ink)" if node.attrs.get("type") == "checkbox" else ""
        return inner()  # span, abbr, label, small, ...

    def image(self, e: Element) -> str:
        alt = SPACE.sub(" ", e.attrs.get("alt", "")).strip()
        path = self.images(e.attrs.get("src", ""))
        if path is None:
            return text(f"[{alt}]") if alt else ""
        return f"#image({string(path)}, alt: {string(alt or 'Picture')}, width: 100%, fit: \"contain\", height: auto)"


def _descendants(e: Element):
    for child in e.children:
        if isinstance(child, Element):
            yield child
            yield from _descendants(child)


def _without_inputs(nodes):
    out = []
    for node in nodes:
        if isinstance(node, Element):
            if node.tag == "input" or "task-list-indicator" in node.classes():
                continue
            out.append(Element(node.tag, node.attrs, _without_inputs(node.children)))
        else:
            out.append(node)
    return out


def _cells(row: Element) -> list[Element]:
    return [c for c in row.children if isinstance(c, Element) and c.tag in ("td", "th")]
