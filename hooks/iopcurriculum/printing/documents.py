"""Whole printed documents: one module in one edition (a participant handout or a session
guide), or every module of an edition bound into a book (the participant workbook or the
facilitator guide: a cover, contents with page numbers, the program overview first in the
guide, each module on a new page). Each is Typst source: our templates (templates/), a settings
dictionary, then the modules as paper.py writes them. Returns print jobs for render.py.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from pathlib import Path

from .. import document as doc
from .. import edition as ed
from .. import pages, strings
from ..dates import source_date
from ..document import Document
from ..outputs import LARGE, book_pdf, module_pdf
from ..structure import Curriculum
from .markup import anchor, string, text
from .paper import Images, Markdown, ModuleWriter, Paper, get_help
from .render import Job

TEMPLATES = Path(__file__).with_name("templates")
PAPER = {"letter": "us-letter", "a4": "a4"}
# Each kind of document's template, by audience and whether it is a bound book. What each is
# called is in the strings tables (paper.kind, paper.book).
TEMPLATE = {(ed.PARTICIPANT, False): "handout.typ", (ed.FACILITATOR, False): "session-guide.typ",
            (ed.PARTICIPANT, True): "workbook.typ", (ed.FACILITATOR, True): "facilitator-guide.typ"}
# Type sizes of large print: body and the smallest text (headers, footers).
LARGE_SIZE, LARGE_SMALL = "18pt", "18pt"

# Each module's markup as paper.py wrote it, kept from one build to the next in one process when
# asked (`keep`): `mkdocs serve` rebuilds after every save, when one module has changed. Keyed by
# everything it is written from (the document as loaded, the curriculum's own settings, every
# module's title, the print settings); with the images it showed. Each `jobs` call that keeps
# keeps only what it used. A build does not ask: it writes each module once.
_written: dict[str, tuple[str, dict[str, Path]]] = {}


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
             lang: str = strings.BASE, small: str = "12pt") -> str:
    """The `settings` dictionary every template's setup reads (every value a string literal)."""
    t = strings.Strings(lang)
    when = "none"
    if date:
        day = dt.date.fromisoformat(date)
        when = f"datetime(year: {day.year}, month: {day.month}, day: {day.day})"
    paper = PAPER[curriculum.settings.get("paper", "letter")]
    return (f"#let settings = (title: {string(title)}, author: {string(curriculum.organization)}, date: {when}, "
            f"description: {string(f'{curriculum.title}, curriculum version {curriculum.version}')}, "
            f"lang: {string(lang)}, paper: {string(paper)}, size: {size}, kind: {string(kind)}, "
            f"curriculum-title: {string(curriculum.title)}, "
            f"curriculum: {string(t('page.curriculum_version', title=curriculum.title, version=curriculum.version))}, "
            f"small: {small}, page-of: {string(t('paper.page_of', page='{page}', total='{total}'))}, "
            f"contents: {string(t('paper.contents'))}, owner: {string(t('paper.owner'))})\n"
            "#show: setup.with(settings)\n")


def jobs(curriculum: Curriculum, editions: tuple[str, ...], site_dir: Path, md: Markdown, env: dict | None = None,
         documents: dict[tuple[str, str], Document] | None = None, web: str | None = None,
         keep: bool = False) -> list[Job]:
    """Every PDF of the editions being built, the bound books first (render.py gives them a
    process each, one after the other: they take the longest and the most memory).
    `documents`: each (edition, module id)'s document, as the web pages were made from (made
    here when not given). `web`: the handouts site's address, for a QR code on each handout.
    `keep`: each module's markup kept for the next call in this process (`mkdocs serve`)."""
    documents = documents or doc.documents(curriculum, editions)
    date = release_date(curriculum, env)
    books: list[Job] = []
    singles: list[Job] = []
    used: set[str] = set()
    # Everything of the curriculum a module's markup may read, but its modules (their titles go
    # into each Paper's key): pickled, so a field added later is part of the key too.
    shared = None  # None: nothing kept, every module written afresh
    if keep:
        try:
            shared = pickle.dumps(({k: v for k, v in vars(curriculum).items() if k not in ("modules", "retired")},
                                   md.extensions, md.configs, str(site_dir), date))
        except (pickle.PicklingError, TypeError, AttributeError):
            pass
    for edition in editions:
        modules = [documents[edition, m.id] for m in curriculum.modules if (edition, m.id) in documents]
        titles = {d.module.id: d.title for d in modules}
        audience = ed.audience(edition)
        for fmt in ed.EDITION[edition].formats:
            if modules:
                books.append(_book(curriculum, edition, fmt, modules, site_dir, md, titles, date,
                                   lambda paper, document: _module(paper, document, shared, used)))
            for document in modules:
                images = Images(site_dir, edition)
                paper = Paper(curriculum, edition, md, titles, bound=False, images=images, fmt=fmt, web=web)
                kind = paper.kind
                source = (template(TEMPLATE[audience, False])
                          + _settings(curriculum, edition, fmt, title=f"{document.title} ({kind.lower()})", kind=kind,
                                      date=date) + _module(paper, document, shared, used))
                path = module_pdf(edition, document.module.id, fmt)
                singles.append(Job(path, str(site_dir / path), source, dict(images.found), tuple(images.refused)))
    if keep:
        for key in set(_written) - used:
            del _written[key]
    return books + singles


def _module(paper: Paper, document: Document, shared: bytes | None, used: set[str]) -> str:
    """paper.module(document), or the same markup written for an earlier build. A module that
    named an image it may not show is written again each time (the file may have come since)."""
    if shared is None:
        return paper.module(document)
    digest = hashlib.sha256(shared)
    try:
        digest.update(pickle.dumps((paper.edition, paper.fmt, paper.bound, paper.web, paper.titles, document)))
    except (pickle.PicklingError, TypeError, AttributeError):  # nothing to key it by: written afresh
        return paper.module(document)
    key = digest.hexdigest()
    kept = _written.get(key)
    if kept is not None and all(path.is_file() for path in kept[1].values()):
        used.add(key)
        paper.images.found.update(kept[1])
        return kept[0]
    found, refused = dict(paper.images.found), len(paper.images.refused)
    markup = paper.module(document)
    if len(paper.images.refused) == refused:
        _written[key] = (markup, {k: v for k, v in paper.images.found.items() if k not in found})
        used.add(key)
    return markup


def _settings(curriculum: Curriculum, edition: str, fmt: str, **values) -> str:
    """settings() for a document of an edition in a format: its language, large print's sizes."""
    sizes = {"size": LARGE_SIZE, "small": LARGE_SMALL} if fmt == LARGE else {}
    return settings(curriculum, lang=ed.language(edition), **sizes, **values)


def _book(curriculum: Curriculum, edition: str, fmt: str, modules: list[Document], site_dir: Path, md: Markdown,
          titles: dict[str, str], date: str | None, module) -> Job:
    images = Images(site_dir, edition)
    paper = Paper(curriculum, edition, md, titles, bound=True, images=images, fmt=fmt)
    t, audience = paper.t, ed.audience(edition)
    book_title = paper.named(f"paper.book.{audience}")
    any_draft = any(d.is_draft for d in modules)
    facts = [(t("paper.version"), curriculum.version), (t("paper.date"), date or t("paper.not_released")),
             (t(f"paper.count.{audience}"), str(len(modules)))]
    draft_note = "none"
    if any_draft:
        mark = pages.draft_text(next(d for d in modules if d.is_draft), t.language)
        draft_note = f"draft-mark({string(mark + '.')}) + [ {text(t(f'paper.drafts.{audience}'))}]"
    description = curriculum.settings.get("description")
    if ed.EDITION[edition].translated:
        description = curriculum.languages[ed.language(edition)].description
    parts = [template("book.typ", TEMPLATE[audience, True]),
             _settings(curriculum, edition, fmt, title=f"{curriculum.title}: {book_title}", kind=book_title, date=date),
             f"#cover(settings, book-title: {string(book_title)}, "
             f"description: {string(description) if description else 'none'}, "
             f"facts: ({''.join(f'({string(k)}, {string(v)}), ' for k, v in facts)}), draft-note: {draft_note}, "
             f"owner-line: {str(audience == ed.PARTICIPANT).lower()})",
             "#contents(settings)"]
    if audience == ed.FACILITATOR:
        parts.append(_overview(curriculum, modules, paper, any_draft))
    for document in modules:
        parts += ["#pagebreak(weak: true)", module(paper, document)]
    path = book_pdf(edition, fmt)
    return Job(path, str(site_dir / path), "\n\n".join(parts), dict(images.found), tuple(images.refused),
               book=True)


def _overview(curriculum: Curriculum, modules: list[Document], paper: Paper, any_draft: bool) -> str:
    t = paper.t
    sessions = ", ".join(
        f"(number: {n}, title: {string(d.title)}, target: {string(anchor(d.module.id))}, minutes: {d.module.duration}, "
        f"group: {string(pages.group_name(d.module, t.language))}, version: {string(d.module.version)}, "
        f"status: {string(pages.status_name(d.module, t.language))})" for n, d in enumerate(modules, 1))
    description = curriculum.settings.get("description")
    crisis = get_help(curriculum, ModuleWriter(paper, None), title=t("staff.overview.crisis_title"),
                      language=t.language)
    total = sum(d.module.duration for d in modules)
    intro = t("staff.overview.intro." + ("one" if len(modules) == 1 else "other"), count=len(modules), minutes=total)
    tips = [t("staff.overview.print"), t("staff.overview.staff_only"), t("staff.overview.crisis")]
    if any_draft:
        tips.append(t("staff.overview.drafts", mark=t("page.draft")))
    columns = ("number", "session", "minutes", "group", "version", "status", "page")
    # The overview's words, each a string: the template puts them in place.
    words = (f"(title: {string(t('staff.overview.title'))}, intro: {string(intro)}, "
             f"columns: ({', '.join(string(t('staff.column.' + c)) for c in columns)},), "
             f"using: {string(t('staff.overview.using'))}, tips: ({', '.join(map(string, tips))},))")
    return (f"#overview(sessions: ({sessions},), lead: {string(description) if description else 'none'}, "
            f"words: {words}, crisis: [{crisis}])")
