"""The block registry: every block type authors may write, declared once in data/blocks.yml.

The parser (blocks.py), the edition filter (edition.py), the web renderer (web.py), the print
renderer (printing/, from the same documents), the quality checks, the leak gate and the
authoring guide's block table (tests/test_registry.py) read it from here."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import strings
from .editions import AUDIENCES, EDITION, FACILITATOR

DATA = Path(__file__).with_name("data") / "blocks.yml"
FORMS = ("admonition", "section")
ROLES = ("timed", "worksheet", "safety")


@dataclass(frozen=True)
class Attribute:
    required: bool = False
    pattern: str | None = None  # the whole value must match (ASCII: int() reads other digits too)
    problem: str = ""  # the error when it does not
    fallback: str | None = None  # the value later stages see after that error

    def accepts(self, value: str) -> bool:
        return self.pattern is None or re.fullmatch(self.pattern, value) is not None


@dataclass(frozen=True)
class BlockType:
    name: str
    form: str
    docs: str
    audience: str | None = None  # the one audience that sees it; None: both
    admonition: str | None = None
    attributes: dict[str, Attribute] = field(default_factory=lambda: {"title": Attribute()})
    top_level: bool = False
    roles: frozenset[str] = frozenset()

    @property
    def staff_only(self) -> bool:
        return self.audience == FACILITATOR

    def seen_in(self, audiences) -> bool:
        """Whether a build showing these audiences shows this block (edition.visible asks it for
        editions)."""
        return self.audience is None or self.audience in audiences

    def title_in(self, edition: str) -> str:
        """Its title in an edition: the strings table's, in the edition's language."""
        e = EDITION[edition]
        # A block for one audience has that audience's title wherever it shows (a hand-written
        # page of a build of both shows both audiences' blocks).
        return strings.text(e.language, f"block.{self.name}.{self.audience or e.audience}")


def _read(path: Path) -> dict[str, BlockType]:
    """The registry file, checked as it is read: it is code's data, so a mistake in it is a
    programming error (raised at import), not an author's."""
    types = {}
    for name, entry in yaml.safe_load(path.read_text(encoding="utf-8")).items():
        if "attributes" in entry:  # left out: BlockType's default, an optional title
            entry["attributes"] = {key: Attribute(**(spec or {})) for key, spec in entry["attributes"].items()}
        block = BlockType(name, roles=frozenset(entry.pop("roles", ())), **entry)
        problem = _problem(block)
        if problem:
            raise ValueError(f"{path}: block type {name!r}: {problem}")
        types[name] = block
    return types


def _problem(block: BlockType) -> str | None:
    if block.form not in FORMS:
        return f"form {block.form!r} is not one of {FORMS}"
    if not block.roles <= set(ROLES):
        return f"roles {sorted(block.roles)} are not all in {ROLES}"
    if block.audience not in (None, *AUDIENCES):
        return f"audience {block.audience!r} is not one of {AUDIENCES}"
    if block.form == "admonition" and not block.admonition:
        return "an admonition needs `admonition`"
    for audience in AUDIENCES if block.form == "admonition" else ():
        if block.audience in (None, audience) and f"block.{block.name}.{audience}" not in strings.table(strings.BASE):
            return f"its title for {audience} is missing from the strings table (block.{block.name}.{audience})"
    return None


BLOCKS: dict[str, BlockType] = _read(DATA)
STAFF_ONLY = frozenset(name for name, block in BLOCKS.items() if block.staff_only)


def with_role(role: str) -> list[str]:
    return [name for name, block in BLOCKS.items() if role in block.roles]
