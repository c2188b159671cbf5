"""Translations of a module's participant text (curriculum/modules/<language>/<id>.md).

A translation records which English text it translates: the module's version and a hash of
the participant text (what a participant reads: title, summary, objectives and the handout's
body). When the English participant text changes, the hash no longer matches and the
translation is stale.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from . import edition, inert, schema
from .blocks import module_links
from .editions import PARTICIPANT
from .problems import Problem, Problems
from .registry import BLOCKS
from .reading import read_checked
from .structure import Block, CrisisResource, Curriculum, Language, Module, Node, Review, Translation, walk

MODULES_DIR = "modules"


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


def collect(curriculum: Curriculum, found: list[Problems]) -> None:
    """Load each language's translations (modules/<language>/<id>.md) into the curriculum,
    checking each: it names a module that is built, holds participant blocks only (a translation
    is published on the public site, so a staff block in one is refused, never filtered), and
    still translates the English text (stale when not: a warning; a release refuses it)."""
    root = curriculum.root
    modules = {m.id: m for m in curriculum.modules}
    for code, settings in curriculum.settings.get("languages", {}).items():
        language = Language(code, settings["description"],
                            [CrisisResource(**r) for r in settings["crisis_resources"]])
        curriculum.languages[code] = language
        folder = root / MODULES_DIR / code
        for path in sorted(folder.glob("*.md")):
            problems = Problems.joining(found, path, root.parent)
            translation = load_translation(path, code, problems, project=root.parent)
            if translation is None or problems.errors:
                continue
            module = modules.get(translation.module_id)
            if module is None:
                problems.error(translation.lines.get("id"), f"translates '{translation.module_id}', but there is no "
                               f"such module (or it is retired or cannot be read)")
                continue
            # Stale: shown on the handout, a warning in builds, refused by a release (stale_problems).
            translation.stale = translation.translates_hash != source_hash(module)
            language.translations[module.id] = translation
        for translation in language.translations.values():
            problems = Problems.joining(found, translation.path, root.parent)
            for line, target in module_links(translation.body):
                if Path(target).stem not in language.translations:
                    problems.error(line, f"link to '{target}': that module has no translation in this language, so "
                                         f"the link would lead nowhere; translate it too, or leave the link out")


def stale_problems(curriculum: Curriculum, level: str) -> list[Problem]:
    """Each stale translation, at its `translates` line."""
    found = []
    for language in curriculum.languages.values():
        for translation in language.translations.values():
            if translation.stale:
                problems = Problems(translation.path, curriculum.root.parent)
                module = curriculum.module(translation.module_id)
                problems.add(level, translation.lines.get("translates"), stale_message(translation, module))
                found.extend(problems.items)
    return found


def stale_message(translation: Translation, module: Module) -> str:
    return (f"translation is stale: the English participant text of '{module.id}' changed since it was translated "
            f"(translated from version {translation.translates_version}, now {module.version}); update the "
            f"translation, then set translates.version to \"{module.version}\" and translates.hash to "
            f"\"{source_hash(module)}\"")


def load_translation(path: Path, language: str, problems: Problems, *, project: Path) -> Translation | None:
    read = read_checked(path, schema.TRANSLATION, problems, project=project,
                        signed_off_by=": a qualified translator's sign-off")
    if read is None:
        return None
    meta, line_of, body = read.meta, read.lines, read.body
    if meta["language"] != language:
        problems.error(line_of.get("language"), f"language '{meta['language']}' must match the folder '{language}'")
    review = meta.get("review")
    for block in walk(body):
        if not BLOCKS[block.type].seen_in((PARTICIPANT,)):
            problems.error(block.line, f"'::: {block.type}' is not participant text: a translation holds only what "
                                       f"participants read (it is published on the public site)")
    translation = Translation(
        module_id=meta["id"], language=language, path=path, title=meta["title"], summary=meta["summary"],
        objectives=meta["objectives"], body=body, status=meta["status"], version=meta["version"],
        translates_version=meta["translates"]["version"], translates_hash=meta["translates"]["hash"],
        review=Review(**review) if review else None, lines=line_of)
    inert.check_body(body, problems)
    inert.check_texts([(line_of.get(k), v) for k, v in (("title", translation.title), ("summary", translation.summary))]
                      + [(line_of.get("objectives"), o) for o in translation.objectives], problems)
    return translation
