"""What changed between two releases, for the reviewing clinician: modules added, removed and
changed; version bumps and changelog entries; and each changed module's text, per edition, as a
readable diff. Each release's curriculum is read from git (`git archive`) and laid out exactly as
its pages are built, so the diff shows what facilitators and participants actually read."""
from __future__ import annotations

import difflib
import html
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import document as doc
from .. import edition as ed
from .. import load, pages
from ..edition import WRITE_IN, without_comments
from ..problems import CurriculumError, Problem
from ..registry import BLOCKS
from ..structure import ChangelogEntry, Curriculum, Module, Node, Text
from . import gitrepo

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CONTEXT_LINES = 2


@dataclass
class ModuleChange:
    module: Module  # as in the newer release
    old: Module
    changelog: list[ChangelogEntry]  # entries the older release did not have
    diffs: dict[str, list[str]] = field(default_factory=dict)  # edition -> unified diff lines

    @property
    def version_changed(self) -> bool:
        return self.old.version != self.module.version


@dataclass
class Comparison:
    old_ref: str
    new_ref: str
    old: Curriculum
    new: Curriculum
    added: list[Module]
    removed: list[Module]
    changed: list[ModuleChange]
    unchanged: list[Module]


def compare(project: Path, old_ref: str, new_ref: str) -> Comparison:
    project = Path(project).resolve()
    path = gitrepo.relative(project, project / "curriculum")
    with tempfile.TemporaryDirectory(prefix="curriculum-compare-") as tmp:
        old = _load_at(project, old_ref, path, Path(tmp) / "old")
        new = _load_at(project, new_ref, path, Path(tmp) / "new")
        old_by_id = {m.id: m for m in old.modules}
        new_by_id = {m.id: m for m in new.modules}
        added = [m for m in new.modules if m.id not in old_by_id]
        removed = [m for m in old.modules if m.id not in new_by_id]
        changed, unchanged = [], []
        for module in new.modules:
            before = old_by_id.get(module.id)
            if before is None:
                continue
            change = ModuleChange(module, before, [e for e in module.changelog
                                                   if e.version not in {o.version for o in before.changelog}])
            for edition in ed.AUDIENCES:
                diff = list(difflib.unified_diff(edition_text(old, before, edition),
                                                 edition_text(new, module, edition),
                                                 f"{old_ref}", f"{new_ref}", n=CONTEXT_LINES, lineterm=""))
                if diff:
                    change.diffs[edition] = diff
            if change.diffs or change.version_changed or change.changelog or before.status != module.status:
                changed.append(change)
            else:
                unchanged.append(module)
    return Comparison(old_ref, new_ref, old, new, added, removed, changed, unchanged)


def _load_at(project: Path, ref: str, path: str, dest: Path) -> Curriculum:
    commit = gitrepo.resolve(project, ref)
    folder = gitrepo.export(project, commit, path, dest)
    try:
        return load.load(folder)
    except CurriculumError as err:
        raise CurriculumError([Problem(f"{ref}:{p.path}", p.line, p.message)
                               for p in err.problems]) from None


def edition_text(curriculum: Curriculum, module: Module, edition: str) -> list[str]:
    """A module as one edition reads it, as lines of text from the document model (edition.select
    of its tree, and the page's parts): no page furniture that changes with every release (the
    curriculum version line) and no markup. Block titles read "**[Title]**", room to write reads
    "[space to write]"."""
    document = doc.make(module, edition)
    out = [f"# {document.title}", "", module.summary]
    if edition == ed.FACILITATOR:
        out += [f"{key}: {value}" for key, value in pages.facts(module)]
        out += ["", "Objectives:", *(f"- {o}" for o in module.objectives)]
        out += ["", "Materials:", *(f"- {m}" for m in module.materials)] if module.materials else []
        out += ["", "Session plan:", *(f"- {a.title}: {a.minutes} minutes" for a in module.activities)]
    _tree_text(document.tree, edition, out)
    if edition == ed.PARTICIPANT:
        out += ["", "**[Get help now]**", *(f"- {r.name}: {r.how}" for r in curriculum.crisis_resources)]
    out += ["", "Sources:", *(f"- {s}" for s in module.sources)]
    lines: list[str] = []
    for line in out:  # runs of blank lines read as one
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return lines


def _tree_text(nodes: list[Node], edition: str, out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, Text):
            out += ["[space to write]" if WRITE_IN.match(line) else line for line in without_comments(node.lines)]
            continue
        kind = BLOCKS[node.type]
        title = node.title or kind.title_in(edition)
        out += ["", f"## {title}" if kind.form == "section" else f"**[{title}]**", ""]
        _tree_text(node.children, edition, out)


def text_report(c: Comparison) -> str:
    out = [f"Comparing {c.old_ref} ({c.old.title} {c.old.version}) with {c.new_ref} ({c.new.title} {c.new.version})",
           ""]
    out.append("Added: " + (", ".join(f"{m.title} ({m.id}, version {m.version})" for m in c.added) or "none"))
    out.append("Removed: " + (", ".join(f"{m.title} ({m.id}, version {m.version})" for m in c.removed) or "none"))
    out.append("Changed: " + (", ".join(f"{ch.module.title} ({ch.module.id})" for ch in c.changed) or "none"))
    out.append("Unchanged: " + (", ".join(m.id for m in c.unchanged) or "none"))
    for ch in c.changed:
        out += ["", "=" * 72, f"{ch.module.title} ({ch.module.id})", f"  version: {_arrow(ch.old.version, ch.module.version)}",
                f"  status: {_arrow(ch.old.status, ch.module.status)}"]
        for entry in ch.changelog:
            out.append(f"  changelog {entry.version} ({entry.date.isoformat()}): {'; '.join(entry.changes)}")
        for edition in ed.AUDIENCES:
            if edition in ch.diffs:
                out += ["", f"  {ed.TITLES[edition]} ({edition} edition):"]
                out += ["    " + line for line in ch.diffs[edition]]
            else:
                out += ["", f"  {ed.TITLES[edition]} ({edition} edition): text unchanged"]
    return "\n".join(out) + "\n"


def _arrow(old: str, new: str) -> str:
    return new if old == new else f"{old} -> {new}"


def html_report(c: Comparison) -> str:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             keep_trailing_newline=True)
    changed = []
    for ch in c.changed:
        editions = [{"name": ed.TITLES[e], "edition": e, "hunks": diff_rows(ch.diffs.get(e, []))}
                    for e in ed.AUDIENCES]
        changed.append({"change": ch, "editions": editions})
    return env.get_template("compare.html").render(c=c, changed=changed)


def diff_rows(diff: list[str]) -> list[list[dict]]:
    """Unified diff lines -> hunks of rows {kind: same|old|new, html}; a removed line followed by
    its replacement has the changed words marked, so a one-word edit is easy to spot."""
    hunks: list[list[dict]] = []
    lines = [l for l in diff if not l.startswith(("---", "+++"))]
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("@@"):
            hunks.append([])
            i += 1
            continue
        if line.startswith("-"):
            olds, news = [], []
            while i < len(lines) and lines[i].startswith("-"):
                olds.append(lines[i][1:]); i += 1
            while i < len(lines) and lines[i].startswith("+"):
                news.append(lines[i][1:]); i += 1
            for k in range(max(len(olds), len(news))):
                a = olds[k] if k < len(olds) else None
                b = news[k] if k < len(news) else None
                if a is not None and b is not None:
                    marked_a, marked_b = _mark_words(a, b)
                    hunks[-1] += [{"kind": "old", "html": marked_a}, {"kind": "new", "html": marked_b}]
                elif a is not None:
                    hunks[-1].append({"kind": "old", "html": html.escape(a)})
                else:
                    hunks[-1].append({"kind": "new", "html": html.escape(b)})
            continue
        kind = "new" if line.startswith("+") else "same"
        hunks[-1].append({"kind": kind, "html": html.escape(line[1:])})
        i += 1
    return hunks


def _mark_words(a: str, b: str) -> tuple[str, str]:
    wa, wb = re.split(r"(\s+)", a), re.split(r"(\s+)", b)
    out_a, out_b = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        ta, tb = html.escape("".join(wa[i1:i2])), html.escape("".join(wb[j1:j2]))
        if op == "equal":
            out_a.append(ta); out_b.append(tb)
        else:
            if ta:
                out_a.append(f"<del>{ta}</del>")
            if tb:
                out_b.append(f"<ins>{tb}</ins>")
    return "".join(out_a), "".join(out_b)
