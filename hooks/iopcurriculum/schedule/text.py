"""The schedule's words and thresholds, from schedule.yml beside this file (content is data)."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("schedule.yml")


@functools.cache
def data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def kind(name: str) -> dict:
    return data()["kinds"][name]


def label(name: str) -> str:
    return data()["labels"][name]


def day_name(day: str) -> str:
    return data()["days"][day]


def clock(minutes: int, style: int = 12) -> str:
    """A time of day: 18:00 or 6:00 pm."""
    hours, mins = divmod(minutes, 60)
    if style == 24:
        return f"{hours:02d}:{mins:02d}"
    suffix = "am" if hours < 12 else "pm"
    return f"{(hours - 1) % 12 + 1}:{mins:02d} {suffix}"
