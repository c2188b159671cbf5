"""The one-page printable schedule of each edition (pdf/<edition>/schedule.pdf): rendered by the
print pipeline (printing/render.py, WeasyPrint) like every other PDF, from templates/sheet.html
and templates/sheet.css. The participant sheet shows no staff text: no notes, no level of care."""
from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from ..printing import book
from ..printing.render import Job
from ..structure import Curriculum
from . import pages
from .model import Program

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(pages.TEMPLATES)), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
STYLESHEET = pages.TEMPLATES / "sheet.css"


def html(program: Program, curriculum: Curriculum, edition: str, crisis: list[dict], date: str | None) -> str:
    values = pages.context(program, curriculum, edition)
    values["weeks"], every = without_fixed_days(values["weeks"])
    session_notes = any(s.note for s in program.sessions.values())
    return _env.get_template("sheet.html").render(**values, crisis=crisis, date=date, session_notes=session_notes,
                                                  every=every,
                                                  running=f"{curriculum.title} · curriculum version "
                                                          f"{curriculum.version}")


def without_fixed_days(weeks: list[pages.Week]) -> tuple[list[pages.Week], list[pages.WeekDay]]:
    """A day whose sessions are the same in every week (orientation every Monday) is said once
    above the grid ("Every Monday: ...") instead of filling a column, so the sheet stays one page."""
    fixed = [i for i, day in enumerate(weeks[0].days)
             if day.sessions and all([s.module for s in w.days[i].sessions] == [s.module for s in day.sessions]
                                     for w in weeks)]
    if len(fixed) == len(weeks[0].days):
        return weeks, []
    kept = [pages.Week(w.number, w.starts, [d for i, d in enumerate(w.days) if i not in fixed]) for w in weeks]
    return kept, [weeks[0].days[i] for i in fixed]


def stylesheet(curriculum: Curriculum) -> str:
    paper = book.PAPER[curriculum.settings.get("paper", "letter")]
    return f"@page {{ size: {paper}; }}\n" + STYLESHEET.read_text(encoding="utf-8")


def jobs(program: Program, curriculum: Curriculum, editions: tuple[str, ...], site_dir: Path, md=None) -> list[Job]:
    crisis = book.crisis_resources(curriculum, md) if md is not None else [
        {"name": r.name, "how": Markup.escape(r.how)} for r in curriculum.crisis_resources]
    date = book.release_date(curriculum)
    css = stylesheet(curriculum)
    out = []
    for edition in editions:
        name = pages.pdf_path(edition)
        out.append(Job(name, str(site_dir / name), html(program, curriculum, edition, crisis, date), css,
                       (site_dir / edition).as_uri() + "/", root=str(site_dir)))
    return out
