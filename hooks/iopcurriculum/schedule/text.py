"""The schedule's words and thresholds (content is data): the staff schedule's, and the levels
and kinds of block, from schedule.yml beside this file; what participants read, per language,
from the strings tables (data/strings/<language>.yml, `schedule.` keys). Staff read English."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from .. import strings

DATA = Path(__file__).with_name("schedule.yml")


@functools.cache
def data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def kind(name: str) -> dict:
    return data()["kinds"][name]


def label(name: str) -> str:
    return data()["labels"][name]


def words(language: str, key: str, **fields) -> str:
    template = strings.text(language, f"schedule.{key}")
    if not fields:
        return template
    # A field ending in an abbreviation's period ends the sentence with it: "a 9:15 p. m.", not "p. m..".
    template = re.sub(r"\{(\w+)\}\.", lambda m: m[0][:-1] if str(fields.get(m[1], "")).endswith(".") else m[0],
                      template)
    return template.format(**fields)


def plain_kind(name: str, language: str) -> str:
    return words(language, f"kinds.{name}.name")


def about(name: str, language: str) -> str:
    return words(language, f"kinds.{name}.about")


def day_name(day: str, language: str = strings.BASE) -> str:
    """A day as written inside a sentence ("Monday", "lunes")."""
    return words(language, f"days.{day}")


def capital(value: str) -> str:
    """`value` starting a heading, a label or a sentence ("lunes" -> "Lunes")."""
    return value[:1].upper() + value[1:]


def join(items: list[str], language: str = strings.BASE) -> str:
    """"Monday, Wednesday and Thursday"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {words(language, 'and')} " + items[-1]


def clock(minutes: int, style: int = 12, language: str = strings.BASE) -> str:
    """A time of day: 18:00 or 6:00 pm."""
    hours, mins = divmod(minutes, 60)
    if style == 24:
        return f"{hours:02d}:{mins:02d}"
    suffix = words(language, "clock.am" if hours < 12 else "clock.pm")
    return f"{(hours - 1) % 12 + 1}:{mins:02d} {suffix}"
