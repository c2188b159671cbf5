"""Throw-away projects around a curriculum, built for real: shared by the tests (tests/conftest.py)
and the benchmark (bench/), so both build exactly as a user does."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
MARKER = "FACILITATOR-MARKER-SENTENCE"
# One clock reading for the whole run: a build's printed date (SOURCE_DATE_EPOCH) and the day
# reviews are judged against (CURRICULUM_TODAY) stay the same when a run crosses midnight, so two
# builds compared byte for byte never differ by the date. A test passes its own to override;
# SOURCE_DATE_EPOCH="" leaves it to the build (the last commit's date).
_RUN_EPOCH = int(time.time())
RUN_DATES = {"SOURCE_DATE_EPOCH": str(_RUN_EPOCH),
             "CURRICULUM_TODAY": time.strftime("%Y-%m-%d", time.gmtime(_RUN_EPOCH))}


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
    env.update({name: value for name, value in RUN_DATES.items() if not os.environ.get(name)})
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
