"""Stage 3: lay out the site's pages for each edition, as Markdown with front matter.

A module's page sits at `<edition>/<id>.md`, so a link written `cravings.md` in a module
leads to the cravings page of the same edition.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import yaml

from . import document as doc
from . import edition as ed
from . import web
from .outputs import book_pdf, module_pdf
from .structure import Curriculum, Module

GROUP_NAMES = {"psychoeducational": "Psychoeducational", "skills": "Skills", "process": "Process"}
DRAFT_MARK = "Draft: not yet clinically reviewed"
# What a link to a PDF (printing/) calls it: one module's, or the bound book's.
PRINT_LABELS = {ed.FACILITATOR: {False: "this session guide", True: "the whole facilitator guide"},
                ed.PARTICIPANT: {False: "this handout", True: "all handouts as a workbook"}}


@dataclass
class GeneratedPage:
    src_uri: str
    title: str
    edition: str
    markdown: str
    document: doc.Document | None = None  # a module's page: what print is made from too


def module_uri(edition: str, module_id: str) -> str:
    return f"{edition}/{module_id}.md"


def index_uri(edition: str) -> str:
    return f"{edition}/index.md"


def build_pages(curriculum: Curriculum, editions: tuple[str, ...], *, print_links: bool = False,
                directory_urls: bool = True, handouts: str | None = None) -> list[GeneratedPage]:
    """`print_links`: the PDFs are built, so each page links to its own. `handouts`: the address of
    the public handouts site, for a staff-only build's links to them."""
    pages: list[GeneratedPage] = []
    # Raw HTML links are not rewritten by MkDocs: they are written relative to each page's URL.
    module_root = "../../" if directory_urls else "../"
    for edition in editions:
        book = print_link(f"../{book_pdf(edition)}", edition, bound=True) if print_links else ""
        pages.append(GeneratedPage(index_uri(edition), ed.TITLES[edition], edition,
                                   edition_index(curriculum, edition, print_html=book)))
        for module in curriculum.modules:
            document = doc.make(module, edition)
            link = (print_link(module_root + module_pdf(edition, module.id), edition, bound=False)
                    if print_links else "")
            pages.append(GeneratedPage(module_uri(edition, module.id), document.title, edition,
                                       module_page(curriculum, document, editions, print_html=link,
                                                   handouts=handouts), document))
    return pages


def front_matter(**meta) -> str:
    # libyaml's dumper when there is one: a build writes one front matter a page.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return "---\n" + yaml.dump(meta, Dumper=dumper, sort_keys=False, allow_unicode=True) + "---\n\n"


def version_text(curriculum: Curriculum, module: Module | None) -> str:
    """"Module version 1.2.0 · Recovery Skills version 1.1.0 · 2026-11-23": on pages and paper."""
    parts = []
    if module is not None:
        parts.append(f"Module version {module.version}")
    parts.append(f"{curriculum.title} version {curriculum.version}")
    if curriculum.date:
        parts.append(str(curriculum.date))
    return " · ".join(parts)


def version_line(curriculum: Curriculum, module: Module | None) -> str:
    mark = ""
    if module is not None and module.is_draft:
        mark = f'<p class="cur-draft" role="note"><strong>{DRAFT_MARK}.</strong></p>\n'
    return f'<p class="cur-version">{html.escape(version_text(curriculum, module))}</p>\n{mark}\n'


def review_text(module: Module) -> str:
    if module.review:
        r = module.review
        return (f"{module.status.capitalize()}. Reviewed by {r.reviewer}, {r.credentials}, on {r.date.isoformat()}; "
                f"next review due {r.next_due.isoformat()}")
    return DRAFT_MARK


def print_link(href: str, edition: str, bound: bool) -> str:
    what = PRINT_LABELS[edition][bound]
    return f'<p><a class="cur-print-link" href="{href}">Print {what} (PDF)</a></p>\n\n'


def module_page(curriculum: Curriculum, document: doc.Document, editions: tuple[str, ...],
                print_html: str = "", handouts: str | None = None) -> str:
    module = document.module
    head = (front_matter(title=document.title, edition=document.edition, module=module.id)
            + f"# {document.title}\n\n" + version_line(curriculum, module) + print_html)
    return head + "".join(text for _, text in content_parts(curriculum, document, editions, handouts))


# What follows a module's title and version line, part by part, in order: the web page
# (content_parts) and the printed page (printing/paper.py) are both made of these.
PARTS = {ed.FACILITATOR: ("header", "body", "sources"),
         ed.PARTICIPANT: ("summary", "body", "get-help", "sources")}


def content_parts(curriculum: Curriculum, document: doc.Document, editions: tuple[str, ...],
                  handouts: str | None = None) -> list[tuple[str, str]]:
    """The web page's parts (PARTS), as Markdown."""
    module = document.module
    made = {
        "header": lambda: facilitator_header(module, editions, handouts) + "\n",
        "summary": lambda: f'<p class="cur-summary">{html.escape(module.summary)}</p>\n\n',
        "body": lambda: document.body + "\n\n",
        "get-help": lambda: get_help(curriculum) + "\n",
        "sources": lambda: sources(module),
    }
    return [(name, made[name]()) for name in PARTS[document.edition]]


def facts(module: Module) -> list[tuple[str, str]]:
    """"Session at a glance": the rows of the facilitator page's facts table."""
    return [
        ("Duration", f"{module.duration} minutes"),
        ("Group type", GROUP_NAMES[module.group]),
        ("Version", module.version),
        ("Status", module.status),
        ("Review", review_text(module)),
    ]


def facilitator_header(module: Module, editions: tuple[str, ...], handouts: str | None = None) -> str:
    rows = facts(module)
    table = ('<table class="cur-facts">\n<caption>Session at a glance</caption>\n'
             + "".join(f'<tr><th scope="row">{k}</th><td>{html.escape(str(v))}</td></tr>\n' for k, v in rows)
             + "</table>\n")
    out = [f"{module.summary}\n", table]
    if ed.PARTICIPANT in editions:
        out.append(f"Participant handout: [{module.handout_title}](../participant/{module.id}.md)\n")
    elif handouts:
        out.append(f"Participant handout: [{module.handout_title}]({handouts}{ed.PARTICIPANT}/{module.id}/)"
                   " (on the public handouts site)\n")
    else:  # the handouts are another site, at an address curriculum.yml does not give
        out.append(f"Participant handout: *{module.handout_title}*, on the handouts site (the participant "
                   f"edition) at `{ed.PARTICIPANT}/{module.id}/`\n")
    # The plan first: it is what a facilitator looks at while running the group.
    out.append(session_plan(module))
    out.append("## Objectives\n\n" + "".join(f"- {o}\n" for o in module.objectives))
    if module.materials:
        out.append("## Materials\n\n" + "".join(f"- {m}\n" for m in module.materials))
    return "\n".join(out)


def session_plan(module: Module) -> str:
    lines = ["## Session plan\n", '<div class="cur-plan" markdown>\n',
             "| # | Segment | Minutes | Starts at |", "|--:|---|--:|--:|"]
    for number, activity in enumerate(module.activities, 1):
        lines.append(f"| {number} | [{_cell(activity.title)}](#{activity.anchor}) | {activity.minutes} "
                     f"| {web.clock(activity.start)} |")
    total = sum(a.minutes for a in module.activities)
    lines.append(f"| | **Total** | **{total}** | {web.clock(total)} end |")
    return "\n".join(lines) + "\n\n</div>\n"


def get_help(curriculum: Curriculum) -> str:
    items = "".join(f"- **{r.name}**: {r.how}\n" for r in curriculum.crisis_resources)
    return ('<div class="admonition danger cur-get-help" markdown>\n'
            '<p class="admonition-title">Get help now</p>\n\n'
            f"{items}\n</div>\n")


def sources(module: Module) -> str:
    return '<div class="cur-sources" markdown>\n\n## Sources\n\n' + "".join(
        f"- {s}\n" for s in module.sources) + "\n</div>\n"


def edition_index(curriculum: Curriculum, edition: str, print_html: str = "") -> str:
    title = ed.TITLES[edition]
    out = [front_matter(title=title, edition=edition), f"# {title}\n", version_line(curriculum, None) + print_html]
    if edition == ed.FACILITATOR:
        out.append("Each session below has a plan with timing, scripts and notes. "
                   "Print the matching handout for each participant.\n")
        out.append("| Session | Minutes | Group | Version | Status |\n|---|--:|---|---|---|")
        for m in curriculum.modules:
            out.append(f"| [{_cell(m.title)}]({m.id}.md) | {m.duration} | {GROUP_NAMES[m.group]} "
                       f"| {m.version} | {m.status} |")
    else:
        out.append("These handouts go with your group sessions. Read them at your own pace.\n")
        for m in curriculum.modules:
            out.append(f"- [{m.handout_title}]({m.id}.md): {m.summary}")
    out.append("")
    if edition == ed.PARTICIPANT:
        out.append(get_help(curriculum))
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
