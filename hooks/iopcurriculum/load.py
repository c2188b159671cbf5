"""Stage 1: read curriculum/ and validate all of it, before anything is written.

Every problem in every file is collected, so one run reports them all; `load` raises
CurriculumError when any is an error.
"""
from __future__ import annotations

import os
from pathlib import Path

from . import inert, schema, translations
from .blocks import module_links
from .reading import read_checked
from .problems import ERROR, CurriculumError, Problem, Problems
from .registry import with_role
from .structure import Block, ChangelogEntry, CrisisResource, Curriculum, Module, Review, walk

CURRICULUM_FILE = "curriculum.yml"
MODULES_DIR = "modules"


def load(root: Path | str, *, warnings: list[Problem] | None = None) -> Curriculum:
    """Load and check the curriculum at `root`; warnings (if a list is given) are appended to it."""
    found: list[Problems] = []
    curriculum = collect(root, found)
    everything = [p for group in found for p in group.items]
    errors = [p for p in everything if p.level == ERROR]
    if warnings is not None:
        warnings.extend(p for p in everything if p.level != ERROR)
    if errors or curriculum is None:
        raise CurriculumError(errors)
    return curriculum


def collect(root: Path | str, found: list[Problems]) -> Curriculum | None:
    """Load what can be loaded and report every problem into `found`: the modules that load
    are in the curriculum even when others do not, so the later checks still run on them and
    one run shows everything (None only when curriculum.yml itself cannot be used)."""
    root = Path(root)
    curriculum = _load_curriculum_file(root, found)
    modules: list[Module] = []
    broken: set[str] = set()  # loaded, with errors: checked with the rest, never built
    for path in sorted((root / MODULES_DIR).glob("*.md")):
        problems = Problems.joining(found, path, root.parent)
        module = load_module(path, problems, project=root.parent)
        if module is not None:
            modules.append(module)
            if problems.errors:
                broken.add(module.id)
    if not modules and not (root / MODULES_DIR).is_dir():
        Problems.joining(found, root / MODULES_DIR, root.parent).error(None, "folder of modules is missing")

    _check_across_modules(modules, root, found)
    modules = [m for m in modules if m.id not in broken]
    if curriculum is not None:
        curriculum.modules = _in_sequence(curriculum, [m for m in modules if m.status != "retired"], found)
        curriculum.retired = [m for m in modules if m.status == "retired"]
        translations.collect(curriculum, found)
    return curriculum


def _load_curriculum_file(root: Path, found: list[Problems]) -> Curriculum | None:
    path = root / CURRICULUM_FILE
    problems = Problems.joining(found, path, root.parent)
    if not os.path.lexists(path):  # a dangling link or a folder is reported by read_text
        problems.error(None, "file is missing: every curriculum needs curriculum.yml (title, version, organization)")
        return None
    loaded = schema.load_file(path, schema.CURRICULUM, problems, project=root.parent,
                              not_mapping="curriculum.yml must be a set of 'key: value' lines")
    if loaded is None or problems.errors:
        return None
    settings, lines = loaded
    curriculum = Curriculum(
        root=root,
        title=settings["title"],
        version=settings["version"],
        organization=settings["organization"],
        crisis_resources=[CrisisResource(**r) for r in settings["crisis_resources"]],
        modules=[],
        settings=settings,
        lines={key[0]: line for key, line in lines.items() if len(key) == 1},
        date=settings["date"].isoformat() if settings.get("date") else None,
    )
    inert.check_texts(inert.curriculum_texts(curriculum), problems)
    return curriculum


def load_module(path: Path, problems: Problems, *, project: Path | None = None) -> Module | None:
    """Parse and check one module file; None when it cannot be used (problems say why).
    `project` (default: the folder above curriculum/modules/) is where files may lead."""
    project = project if project is not None else path.absolute().parent.parent.parent
    read = read_checked(path, schema.MODULE, problems, project=project, signed_off_by="")
    if read is None:
        return None  # body errors alone still let the checks across modules run
    meta, line_of, body = read.meta, read.lines, read.body
    review = meta.get("review")

    _check_activities(body, meta, line_of, problems)

    module = Module(
        id=meta["id"],
        path=path,
        title=meta["title"],
        participant_title=meta.get("participant_title"),
        version=meta["version"],
        status=meta["status"],
        duration=meta["duration"],
        group=meta["group"],
        summary=meta["summary"],
        objectives=meta["objectives"],
        sources=meta["sources"],
        materials=meta["materials"],
        review=Review(**review) if review else None,
        changelog=[ChangelogEntry(**entry) for entry in meta["changelog"]],
        body=body,
        lines=line_of,
    )
    inert.check_module(module, problems)
    return module


def _check_activities(body, meta, line_of, problems: Problems) -> None:
    timed = with_role("timed")
    activities = [b for b in walk(body) if b.type in timed]
    total = sum(int(b.attrs.get("minutes") or 0) for b in activities)
    if total != meta["duration"]:
        problems.error(
            line_of.get("duration"),
            f"activity minutes add up to {total}, but duration is {meta['duration']}",
        )
    anchors: dict[str, Block] = {}
    for block in activities:
        anchor = block.anchor
        if anchor in anchors:
            problems.error(block.line, f"two activities are titled '{block.title}' "
                                       f"(the other is on line {anchors[anchor].line}); give each its own title")
        anchors[anchor] = block


def _check_across_modules(modules: list[Module], root: Path, found: list[Problems]) -> None:
    ids: dict[str, Module] = {}
    for module in modules:
        problems = Problems.joining(found, module.path, root.parent)
        if module.id in ids:
            problems.error(module.lines.get("id"), f"id '{module.id}' is already used by {ids[module.id].path.name}")
        ids[module.id] = module
    # A module file that failed to load is reported on its own; a link to it is not wrong.
    live = {m.id for m in modules if m.status != "retired"}
    live |= {p.stem for p in (root / MODULES_DIR).glob("*.md")} - ids.keys()
    for module in modules:
        if module.status == "retired":
            continue
        problems = Problems.joining(found, module.path, root.parent)
        for line, target in module_links(module.body):
            target_id = Path(target).stem
            if "/" in target or target_id not in live:
                why = "a retired module" if target_id in ids else "no module"
                problems.error(line, f"link to '{target}' leads to {why}; link to another module as "
                                     f"'<id>.md' (modules: {', '.join(sorted(live))})")


def _in_sequence(curriculum: Curriculum, modules: list[Module], found: list[Problems]) -> list[Module]:
    """Order modules as curriculum.yml's `sequence` says; the rest follow by id."""
    order = curriculum.settings.get("sequence", [])
    problems = Problems.joining(found, curriculum.root / CURRICULUM_FILE, curriculum.root.parent)
    by_id = {m.id: m for m in modules}
    for module_id in order:
        # A module that exists but failed to load is reported on its own; don't repeat it here.
        if module_id not in by_id and not (curriculum.root / MODULES_DIR / f"{module_id}.md").exists():
            problems.error(curriculum.lines.get("sequence"), f"sequence names '{module_id}', but there is no such module (or it is retired)")
    ordered = [by_id[i] for i in order if i in by_id]
    return ordered + [m for m in modules if m.id not in order]
