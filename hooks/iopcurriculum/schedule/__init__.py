"""The program schedule (curriculum/program.yml): which module runs in which slot of which week
of a rolling cycle, checked (load), shown on a page per edition (pages), printed on one sheet per
edition (sheet), and, where a start date is set, written as a calendar file for staff (ics).

The hook calls only what is here. A curriculum without program.yml has no schedule: `collect`
returns None and every other function then adds nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..structure import Text
from .load import PROGRAM_FILE, collect
from .model import Program
from .pages import add_pages, build_pages

__all__ = ["PROGRAM_FILE", "Program", "collect", "build_pages", "add_pages", "staff_texts", "write_files",
           "print_jobs"]


@dataclass
class StaffText:
    """The staff notes of program.yml, shaped as a staff-only page (path, edition, nodes), so
    the leak gate fingerprints them with the other facilitator text."""
    path: Path
    nodes: list
    edition: str = "facilitator"


def staff_texts(program: Program | None) -> list[StaffText]:
    if program is None:
        return []
    notes: dict[tuple[int, str], None] = {}
    for day in program.days:
        for block in day.blocks:
            if block.note:
                notes[(block.note_line or block.line, block.note)] = None
    for session in program.sessions.values():
        if session.note:
            notes[(session.line or 1, session.note)] = None
    return [StaffText(program.path, [Text([note], line) for line, note in notes])]


def write_files(program: Program | None, curriculum, editions: tuple[str, ...], site_dir: Path) -> list[str]:
    """The calendar file, in the facilitator edition only, when the program has a start date;
    returns the site paths written."""
    from .. import edition as ed
    from .pages import ics_path

    if program is None or program.start_date is None or ed.FACILITATOR not in editions:
        return []
    from . import ics  # icalendar takes a tenth of a second to import: only when a calendar is written
    target = Path(site_dir) / ics_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(ics.calendar(program, curriculum))
    return [ics_path()]


def print_jobs(program: Program | None, curriculum, editions: tuple[str, ...], site_dir: Path, md=None) -> list:
    """One print job per edition: the one-page schedule sheet (`md`: the site's Markdown, for the
    crisis resources' links)."""
    if program is None:
        return []
    from . import sheet

    return sheet.jobs(program, curriculum, editions, Path(site_dir), md)
