"""Read curriculum/program.yml and check all of it in one pass: every problem is reported as
`path:line: what is wrong` into the run's collectors (problems.Problems), never as a traceback.

A curriculum without program.yml has no schedule: `collect` returns None and reports nothing.
"""
from __future__ import annotations

import dataclasses
import re
import zoneinfo
from pathlib import Path

from .. import schema, strings
from ..problems import Problems
from ..structure import Curriculum, Module
from . import text
from .model import WEEKDAYS, Block, Day, Program, Session

PROGRAM_FILE = "program.yml"
# The schedule's pages and PDFs sit where a module called this would (<edition>/schedule/).
RESERVED_ID = "schedule"
TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
TOP_KEYS = ("level_of_care", "population", "hours_per_week", "weeks", "start_date", "time_zone", "clock",
            "days", "blocks", "every_week", "rotation", "optional")
BLOCK_KEYS = ("kind", "minutes", "start", "slot", "title", "note")
DAY_KEYS = ("day", "start", "blocks")
SESSION_KEYS = ("module", "note")


def collect(root: Path | str, curriculum: Curriculum | None, found: list[Problems]) -> Program | None:
    """The program in `root` (the curriculum folder), checked against the curriculum's modules;
    None when there is no program.yml, or it cannot be used (then the problems say why)."""
    root = Path(root)
    path = root / PROGRAM_FILE
    if not path.exists() and not path.is_symlink():
        return None
    problems = Problems.joining(found, path, root.parent)
    loaded = schema.read_mapping(path, problems, project=root.parent,
                                 not_mapping="program.yml must be a set of 'key: value' lines (see the authoring guide)")
    if loaded is None or problems.errors:
        return None
    data, lines = loaded
    program = _Reader(path, data, lines, problems, root, curriculum).read()
    if curriculum is not None:
        for module in curriculum.modules + curriculum.retired:
            if module.id == RESERVED_ID:
                Problems.joining(found, module.path, root.parent).error(
                    module.lines.get("id"), f"id '{RESERVED_ID}' is taken by the program schedule's page "
                                            f"(curriculum/{PROGRAM_FILE}); choose another id")
    return None if problems.errors else program


class _Reader:
    def __init__(self, path: Path, data: dict, lines: dict, problems: Problems, root: Path,
                 curriculum: Curriculum | None):
        self.path, self.data, self.lines, self.problems = path, data, lines, problems
        self.root, self.curriculum = root, curriculum

    # ---------------------------------------------------------------- helpers

    def line(self, *path) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path) or 1

    def error(self, path: tuple, message: str) -> None:
        self.problems.error(self.line(*path), message)

    def keys(self, mapping: dict, known: tuple, where: tuple, what: str) -> None:
        for key in mapping:
            if key not in known:
                close = [k for k in known if schema._similar(str(key), k)]
                hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known)}"
                self.error(where + (key,), f"unknown key '{key}' in {what} ({hint})")

    def entries(self, value: list, where: tuple, known: tuple, what: str, shape: str):
        """(where, entry) for each entry of a list that is a mapping with `known` keys; any other
        entry is reported ("each <what> must have <shape>")."""
        for index, item in enumerate(value):
            here = where + (index,)
            if not isinstance(item, dict):
                self.error(here, f"each {what} must have {shape}")
                continue
            self.keys(item, known, here, f"a {what}")
            yield here, item

    def one_of(self, value, choices, where: tuple, name: str) -> bool:
        if value in choices:
            return True
        self.error(where, f"'{name}' must be one of {', '.join(choices)}, not {schema._show(value)}")
        return False

    def whole(self, value, where: tuple, name: str, low: int = 1) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            self.error(where, f"'{name}' must be a whole number of at least {low}, not {schema._show(value)}")
            return None
        return value

    def time(self, value, where: tuple, name: str) -> int | None:
        match = TIME.match(value.strip()) if isinstance(value, str) else None
        if match is None:
            hint = " (write it in quotes: YAML reads 18:00 without quotes as a number)" \
                if isinstance(value, int) else ""
            self.error(where, f"'{name}' must be a time of day written \"HH:MM\", 24-hour clock, like "
                              f"\"18:00\"{hint}, not {schema._show(value)}")
            return None
        return int(match.group(1)) * 60 + int(match.group(2))

    def words(self, value, where: tuple, name: str) -> str | None:
        shown = schema._shown_text(value)
        if shown is None or len(value) > schema.MAX_TEXT:
            self.error(where, f"'{name}' must be text of at most {schema.MAX_TEXT} characters, "
                              f"not {schema._show(value)}")
            return None
        return shown

    # ---------------------------------------------------------------- the program

    def read(self) -> Program | None:
        data = self.data
        self.keys(data, TOP_KEYS, (), "program.yml")
        for key in ("level_of_care", "weeks", "days", "rotation"):
            if data.get(key) is None:
                self.problems.error(1, f"missing required key '{key}' (see the authoring guide, "
                                       f"'The program schedule')")
        level, level_name, hours, population = self.level()
        weeks = self.whole(data.get("weeks"), ("weeks",), "weeks") if data.get("weeks") is not None else None
        start_date = None
        if data.get("start_date") is not None:
            start_date = schema.parse_date(data["start_date"])
            if start_date is None:
                self.error(("start_date",), f"'start_date' must be a date written YYYY-MM-DD, "
                                            f"not {schema._show(data['start_date'])}")
        time_zone = self.zone(data.get("time_zone"))
        clock = data.get("clock", 12)
        if clock not in (12, 24):
            self.error(("clock",), f"'clock' must be 12 (6:00 pm) or 24 (18:00), not {schema._show(clock)}")
            clock = 12
        default_blocks = data.get("blocks")
        days = self.days(data.get("days"), default_blocks)
        optional = self.ids(data.get("optional", []), ("optional",), "optional")
        if weeks is None or not days:
            return None
        # With a day or block reported, the rotation is still checked (one run shows everything),
        # but not the hours and dates, which would be counted from a part of the program.
        broken = bool(self.problems.errors)
        program = Program(path=self.path, level=level, level_name=level_name, population=population,
                          hours=hours, weeks=weeks, days=days, optional=optional, start_date=start_date,
                          time_zone=time_zone, clock=clock, lines=self.lines)
        if not broken:
            self.check_hours(program)
            self.check_start(program)
        if data.get("every_week") is not None:
            if not isinstance(data["every_week"], dict):
                self.error(("every_week",), "'every_week' must be a set of 'day: module' lines, like a week "
                                            "of the rotation")
            else:
                for week in range(1, weeks + 1):
                    self.week(program, week, data["every_week"], ("every_week",), every=True)
        self.rotation(program, data.get("rotation"))
        self.unscheduled(program)
        return program

    def level(self):
        data = self.data
        levels = text.data()["levels"]
        raw = data.get("level_of_care")
        level = str(raw) if isinstance(raw, (str, float, int)) and not isinstance(raw, bool) else None
        if raw is not None and level not in levels:
            self.error(("level_of_care",), f"'level_of_care' must be one of {', '.join(levels)} (in quotes, "
                                           f"like \"2.1\"), not {schema._show(raw)}")
            level = None
        population = data.get("population", "adults")
        populations = next(iter(levels.values()))["hours"]
        if level is not None:
            populations = levels[level]["hours"]
        if population not in populations:
            self.error(("population",), f"'population' must be one of {', '.join(populations)}, "
                                        f"not {schema._show(population)}")
            population = "adults"
        hours = tuple(populations.get(population, (0, 0)))
        if data.get("hours_per_week") is not None:
            own = data["hours_per_week"]
            good = (isinstance(own, list) and len(own) == 2
                    and all(isinstance(h, (int, float)) and not isinstance(h, bool) and h >= 0 for h in own)
                    and own[0] <= own[1])
            if not good:
                self.error(("hours_per_week",), f"'hours_per_week' must be the lowest and highest hours of "
                                                f"groups a week, like [9, 19], not {schema._show(own)}")
            else:
                hours = (own[0], own[1])
        name = levels[level]["name"] if level else ""
        return level, name, hours, population

    def zone(self, value) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*", value):
            self.error(("time_zone",), f"'time_zone' must be a time zone name like America/Chicago, "
                                       f"not {schema._show(value)}")
            return None
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.error(("time_zone",), f"'time_zone' '{value}' is not a time zone this machine knows "
                                       f"(use a name like America/Chicago or Europe/London)")
            return None
        return value

    # ---------------------------------------------------------------- days and blocks

    def days(self, value, default_blocks) -> list[Day]:
        if value is None:
            return []
        if not isinstance(value, list) or not value:
            self.error(("days",), "'days' must be a list of program days, each with 'day' and 'start'")
            return []
        days: list[Day] = []
        seen: dict[str, int] = {}
        shared: dict[int, list[Block]] = {}  # start time -> the program-wide blocks, as read
        for where, item in self.entries(value, ("days",), DAY_KEYS, "program day",
                                        "'day' and 'start' (like day: monday, start: \"18:00\")"):
            name = item.get("day")
            if not self.one_of(name, WEEKDAYS, where + ("day",), "day"):
                continue
            if name in seen:
                self.error(where + ("day",), f"{name} is listed twice (also on line {seen[name]})")
                continue
            seen[name] = self.line(*where)
            start = self.time(item.get("start"), where + ("start",), "start")
            blocks_value, blocks_where = item.get("blocks"), where + ("blocks",)
            if blocks_value is None:
                blocks_value, blocks_where = default_blocks, ("blocks",)
                if default_blocks is None:
                    self.error(where, f"{name} has no blocks: give the program day's blocks under 'blocks' "
                                      f"(for every day), or under this day")
                    continue
            if start is None:
                continue
            if blocks_where == ("blocks",) and start in shared:
                # The program-wide blocks at the same start: checked once, reported once.
                blocks = [dataclasses.replace(b) for b in shared[start]]
            else:
                blocks = self.blocks(blocks_value, blocks_where, start, name)
                if blocks_where == ("blocks",):
                    shared[start] = blocks
            day = Day(name, start, blocks, self.line(*where))
            days.append(day)
        if len(days) == len(value):
            days.sort(key=lambda d: d.weekday)
        return days

    def blocks(self, value, where: tuple, start: int, day: str) -> list[Block]:
        if not isinstance(value, list) or not value:
            self.error(where, "'blocks' must be a list of blocks, each with 'kind' and 'minutes'")
            return []
        kinds = text.data()["kinds"]
        blocks: list[Block] = []
        slots: dict[str, int] = {}
        clock = start
        for here, item in self.entries(value, where, BLOCK_KEYS, "block",
                                       "'kind' and 'minutes' (like kind: process, minutes: 90)"):
            kind = item.get("kind")
            if not self.one_of(kind, kinds, here + ("kind",), "kind"):
                continue
            minutes = self.whole(item.get("minutes"), here + ("minutes",), "minutes")
            at = clock
            if item.get("start") is not None:
                at = self.time(item["start"], here + ("start",), "start")
                if at is None:
                    continue
                if at < clock:
                    before = blocks[-1] if blocks else None
                    what = (f"the block before it ({self.block_name(before)}) ends at {text.clock(clock, 24)}"
                            if before else f"the {day} program starts at {text.clock(start, 24)}")
                    self.error(here + ("start",), f"blocks overlap on {day}: this block starts at "
                                                  f"{text.clock(at, 24)}, but {what}")
            if minutes is None:
                continue
            slot = item.get("slot")
            if slot is not None and not (isinstance(slot, str) and schema.SLUG.match(slot)) \
                    or slot in ("module", "note"):
                self.error(here + ("slot",), f"'slot' must be a short name in lower-case letters, digits and "
                                             f"hyphens (not 'module' or 'note'), not {schema._show(slot)}")
                continue
            if kinds[kind]["module"]:
                slot = slot or kind
                if slot in slots:
                    self.error(here, f"two blocks of {day} are both called '{slot}' (the other is on line "
                                     f"{slots[slot]}): give each its own 'slot' name")
                    continue
                slots[slot] = self.line(*here)
            elif slot is not None:
                self.error(here + ("slot",), f"a {kind} block takes no module, so it has no 'slot'")
                continue
            title, titles = self.title(item.get("title"), here + ("title",))
            note = self.words(item["note"], here + ("note",), "note") if item.get("note") is not None else None
            block = Block(kind, minutes, at, self.line(*here), slot=slot if kinds[kind]["module"] else None,
                          title=title, titles=titles, note=note, note_line=self.line(*here, "note") if note else None)
            if block.end > 24 * 60:
                self.error(here, f"this block ends after midnight ({day}); a program day ends by 24:00")
            blocks.append(block)
            clock = block.end
        self.check_breaks(blocks, day)
        return blocks

    def title(self, value, where: tuple) -> tuple[str | None, dict[str, str]]:
        """A block's title: text (English), or the title in each language, English among them
        (`title: {en: Family group, es: Grupo familiar}`). Returns the English one and the others."""
        if value is None:
            return None, {}
        if not isinstance(value, dict):
            return self.words(value, where, "title"), {}
        known = (strings.BASE, *(self.curriculum.languages if self.curriculum else strings.languages()))
        titles = {}
        for code, words in value.items():
            if code not in known:
                self.error(where + (code,), f"'title' has a title in '{code}', which is not a language of the "
                                            f"curriculum (languages: {', '.join(dict.fromkeys(known))})")
            else:
                titles[code] = self.words(words, where + (code,), "title")
        if strings.BASE not in value:
            self.error(where, f"'title' needs the English title, under '{strings.BASE}' (staff read it, and so do "
                              f"readers of a language it has no title in)")
        english = titles.pop(strings.BASE, None)
        return english, {code: words for code, words in titles.items() if words}

    def block_name(self, block: Block | None) -> str:
        if block is None:
            return ""
        return block.title or text.kind(block.kind)["staff"]

    def check_breaks(self, blocks: list[Block], day: str) -> None:
        """One warning for each stretch of groups longer than the limit with no break (a break
        block, or time between blocks) in it."""
        limit = text.data()["max_minutes_without_break"]
        stretch: list[Block] = []
        for block in blocks + [None]:
            counts = block is not None and text.kind(block.kind)["counts"]
            if stretch and (not counts or block.start > stretch[-1].end):
                minutes = sum(b.minutes for b in stretch)
                if minutes > limit:
                    self.problems.warning(stretch[0].line, f"{day}: {minutes} minutes of groups from "
                                                           f"{text.clock(stretch[0].start, 24)} to "
                                                           f"{text.clock(stretch[-1].end, 24)} with no break "
                                                           f"(more than {limit}); add a break block")
                stretch = []
            if counts:
                stretch.append(block)

    def check_hours(self, program: Program) -> None:
        low, high = program.hours
        hours = program.weekly_hours
        if not low <= hours <= high:
            where = ("hours_per_week",) if "hours_per_week" in self.data else ("days",)
            whose = ("the program's hours_per_week" if "hours_per_week" in self.data
                     else f"{program.level_name} for {program.population}")
            self.error(where, f"the program days add up to {_hours(hours)} hours of groups a week (breaks not "
                              f"counted); {whose} is {_hours(low)} to {_hours(high)} hours")

    def check_start(self, program: Program) -> None:
        if program.start_date is None or not program.days:
            return
        first = program.days[0]
        if program.start_date.weekday() != first.weekday:
            self.error(("start_date",), f"start_date {program.start_date.isoformat()} is a "
                                        f"{text.day_name(WEEKDAYS[program.start_date.weekday()])}; week 1 starts "
                                        f"on the first program day of the week, a {text.day_name(first.name)}")

    # ---------------------------------------------------------------- the rotation

    def ids(self, value, where: tuple, name: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(where, f"'{name}' must be a list of module ids")
            return []
        for index, module_id in enumerate(value):
            self.module(module_id, where + (index,))
        return list(value)

    def module(self, module_id, where: tuple) -> Module | None:
        """The live module with this id; reported when there is none (or it is retired)."""
        if not isinstance(module_id, str) or not schema.SLUG.match(module_id):
            self.error(where, f"a module id is a slug like 'cravings', not {schema._show(module_id)}")
            return None
        if self.curriculum is None:
            return None
        module = self.curriculum.module(module_id)
        if module is not None:
            return module
        if any(m.id == module_id for m in self.curriculum.retired):
            self.error(where, f"module '{module_id}' is retired; schedule another module, or leave the slot "
                              f"open (~)")
        elif not (self.root / "modules" / f"{module_id}.md").exists():  # one that failed to load is reported on its own
            known = ", ".join(m.id for m in self.curriculum.modules)
            self.error(where, f"there is no module '{module_id}' (modules: {known})")
        return None

    def rotation(self, program: Program, value) -> None:
        if value is None:
            return
        if not isinstance(value, list):
            self.error(("rotation",), "'rotation' must be a list of weeks, each starting with 'week: <number>'")
            return
        seen: dict[int, int] = {}
        for index, item in enumerate(value):
            where = ("rotation", index)
            if not isinstance(item, dict) or "week" not in item:
                self.error(where, "each entry of 'rotation' starts with 'week: <number>', then 'day: module' lines")
                continue
            week = self.whole(item["week"], where + ("week",), "week")
            if week is None:
                continue
            if week > program.weeks:
                self.error(where + ("week",), f"week {week} is past the end of the cycle ({program.weeks} weeks)")
                continue
            if week in seen:
                self.error(where + ("week",), f"week {week} is listed twice (also on line {seen[week]})")
                continue
            seen[week] = self.line(*where)
            self.week(program, week, {k: v for k, v in item.items() if k != "week"}, where)

    def week(self, program: Program, week: int, entries: dict, where: tuple, every: bool = False) -> None:
        days = {d.name: d for d in program.days}
        for name, value in entries.items():
            here = where + (name,)
            if name not in days:
                known = ", ".join(days)
                what = "a day of the week" if name not in WEEKDAYS else "not a program day"
                self.error(here, f"'{name}' is {what} (program days: {known})")
                continue
            day = days[name]
            slots = [b.slot for b in day.blocks if b.slot]
            if value is None:
                continue  # open
            if isinstance(value, str) or (isinstance(value, dict) and "module" in value):
                if len(slots) != 1:
                    self.error(here, f"{name} has {len(slots)} module slots ({', '.join(slots) or 'none'}): "
                                     f"name the slot, like '{name}: {{{(slots or ['slot'])[0]}: <module id>}}'")
                    continue
                self.place(program, week, day, slots[0], value, here, every)
            elif isinstance(value, dict):
                for slot, one in value.items():
                    if slot not in slots:
                        self.error(here + (slot,), f"{name} has no slot '{slot}' (its module slots: "
                                                   f"{', '.join(slots) or 'none'})")
                        continue
                    if one is not None:
                        self.place(program, week, day, slot, one, here + (slot,), every)
            else:
                self.error(here, f"'{name}' must be a module id, or 'slot: module id' lines, not "
                                 f"{schema._show(value)}")

    def place(self, program: Program, week: int, day: Day, slot: str, value, where: tuple, every: bool) -> None:
        note = None
        if isinstance(value, dict):
            self.keys(value, SESSION_KEYS, where, "a session")
            note = self.words(value["note"], where + ("note",), "note") if value.get("note") is not None else None
            value = value.get("module")
            if value is None:
                self.error(where, "a session written as a mapping needs 'module: <id>'")
                return
        line = self.line(*where)
        module = self.module(value, where)
        block = next(b for b in day.blocks if b.slot == slot)
        key = (week, day.name, slot)
        if key in program.sessions:
            other = program.sessions[key]
            self.error(where, f"week {week}, {day.name} '{slot}' is filled twice (also on line {other.line})")
            return
        if module is not None and module.duration > block.minutes:
            self.error(where, f"module '{module.id}' takes {module.duration} minutes, longer than the "
                              f"{block.minutes}-minute '{slot}' slot on {day.name}"
                              + ("" if every else f" (week {week})"))
            return
        program.sessions[key] = Session(week, day.name, slot, module, note, line)

    def unscheduled(self, program: Program) -> None:
        if self.curriculum is None:
            return
        used = {s.module.id for s in program.sessions.values() if s.module is not None}
        for module in self.curriculum.modules:
            if module.id not in used and module.id not in program.optional and module.id != RESERVED_ID:
                self.problems.warning(self.line("rotation"), f"module '{module.id}' is not scheduled in any week; "
                                                             f"add it to the rotation, or list it under 'optional'")


def _hours(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0")
