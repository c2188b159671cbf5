"""The program schedule as plain data: a program day's blocks, the program days of a week, and
which module runs in which slot of which week of the cycle. Read and checked in load.py."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..structure import Module

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass
class Block:
    """One part of a program day: a group (a slot a module may fill) or a break."""
    kind: str  # psychoeducation | skills | process | break
    minutes: int
    start: int  # minutes after midnight
    line: int
    slot: str | None = None  # the name the rotation uses; None for blocks that take no module
    title: str | None = None  # shown instead of the kind's name (in English: staff read this one)
    titles: dict[str, str] = field(default_factory=dict)  # the title in other languages, by code
    note: str | None = None  # for staff, every time this block runs
    note_line: int | None = None

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass
class Day:
    name: str  # monday ... sunday
    start: int  # minutes after midnight
    blocks: list[Block]
    line: int

    @property
    def weekday(self) -> int:
        return WEEKDAYS.index(self.name)

    @property
    def end(self) -> int:
        return max((b.end for b in self.blocks), default=self.start)


@dataclass
class Session:
    """A module slot in one week: the module that fills it (None: open) and a staff note."""
    week: int
    day: str
    slot: str
    module: Module | None = None
    note: str | None = None
    line: int | None = None


@dataclass
class Program:
    path: Path
    level: str
    level_name: str
    population: str
    hours: tuple[float, float]  # the level's range of hours a week (or the program's own)
    weeks: int
    days: list[Day]
    sessions: dict[tuple[int, str, str], Session] = field(default_factory=dict)  # (week, day, slot)
    optional: list[str] = field(default_factory=list)
    start_date: dt.date | None = None
    time_zone: str | None = None
    clock: int = 12
    lines: dict[tuple, int] = field(default_factory=dict)

    @property
    def weekly_minutes(self) -> int:
        """Minutes of groups a week (breaks not counted); the same every week of the cycle."""
        from . import text  # local: text reads the data file once

        return sum(b.minutes for d in self.days for b in d.blocks if text.kind(b.kind)["counts"])

    @property
    def weekly_hours(self) -> float:
        return self.weekly_minutes / 60

    def session(self, week: int, day: Day, block: Block) -> Session | None:
        return self.sessions.get((week, day.name, block.slot)) if block.slot else None

    def week_start(self, week: int) -> dt.date | None:
        """The date of the first program day of `week` in the first cycle."""
        if self.start_date is None:
            return None
        return self.start_date + dt.timedelta(days=7 * (week - 1))

    def date_of(self, week: int, day: Day) -> dt.date | None:
        first = self.week_start(week)
        return first + dt.timedelta(days=day.weekday - self.days[0].weekday) if first else None
