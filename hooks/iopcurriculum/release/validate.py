"""Release validation: everything that must hold before a version is published. Each problem is
reported as `path:line: what is wrong`, all of them at once."""
from __future__ import annotations

import datetime as dt
from pathlib import Path


from ..problems import ERROR, CurriculumError, Problem, Problems
from ..quality import check_curriculum
from ..schema import SEMVER
from ..sourcefile import parse_source
from ..structure import Curriculum, Module
from .. import reviews, translations
from . import gitrepo, site
from .notes import semver_key

TAG_PREFIX = "v"


def release_tags(root: Path) -> dict[str, str]:
    """{version: tag} for every tag that names a release (v1.2.0)."""
    found = {}
    for tag in gitrepo.tags(root):
        if tag.startswith(TAG_PREFIX) and SEMVER.match(tag[len(TAG_PREFIX):]):
            found[tag[len(TAG_PREFIX):]] = tag
    return found


def previous_release(root: Path, version: str) -> str | None:
    """The tag of the newest release older than `version`, or None for a first release."""
    older = [v for v in release_tags(root) if semver_key(v) < semver_key(version)]
    return release_tags(root)[max(older, key=semver_key)] if older else None


def validate_release(curriculum: Curriculum, *, project: Path, today: dt.date, allow_drafts: bool,
                     previous_tag: str | None, allow_stale_translations: bool = False) -> list[Problem]:
    """Every error that stops a release (an empty list: ready to release)."""
    found: list[Problem] = []
    try:
        site.build_checks(curriculum, today)
    except CurriculumError as err:
        found.extend(err.problems)
    found.extend(reviews.overdue_problems(curriculum, today, level=ERROR))
    for module in curriculum.modules:
        problems = Problems(module.path, curriculum.root.parent)
        if module.is_draft and not allow_drafts:
            problems.error(module.lines.get("status"),
                           f"status is '{module.status}': a release publishes clinically reviewed sessions only; "
                           "have it reviewed (status: approved, with review details), or release with "
                           "--allow-drafts to publish it marked 'Draft: not yet clinically reviewed'")
        _check_changelog(module, project, previous_tag, problems)
        found.extend(problems.items)
    if not allow_stale_translations:
        found.extend(translations.stale_problems(curriculum, ERROR))
    for language in curriculum.languages.values():
        for translation in language.translations.values():
            if translation.is_draft and not allow_drafts:
                problems = Problems(translation.path, curriculum.root.parent)
                problems.error(translation.lines.get("status"),
                               f"status is '{translation.status}': a release publishes reviewed translations only; "
                               "have a qualified translator review it (status: approved, with review details), or "
                               "release with --allow-drafts to publish it marked as a draft translation")
                found.extend(problems.items)
    found.extend(_quality(curriculum))
    return [p for p in found if p.level == ERROR]


def _check_changelog(module: Module, project: Path, previous_tag: str | None, problems: Problems) -> None:
    """A version bump needs a changelog entry for the new version; a change needs a version bump.
    Compared with the previous release, so a first release only needs its files to load."""
    if previous_tag is None:
        return
    before = gitrepo.show(project, previous_tag, gitrepo.relative(project, module.path))
    line = module.lines.get("version")
    has_entry = any(entry.version == module.version for entry in module.changelog)
    if before is None:
        if not has_entry:
            problems.error(module.lines.get("changelog") or line,
                           f"'{module.id}' is new since release {previous_tag} but its changelog has no entry "
                           f"for version {module.version}; add one (version, date, changes)")
        return
    old_version = _front_matter_version(before)
    if old_version is None or old_version == module.version:
        if before != module.path.read_bytes():
            problems.error(line, f"'{module.id}' changed since release {previous_tag} but its version is still "
                                 f"{module.version}; raise the version and add a changelog entry for it, so "
                                 "readers can tell the two texts apart")
        return
    if SEMVER.match(old_version) and semver_key(module.version) < semver_key(old_version):
        problems.error(line, f"version {module.version} is older than {old_version} in release {previous_tag}")
    elif not has_entry:
        problems.error(module.lines.get("changelog") or line,
                       f"version changed from {old_version} (release {previous_tag}) to {module.version}, "
                       f"but the changelog has no entry for {module.version}; add one (version, date, changes)")


def _front_matter_version(data: bytes) -> str | None:
    """The version an earlier release of a module had; None when it cannot be read."""
    source = parse_source(data.decode("utf-8", errors="replace"), Problems("earlier release"))
    version = source.meta.get("version") if source and source.meta else None
    return str(version) if version is not None else None


def _quality(curriculum: Curriculum) -> list[Problem]:
    """The clinical quality checks, strict as for a release: reading level over the limit is an error."""
    return [p for p in check_curriculum(curriculum, release=True) if p.level == ERROR]
