"""The one-page printable schedule of each edition (pdf/<edition>/schedule.pdf): rendered by the
print pipeline (printing/render.py, Typst) like every other PDF, from templates/sheet.typ after
the shared print template. A participant sheet shows no staff text: no notes, no level of care;
it is in its edition's language, like its page.

The sheet is Typst written through Jinja: every value a template prints becomes a Typst string
literal (`finalize`), so no value is ever read as code; markup made by the print renderer (the
crisis box) passes as `Code`.
"""
from __future__ import annotations

from pathlib import Path

import jinja2

from .. import edition as ed
from ..printing import documents
from ..printing.markup import string, text
from ..printing.paper import Images, Markdown, ModuleWriter, Paper, get_help
from ..printing.render import Job
from ..structure import Curriculum
from . import pages
from .model import Program
from .text import capital


class Code(str):
    """Typst markup we made ourselves: printed as it is."""


_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(pages.TEMPLATES)), autoescape=False,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                          finalize=lambda value: value if isinstance(value, Code) else text(str(value)))
_env.filters["capital"] = capital


def job(program: Program, curriculum: Curriculum, edition: str, site_dir: Path, md: Markdown,
        date: str | None) -> Job:
    values = pages.context(program, curriculum, edition)
    language = ed.language(edition)
    values["weeks"], every = without_fixed_days(values["weeks"])
    session_notes = any(s.note for s in program.sessions.values())
    images = Images(site_dir, edition)
    paper = Paper(curriculum, edition, md, {}, bound=False, images=images)
    values["get_help"] = Code(get_help(curriculum, ModuleWriter(paper, None), language=language))

    def lang_text(words: str, lang: str | None) -> Code:
        """Words in another language than the sheet's (an English title on a Spanish sheet)."""
        return Code(f"#text(lang: {string(lang)})[{text(words)}]" if lang else text(words))

    def shown_title(module) -> Code:
        lang = values["module_lang"](module)
        mark = f" {text(values['other_language'])}" if lang else ""
        return Code(lang_text(values["module_title"](module), lang) + mark)

    title = f"{curriculum.title}: {values['title']}"
    source = (documents.template() + documents.settings(curriculum, title=title, kind=values["title"], date=date,
                                                        size="12pt", lang=language)
              + _env.get_template("sheet.typ").render(**values, date=date, session_notes=session_notes, every=every,
                                                      lang_text=lang_text, shown_title=shown_title))
    name = pages.pdf_path(edition)
    return Job(name, str(site_dir / name), source, dict(images.found), tuple(images.refused))


def without_fixed_days(weeks: list[pages.Week]) -> tuple[list[pages.Week], list[pages.WeekDay]]:
    """A day whose sessions are the same in every week (orientation every Monday) is said once
    above the grid ("Every Monday: ...") instead of filling a column, so the sheet stays one page."""
    fixed = [i for i, day in enumerate(weeks[0].days)  # (a slot open every week stays in the grid)
             if day.sessions and all(s.module for s in day.sessions)
             and all([s.module for s in w.days[i].sessions] == [s.module for s in day.sessions] for w in weeks)]
    if len(fixed) == len(weeks[0].days):
        return weeks, []
    kept = [pages.Week(w.number, w.starts, [d for i, d in enumerate(w.days) if i not in fixed]) for w in weeks]
    return kept, [weeks[0].days[i] for i in fixed]


def jobs(program: Program, curriculum: Curriculum, editions: tuple[str, ...], site_dir: Path,
         md: Markdown | None = None) -> list[Job]:
    md = md or Markdown()
    date = documents.release_date(curriculum)
    return [job(program, curriculum, edition, site_dir, md, date) for edition in editions]
