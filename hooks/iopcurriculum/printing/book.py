"""Whole printed documents: one module in one edition, or every module of an edition bound
into a book (a cover, a table of contents with page numbers, the program overview first in
the facilitator guide, each module on a new page). Layout lives in templates/; this module
gathers what the templates show and returns print jobs."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import document as doc
from .. import edition as ed
from .. import pages
from ..document import Document
from ..outputs import book_pdf, module_pdf
from ..dates import source_date
from ..structure import Curriculum, Module
from .html import Markdown, anchor, module_content, rich_text, set_links
from .render import Job

TEMPLATES = Path(__file__).with_name("templates")
STYLESHEET = TEMPLATES / "print.css"
PAPER = {"letter": "letter", "a4": "A4"}
KIND = {ed.PARTICIPANT: "Participant handout", ed.FACILITATOR: "Session guide"}
BOOK_TITLE = {ed.PARTICIPANT: "Participant workbook", ed.FACILITATOR: "Facilitator guide"}

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@dataclass
class PrintedModule:
    """What the templates show of one module."""
    id: str
    anchor: str
    title: str
    version: str
    status: str
    draft: bool
    summary: str
    duration: int
    group: str
    body: Markup

    @property
    def running(self) -> str:
        return f"{self.title} · module version {self.version}"


def release_date(curriculum: Curriculum, env: dict | None = None) -> str | None:
    """The date printed on covers and in PDF metadata: the release date in curriculum.yml,
    else SOURCE_DATE_EPOCH (reproducible builds), else none; never the build's clock."""
    if curriculum.date:
        return str(curriculum.date)
    date = source_date(env)
    return date.isoformat() if date else None


def stylesheet(curriculum: Curriculum) -> str:
    paper = PAPER[curriculum.settings.get("paper", "letter")]
    return f"@page {{ size: {paper}; }}\n" + STYLESHEET.read_text(encoding="utf-8")


def titles_in(curriculum: Curriculum, edition: str) -> dict[str, str]:
    return {m.id: m.title_in(edition) for m in curriculum.modules}


def printed_module(module: Module, content: str, titles: dict[str, str], *, bound: bool) -> PrintedModule:
    body = set_links(content, module, titles, bound=bound)
    return PrintedModule(
        id=module.id, anchor=anchor(module.id), title=titles[module.id], version=module.version,
        status=module.status, draft=module.is_draft, summary=module.summary,
        duration=module.duration, group=pages.GROUP_NAMES[module.group], body=Markup(body))


def crisis_resources(curriculum: Curriculum, md: Markdown) -> list[dict]:
    return [{"name": r.name, "how": Markup(rich_text(md, r.how))} for r in curriculum.crisis_resources]


def render_document(curriculum: Curriculum, edition: str, modules: list[PrintedModule], *,
                    bound: bool, date: str | None, crisis: list[dict]) -> str:
    context = dict(
        crisis=crisis,
        curriculum=curriculum, edition=edition, modules=modules, bound=bound, date=date,
        kind=KIND[edition], book_title=BOOK_TITLE[edition], draft_mark=pages.DRAFT_MARK,
        running_curriculum=f"{curriculum.title} · curriculum version {curriculum.version}",
        any_draft=any(m.draft for m in modules),
        total_minutes=sum(m.duration for m in modules),
        title=(f"{curriculum.title}: {BOOK_TITLE[edition]}" if bound
               else f"{modules[0].title} ({KIND[edition].lower()})"),
    )
    return _env.get_template("document.html").render(**context)


def jobs(curriculum: Curriculum, editions: tuple[str, ...], site_dir: Path, md: Markdown, env: dict | None = None,
         documents: dict[tuple[str, str], Document] | None = None) -> list[Job]:
    """Every PDF of the editions being built, bound books first (they take longest).
    `documents`: each (edition, module id)'s document, as the web pages were made from (made
    here when not given)."""
    documents = documents or doc.documents(curriculum, editions)
    css = stylesheet(curriculum)
    date = release_date(curriculum, env)
    crisis = crisis_resources(curriculum, md)
    out: list[Job] = []
    singles: list[Job] = []
    for edition in editions:
        base_url = (site_dir / edition).as_uri() + "/"  # where a module's relative images resolve
        titles = titles_in(curriculum, edition)
        contents = {m.id: module_content(curriculum, documents[edition, m.id], md) for m in curriculum.modules}
        bound = [printed_module(m, contents[m.id], titles, bound=True) for m in curriculum.modules]
        if bound:
            out.append(Job(book_pdf(edition), str(site_dir / book_pdf(edition)),
                           render_document(curriculum, edition, bound, bound=True, date=date, crisis=crisis), css, base_url,
                           root=str(site_dir)))
        for module in curriculum.modules:
            one = printed_module(module, contents[module.id], titles, bound=False)
            singles.append(Job(module_pdf(edition, module.id), str(site_dir / module_pdf(edition, module.id)),
                               render_document(curriculum, edition, [one], bound=False, date=date,
                                               crisis=crisis), css, base_url, root=str(site_dir)))
    return out + singles
