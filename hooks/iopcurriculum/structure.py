"""What a curriculum is made of: modules, their blocks and their metadata.

Plain data, no behaviour beyond simple derived values; loading and checking live in load.py.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .editions import FACILITATOR
from .registry import with_role

# Not yet signed off (by a clinician, or for a translation a qualified translator): shown as a
# draft, refused by a release.
UNREVIEWED = ("draft", "in-review")


@dataclass
class Text:
    """A run of Markdown lines outside any nested block; `line` is the first line's number."""
    lines: list[str]
    line: int


@dataclass
class Block:
    """A fenced div (`::: type attrs` ... `:::`) with its parsed children."""
    type: str
    attrs: dict[str, str]
    line: int
    children: list["Node"] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        return self.attrs.get("title")

    @property
    def anchor(self) -> str:
        """Stable across edits: activity titles are unique within a module (load.py checks)."""
        return slugify(self.attrs.get("title", self.type))

    def walk(self):
        yield self
        for child in self.children:
            if isinstance(child, Block):
                yield from child.walk()


Node = Text | Block


def slugify(text: str) -> str:
    # Accents dropped, not the letters: "¿Qué es?" is que-es.
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "section"


def walk(nodes: list[Node]):
    """Every block in a body, depth first."""
    for node in nodes:
        if isinstance(node, Block):
            yield from node.walk()


@dataclass
class Review:
    reviewer: str
    credentials: str
    date: dt.date
    next_due: dt.date


@dataclass
class ChangelogEntry:
    version: str
    date: dt.date
    changes: list[str]


@dataclass
class Activity:
    """One row of the session plan."""
    title: str
    minutes: int
    start: int  # minutes from the start of the session
    anchor: str


@dataclass
class Module:
    id: str
    path: Path
    title: str
    version: str
    status: str
    duration: int
    group: str
    summary: str
    objectives: list[str]
    sources: list[str]
    body: list[Node]
    participant_title: str | None = None
    materials: list[str] = field(default_factory=list)
    review: Review | None = None
    changelog: list[ChangelogEntry] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # front matter key -> line number

    @property
    def handout_title(self) -> str:
        return self.participant_title or self.title

    def title_in(self, audience: str) -> str:
        """The title an audience reads: the facilitator guide the module's own, handouts theirs."""
        return self.title if audience == FACILITATOR else self.handout_title

    @property
    def is_draft(self) -> bool:
        """Not yet signed off by a clinician: shown as a draft, refused by a release."""
        return self.status in UNREVIEWED

    @property
    def activities(self) -> list[Activity]:
        plan, start = [], 0
        timed = with_role("timed")
        for block in walk(self.body):
            if block.type in timed:
                minutes = int(block.attrs["minutes"])
                plan.append(Activity(block.attrs["title"], minutes, start, block.anchor))
                start += minutes
        return plan


@dataclass
class Translation:
    """A module's participant text in another language (curriculum/modules/<language>/<id>.md):
    its own status and review, and which English text it translates."""
    module_id: str
    language: str
    path: Path
    title: str
    summary: str
    objectives: list[str]
    body: list[Node]  # participant blocks only (load refuses any other)
    status: str
    version: str
    translates_version: str
    translates_hash: str
    review: Review | None = None
    lines: dict[str, int] = field(default_factory=dict)
    stale: bool = False  # the English participant text changed since (set by the loader)

    @property
    def handout_title(self) -> str:
        """As Module's: the quality checks read a translation as they read a handout."""
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status in UNREVIEWED


@dataclass
class CrisisResource:
    name: str
    how: str


@dataclass
class Curriculum:
    root: Path
    title: str
    version: str
    organization: str
    crisis_resources: list[CrisisResource]
    modules: list[Module]
    settings: dict = field(default_factory=dict)  # validated curriculum.yml, defaults filled in
    lines: dict[str, int] = field(default_factory=dict)  # curriculum.yml key -> line number
    date: str | None = None  # release date, set by a release
    retired: list[Module] = field(default_factory=list)  # retired modules are not built
    # Per language other than English (curriculum.yml `languages`): its crisis resources and
    # description, and its translations by module id.
    languages: dict[str, "Language"] = field(default_factory=dict)

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def crisis_in(self, language: str) -> list[CrisisResource]:
        """The crisis resources in a language: curriculum.yml's, or its `languages` entry's."""
        return self.languages[language].crisis_resources if language in self.languages else self.crisis_resources

    def translation(self, language: str, module_id: str) -> Translation | None:
        found = self.languages.get(language)
        return found.translations.get(module_id) if found else None


@dataclass
class Language:
    code: str
    description: str
    crisis_resources: list[CrisisResource]
    translations: dict[str, Translation] = field(default_factory=dict)
