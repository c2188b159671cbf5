"""The editions a curriculum is built into, as data (data/editions.yml): who each is for (its
audience), its language and its print formats. Its title and every word it shows come from
the language's strings table (strings.py).

An edition is named by a string (`participant-es`); audiences are the two kinds of reader a
block is written for. The English editions are named after their audience."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from . import strings

FACILITATOR = "facilitator"
PARTICIPANT = "participant"
AUDIENCES = (FACILITATOR, PARTICIPANT)
FORMATS = ("standard", "large")
DATA = Path(__file__).with_name("data") / "editions.yml"


@dataclass(frozen=True)
class Edition:
    name: str
    audience: str
    language: str
    folder: str  # its pages at <folder>/<id>/ and PDFs in pdf/<folder>/
    book: str  # the bound book's file name, without .pdf
    formats: tuple[str, ...]

    @property
    def title(self) -> str:
        return strings.text(self.language, f"edition.{self.audience}")

    @property
    def translated(self) -> bool:
        """Its modules' text comes from translations (curriculum/modules/<language>/)."""
        return self.language != strings.BASE


def _read(path: Path) -> dict[str, Edition]:
    """Code's data: a mistake in it is raised at import."""
    editions = {}
    for name, entry in yaml.safe_load(path.read_text(encoding="utf-8")).items():
        edition = Edition(name, formats=tuple(entry.pop("formats")), **entry)
        if edition.audience not in AUDIENCES or not set(edition.formats) <= set(FORMATS):
            raise ValueError(f"{path}: edition {name!r}: audience must be one of {AUDIENCES}, formats of {FORMATS}")
        strings.table(edition.language)  # its strings exist
        editions[name] = edition
    return editions


EDITION: dict[str, Edition] = _read(DATA)
EDITIONS = tuple(EDITION)  # every edition there is, in the order sites list them
TITLES = {name: edition.title for name, edition in EDITION.items()}
FOLDERS = {edition.folder: name for name, edition in EDITION.items()}  # a site's top folder -> its edition


def audience(name: str) -> str:
    return EDITION[name].audience


def language(name: str) -> str:
    return EDITION[name].language


def for_build(audiences: tuple[str, ...], languages: tuple[str, ...]) -> tuple[str, ...]:
    """The editions a build makes: those for these audiences in these languages (English always)."""
    return tuple(name for name, e in EDITION.items()
                 if e.audience in audiences and (e.language == strings.BASE or e.language in languages))


def english(name: str) -> str:
    """The English edition for the same audience."""
    return next(n for n, e in EDITION.items() if e.audience == audience(name) and not e.translated)
