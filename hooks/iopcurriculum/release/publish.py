"""The release steps, in order; any failed check stops the release before anything is changed.

Each edition is its own site (sites.py): the participant edition goes to a branch for public
hosting (default gh-pages), the facilitator edition to another (default gh-pages-staff), each
with its own pages, search index, sitemap, 404 page, PDFs and manifest.

  1. refuse: not a git repository, a dirty working tree, a version already released or not newer
     than the last release, or already on an edition's branch, or any release validation error
     (validate.py)
  2. set `version` and `date` in curriculum.yml and commit that change ("Release 1.2.0")
  3. build each edition (and its PDFs) on its own, with SOURCE_DATE_EPOCH set from that commit,
     through mike, and write its manifest (every published file with its SHA-256) into it; both
     are built before either is deployed, so a failed build deploys nothing
  4. deploy each with mike into its branch: folder <version>/, alias `latest` moved to it
     (as `mike deploy --update-aliases <version> latest`); on a branch's first release its root
     redirects to `latest` (as `mike set-default latest`)
  5. tag the release commit v<version>
  6. push (only with push=True): the branch, the tag and the editions' branches
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import edition as ed
from .. import load, options
from ..problems import CurriculumError
from ..schema import SEMVER
from ..sourcefile import BOM
from .. import dates
from . import gitrepo, manifest, sites, validate
from .notes import load_notes, semver_key

ALIAS = "latest"
EDITIONS = (ed.PARTICIPANT, ed.FACILITATOR)  # the public site first: it is what readers see


class ReleaseError(Exception):
    """A release was refused or a step failed; the message tells the clinical lead what to do."""


@dataclass
class ReleaseResult:
    version: str
    tag: str
    commit: str
    site_files: dict[str, int]  # edition: files published
    branches: dict[str, str]  # edition: branch
    first: bool
    notes: list[str] = field(default_factory=list)


@contextlib.contextmanager
def _in_directory(path: Path):
    # mike's git helpers work on the current directory.
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def release(project: Path, version: str, *, allow_drafts: bool = False, allow_stale_translations: bool = False,
            push: bool = False,
            date: dt.date | None = None, config_file: str = "mkdocs.yml", editions: tuple[str, ...] = EDITIONS,
            say=print) -> ReleaseResult:
    project = Path(project).resolve()
    curriculum_dir = project / "curriculum"
    if not SEMVER.match(version):
        raise ReleaseError(f"'{version}' is not a version like 1.2.0")
    tag = validate.TAG_PREFIX + version
    date = date or dates.today()

    # 1. Refuse early, before changing anything.
    gitrepo.toplevel(project)
    dirty = gitrepo.dirty_files(project)
    if dirty:
        shown = "\n  ".join(dirty[:20]) + ("\n  ..." if len(dirty) > 20 else "")
        raise ReleaseError("the working tree has uncommitted changes; commit or remove them first, so the "
                           f"release is exactly what is in git:\n  {shown}")
    released = validate.release_tags(project)
    if version in released:
        raise ReleaseError(f"version {version} is already released (tag {released[version]}); "
                           "published releases never change: choose a new version")
    newer = [v for v in released if semver_key(v) > semver_key(version)]
    if newer:
        raise ReleaseError(f"version {version} is older than release {max(newer, key=semver_key)}; "
                           "choose a version newer than the last release")
    cfg = _mkdocs_config(project, config_file)
    curriculum = load.load(curriculum_dir)  # raises CurriculumError with every problem
    branches = {edition: sites.branch(curriculum, edition) for edition in editions}
    if len(set(branches.values())) < len(branches):
        raise ReleaseError(f"curriculum/{load.CURRICULUM_FILE}: publish.participant_branch and "
                           "publish.facilitator_branch name the same branch; each edition needs its own")
    first = {}
    with _in_directory(project):
        from mike import commands as mike_commands
        from mike import git_utils

        for edition, branch in branches.items():
            try:
                # As mike deploy does: catch up with the remote's branch as last fetched (no network).
                git_utils.update_from_upstream(cfg["remote_name"], branch)
            except (git_utils.GitBranchDiverged, git_utils.GitRevUnrelated) as err:
                raise ReleaseError(f"{err}; bring the local {branch} branch in line with the remote first") from None
            published = mike_commands.list_versions(branch)
            if published.find(version):
                raise ReleaseError(f"version {version} is already on the {branch} branch; choose a new version")
            first[edition] = not any(True for _ in published)

    previous = validate.previous_release(project, version)
    errors = validate.validate_release(curriculum, project=project, today=date,
                                       allow_drafts=allow_drafts, previous_tag=previous,
                                       allow_stale_translations=allow_stale_translations)
    if errors:
        raise CurriculumError(errors)
    notes = []
    if not any(r.version == version for r in load_notes(curriculum)):
        notes.append(f"no release notes for {version} in curriculum/"
                     f"{curriculum.settings.get('release_notes')}; the What's new page lists module changes only")
    pdf = options.read().pdf
    if not pdf:
        notes.append("CURRICULUM_PDF=0: this release is published without PDFs")
    drafts = [m.id for m in curriculum.modules if m.is_draft]
    if drafts:
        notes.append(f"published as drafts (--allow-drafts): {', '.join(drafts)}")
    for edition in editions:
        if sites.address(curriculum, edition) is None:
            notes.append(f"publish.{edition}_url is not set in curriculum/{load.CURRICULUM_FILE}: the "
                         f"{edition} site's sitemap names {sites.PREVIEW_URL} (where make preview shows it)")
    for note in notes:
        say(f"note: {note}")

    # 2. Version and date into curriculum.yml, committed.
    yml = curriculum_dir / load.CURRICULUM_FILE
    if set_version(yml, version, date):
        gitrepo.git(project, "add", "--", str(yml))
        gitrepo.git(project, "commit", "--quiet", "-m", f"Release {version}", "--", str(yml))
        say(f"committed curriculum.yml: version {version}, date {date.isoformat()}")
    load.load(curriculum_dir)  # the edited file still loads
    commit = gitrepo.head(project)
    epoch = dates.commit_epoch(project)

    # 3. Build each edition through mike, before anything is deployed.
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1", CURRICULUM_PDF="1" if pdf else "0")
    files = {}
    with tempfile.TemporaryDirectory(prefix="curriculum-release-") as scratch, _in_directory(project):
        from mike import commands as mike_commands
        from mike import mkdocs_utils

        built = {}
        for edition in editions:
            site = Path(scratch) / edition / "site"
            say(f"building {version}, {edition} edition ...")
            with mkdocs_utils.inject_plugin(str(project / config_file)) as temp_config:
                log = _build(project, temp_config, version, dict(env, CURRICULUM_EDITION=edition), site)
            for line in log.splitlines():  # the participant build's own check for staff text, as proof
                if "Leak gate:" in line:
                    say(line[line.index("Leak gate:"):])
            manifest.write_manifest(site, version=version, commit=commit, date=date.isoformat(),
                                    source_date_epoch=epoch, title=curriculum.title, edition=edition)
            built[edition] = site
        # 4. Deploy each into its branch.
        for edition, site in built.items():
            branch = branches[edition]
            with mike_commands.deploy({"site_dir": str(site), "use_directory_urls": cfg["use_directory_urls"]},
                                      version, aliases=[ALIAS], update_aliases=True, branch=branch,
                                      message=f"Release {version} ({edition} edition) from {commit[:12]}"):
                pass  # built above
            if first[edition]:
                mike_commands.set_default(ALIAS, branch=branch, message=f"Site root goes to {ALIAS}")
            files[edition] = len(manifest.file_digests(site))
            say(f"deployed the {edition} edition of {version} to the {branch} branch: {files[edition]} files, "
                f"manifest at {version}/{manifest.MANIFEST_NAME}")

    # 5. Tag.
    gitrepo.git(project, "tag", "-a", tag, "-m", f"Release {version}", commit)
    say(f"tagged {commit[:12]} as {tag}")

    # 6. Push, only when asked.
    if push:
        remote = cfg["remote_name"]
        gitrepo.git(project, "push", remote, "HEAD")
        gitrepo.git(project, "push", remote, tag)
        for branch in branches.values():
            gitrepo.git(project, "push", remote, f"{branch}:{branch}")
        say(f"pushed the release commit, {tag} and {', '.join(branches.values())} to {remote}")
    return ReleaseResult(version, tag, commit, files, branches, any(first.values()), notes)


def set_version(path: Path, version: str, date: dt.date) -> bool:
    """Set the top-level `version` and `date` lines of curriculum.yml, keeping everything else
    (comments included). Returns whether the file changed."""
    raw = path.read_text(encoding="utf-8")
    text = raw.removeprefix(BOM)  # a byte-order mark would hide a first `version:` line; it is kept
    version_line = re.compile(r"^version:[ \t]*[^#\n]*?([ \t]+#[^\n]*)?$", re.M)
    date_line = re.compile(r"^date:[ \t]*[^#\n]*?([ \t]+#[^\n]*)?$", re.M)
    if not version_line.search(text):
        raise ReleaseError(f"{path}: has no top-level 'version:' line to update")
    new = version_line.sub(lambda m: f"version: {version}{m.group(1) or ''}", text, count=1)
    if date_line.search(new):
        new = date_line.sub(lambda m: f"date: {date.isoformat()}{m.group(1) or ''}", new, count=1)
    else:
        new = version_line.sub(lambda m: f"{m.group(0)}\ndate: {date.isoformat()}  # release date, "
                                         "set by the release command", new, count=1)
    if new == text:
        return False
    path.write_text(raw[: len(raw) - len(text)] + new, encoding="utf-8")
    return True


def _mkdocs_config(project: Path, config_file: str):
    import mkdocs.config

    path = project / config_file
    if not path.is_file():
        raise ReleaseError(f"{path} is missing; run the release from the project folder")
    with open(path, "rb") as handle:
        return mkdocs.config.load_config(handle)


def _build(project: Path, config_file: str, version: str, env: dict, site: Path) -> str:
    """Build one edition into `site`; returns the build's log."""
    from mike.mkdocs_utils import docs_version_var

    env = dict(env, **{docs_version_var: version})
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "--config-file", config_file,
                             "--site-dir", str(site)], cwd=project, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise ReleaseError(f"the build of {version} ({env['CURRICULUM_EDITION']} edition) failed; nothing was "
                           "deployed or tagged:\n"
                           + (result.stderr or result.stdout).strip())
    return result.stderr
