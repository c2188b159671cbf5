"""The document model: a module as one edition reads it. Its tree is filtered for the edition
once (edition.select) and rendered once for the screen (web.render); the web page (pages.py)
and the print renderer (printing/) are both made from it."""
from __future__ import annotations

from dataclasses import dataclass

from . import edition, web
from .structure import Curriculum, Module, Node


@dataclass(frozen=True)
class Document:
    module: Module
    edition: str
    tree: list[Node]  # the module's body as this edition sees it
    body: str  # the tree as Markdown

    @property
    def title(self) -> str:
        return self.module.title_in(self.edition)


def make(module: Module, name: str) -> Document:
    tree = edition.select(module.body, (name,))
    return Document(module, name, tree, web.render(tree, name))


def documents(curriculum: Curriculum, editions: tuple[str, ...]) -> dict[tuple[str, str], Document]:
    """Every module's document in each edition, keyed (edition, module id)."""
    return {(name, module.id): make(module, name) for name in editions for module in curriculum.modules}
