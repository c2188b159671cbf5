"""Shared test helpers: make a throw-away project around a curriculum and build it for real."""
from __future__ import annotations

import pytest

from support.projects import (FIXTURES, MARKER, REPO, make_project, run_build, site_snapshot,  # noqa: F401
                              site_text_files)


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
