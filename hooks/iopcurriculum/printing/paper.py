"""Stage 4a: render for paper. A module's Document (its tree, filtered for the edition by
edition.select, as the web page is made from) becomes Typst markup: blocks as the registry
declares them (data/blocks.yml: a titled callout, or a timed segment), the Markdown inside them
through Python-Markdown with the site's extensions, write-in spaces as ruled lines, and the page's
parts in the order pages.PARTS names them. Links are set for paper: another module's becomes a
reference ("see <title>, page N" in a bound book), a web address is printed after its text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import segno

from .. import pages, strings
from ..document import Document
from ..edition import FACILITATOR, PARTICIPANT, audience, language, without_comments, write_in_runs
from ..outputs import LARGE, page_dir
from ..registry import BLOCKS
from ..structure import Block, Curriculum, Module, Node, Text
from ..web import clock, has_write_in, prompt_before
from .markup import Writer, anchor, label, string, text

# Extensions and settings when none are given (tests, or use outside MkDocs); the hook passes
# mkdocs.yml's own, so print and screen read Markdown alike.
DEFAULT_EXTENSIONS = ["toc", "tables", "admonition", "attr_list", "md_in_html", "pymdownx.superfences",
                      "pymdownx.tasklist"]
DEFAULT_CONFIGS = {"pymdownx.tasklist": {"custom_checkbox": True}}
MODULE_HREF = re.compile(r"^(?:[^\"#]*/)?([a-z0-9]+(?:-[a-z0-9]+)*)\.md(?:#(.*))?$")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
# A callout of at most this many characters of source is kept on one page (some three fifths of
# a page of text, in either size of type); a longer one may break, rather than leave a page
# mostly empty, or run off the foot of a page it cannot fit on (a large-print safety box of
# 1,310 characters ran into the footer when the limit was 1,400 for both sizes).
KEEP_TOGETHER = {"standard": 1600, LARGE: 700}


class Markdown:
    """Python-Markdown set up like the site, made once and reset between texts; no ¶ permalinks.
    A text is converted once: a module's text is in its own PDF and in the book, and the crisis
    resources in every handout."""

    def __init__(self, extensions: list | None = None, configs: dict | None = None):
        configs = {name: dict(value) for name, value in (configs or DEFAULT_CONFIGS).items()}
        configs.setdefault("toc", {})["permalink"] = False
        self.extensions, self.configs = list(extensions or DEFAULT_EXTENSIONS), configs
        self._md = markdown.Markdown(extensions=self.extensions, extension_configs=self.configs)
        self._converted: dict[str, str] = {}

    def convert(self, source: str) -> str:
        if source not in self._converted:
            self._converted[source] = self._md.reset().convert(source)
        return self._converted[source]


@dataclass
class Images:
    """The images a document may show: files with an image's suffix inside the site folder, as
    a page of `edition` names them. Each is given a name inside the document's staging folder
    (Typst's root), which holds nothing else."""
    site_dir: Path
    edition: str
    found: dict[str, Path] = field(default_factory=dict)  # name in the staging folder -> file
    refused: list[str] = field(default_factory=list)

    def __call__(self, src: str) -> str | None:
        if not src or ":" in src.split("/")[0] or src.startswith(("/", "\\")):
            self.refused.append(src)  # another host, a data: URL, or a path from the disk's root
            return None
        site = self.site_dir.resolve()
        path = (site / page_dir(self.edition) / src.split("#")[0].split("?")[0]).resolve()
        if path.suffix.lower() not in IMAGE_SUFFIXES or not path.is_relative_to(site) or not path.is_file():
            self.refused.append(src)
            return None
        name = "images/" + path.relative_to(site).as_posix()
        self.found[name] = path
        return "/" + name


@dataclass
class Paper:
    """What a printed document knows while it writes its modules."""
    curriculum: Curriculum
    edition: str
    md: Markdown
    titles: dict[str, str]  # module id -> its title in this edition
    bound: bool
    images: Images
    fmt: str = "standard"  # or large print
    web: str | None = None  # the handouts site's address: a handout's QR code leads to its page there

    def __post_init__(self):
        self.audience = audience(self.edition)
        self.t = strings.Strings(language(self.edition))

    def named(self, key: str) -> str:
        """A document's name from the strings table, with " · Large print" in large print."""
        return self.t(key) + (f" · {self.t('paper.large_print')}" if self.fmt == LARGE else "")

    @property
    def kind(self) -> str:
        """What one module's printed document is called: on its first page, header and PDF title."""
        return self.named(f"paper.kind.{self.audience}")

    def module(self, document: Document) -> str:
        """A module: its running mark (footer and draft mark), head, and parts."""
        module = document.module
        writer = ModuleWriter(self, module)
        mark = pages.draft_text(document, self.t.language)
        version = self.t("page.module_version", version=module.version)
        out = [f"#running(title: {string(document.title + ' · ' + version)}, "
               f"draft: {string(mark) if mark else 'none'})", self.head(document)]
        for part in pages.PARTS[self.audience]:
            out.append(getattr(self, "part_" + part.replace("-", "_"))(document, writer))
        if self.web and self.audience == PARTICIPANT and not self.bound:
            out.append(self.web_code(document))
        return "\n\n".join(filter(None, out))

    def web_code(self, document: Document) -> str:
        """A QR code to this handout on the web, with its address written out."""
        url = f"{self.web}{page_dir(document.edition)}/{document.module.id}/"
        svg = segno.make(url, error="m").svg_inline(border=2, omitsize=True)
        words = self.t("paper.on_the_web")
        return (f"#web-code({string(svg)}, {string(words)}, {string(url)}, "
                f"{string(words + ': ' + url)})")

    def head(self, document: Document) -> str:
        module = document.module
        kind = self.kind
        if self.audience == FACILITATOR:
            kind += (f" · {self.t('staff.minutes', minutes=module.duration)}"
                     f" · {pages.group_name(module, self.t.language)}")
        out = [f"#kind-line({string(kind)})",
               f"#heading(level: 1)[{text(document.title)}]{label(anchor(module.id))}"]
        mark = pages.draft_text(document, self.t.language)
        if mark:
            out.append(f"#draft-mark({string(mark + '.')})")
        stale = pages.stale_text(self.curriculum, document)
        if stale:
            out.append(f"#draft-mark({string(stale)})")
        out.append(f"#text(fill: muted, {string(pages.version_text(self.curriculum, module, self.t.language, document.translation))})")
        return "\n\n".join(out)

    # ---- the parts (pages.PARTS)

    def part_summary(self, document: Document, writer: "ModuleWriter") -> str:
        return f"#text(size: 1.1em, {string(document.summary)})"

    def part_header(self, document: Document, writer: "ModuleWriter") -> str:
        """The facilitator's first page: summary, the session plan, then the facts."""
        module, t = document.module, self.t
        head = ", ".join(f"th({string(t('staff.column.' + name))})"
                         for name in ("number", "segment", "minutes", "starts", "page"))
        plan = [f"table.header({head})"]
        for number, activity in enumerate(module.activities, 1):
            target = anchor(module.id, activity.anchor)
            plan.append(f"[{number}], [#inner-link({string(target)}, {string(activity.title)})], "
                        f"[{activity.minutes}], [{clock(activity.start)}], [#page-of({string(target)})]")
        total = sum(a.minutes for a in module.activities)
        plan.append(f"[], [*{text(t('staff.total'))}*], [*{total}*], [{text(t('staff.end', time=clock(total)))}], []")
        facts = ", ".join(f"[*{text(key)}*], [{text(str(value))}]" for key, value in pages.facts(module, t.language))
        # The handout's title in italics, where the words put it.
        before, after = t("staff.handout.here", title="\0").split("\0")
        heading = "#heading(level: 2, outlined: false)"
        out = [text(module.summary),
               f"{heading}[{text(t('staff.plan'))}]",
               "#table(columns: (auto, 1fr, auto, auto, auto), align: (right, left, right, right, right), "
               + ", ".join(plan) + ")",
               f"{heading}[{text(t('staff.facts.caption'))}]",
               f"#grid(columns: (auto, 1fr), column-gutter: 1em, row-gutter: 0.6em, {facts})",
               f"{text(before)}#emph({string(module.handout_title)}){text(after)}",
               f"{heading}[{text(t('staff.objectives'))}]",
               f"#list({', '.join('[' + writer.inline(o) + ']' for o in module.objectives)})"]
        if module.materials:
            out += [f"{heading}[{text(t('staff.materials'))}]",
                    f"#list({', '.join('[' + writer.inline(m) + ']' for m in module.materials)})"]
        return "\n\n".join(out)

    def part_body(self, document: Document, writer: "ModuleWriter") -> str:
        return writer.nodes(document.tree)

    def part_get_help(self, document: Document, writer: "ModuleWriter") -> str:
        return get_help(self.curriculum, writer, language=self.t.language)

    def part_sources(self, document: Document, writer: "ModuleWriter") -> str:
        items = ", ".join(f"[{writer.inline(s)}]" for s in document.module.sources)
        return f"#sources({string(self.t('page.sources'))}, list({items}))" if items else ""

    # ---- links for paper

    def link(self, module: Module | None, href: str, body: str, shown: str) -> str:
        if href.startswith("#"):
            if module is None:
                return body
            return f"#inner-link({string(anchor(module.id, href[1:]))}, [{body}])"
        target = MODULE_HREF.match(href)
        if target:
            other, fragment = target.group(1), target.group(2) or ""
            if other not in self.titles:
                return body
            place = anchor(other, fragment)
            if self.bound:
                words = self.t("paper.see_page", title=self.titles[other], page="{page}")
                return f"#xref({string(place)}, {string(anchor(other))}, {string(words)}, [{body}])"
            if module is not None and other == module.id:
                return f"#inner-link({string(place)}, [{body}])"
            return f"{body}{text(' (' + self.t('paper.see', title=self.titles[other]) + ')')}"
        scheme = href.split(":", 1)[0].lower() if ":" in href else ""
        if scheme not in ("http", "https", "mailto", "tel"):
            return body  # a page of the web site: nothing to follow on paper
        suffix = printed_target(href, shown, scheme)
        return f"#link({string(href)})[{body}]" + (text(f" ({suffix})") if suffix else "")


def get_help(curriculum: Curriculum, writer: "ModuleWriter", title: str | None = None,
             language: str = strings.BASE) -> str:
    title = title or strings.text(language, "page.get_help")
    items = ", ".join(f"[#strong({string(r.name)}): {writer.inline(r.how)}]" for r in curriculum.crisis_in(language))
    return f"#callout(look: \"danger\", title: {string(title)})[#list({items})]"


class ModuleWriter:
    """Writes one module's tree; its labels are made unique within the module, as the web
    page's ids are (Python-Markdown's toc adds _1, _2 to a repeated heading)."""

    def __init__(self, paper: Paper, module: Module | None):
        self.paper, self.module = paper, module
        self.labels: set[str] = set()
        prefix = module.id if module is not None else ""
        self.writer = Writer(links=lambda href, body, shown: paper.link(module, href, body, shown),
                             images=paper.images, ids=lambda ident: self.unique(anchor(prefix, ident)))

    def unique(self, name: str) -> str:
        found, n = name, 0
        while found in self.labels:
            n += 1
            found = f"{name}_{n}"
        self.labels.add(found)
        return found

    def inline(self, source: str) -> str:
        return self.writer.inline_html(self.paper.md.convert(source))

    def markdown(self, source: str) -> str:
        return self.writer.blocks(self.paper.md.convert(source)) if source.strip() else ""

    def nodes(self, nodes: list[Node], *, in_worksheet: bool = False) -> str:
        out: list[str] = []
        start = 0  # minutes from the start of the session: timed segments sit at the top level
        for node in nodes:
            if isinstance(node, Text):
                out.append(self.text(node.lines, in_worksheet))
            else:
                out.append(self.block(node, in_worksheet, start))
                if "timed" in BLOCKS[node.type].roles:
                    start += int(node.attrs["minutes"])
        return "\n\n".join(filter(None, out))

    def block(self, block: Block, in_worksheet: bool, start: int, *, new_page: bool = True) -> str:
        kind = BLOCKS[block.type]
        worksheet = "worksheet" in kind.roles
        edition, reader = self.paper.edition, self.paper.audience
        if kind.form == "section":
            # A worksheet starts a page. When it opens its segment, the segment's
            # heading goes to that page with it, not left alone at the foot of the page before.
            first = next((n for n in block.children if isinstance(n, Block) or "".join(n.lines).strip()), None)
            opens = isinstance(first, Block) and "worksheet" in BLOCKS[first.type].roles
            out = []
            for node in block.children:
                if isinstance(node, Text):
                    out.append(self.text(node.lines, in_worksheet))
                else:
                    out.append(self.block(node, in_worksheet, start, new_page=not (opens and node is first)))
            timing = "none"
            if reader == FACILITATOR and "timed" in kind.roles:
                timing = string(self.paper.t("staff.timing", minutes=block.attrs["minutes"], start=clock(start)))
            name = self.unique(anchor(self.module.id, block.anchor))
            # The label right after the title: a space before it would end the heading, and its
            # bookmark, with a space.
            return (("#pagebreak(weak: true)\n" if opens else "")
                    + f"#activity(title: [{text(block.attrs['title'])}{label(name).lstrip()}], timing: {timing})"
                    f"[{chr(10).join(filter(None, out))}]")
        inner = self.nodes(block.children, in_worksheet=in_worksheet or worksheet)
        title = block.title or kind.title_in(edition)
        if worksheet and reader == PARTICIPANT and not has_write_in(block):
            inner += "\n\n" + self.write_in_space(4)
        # Every worksheet starts a page; a session guide's (prompts, no room to write) is kept whole.
        starts_page = worksheet and new_page
        keep = (not worksheet or reader == FACILITATOR) and _length(block) <= KEEP_TOGETHER[self.paper.fmt]
        return (f"#callout(look: {string(kind.admonition)}, title: {string(title)}, "
                f"worksheet: {str(worksheet).lower()}, new-page: {str(starts_page).lower()}, "
                f"keep: {str(keep).lower()})[{inner}]")

    def text(self, lines: list[str], in_worksheet: bool) -> str:
        """Markdown, with each run of `___` lines in a worksheet as room to write; the prompt
        above the lines is kept on their page (a sticky block)."""
        lines = without_comments(lines)
        if not in_worksheet:
            return self.markdown("\n".join(lines))
        out: list[str] = []
        pending: list[str] = []
        for run in write_in_runs(lines):
            if isinstance(run, list):
                pending = run
                continue
            prompt_before(pending)  # a list-item prompt becomes a paragraph, as on the web page
            head, last = _split_last_paragraph(pending)
            out.append(self.markdown("\n".join(head)))
            prompt_markup = self.markdown("\n".join(last)) if last else ""
            if self.paper.audience == PARTICIPANT:
                out.append(f"#block(breakable: false)[{prompt_markup}\n\n{self.write_in_space(run)}]"
                           if prompt_markup else self.write_in_space(run))
            else:
                out.append(f"{prompt_markup}\n\n#writein-note({string(self.paper.t('page.participants_write_here'))})")
            pending = []
        out.append(self.markdown("\n".join(pending)))
        return "\n\n".join(filter(None, out))

    def write_in_space(self, count: int) -> str:
        # Large print's lines are taller: big handwriting needs the room.
        return f"#writein({max(1, count)}{', height: 2.6em' if self.paper.fmt == LARGE else ''})"


def _length(block: Block) -> int:
    """Characters of a block's source text, its nested blocks' included."""
    return sum(sum(map(len, node.lines)) if isinstance(node, Text) else _length(node) for node in block.children)


def _split_last_paragraph(lines: list[str]) -> tuple[list[str], list[str]]:
    """The lines before the last paragraph (after prompt_before made a list-item prompt a
    paragraph), and that paragraph."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start and lines[start - 1].strip():
        start -= 1
    return lines[:start], lines[start:end]


def printed_target(href: str, shown: str, scheme: str) -> str:
    """What to print after a link so it can be followed on paper; empty when the link text
    already says it (a phone number written out, or a web address shown as the text)."""
    if scheme == "tel":
        number = href[4:]
        digits = re.sub(r"\D", "", number)
        shown_digits = re.sub(r"\D", "", shown)
        if digits and (digits == shown_digits or digits.endswith(shown_digits) and len(shown_digits) >= 3):
            return ""
        return _phone(number)
    if scheme == "mailto":
        address = href[7:].split("?")[0]
        return "" if address.lower() in shown.lower() else address
    if scheme in ("http", "https"):
        bare = re.sub(r"^https?://(www\.)?", "", href).rstrip("/")
        if bare.lower() in shown.lower() or href.lower() in shown.lower():
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
