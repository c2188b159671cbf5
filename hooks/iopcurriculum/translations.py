"""Translations of a module's participant text (curriculum/modules/<language>/<id>.md).

A translation records which English text it translates: the module's version and a hash of
the participant text (what a participant reads: title, summary, objectives and the handout's
body). When the English participant text changes, the hash no longer matches and the
translation is stale.
"""
from __future__ import annotations

import hashlib

from . import edition
from .editions import PARTICIPANT
from .structure import Block, Module, Node


def source_text(nodes: list[Node]) -> list[str]:
    """The participant's blocks as their Markdown source (not as rendered, so a change in
    how pages are made leaves translations current)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Block):
            out.append(f"::: {node.type} " + " ".join(f"{k}={v!r}" for k, v in sorted(node.attrs.items())))
            out += source_text(node.children)
            out.append(":::")
        else:
            out += [line.rstrip() for line in node.lines if line.strip()]
    return out


def source_hash(module: Module) -> str:
    """SHA-256 of the English participant text a translation is made from."""
    body = source_text(edition.select(module.body, (PARTICIPANT,)))
    parts = [module.title_in(PARTICIPANT), module.summary, *module.objectives, *body]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
