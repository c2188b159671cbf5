"""Release notes: the curriculum's own notes (curriculum/release-notes.yml) and each module's
`changelog`, built into one "What's new" page, newest first.

release-notes.yml (the file named by `release_notes:` in curriculum.yml; it may be absent):

    releases:
      - version: 1.1.0
        date: 2026-12-01
        changes:
          - What changed, in a sentence a facilitator understands.

Module changelog entries are listed under the first curriculum release dated on or after them;
entries newer than every release are listed as "Not yet released".
"""
from __future__ import annotations

import datetime as dt
import html
import os
from dataclasses import dataclass, field

from .. import schema, strings
from ..problems import CurriculumError, Problems
from ..schema import Field
from ..structure import ChangelogEntry, Curriculum, Module

RELEASE = {
    "version": Field("semver", required=True),
    "date": Field("date", required=True),
    "changes": Field("texts", required=True, min_items=1),
}
NOTES = {"releases": Field("list", default=[], item=Field("mapping", fields=RELEASE))}


@dataclass
class Release:
    version: str
    date: dt.date
    changes: list[str]
    module_changes: list[tuple[Module, ChangelogEntry]] = field(default_factory=list)


def notes_path(curriculum: Curriculum):
    return curriculum.root / curriculum.settings.get("release_notes", "release-notes.yml")


def load_notes(curriculum: Curriculum) -> list[Release]:
    """The curriculum's releases, newest first; raises CurriculumError on a bad file."""
    path = notes_path(curriculum)
    if not os.path.lexists(path):  # a dangling link or a folder is reported by read_text
        return []
    problems = Problems(path, curriculum.root.parent)
    loaded = schema.load_file(path, NOTES, problems, project=curriculum.root.parent, empty=True,
                              not_mapping="release notes must start with 'releases:' and a list of releases")
    data, lines = loaded or ({}, {})
    if not problems.errors:
        seen: dict[str, int] = {}
        for index, entry in enumerate(data["releases"]):
            line = lines.get(("releases", index))
            if entry["version"] in seen:
                problems.error(line, f"release {entry['version']} is listed twice")
            seen[entry["version"]] = index
    if problems.errors:
        raise CurriculumError(problems.errors)
    releases = [Release(r["version"], r["date"], r["changes"]) for r in data["releases"]]
    return sorted(releases, key=lambda r: (r.date, _semver_key(r.version)), reverse=True)


def _semver_key(version: str) -> tuple:
    core = version.split("+")[0].split("-")[0]
    return tuple(int(part) for part in core.split("."))


def semver_key(version: str) -> tuple:
    """Order versions: 1.10.0 after 1.9.0; a pre-release (1.0.0-rc.1) before its release."""
    pre = version.split("+")[0].partition("-")[2]
    return _semver_key(version) + ((1,) if not pre else (0, pre))


def timeline(curriculum: Curriculum, releases: list[Release]) -> tuple[list[Release], list]:
    """Attach each module changelog entry to the oldest release dated on or after it.
    Returns (releases newest first, entries not yet released newest first)."""
    oldest_first = sorted(releases, key=lambda r: (r.date, _semver_key(r.version)))
    for release in oldest_first:
        release.module_changes = []
    unreleased = []
    entries = [(m, e) for m in curriculum.modules for e in m.changelog]
    entries.sort(key=lambda me: (-me[1].date.toordinal(), me[0].title))  # newest first, then by title
    for module, entry in entries:
        home = next((r for r in oldest_first if r.date >= entry.date), None)
        (home.module_changes if home else unreleased).append((module, entry))
    return list(reversed(oldest_first)), unreleased


def whats_new_markdown(curriculum: Curriculum, releases: list[Release], language: str = strings.BASE) -> str:
    """The body of the "What's new" page (below its title and version line)."""
    t = strings.Strings(language)
    releases, unreleased = timeline(curriculum, releases)
    out = [t("staff.whats_new.intro") + "\n"]
    if unreleased:
        out.append(f"## {t('staff.whats_new.unreleased')}\n")
        out.append(_module_changes(unreleased, t))
    for release in releases:
        out.append(f"## {t('staff.whats_new.release', version=release.version, date=release.date.isoformat())}\n")
        out.append("".join(f"- {_escape(c)}\n" for c in release.changes))
        if release.module_changes:
            out.append(f"### {t('staff.whats_new.sessions_changed')}\n")
            out.append(_module_changes(release.module_changes, t))
    if not releases and not unreleased:
        out.append(t("staff.whats_new.none") + "\n")
    return "\n".join(out)


def _module_changes(entries, t: strings.Strings) -> str:
    lines = []
    for module, entry in entries:
        changes = "; ".join(_escape(c) for c in entry.changes)
        title = f"**[{_escape(module.title)}]({module.id}.md)**"
        lines.append("- " + t("staff.whats_new.change", title=title, version=entry.version,
                               date=entry.date.isoformat(), changes=changes))
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    # Notes are plain sentences: keep authors' Markdown emphasis, but no raw HTML.
    return html.escape(text, quote=False)
