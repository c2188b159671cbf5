"""The schedule's two pages, as Markdown with front matter (templates/ holds their layout):

- facilitator/schedule.md: the cycle as a weeks-by-days grid, then week by week with time, group
  type, session (linked) and facilitator notes; hours a week against the level's range;
- <folder>/schedule.md of each participant edition: what happens in a week, and the cycle of
  topics, in plain words in the edition's language (the strings table's `schedule.` keys) and
  with no staff text (no notes, no level of care, no open-slot wording for staff). A module not
  translated into that language is listed by its English title, linked to the English handout.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import edition as ed
from .. import pages, strings
from ..outputs import module_pdf, page_dir
from ..structure import Curriculum, Module
from . import text
from .model import Block, Day, Program

TEMPLATES = Path(__file__).with_name("templates")
# Where each edition's schedule sits; `schedule` is a reserved module id (load.RESERVED_ID).
PAGE = "schedule"
ICS_FILE = "schedule.ics"
SCRIPT = "assets/javascripts/schedule.js"
# A module's group in front matter, as the kind of block it makes.
GROUP_KIND = {"psychoeducational": "psychoeducation", "skills": "skills", "process": "process"}

# Every value is escaped (a module title may hold < or &); HTML made here is Markup.
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                          keep_trailing_newline=True,
                          # `{#id}` sets a heading's id in Markdown; template comments are {## ... ##}
                          comment_start_string="{##", comment_end_string="##}")
_env.filters["capital"] = text.capital


def page_uri(edition: str) -> str:
    return pages.module_uri(edition, PAGE)


def ics_path(edition: str = ed.FACILITATOR) -> str:
    """Where the calendar file sits in the site (facilitator edition only)."""
    return f"{edition}/{ICS_FILE}"


def pdf_path(edition: str) -> str:
    """The sheet's PDF, beside the modules' PDFs of its edition (pdf/<folder>/<id>.pdf)."""
    return module_pdf(edition, PAGE)


# ---------------------------------------------------------------- what the pages show

@dataclass
class Slot:
    """One block of one program day in one week, as shown."""
    time: str
    end: str
    kind: str  # the kind of group it is (a filled slot: the module's group)
    staff_kind: str
    plain_kind: str
    minutes: int
    module: Module | None
    open: bool  # a module slot with no module yet
    notes: list[str] = field(default_factory=list)
    is_break: bool = False
    plain_lang: str | None = None  # the plain name's language, when not the page's (a title not translated)


@dataclass
class WeekDay:
    day: str
    label: str  # as written inside a sentence ("Monday", "lunes"); `capital` starts a line with it
    offset: int  # days after the week's first program day
    date: str | None
    slots: list[Slot]

    @property
    def groups(self) -> list[Slot]:
        return [s for s in self.slots if not s.is_break]

    @property
    def sessions(self) -> list[Slot]:
        """The module slots: what the cycle of topics lists."""
        return [s for s in self.slots if s.module is not None or s.open]


@dataclass
class Week:
    number: int
    starts: str | None
    days: list[WeekDay]

    @property
    def has_modules(self) -> bool:
        return any(s.module is not None for d in self.days for s in d.slots)


def plain_name(block: Block, kind: str, language: str) -> tuple[str, str | None]:
    """What participants call a block, and its language when it is not `language`: the block's
    title in that language, else its English title, else the kind's plain name."""
    if block.title is None:
        return text.plain_kind(kind, language), None
    if language == strings.BASE or language in block.titles:
        return block.titles.get(language, block.title), None
    return block.title, strings.BASE


def slot_of(program: Program, week: int, day: Day, block: Block, language: str = strings.BASE) -> Slot:
    session = program.session(week, day, block)
    module = session.module if session else None
    kind = GROUP_KIND[module.group] if module is not None else block.kind
    info = text.kind(kind)
    plain, plain_lang = plain_name(block, kind, language)
    notes = [n for n in (block.note, session.note if session else None) if n]
    return Slot(time=text.clock(block.start, program.clock, language),
                end=text.clock(block.end, program.clock, language), kind=kind,
                staff_kind=block.title or info["staff"], plain_kind=plain, plain_lang=plain_lang,
                minutes=block.minutes, module=module, open=bool(block.slot) and module is None, notes=notes,
                is_break=not info["counts"])


def weeks(program: Program, language: str = strings.BASE) -> list[Week]:
    out = []
    first = program.days[0].weekday
    for number in range(1, program.weeks + 1):
        start = program.week_start(number)
        days = [WeekDay(d.name, text.day_name(d.name, language), d.weekday - first,
                        _date(program.date_of(number, d)),
                        [slot_of(program, number, d, b, language) for b in d.blocks])
                for d in program.days]
        out.append(Week(number, _date(start), days))
    return out


def _date(value) -> str | None:
    return f"{value:%a} {value:%b} {value.day}, {value.year}" if value else None


def evenings(program: Program, language: str = strings.BASE) -> list[dict]:
    """The program days grouped by their plan: days that run the same blocks at the same times
    are shown once ("Monday, Wednesday and Thursday")."""
    plans: dict[tuple, list[Day]] = {}
    for day in program.days:
        key = tuple((b.kind, b.start, b.minutes, b.title, tuple(b.titles.items()), b.note, b.slot)
                    for b in day.blocks)
        plans.setdefault(key, []).append(day)
    out = []
    for days in plans.values():
        day = days[0]
        rows = []
        for block in day.blocks:
            info = text.kind(block.kind)
            plain, plain_lang = plain_name(block, block.kind, language)
            rows.append({"time": text.clock(block.start, program.clock, language),
                         "end": text.clock(block.end, program.clock, language),
                         "staff": block.title or info["staff"], "plain": plain, "plain_lang": plain_lang,
                         "about": text.about(block.kind, language), "minutes": block.minutes,
                         "note": block.note or "", "is_break": not info["counts"], "module": bool(block.slot)})
        out.append({"days": text.join([text.day_name(d.name, language) for d in days], language),
                    "start": text.clock(day.start, program.clock, language),
                    "end": text.clock(day.end, program.clock, language), "rows": rows})
    return out


@dataclass
class Modules:
    """A module as one edition's schedule shows it: the title in the edition's language and a
    link to that handout, or, not translated yet, the English title linked to the English one
    (`lang` then names English)."""
    curriculum: Curriculum
    edition: str
    prefix: str  # from the schedule page to the edition's module pages
    suffix: str

    def translation(self, module: Module):
        e = ed.EDITION[self.edition]
        return self.curriculum.translation(e.language, module.id) if e.translated else None

    def in_english(self, module: Module) -> bool:
        """Not translated into the edition's language (an English edition's never is)."""
        return ed.EDITION[self.edition].translated and self.translation(module) is None

    def title(self, module: Module) -> str:
        translation = self.translation(module)
        return translation.title if translation is not None else module.title_in(ed.audience(self.edition))

    def href(self, module: Module) -> str:
        folder = f"../{page_dir(ed.english(self.edition))}/" if self.in_english(module) else ""
        return f"{self.prefix}{folder}{module.id}{self.suffix}"

    def lang(self, module: Module) -> str:
        return ed.language(ed.english(self.edition)) if self.in_english(module) else ""


def what(day: WeekDay, staff: bool, title, open_words: str) -> str:
    """The day in one line, for "Tonight: ..." (schedule.js): each group's time, kind and session."""
    parts = []
    for slot in day.groups:
        kind = slot.staff_kind if staff else slot.plain_kind
        if slot.module is not None:
            kind += ": " + title(slot.module)
        elif slot.open:
            kind += ": " + open_words
        parts.append(f"{slot.time} {kind}")
    return "; ".join(parts)


def context(program: Program, curriculum: Curriculum, edition: str, *, directory_urls: bool = True,
            print_links: bool = False, languages: list[tuple[str, str]] = ()) -> dict:
    """What an edition's schedule page and sheet show. `languages`: the same page in the
    build's other languages (edition, address)."""
    low, high = program.hours
    hours = program.weekly_hours
    language = ed.language(edition)
    staff = ed.audience(edition) == ed.FACILITATOR
    prefix = "../" if directory_urls else ""
    suffix = "/" if directory_urls else ".html"
    own = "../" if directory_urls else ""  # from the schedule page to files beside it
    modules = Modules(curriculum, edition, prefix, suffix)
    open_words = text.label("open_staff") if staff else text.words(language, "open")
    return dict(
        program=program, curriculum=curriculum, edition=edition, audience=ed.audience(edition),
        weeks=weeks(program, language), evenings=evenings(program, language), labels=text.data()["labels"],
        t=lambda key, **fields: text.words(language, key, **fields),
        title=text.label("title_facilitator") if staff else text.words(language, "title"),
        hours=_number(hours), low=_number(low), high=_number(high), within=low <= hours <= high,
        days=text.join([text.day_name(d.name, language) for d in program.days], language),
        day_count=len(program.days), evening=all(d.start >= 16 * 60 for d in program.days),
        start=_date(program.start_date), start_iso=program.start_date.isoformat() if program.start_date else "",
        offsets=",".join(str(d.weekday - program.days[0].weekday) for d in program.days),
        version_line=Markup(pages.version_line(curriculum, None, edition)),
        get_help=Markup(pages.get_help(curriculum, language)),
        language_links=Markup(pages.language_links(list(languages))),
        module_href=modules.href, module_title=modules.title, module_lang=modules.lang,
        what=lambda day: what(day, staff, modules.title, open_words),
        other_language=text.words(language, "other_language",
                                  name=strings.text(language, f"language_names.{strings.BASE}")),
        pdf_href=(own + "../" + pdf_path(edition)) if print_links else "",
        ics_href=(own + ICS_FILE) if staff and program.start_date else "",
    )


def _number(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def _html_words(language: str):
    """The strings table's words for a web page: escaped for text and attributes, with an
    apostrophe left as typed ("this week's")."""
    return lambda key, **fields: Markup(html.escape(text.words(language, key, **fields), quote=False)
                                        .replace('"', "&quot;"))


def page(program: Program, curriculum: Curriculum, edition: str, editions: tuple[str, ...] = (), *,
         directory_urls: bool = True, **options) -> pages.GeneratedPage:
    root = "../../" if directory_urls else "../"  # from the schedule page to the site's top
    others = pages.in_other_languages(edition, editions, root, PAGE, directory_urls)
    values = context(program, curriculum, edition, directory_urls=directory_urls, languages=others, **options)
    values["t"] = _html_words(ed.language(edition))
    markdown = (pages.page_meta(edition, title=values["title"], schedule=True)
                + _env.get_template(f"{ed.audience(edition)}.md").render(**values))
    return pages.GeneratedPage(page_uri(edition), values["title"], edition, markdown)


def build_pages(program: Program | None, curriculum: Curriculum, editions: tuple[str, ...], **options) -> list:
    """A schedule page in every edition of the build, each linked to its other languages'."""
    if program is None:
        return []
    return [page(program, curriculum, edition, editions, **options) for edition in editions]


def add_pages(built: list, schedule_pages: list) -> list:
    """The schedule pages placed right after their edition's index page (so the navigation
    lists them first)."""
    out = list(built)
    for new in schedule_pages:
        index = next((i for i, p in enumerate(out) if p.src_uri == pages.index_uri(new.edition)), len(out) - 1)
        out.insert(index + 1, new)
    return out
