"""What this MkDocs process was started to do, kept for its whole life.

`mkdocs serve` loads the hook file afresh for every rebuild and calls on_startup and on_serve
only once, but imports this package once: state that must outlive a rebuild lives here."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Process:
    command: str | None = None  # build, gh-deploy or serve, from on_startup
    serving: bool = False  # on_serve ran: `serve --clean` reports itself as build until then

    @property
    def current(self) -> str | None:
        return "serve" if self.serving else self.command


PROCESS = Process()
