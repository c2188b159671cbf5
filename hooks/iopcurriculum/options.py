"""Build options, declared once as typed data: each with its type, default, validation and the
environment variable that overrides it. Every stage reads one BuildOptions object made by
`read()`, never the environment itself.

The environment is how options reach a build: `mkdocs build` has no flags of ours, and a
release runs builds in subprocesses."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from .editions import AUDIENCES

SWITCH = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


class OptionError(ValueError):
    """An option's value cannot be used; the message names the variable and what it takes."""


@dataclass(frozen=True)
class Option:
    name: str  # the field of BuildOptions
    env: str
    kind: str  # choice | switch | count | date
    default: object  # None: decided at use (workers by the cores, today by the clock)
    help: str
    choices: tuple[str, ...] = ()

    def parse(self, raw: str):
        value = raw.strip().lower() if self.kind in ("choice", "switch") else raw.strip()
        if not value:
            return self.default
        if self.kind == "choice" and value not in self.choices:
            raise OptionError(f"{self.env}={raw!r} is not {self.help}: use {', '.join(self.choices[:-1])} or "
                              f"{self.choices[-1]}")
        if self.kind == "switch":
            if value not in SWITCH:
                raise OptionError(f"{self.env}={raw!r} is not a yes or no: use 1 or 0")
            return SWITCH[value]
        if self.kind == "count":
            if not value.isascii() or not value.isdigit():
                raise OptionError(f"{self.env}={raw!r} is not a whole number")
            if int(value) < 1:
                raise OptionError(f"{self.env}={raw!r} must be 1 or more")
            return int(value)
        if self.kind == "date":
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise OptionError(f"{self.env}={raw!r} is not a date written YYYY-MM-DD") from None
        return value


OPTIONS = (
    # Editions by audience: the participant editions are built in every language curriculum.yml lists.
    Option("edition", "CURRICULUM_EDITION", "choice", "all", "an edition", ("all", *AUDIENCES)),
    Option("pdf", "CURRICULUM_PDF", "switch", True,
           "whether PDFs are written, by `mkdocs build` and by `mkdocs serve` (a live print preview)"),
    Option("pdf_workers", "CURRICULUM_PDF_WORKERS", "count", None, "processes rendering PDFs (unset: one per core)"),
    Option("today", "CURRICULUM_TODAY", "date", None, "the date reviews are judged against (unset: the clock's)"),
)


@dataclass(frozen=True)
class BuildOptions:
    edition: str = "all"
    pdf: bool = True
    pdf_workers: int | None = None
    today: dt.date | None = None

    @property
    def audiences(self) -> tuple[str, ...]:
        return AUDIENCES if self.edition == "all" else (self.edition,)

    @property
    def workers(self) -> int:
        return self.pdf_workers or os.cpu_count() or 1

    @property
    def date(self) -> dt.date:
        return self.today or dt.date.today()


def read(env: dict | None = None) -> BuildOptions:
    """The options from the environment (`env`, default os.environ); raises OptionError naming
    every value that cannot be used."""
    env = os.environ if env is None else env
    values, errors = {}, []
    for option in OPTIONS:
        try:
            values[option.name] = option.parse(env.get(option.env, ""))
        except OptionError as err:
            errors.append(str(err))
    if errors:
        raise OptionError("; ".join(errors))
    return BuildOptions(**values)
