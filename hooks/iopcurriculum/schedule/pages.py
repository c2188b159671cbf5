"""The schedule's two pages, as Markdown with front matter (templates/ holds their layout):

- facilitator/schedule.md: the cycle as a weeks-by-days grid, then week by week with time, group
  type, session (linked) and facilitator notes; hours a week against the level's range;
- participant/schedule.md: what happens in a week, and the cycle of topics, in plain words and
  with no staff text (no notes, no level of care, no open-slot wording for staff).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import edition as ed
from .. import pages
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


def page_uri(edition: str) -> str:
    return f"{edition}/{PAGE}.md"


def ics_path(edition: str = ed.FACILITATOR) -> str:
    """Where the calendar file sits in the site (facilitator edition only)."""
    return f"{edition}/{ICS_FILE}"


def pdf_path(edition: str) -> str:
    """The sheet's PDF, beside the modules' PDFs of its edition (pdf/<edition>/<id>.pdf)."""
    return f"pdf/{edition}/{PAGE}.pdf"


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


@dataclass
class WeekDay:
    day: str
    label: str
    offset: int  # days after the week's first program day
    date: str | None
    slots: list[Slot]

    @property
    def groups(self) -> list[Slot]:
        return [s for s in self.slots if not s.is_break]

    def what(self, edition: str) -> str:
        """The day in one line, for "Tonight: ..." (schedule.js): each group's time, kind and session."""
        staff = edition == ed.FACILITATOR
        parts = []
        for slot in self.groups:
            kind = slot.staff_kind if staff else slot.plain_kind
            if slot.module is not None:
                kind += ": " + slot.module.title_in(edition)
            elif slot.open:
                kind += ": " + text.label("open_staff" if staff else "open_plain")
            parts.append(f"{slot.time} {kind}")
        return "; ".join(parts)

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


def slot_of(program: Program, week: int, day: Day, block: Block) -> Slot:
    session = program.session(week, day, block)
    module = session.module if session else None
    kind = GROUP_KIND[module.group] if module is not None else block.kind
    info = text.kind(kind)
    notes = [n for n in (block.note, session.note if session else None) if n]
    return Slot(time=text.clock(block.start, program.clock), end=text.clock(block.end, program.clock), kind=kind,
                staff_kind=block.title or info["staff"], plain_kind=block.title or info["plain"],
                minutes=block.minutes, module=module, open=bool(block.slot) and module is None, notes=notes,
                is_break=not info["counts"])


def weeks(program: Program) -> list[Week]:
    out = []
    first = program.days[0].weekday
    for number in range(1, program.weeks + 1):
        start = program.week_start(number)
        days = [WeekDay(d.name, text.day_name(d.name), d.weekday - first,
                        _date(program.date_of(number, d)), [slot_of(program, number, d, b) for b in d.blocks])
                for d in program.days]
        out.append(Week(number, _date(start), days))
    return out


def _date(value) -> str | None:
    return f"{value:%a} {value:%b} {value.day}, {value.year}" if value else None


def _list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def evenings(program: Program) -> list[dict]:
    """The program days grouped by their plan: days that run the same blocks at the same times
    are shown once ("Monday, Wednesday and Thursday")."""
    plans: dict[tuple, list[Day]] = {}
    for day in program.days:
        key = tuple((b.kind, b.start, b.minutes, b.title, b.note, b.slot) for b in day.blocks)
        plans.setdefault(key, []).append(day)
    out = []
    for days in plans.values():
        day = days[0]
        rows = []
        for block in day.blocks:
            info = text.kind(block.kind)
            rows.append({"time": text.clock(block.start, program.clock), "end": text.clock(block.end, program.clock),
                         "staff": block.title or info["staff"], "plain": block.title or info["plain"],
                         "about": info["about"], "minutes": block.minutes, "note": block.note or "",
                         "is_break": not info["counts"], "module": bool(block.slot)})
        out.append({"days": _list([text.day_name(d.name) for d in days]),
                    "start": text.clock(day.start, program.clock), "end": text.clock(day.end, program.clock),
                    "rows": rows})
    return out


def context(program: Program, curriculum: Curriculum, edition: str, *, directory_urls: bool = True,
            print_links: bool = False) -> dict:
    low, high = program.hours
    hours = program.weekly_hours
    prefix = "../" if directory_urls else ""
    suffix = "/" if directory_urls else ".html"
    own = "../" if directory_urls else ""  # from the schedule page to files beside it
    return dict(
        program=program, curriculum=curriculum, edition=edition, weeks=weeks(program),
        evenings=evenings(program), labels=text.data()["labels"],
        title=text.label("title_facilitator" if edition == ed.FACILITATOR else "title_participant"),
        hours=_number(hours), low=_number(low), high=_number(high), within=low <= hours <= high,
        days=_list([text.day_name(d.name) for d in program.days]), day_count=len(program.days),
        evening=all(d.start >= 16 * 60 for d in program.days),
        start=_date(program.start_date), start_iso=program.start_date.isoformat() if program.start_date else "",
        offsets=",".join(str(d.weekday - program.days[0].weekday) for d in program.days),
        version_line=Markup(pages.version_line(curriculum, None)),
        get_help=Markup(pages.get_help(curriculum)),
        module_href=lambda module: f"{prefix}{module.id}{suffix}",
        module_title=lambda module: module.title_in(edition),
        pdf_href=(own + "../" + pdf_path(edition)) if print_links else "",
        ics_href=(own + ICS_FILE) if edition == ed.FACILITATOR and program.start_date else "",
    )


def _number(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def page(program: Program, curriculum: Curriculum, edition: str, **options) -> pages.GeneratedPage:
    values = context(program, curriculum, edition, **options)
    markdown = (pages.front_matter(title=values["title"], edition=edition, schedule=True)
                + _env.get_template(f"{edition}.md").render(**values))
    return pages.GeneratedPage(page_uri(edition), values["title"], edition, markdown)


def build_pages(program: Program | None, curriculum: Curriculum, editions: tuple[str, ...], **options) -> list:
    if program is None:
        return []
    return [page(program, curriculum, edition, **options) for edition in ed.untranslated(editions)]


def add_pages(built: list, schedule_pages: list) -> list:
    """The schedule pages placed right after their edition's index page (so the navigation
    lists them first)."""
    out = list(built)
    for new in schedule_pages:
        index = next((i for i, p in enumerate(out) if p.src_uri == pages.index_uri(new.edition)), len(out) - 1)
        out.insert(index + 1, new)
    return out
