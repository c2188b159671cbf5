"""The schedule as an iCalendar file (RFC 5545) that staff import into their calendars: one
event for every group of every week of the cycle, each repeating every cycle (rolling
admission: the cycle runs again and again). Breaks are not events. Facilitator edition only:
the events carry staff notes, and on a patient's phone a calendar entry is seen by whoever
sees the phone's calendar or its cloud account.

The same program gives the same bytes: DTSTAMP comes from SOURCE_DATE_EPOCH (the last commit),
never the clock, and every UID is made from the program's own names.
"""
from __future__ import annotations

import datetime as dt
import re

import icalendar

from ..dates import source_date
from ..structure import Curriculum
from . import text
from .model import Program
from .pages import GROUP_KIND


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "curriculum"


def events(program: Program, curriculum: Curriculum) -> list[icalendar.Event]:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(program.time_zone) if program.time_zone else None
    stamp = dt.datetime.combine(source_date() or program.start_date, dt.time(0, 0), dt.timezone.utc)
    domain = _slug(curriculum.organization) + ".invalid"
    out = []
    for week in range(1, program.weeks + 1):
        for day in program.days:
            date = program.date_of(week, day)
            for index, block in enumerate(day.blocks):
                info = text.kind(block.kind)
                if not info["counts"]:
                    continue
                session = program.session(week, day, block)
                module = session.module if session else None
                kind = text.kind(GROUP_KIND[module.group])["staff"] if module else (block.title or info["staff"])
                what = f"{kind}: {module.title}" if module else (
                    f"{kind}: {text.label('open_staff')}" if block.slot else kind)
                event = icalendar.Event()
                event.add("uid", f"{_slug(curriculum.title)}-week{week}-{day.name}-{index + 1}@{domain}")
                event.add("dtstamp", stamp)
                start = dt.datetime.combine(date, dt.time(*divmod(block.start, 60)), zone)
                event.add("dtstart", start)
                event.add("dtend", start + dt.timedelta(minutes=block.minutes))
                event.add("summary", f"Week {week} · {what}")
                notes = [n for n in (block.note, session.note if session else None) if n]
                if module:
                    notes.insert(0, module.summary)
                notes.append(f"Week {week} of the {program.weeks}-week cycle; it repeats every "
                             f"{program.weeks} weeks.")
                event.add("description", "\n\n".join(notes))
                event.add("rrule", {"freq": "weekly", "interval": program.weeks})
                out.append(event)
    return out


def calendar(program: Program, curriculum: Curriculum) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{curriculum.organization}//{curriculum.title} program schedule//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{curriculum.title}: {text.label('title_facilitator').lower()}")
    for event in events(program, curriculum):
        cal.add_component(event)
    if program.time_zone:
        cal.add("x-wr-timezone", program.time_zone)
        cal.add_missing_timezones()
    return cal.to_ical()
