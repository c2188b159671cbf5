"""Structure of a session: the parts every module has, images with alt text, links that lead
somewhere. (Links to other modules are checked when the curriculum loads, in load.py.)"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

from .. import edition as ed
from ..registry import BLOCKS
from ..problems import Problems
from ..structure import Curriculum, Module, Text, walk
from .prose import visible_blocks, without_code

CODE_SPAN = re.compile(r"(`+).+?\1")
MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
MD_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
REF_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
HTML_IMG = re.compile(r"<img\b[^>]*>", re.I)
HTML_ALT = re.compile(r"\balt\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
HTML_TARGET = re.compile(r"\b(?:href|src)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def check_parts(curriculum: Curriculum, module: Module, problems: Problems) -> None:
    settings = curriculum.settings.get("quality", {})
    if not module.objectives:
        problems.error(module.lines.get("objectives"), "the module has no objectives: list at least one")
    shared = list(visible_blocks(module.body))  # blocks inside a facilitator block do not count
    for block_type in settings.get("required_blocks", []):
        if block_type in BLOCKS and not any(b.type == block_type for b in shared):
            problems.error(None, f"the module has no '::: {block_type}' block that participants see; every "
                                 f"session needs at least one")
    titles = [b.title or "" for b in walk(module.body) if b.type == "activity"]
    for wanted in settings.get("required_activities", []):
        if not any(title_matches(wanted, t) for t in titles):
            problems.error(None, f"the module has no '{wanted}' activity (an activity titled \"{wanted}\"); "
                                 f"found: {', '.join(repr(t) for t in titles) or 'no activities'}")


def check_settings(curriculum: Curriculum, problems: Problems) -> None:
    """curriculum.yml's structure settings name real block types."""
    for block_type in curriculum.settings.get("quality", {}).get("required_blocks", []):
        if block_type not in BLOCKS:
            problems.error(curriculum.lines.get("quality"), f"quality.required_blocks names '{block_type}', "
                                                           f"which is not a block type ({', '.join(BLOCKS)})")


def title_matches(wanted: str, title: str) -> bool:
    """"Check-in" matches "Check-in", "Check in", "Checkin" and "Check-in and welcome"."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", wanted.strip()) if w]
    return bool(words) and re.search(r"\b" + r"[\s-]*".join(words) + r"\b", title, re.I) is not None


def check_images_and_links(module: Module, docs_dir: Path, problems: Problems) -> None:
    """Every image has alt text; every relative link or image (other than to a module) names a
    file that exists. A module's pages sit at docs/<edition>/<id>.md, so `../images/map.png`
    is docs/images/map.png."""
    for number, line in _body_lines(module.body):
        line = CODE_SPAN.sub("", line)
        for match in MD_IMAGE.finditer(line):
            if not match.group(1).strip():
                problems.error(number, f"image '{match.group(2)}' has no alt text: write "
                                       f"![what the image shows]({match.group(2)})")
        for tag in HTML_IMG.finditer(line):
            alt = HTML_ALT.search(tag.group(0))
            if alt is None or not (alt.group(1) or alt.group(2) or "").strip():
                problems.error(number, "<img> has no alt text: add alt=\"what the image shows\"")
        targets = [m.group(2) for m in MD_IMAGE.finditer(line)] + [m.group(1) for m in MD_LINK.finditer(line)]
        targets += [m.group(1) or m.group(2) or "" for m in HTML_TARGET.finditer(line)]
        definition = REF_DEFINITION.match(line)
        if definition:
            targets.append(definition.group(1))
        for target in targets:
            missing = _missing(target, docs_dir)
            if missing:
                problems.error(number, f"link to '{target}' leads to no file (looked for {missing})")


def _missing(target: str, docs_dir: Path) -> str | None:
    """Where a relative target was looked for, when nothing is there; None when it is fine."""
    path = target.split("#")[0].split("?")[0]
    if not path or SCHEME.match(path) or path.startswith(("/", "//")) or path.endswith(".md"):
        return None  # anchors, web and tel: links, site-absolute paths, module links (load.py)
    # Both editions sit one folder deep, so one check covers both.
    resolved = posixpath.normpath(posixpath.join(ed.PARTICIPANT, path))
    shown = posixpath.join(docs_dir.name, resolved)
    if resolved.startswith("..") or not (docs_dir / resolved).exists():
        return shown
    return None


def _body_lines(nodes) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for node in nodes:
        if isinstance(node, Text):
            out.extend(without_code([(node.line + i, line) for i, line in enumerate(node.lines)]))
        else:
            out.extend(_body_lines(node.children))
    return out
