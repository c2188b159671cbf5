"""Shared test helpers: make a throw-away project around a curriculum and build it for real."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MARKER = "FACILITATOR-MARKER-SENTENCE"


def make_project(tmp: Path, curriculum: Path | None = None) -> Path:
    """A copy of this project's site setup around a curriculum folder (default: the basic fixture)."""
    project = tmp / "project"
    project.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "overrides"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, project / name, dirs_exist_ok=True)
        elif src.exists():
            shutil.copy(src, project / name)
    (project / "hooks").mkdir(exist_ok=True)
    shutil.copy(REPO / "hooks" / "curriculum_hooks.py", project / "hooks")
    # The package is imported from the real tree (installed, or on sys.path for tests).
    shutil.copytree(curriculum or FIXTURES / "basic" / "curriculum", project / "curriculum", dirs_exist_ok=True)
    return project


def run_build(project: Path, edition: str = "all", site: Path | None = None, extra_env: dict | None = None,
              args: tuple = (), tool: list | None = None) -> subprocess.CompletedProcess:
    """`tool`: the command that builds (default: this Python's mkdocs)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", CURRICULUM_EDITION=edition,
               PYTHONPATH=str(REPO / "hooks") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.setdefault("CURRICULUM_PDF", "0")
    env.update(extra_env or {})
    cmd = [*(tool or [sys.executable, "-m", "mkdocs"]), "build", *args]
    if site is not None:
        cmd += ["-d", str(site)]
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=900)


def site_text_files(site: Path):
    """Every text file a build wrote (HTML, JSON search index, XML sitemap, JS, CSS)."""
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".txt", ".js", ".css"}:
            yield path


def site_snapshot(site: Path) -> dict:
    """Every file of a built site with its bytes: to prove a failed build changed nothing."""
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="session")
def basic_builds(tmp_path_factory):
    """The basic fixture built once per edition: {edition: site folder}."""
    sites = {}
    for edition in ("all", "participant", "facilitator"):
        tmp = tmp_path_factory.mktemp(f"build-{edition}")
        project = make_project(tmp)
        result = run_build(project, edition)
        assert result.returncode == 0, result.stderr
        sites[edition] = project / "site"
    return sites


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, one for the session: Playwright's sync API runs once per process."""
    from browser_support import CHROMIUM_ARGS, find_chromium
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    # A missing browser fails the tests that need it; it never skips them.
    assert chromium is not None, ("no Chromium found (not /usr/bin/chromium, not on PATH, not from `playwright "
                                  "install`): install it with `apt-get install chromium` (tests/system-deps.sh, "
                                  "run by `make test`, does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
