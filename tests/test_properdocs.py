"""A way forward from MkDocs 1.6 (frozen): ProperDocs, the maintained MkDocs 1.x fork, builds this
project with its hooks unchanged and gives the same pages. ProperDocs imports as `properdocs`, so
it shares the virtual environment with MkDocs (it maps the hooks' `mkdocs.*` imports onto itself
while it runs)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_project, run_build

# The one line that names the generator: `mkdocs-1.6.1` or `mkdocs-ProperDocs 1.6.7`.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): GENERATOR.sub(b"<generator>", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("edition", ["all", "participant"])
def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path, edition):
    project = make_project(tmp_path)
    env = {"SOURCE_DATE_EPOCH": "1767225600"}  # one date for both, whatever the clock says
    with_mkdocs = run_build(project, edition, site=tmp_path / "mkdocs", extra_env=env)
    assert with_mkdocs.returncode == 0, with_mkdocs.stderr
    with_properdocs = run_build(project, edition, site=tmp_path / "properdocs", extra_env=env,
                                tool=[sys.executable, "-m", "properdocs"], args=("-f", "mkdocs.yml"))
    assert with_properdocs.returncode == 0, with_properdocs.stderr
    assert "Traceback" not in with_properdocs.stderr
    mkdocs_site, properdocs_site = site_files(tmp_path / "mkdocs"), site_files(tmp_path / "properdocs")
    assert sorted(properdocs_site) == sorted(mkdocs_site)
    assert [path for path in mkdocs_site if mkdocs_site[path] != properdocs_site[path]] == []
    assert f"{edition if edition != 'all' else 'facilitator'}/index.html" in mkdocs_site
    page = (tmp_path / "properdocs" / "index.html").read_bytes()
    assert b"ProperDocs" in GENERATOR.search(page).group(0)  # really built by ProperDocs


def test_properdocs_imports_apart_from_mkdocs():
    found = subprocess.run([sys.executable, "-c", "import mkdocs, properdocs; print(mkdocs.__file__, properdocs.__file__)"],
                           capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    mkdocs_file, properdocs_file = found.stdout.split()
    assert Path(mkdocs_file).parent.name == "mkdocs" and Path(properdocs_file).parent.name == "properdocs"
