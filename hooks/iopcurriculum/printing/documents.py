"""Whole printed documents: one module in one edition (a participant handout or a session
guide), or every module of an edition bound into a book (the participant workbook or the
facilitator guide: a cover, contents with page numbers, the program overview first in the
guide, each module on a new page). Each is Typst source: our templates (templates/), a settings
dictionary, then the modules as paper.py writes them. Returns print jobs for render.py.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import document as doc
from .. import edition as ed
from .. import pages
from ..dates import source_date
from ..document import Document
from ..outputs import book_pdf, module_pdf
from ..structure import Curriculum
from .markup import anchor, string, text
from .paper import KIND, Images, Markdown, ModuleWriter, Paper, get_help
from .render import Job

TEMPLATES = Path(__file__).with_name("templates")
PAPER = {"letter": "us-letter", "a4": "a4"}
# Each kind of document: its template, and what a book calls itself (KIND: a module's own).
BOOK_TITLE = {ed.PARTICIPANT: "Participant workbook", ed.FACILITATOR: "Facilitator guide"}
TEMPLATE = {(ed.PARTICIPANT, False): "handout.typ", (ed.FACILITATOR, False): "session-guide.typ",
            (ed.PARTICIPANT, True): "workbook.typ", (ed.FACILITATOR, True): "facilitator-guide.typ"}


def template(*names: str) -> str:
    """Our Typst templates, in order: the shared one first."""
    return "\n".join((TEMPLATES / name).read_text(encoding="utf-8") for name in ("common.typ", *names))


def release_date(curriculum: Curriculum, env: dict | None = None) -> str | None:
    """The date printed on covers and in PDF metadata: the release date in curriculum.yml,
    else SOURCE_DATE_EPOCH (reproducible builds), else none; never the build's clock."""
    if curriculum.date:
        return str(curriculum.date)
    date = source_date(env)
    return date.isoformat() if date else None


def settings(curriculum: Curriculum, *, title: str, kind: str, date: str | None, size: str = "size",
             lang: str = "en") -> str:
    """The `settings` dictionary every template's setup reads (every value a string literal)."""
    when = "none"
    if date:
        day = dt.date.fromisoformat(date)
        when = f"datetime(year: {day.year}, month: {day.month}, day: {day.day})"
    paper = PAPER[curriculum.settings.get("paper", "letter")]
    return (f"#let settings = (title: {string(title)}, author: {string(curriculum.organization)}, date: {when}, "
            f"description: {string(f'{curriculum.title}, curriculum version {curriculum.version}')}, "
            f"lang: {string(lang)}, paper: {string(paper)}, size: {size}, kind: {string(kind)}, "
            f"curriculum-title: {string(curriculum.title)}, "
            f"curriculum: {string(f'{curriculum.title} · curriculum version {curriculum.version}')})\n"
            "#show: setup.with(settings)\n")


def jobs(curriculum: Curriculum, editions: tuple[str, ...], site_dir: Path, md: Markdown, env: dict | None = None,
         documents: dict[tuple[str, str], Document] | None = None) -> list[Job]:
    """Every PDF of the editions being built: one bound book first (it takes longest), the other
    last, so two books (the build's largest memory) are not rendered at once.
    `documents`: each (edition, module id)'s document, as the web pages were made from (made
    here when not given)."""
    documents = documents or doc.documents(curriculum, editions)
    date = release_date(curriculum, env)
    books: list[Job] = []
    singles: list[Job] = []
    for edition in editions:
        titles = {m.id: m.title_in(edition) for m in curriculum.modules}
        modules = [documents[edition, m.id] for m in curriculum.modules]
        if modules:
            books.append(_book(curriculum, edition, modules, site_dir, md, titles, date))
        for document in modules:
            images = Images(site_dir, edition)
            paper = Paper(curriculum, edition, md, titles, bound=False, images=images)
            title = f"{document.title} ({KIND[edition].lower()})"
            source = (template(TEMPLATE[edition, False]) + settings(curriculum, title=title, kind=KIND[edition], date=date)
                      + paper.module(document))
            singles.append(Job(module_pdf(edition, document.module.id), str(site_dir / module_pdf(edition, document.module.id)),
                               source, dict(images.found), tuple(images.refused)))
    return books[:1] + singles + books[1:]


def _book(curriculum: Curriculum, edition: str, modules: list[Document], site_dir: Path, md: Markdown,
          titles: dict[str, str], date: str | None) -> Job:
    images = Images(site_dir, edition)
    paper = Paper(curriculum, edition, md, titles, bound=True, images=images)
    book_title = BOOK_TITLE[edition]
    any_draft = any(d.module.is_draft for d in modules)
    facts = [("Version", curriculum.version), ("Date", date or "Not yet released"),
             ("Sessions" if edition == ed.FACILITATOR else "Handouts", str(len(modules)))]
    draft_note = "none"
    if any_draft:
        note = ("Pages of draft sessions are marked at the top. Do not use them with participants until a "
                "clinician has reviewed them." if edition == ed.FACILITATOR else "Pages of draft handouts are marked at the top.")
        draft_note = f"draft-mark({string(pages.DRAFT_MARK + '.')}) + [ {text(note)}]"
    description = curriculum.settings.get("description")
    parts = [template("book.typ", TEMPLATE[edition, True]),
             settings(curriculum, title=f"{curriculum.title}: {book_title}", kind=book_title, date=date),
             f"#cover(settings, book-title: {string(book_title)}, "
             f"description: {string(description) if description else 'none'}, "
             f"facts: ({''.join(f'({string(k)}, {string(v)}), ' for k, v in facts)}), draft-note: {draft_note}, "
             f"owner-line: {str(edition == ed.PARTICIPANT).lower()})",
             "#contents()"]
    if edition == ed.FACILITATOR:
        parts.append(_overview(curriculum, modules, paper, any_draft))
    for document in modules:
        parts += ["#pagebreak(weak: true)", paper.module(document)]
    return Job(book_pdf(edition), str(site_dir / book_pdf(edition)), "\n\n".join(parts), dict(images.found),
               tuple(images.refused))


def _overview(curriculum: Curriculum, modules: list[Document], paper: Paper, any_draft: bool) -> str:
    sessions = ", ".join(
        f"(number: {n}, title: {string(d.title)}, target: {string(anchor(d.module.id))}, minutes: {d.module.duration}, "
        f"group: {string(pages.GROUP_NAMES[d.module.group])}, version: {string(d.module.version)}, "
        f"status: {string(d.module.status)})" for n, d in enumerate(modules, 1))
    description = curriculum.settings.get("description")
    crisis = get_help(curriculum, ModuleWriter(paper, None), title="Crisis resources (printed on every handout)")
    return (f"#overview(sessions: ({sessions},), lead: {string(description) if description else 'none'}, "
            f"total: {sum(d.module.duration for d in modules)}, any-draft: {str(any_draft).lower()}, "
            f"draft-mark: {string(pages.DRAFT_MARK)}, crisis: [{crisis}])")
