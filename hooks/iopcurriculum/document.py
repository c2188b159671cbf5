"""The document model: a module as one edition reads it. Its tree is filtered for the edition
once (edition.select) and rendered once for the screen (web.render); the web page (pages.py)
and the print renderer (printing/) are both made from it.

In a translated edition the document is the module's translation (its tree, title, summary
and objectives); what is not text (duration, sources, version) is the module's."""
from __future__ import annotations

from dataclasses import dataclass

from . import edition, web
from .editions import EDITION
from .structure import Curriculum, Module, Node, Translation


@dataclass(frozen=True)
class Document:
    module: Module
    edition: str
    tree: list[Node]  # the module's body as this edition sees it
    body: str  # the tree as Markdown
    translation: Translation | None = None

    @property
    def audience(self) -> str:
        return EDITION[self.edition].audience

    @property
    def language(self) -> str:
        return EDITION[self.edition].language

    @property
    def title(self) -> str:
        return self.translation.title if self.translation else self.module.title_in(self.audience)

    @property
    def summary(self) -> str:
        return self.translation.summary if self.translation else self.module.summary

    @property
    def objectives(self) -> list[str]:
        return self.translation.objectives if self.translation else self.module.objectives

    @property
    def is_draft(self) -> bool:
        return self.module.is_draft or (self.translation is not None and self.translation.is_draft)


def make(module: Module, name: str, translation: Translation | None = None) -> Document:
    source = translation.body if translation else module.body
    tree = edition.select(source, (EDITION[name].audience,))
    return Document(module, name, tree, web.render(tree, name), translation)


def for_edition(curriculum: Curriculum, name: str, module: Module) -> Document | None:
    """A module's document in an edition; None in a translated edition without its translation."""
    e = EDITION[name]
    if not e.translated:
        return make(module, name)
    translation = curriculum.translation(e.language, module.id)
    return make(module, name, translation) if translation else None


def documents(curriculum: Curriculum, editions: tuple[str, ...]) -> dict[tuple[str, str], Document]:
    """Every module's document in each edition (translated modules only in a translated
    edition), keyed (edition, module id)."""
    out = {}
    for name in editions:
        for module in curriculum.modules:
            document = for_edition(curriculum, name, module)
            if document is not None:
                out[name, module.id] = document
    return out
