"""Versioned releases (issue 4): review due dates, release notes, the release command with mike,
reproducible builds and the comparison of two releases. Releases run for real, in throw-away git
repositories made from tests/fixtures/release (fake "Fixture Reviewer" reviews only)."""
from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import io
import itertools
import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, MARKER, REPO, make_project, run_build

from iopcurriculum import load
from iopcurriculum.problems import CurriculumError
from iopcurriculum import reviews
from iopcurriculum.release import compare, notes, publish, site, status

RELEASE_FIXTURE = FIXTURES / "release" / "curriculum"
PDF_STAGE = (REPO / "hooks" / "iopcurriculum" / "printing").is_dir()
BRANCHES = {"participant": "gh-pages", "facilitator": "gh-pages-staff"}  # the defaults
PUBLIC = "https://handouts.example.invalid/"  # the release fixture's publish.participant_url
GIT_ID = {"GIT_AUTHOR_NAME": "Fixture Lead", "GIT_AUTHOR_EMAIL": "lead@example.invalid",
          "GIT_COMMITTER_NAME": "Fixture Lead", "GIT_COMMITTER_EMAIL": "lead@example.invalid"}


# --- helpers -------------------------------------------------------------------------------

def env(**extra) -> dict:
    out = dict(os.environ, NO_MKDOCS_2_WARNING="1", CURRICULUM_PDF="0", **GIT_ID,
               PYTHONPATH=str(REPO / "hooks") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out.pop("SOURCE_DATE_EPOCH", None)
    out.pop("CURRICULUM_TODAY", None)
    out.update(extra)
    return out


def git(project: Path, *args: str, **extra) -> str:
    result = subprocess.run(["git", *args], cwd=project, env=env(**extra), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def make_repo(tmp: Path, curriculum: Path = RELEASE_FIXTURE, **commit_env) -> Path:
    project = make_project(tmp, curriculum)
    shutil.copy(REPO / ".gitignore", project / ".gitignore")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Fixture curriculum", **commit_env)
    return project


def cli(project: Path, *args: str, **extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "iopcurriculum", *args], cwd=project, env=env(**extra),
                          capture_output=True, text=True, timeout=900)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree(project: Path, ref: str, folder: str) -> dict[str, str]:
    """{path: blob id} of a folder on a branch: equal blob ids mean byte-identical files."""
    out = git(project, "ls-tree", "-r", ref, "--", folder)
    return {line.split("\t")[1]: line.split()[2] for line in out.splitlines()}


def show(project: Path, ref_path: str) -> bytes:
    return subprocess.run(["git", "show", ref_path], cwd=project, capture_output=True, check=True).stdout


def change_breathing(project: Path, *, changelog: bool = True, version: str = "1.1.0") -> None:
    module = project / "curriculum" / "modules" / "breathing.md"
    edit(module, "version: 1.0.0\nstatus", f"version: {version}\nstatus")
    edit(module, "Hold for two counts.", "Hold for three counts.")
    if changelog:
        edit(module, "changelog:\n", f"changelog:\n  - version: {version}\n    date: 2026-03-20\n"
                                     "    changes: Hold the breath for three counts, not two.\n")


# --- one real history: release 1.0.0, change a module, release 1.1.0 -------------------------

@pytest.fixture(scope="session")
def history(tmp_path_factory):
    project = make_repo(tmp_path_factory.mktemp("release-history"))
    pdf = "1" if PDF_STAGE else "0"  # this one history includes PDFs; other tests leave them out
    first = cli(project, "release", "1.0.0", "--date", "2026-03-01", CURRICULUM_PDF=pdf)
    assert first.returncode == 0, first.stderr + first.stdout
    before = {branch: tree(project, branch, "1.0.0") for branch in BRANCHES.values()}
    change_breathing(project)
    edit(project / "curriculum" / "release-notes.yml", "releases:\n",
         "releases:\n  - version: 1.1.0\n    date: 2026-04-01\n    changes:\n"
         "      - Calm breathing holds the breath a little longer.\n")
    git(project, "commit", "-q", "-am", "Breathing: hold for three counts")
    second = cli(project, "release", "1.1.0", "--date", "2026-04-01", CURRICULUM_PDF=pdf)
    assert second.returncode == 0, second.stderr + second.stdout
    return {"project": project, "before": before, "first": first, "second": second}


def test_each_branch_holds_both_versions_with_latest_on_the_newest(history):
    project = history["project"]
    for branch in BRANCHES.values():
        versions = json.loads(show(project, f"{branch}:versions.json"))
        assert [(v["version"], v["aliases"]) for v in versions] == [("1.1.0", ["latest"]), ("1.0.0", [])]
        assert b'href="latest/"' in show(project, f"{branch}:index.html")  # the site root goes to latest
    # mike as installed with the project (the virtual environment's), activated or not.
    listed = subprocess.run([str(Path(sys.executable).with_name("mike")), "list"], cwd=project, env=env(), capture_output=True, text=True)
    assert listed.stdout.split("\n")[:2] == ["1.1.0 [latest]", "1.0.0"], listed.stderr


def test_earlier_release_stays_byte_identical(history):
    for edition, branch in BRANCHES.items():
        after = tree(history["project"], branch, "1.0.0")
        assert after == history["before"][branch]
        assert f"1.0.0/{edition}/breathing/index.html" in after


def test_each_version_shows_its_own_version_and_text(history):
    project = history["project"]
    for version, sentence in (("1.0.0", "Hold for two counts."), ("1.1.0", "Hold for three counts.")):
        for edition, branch in BRANCHES.items():
            page = show(project, f"{branch}:{version}/{edition}/breathing/index.html").decode()
            assert f"Release Fixture version {version}" in page
            assert sentence in page
            # Material's version selector is on, with the alias shown as a label
            assert '"version": {"alias": true, "default": "latest", "provider": "mike"}' in page
    assert "Module version 1.1.0" in show(project, "gh-pages:1.1.0/participant/breathing/index.html").decode()
    if PDF_STAGE:
        import pypdf
        assert show(project, "gh-pages:1.0.0/pdf/participant-workbook.pdf").startswith(b"%PDF")
        assert show(project, "gh-pages-staff:1.0.0/pdf/facilitator-guide.pdf").startswith(b"%PDF")

        for version, sentence in (("1.0.0", "Hold for two counts."), ("1.1.0", "Hold for three counts.")):
            for edition, branch in BRANCHES.items():
                pdf = pypdf.PdfReader(io.BytesIO(show(project, f"{branch}:{version}/pdf/{edition}/breathing.pdf")))
                text = "\n".join(page.extract_text() for page in pdf.pages)
                assert f"Release Fixture version {version}" in text and sentence in text, (version, edition)
    yml = show(project, "v1.1.0:curriculum/curriculum.yml").decode()
    assert "version: 1.1.0" in yml and "date: 2026-04-01" in yml


def test_release_commits_and_tags(history):
    project = history["project"]
    assert set(git(project, "tag").split()) == {"v1.0.0", "v1.1.0"}
    assert git(project, "log", "-1", "--format=%s", "v1.1.0").strip() == "Release 1.1.0"
    assert git(project, "status", "--porcelain").strip() == ""  # the release leaves a clean tree
    assert not list(project.glob("mike-mkdocs*.yml"))


def test_manifest_lists_every_published_file_with_its_hash(history):
    project = history["project"]
    for (edition, branch), version in itertools.product(BRANCHES.items(), ("1.0.0", "1.1.0")):
        manifest = json.loads(show(project, f"{branch}:{version}/manifest.json"))
        assert (manifest["version"], manifest["edition"]) == (version, edition)
        assert manifest["commit"] == git(project, "rev-parse", f"v{version}^{{commit}}").strip()
        published = {p.split("/", 1)[1] for p in tree(project, branch, version)} - {"manifest.json"}
        listed = {f["path"]: f["sha256"] for f in manifest["files"]}
        assert set(listed) == published
        for path in (f"{edition}/breathing/index.html", "search/search_index.json", "sitemap.xml.gz", "404.html"):
            assert listed[path] == hashlib.sha256(show(project, f"{branch}:{version}/{path}")).hexdigest()


def test_a_release_rebuilt_from_its_tag_matches_its_manifest(history, tmp_path, monkeypatch):
    """Two builds of one commit, PDFs included: the release build, and a rebuild later, in another
    folder and with no PDF cache, give the same bytes (checked against the release's manifest)."""
    from iopcurriculum.release import manifest

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)

    project = history["project"]
    checkout = tmp_path / "checkout"
    git(project, "worktree", "add", "-q", "--detach", str(checkout), "v1.0.0")
    result = run_build(checkout, "participant", site=tmp_path / "rebuilt",
                       extra_env={"MIKE_DOCS_VERSION": "1.0.0", "CURRICULUM_PDF": "1" if PDF_STAGE else "0"})
    git(project, "worktree", "remove", "--force", str(checkout))
    assert result.returncode == 0, result.stderr
    (tmp_path / "rebuilt" / "manifest.json").write_bytes(show(project, "gh-pages:1.0.0/manifest.json"))
    assert manifest.verify(tmp_path / "rebuilt") == []


def test_status_and_whats_new_pages_are_for_facilitators_only(history):
    project = history["project"]
    page = show(project, "gh-pages-staff:1.1.0/facilitator/status/index.html").decode()
    for text in ("Curriculum status", "Calm breathing (fixture)", "1.1.0", "Approved",
                 "Fixture Reviewer, Fixture credentials", "2026-01-15", "2027-01-15", "Sleep and recovery"):
        assert text in page, text
    assert "overdue" not in page.split("<article", 1)[1].split("Retired sessions")[0]
    new = show(project, "gh-pages-staff:1.1.0/facilitator/whats-new/index.html").decode().split("<article", 1)[1]
    assert new.index("Release 1.1.0") < new.index("Release 1.0.0")  # newest first
    assert new.index("Hold the breath for three counts") < new.index("Release 1.0.0")
    assert "Calm breathing holds the breath a little longer." in new
    published = tree(project, "gh-pages", "1.1.0")
    assert not any("status" in p or "whats-new" in p for p in published)
    assert "facilitator/status/" in show(project, "gh-pages-staff:1.1.0/search/search_index.json").decode()


def test_compare_names_the_changed_module_and_sentence(history, tmp_path):
    project = history["project"]
    report = tmp_path / "changes.html"
    result = cli(project, "compare", "v1.0.0", "v1.1.0", "--html", str(report))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Changed: Calm breathing (fixture) (breathing)" in out
    assert "Unchanged: sleep" in out and "Added: none" in out and "Removed: none" in out
    assert "version: 1.0.0 -> 1.1.0" in out
    assert "changelog 1.1.0 (2026-03-20): Hold the breath for three counts, not two." in out
    for edition in ("Facilitator guide (facilitator edition)", "Handouts (participant edition)"):
        section = out.split(edition, 1)[1]
        assert "-Breathe in for four counts. Hold for two counts." in section
        assert "+Breathe in for four counts. Hold for three counts." in section
    page = report.read_text(encoding="utf-8")
    assert "<del>two</del>" in page and "<ins>three</ins>" in page
    assert "http" not in page.replace("http-equiv", "")  # a self-contained page, no external requests
    same = cli(project, "compare", "1.1.0", "HEAD")  # a bare version names its tag
    assert same.returncode == 0 and "Changed: none" in same.stdout


def test_compare_participant_diff_never_shows_facilitator_text(history):
    comparison = compare.compare(history["project"], "v1.0.0", "v1.1.0")
    (change,) = comparison.changed
    assert MARKER not in "\n".join(change.diffs["participant"])
    handout = compare.edition_text(comparison.new, change.module, "participant")
    assert MARKER not in "\n".join(handout)
    assert any(MARKER in line for line in compare.edition_text(comparison.new, change.module, "facilitator"))


def test_compare_unknown_ref_is_a_clear_error(history):
    result = cli(history["project"], "compare", "v1.0.0", "v9.9.9")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "'v9.9.9' names no release tag, branch or commit" in result.stderr


# --- two sites: the public handouts and the staff guide, each on its own branch ----------------

def branch_texts(project: Path, branch: str) -> dict[str, str]:
    """Every file on a branch as text: PDFs as their extracted text, .gz files unpacked."""
    texts = {}
    for path in git(project, "ls-tree", "-r", "--name-only", branch).splitlines():
        data = show(project, f"{branch}:{path}")
        if path.endswith(".pdf"):
            import pypdf

            reader = pypdf.PdfReader(io.BytesIO(data))
            texts[path] = "\n".join(page.extract_text() for page in reader.pages) + repr(reader.metadata)
            continue
        if path.endswith(".gz"):
            data = gzip.decompress(data)
        texts[path] = data.decode("utf-8", errors="replace")
    return texts


STAFF_PAGES = ("authoring", "publishing", "performance", "facilitator")


def test_participant_branch_holds_no_staff_text_anywhere(history):
    for run in (history["first"], history["second"]):  # the participant build passed the leak gate
        assert "Leak gate: no facilitator text in" in run.stdout, run.stdout
    texts = branch_texts(history["project"], "gh-pages")
    assert "1.1.0/participant/breathing/index.html" in texts and "1.0.0/search/search_index.json" in texts
    if PDF_STAGE:
        assert "1.1.0/pdf/participant/breathing.pdf" in texts
        assert "Hold for three counts." in texts["1.1.0/pdf/participant/breathing.pdf"]
    for path, text in texts.items():
        assert not any(f"/{name}/" in f"/{path}" for name in STAFF_PAGES), path
        assert MARKER not in text and "Fixture Reviewer" not in text, path
        if not path.endswith(".css"):  # the stylesheet's comments name the pages its rules are for
            for title in ("Curriculum status", "What's new", "Authoring guide", "Publishing guide"):
                assert title not in text, (path, title)
            assert "facilitator" not in text.lower(), path  # no link, nav entry, footer or note for staff
    for version in ("1.0.0", "1.1.0"):
        assert f"{version}/404.html" in texts and f"{version}/manifest.json" in texts


def test_staff_branch_holds_the_staff_pages_and_links_each_public_handout(history):
    project = history["project"]
    texts = branch_texts(project, "gh-pages-staff")
    for page in ("facilitator/breathing", "facilitator/status", "authoring", "publishing"):
        assert f"1.1.0/{page}/index.html" in texts, page
    assert MARKER in texts["1.1.0/facilitator/breathing/index.html"]
    assert not any(path.startswith("1.1.0/participant/") for path in texts)  # the handouts are the public site's
    assert "facilitator/breathing/" in texts["1.1.0/search/search_index.json"]
    for version in ("1.0.0", "1.1.0"):
        link = f'<a href="{PUBLIC}{version}/participant/breathing/">Calm breathing (fixture)</a>'
        assert link in texts[f"{version}/facilitator/breathing/index.html"]
        assert f"{version}/participant/breathing/index.html" in tree(project, "gh-pages", version)  # it is there


def sitemap(project: Path, branch: str, version: str) -> list[str]:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(show(project, f"{branch}:{version}/sitemap.xml"))
    return [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


def corresponding_url(selected_sitemap: list[str], selected_base: str, location: str, current_base: str):
    """Material 9.8's choice of the page to open in the version chosen in the selector
    (integrations/version/correspondingPage.ts, with sitemap/index.ts's resolve): the same page when
    the chosen version's sitemap lists it, else None (Material then opens that version's home)."""
    from urllib.parse import urljoin, urlsplit, urlunsplit

    base = urlsplit(selected_base)
    # resolve(): each entry takes the chosen version's protocol and host name (its port stays).
    keys = {urlunsplit(urlsplit(url)._replace(scheme=base.scheme,
                                              netloc=base.hostname + (f":{urlsplit(url).port}" if urlsplit(url).port else "")))
            for url in selected_sitemap}
    current_path, base_path = urlsplit(location).path, urlsplit(current_base).path
    if not current_path.startswith(base_path) or not keys:
        return None
    relative = current_path[len(base_path):]
    prefix = os.path.commonprefix(sorted(keys))
    if prefix not in keys or urljoin(prefix, relative) not in keys:
        return None
    return urljoin(selected_base, relative)


def test_switching_versions_keeps_the_page(history):
    project = history["project"]
    for (edition, branch), address in zip(BRANCHES.items(), (PUBLIC, "http://127.0.0.1:8000/")):
        pages = {}
        for version in ("1.0.0", "1.1.0"):
            locs = sitemap(project, branch, version)
            assert all(loc.startswith(f"{address}{version}/") for loc in locs), locs
            pages[version] = {loc.removeprefix(f"{address}{version}/") for loc in locs}
            html_pages = {p.removeprefix(f"{version}/").removesuffix("index.html")
                          for p in tree(project, branch, version) if p.endswith("/index.html") or p == f"{version}/index.html"}
            assert pages[version] == html_pages  # every page of the version, and only those
        assert pages["1.0.0"] == pages["1.1.0"] and f"{edition}/breathing/" in pages["1.0.0"]
        # Served anywhere (here as make preview serves it), the selector keeps the reader on the page.
        served = "http://127.0.0.1:8000/"
        for old, new in (("1.1.0", "1.0.0"), ("1.0.0", "1.1.0")):
            opened = corresponding_url(sitemap(project, branch, new), f"{served}{new}/",
                                       f"{served}{old}/{edition}/breathing/", f"{served}{old}/")
            assert opened == f"{served}{new}/{edition}/breathing/"
    # What the release wrote before: an empty <urlset>, and Material opened the other version's home.
    assert corresponding_url([], f"{served}1.0.0/", f"{served}1.1.0/participant/breathing/", f"{served}1.1.0/") is None


def test_an_older_version_shows_a_notice_with_a_link_to_the_latest(history):
    import posixpath
    import re

    project = history["project"]
    page = show(project, "gh-pages:1.0.0/participant/breathing/index.html").decode()
    banner = page.split('data-md-component="outdated" hidden>', 1)[1].split("</aside>", 1)[0]
    assert "This is an older version of these pages." in banner
    href = re.search(r'<a href="([^"]+)"><strong>Go to the latest version.</strong></a>', banner).group(1)
    assert posixpath.normpath(posixpath.join("1.0.0/participant/breathing/", href)) == "."  # the site root,
    assert b'href="latest/"' in show(project, "gh-pages:index.html")  # which opens the latest version


@contextlib.contextmanager
def previewing(project: Path, edition: str):
    """`curriculum preview` (what `make preview` runs) on a free port of 127.0.0.1; yields its address."""
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "iopcurriculum", "preview", "--edition", edition,
                               "--address", f"127.0.0.1:{port}"], cwd=project, env=env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/versions.json", timeout=5).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "preview did not start"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_preview_serves_the_published_versions_of_each_site(history):
    import urllib.request

    for edition, page in (("participant", "participant/breathing/"), ("facilitator", "facilitator/status/")):
        with previewing(history["project"], edition) as base:
            with urllib.request.urlopen(f"{base}latest/{page}", timeout=10) as response:
                assert "Release Fixture version 1.1.0" in response.read().decode()


def test_in_a_browser_the_version_selector_keeps_the_page_and_labels_latest(history, browser):
    with previewing(history["project"], "participant") as base:
        page = browser.new_page()
        try:
            page.set_default_timeout(10_000)
            page.goto(f"{base}1.1.0/participant/breathing/")
            assert page.locator(".md-version__current .md-version__alias").inner_text() == "latest"
            assert page.locator("[data-md-component=outdated]").is_hidden()
            page.locator(".md-version__current").hover(force=True)  # opens the list (it covers the button)
            page.locator(".md-version__list a", has_text="1.0.0").click()
            page.wait_for_url(f"{base}1.0.0/participant/breathing/")
            assert "Hold for two counts." in page.content()
            assert page.locator("[data-md-component=outdated]").is_visible()  # "an older version"
            page.get_by_role("link", name="Go to the latest version.").click()
            page.wait_for_url(f"{base}latest/")
        finally:
            page.close()


def test_preview_without_a_release_says_so(tmp_path):
    result = cli(make_repo(tmp_path), "preview")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "nothing published yet: no gh-pages branch" in result.stderr


def test_one_edition_can_be_released_alone_to_a_configured_branch(tmp_path):
    project = make_repo(tmp_path)
    edit(project / "curriculum" / "curriculum.yml", "publish:\n", "publish:\n  participant_branch: public-site\n")
    git(project, "commit", "-q", "-am", "Publish the handouts to public-site")
    result = cli(project, "release", "1.0.0", "--date", "2026-03-01", "--edition", "participant")
    assert result.returncode == 0, result.stderr
    assert "participant edition on public-site." in result.stdout
    assert "make preview" in result.stdout and "mike serve" not in result.stdout
    branches = git(project, "branch", "--list").split()
    assert "public-site" in branches and "gh-pages-staff" not in branches and "gh-pages" not in branches


def test_publish_settings_are_checked_with_their_line(tmp_path):
    project = make_repo(tmp_path)
    edit(project / "curriculum" / "curriculum.yml", "publish:\n",
         "publish:\n  facilitator_url: staff.example.invalid\n  facilitator_branch: gh-pages\n")
    git(project, "commit", "-q", "-am", "Bad publish settings")
    result = cli(project, "release", "1.0.0", "--date", "2026-03-01")
    assert_refused(project, result, "curriculum/curriculum.yml:9: 'publish.facilitator_url' must be a web address")
    edit(project / "curriculum" / "curriculum.yml", "staff.example.invalid", "https://staff.example.invalid")
    git(project, "commit", "-q", "-am", "One branch for both")
    result = cli(project, "release", "1.0.0", "--date", "2026-03-01")
    assert_refused(project, result, "publish.participant_branch and publish.facilitator_branch name the same branch")


def test_a_staff_guide_says_where_its_handout_is_when_the_public_address_is_unknown():
    curriculum = load.load(RELEASE_FIXTURE)
    curriculum.settings["publish"] = {}
    from iopcurriculum import pages

    (guide,) = [p for p in pages.build_pages(curriculum, ("facilitator",)) if p.src_uri == "facilitator/breathing.md"]
    assert ("Participant handout: *Calm breathing (fixture)*, on the handouts site (the participant edition) "
            "at `participant/breathing/`") in guide.markdown


# --- refusals: each stops before anything is committed, built or tagged ----------------------

def assert_refused(project: Path, result, *messages: str) -> None:
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert "release refused" in result.stderr
    for message in messages:
        assert message in result.stderr, result.stderr
    assert "gh-pages" not in git(project, "branch", "--list")  # neither edition's branch


def test_release_refuses_a_dirty_working_tree(tmp_path):
    project = make_repo(tmp_path)
    edit(project / "curriculum" / "modules" / "sleep.md", "One thing", "Two things")
    result = cli(project, "release", "1.0.0", "--date", "2026-03-01")
    assert_refused(project, result, "uncommitted changes", "curriculum/modules/sleep.md")
    assert git(project, "tag") == "" and git(project, "log", "--format=%s").count("\n") == 1


def test_release_refuses_an_overdue_review(tmp_path):
    project = make_repo(tmp_path)
    result = cli(project, "release", "1.0.0", "--date", "2027-01-10")
    assert_refused(project, result, "curriculum/modules/sleep.md:11: the clinical review of 'sleep' was due 2027-01-01")
    assert "breathing" not in result.stderr  # due 2027-01-15: not overdue yet
    assert "version: 0.9.0" in (project / "curriculum" / "curriculum.yml").read_text()


def test_release_refuses_a_version_bump_without_a_changelog_entry(tmp_path):
    project = make_repo(tmp_path)
    git(project, "tag", "-a", "v1.0.0", "-m", "Release 1.0.0")
    change_breathing(project, changelog=False)
    git(project, "commit", "-q", "-am", "Breathing changed, changelog forgotten")
    result = cli(project, "release", "1.1.0", "--date", "2026-04-01")
    assert_refused(project, result, "curriculum/modules/breathing.md:16: version changed from 1.0.0 "
                                    "(release v1.0.0) to 1.1.0, but the changelog has no entry for 1.1.0")


def test_release_refuses_changed_text_under_the_same_version(tmp_path):
    project = make_repo(tmp_path)
    git(project, "tag", "-a", "v1.0.0", "-m", "Release 1.0.0")
    edit(project / "curriculum" / "modules" / "sleep.md", "One thing", "Two things")
    git(project, "commit", "-q", "-am", "Sleep: edited without a new version")
    result = cli(project, "release", "1.0.1", "--date", "2026-04-01")
    assert_refused(project, result, "curriculum/modules/sleep.md:4: 'sleep' changed since release v1.0.0 "
                                    "but its version is still 0.2.0")


def test_release_refuses_versions_already_released_or_older(tmp_path):
    project = make_repo(tmp_path)
    git(project, "tag", "-a", "v1.0.0", "-m", "Release 1.0.0")
    assert_refused(project, cli(project, "release", "1.0.0"), "version 1.0.0 is already released")
    assert_refused(project, cli(project, "release", "0.9.9"), "older than release 1.0.0")
    assert_refused(project, cli(project, "release", "one"), "'one' is not a version like 1.2.0")


def test_drafts_are_refused_unless_allowed_then_marked_and_pushed(tmp_path):
    project = make_repo(tmp_path)
    edit(project / "curriculum" / "modules" / "breathing.md", "status: approved", "status: draft")
    git(project, "commit", "-q", "-am", "Breathing back to draft")
    refused = cli(project, "release", "1.0.0", "--date", "2026-03-01")
    assert_refused(project, refused, "curriculum/modules/breathing.md:5: status is 'draft'", "--allow-drafts")
    remote = tmp_path / "remote.git"
    git(project, "init", "-q", "--bare", str(remote))
    git(project, "remote", "add", "origin", str(remote))
    allowed = cli(project, "release", "1.0.0", "--date", "2026-03-01", "--allow-drafts", "--push")
    assert allowed.returncode == 0, allowed.stderr
    pushed = git(remote, "for-each-ref", "--format=%(refname)")
    assert {"refs/heads/main", "refs/heads/gh-pages", "refs/heads/gh-pages-staff",
            "refs/tags/v1.0.0"} <= set(pushed.split()), pushed
    assert "published as drafts (--allow-drafts): breathing" in allowed.stdout
    for edition, branch in BRANCHES.items():
        page = show(project, f"{branch}:1.0.0/{edition}/breathing/index.html").decode()
        assert "Draft: not yet clinically reviewed" in page
    status_page = show(project, "gh-pages-staff:1.0.0/facilitator/status/index.html").decode()
    assert "1 not yet clinically reviewed" in status_page


# --- ordinary builds -------------------------------------------------------------------------

def test_overdue_review_warns_in_an_ordinary_build_and_is_flagged(tmp_path):
    project = make_project(tmp_path, RELEASE_FIXTURE)
    as_of = dt.datetime(2027, 2, 1, tzinfo=dt.timezone.utc)
    result = run_build(project, extra_env={"CURRICULUM_TODAY": "2027-02-01",
                                           "SOURCE_DATE_EPOCH": str(int(as_of.timestamp()))})
    assert result.returncode == 0, result.stderr  # strict: true, and the build still goes through
    assert ("warning: curriculum/modules/sleep.md:11: the clinical review of 'sleep' was due 2027-01-01"
            in result.stderr)
    assert "review of 'breathing' was due 2027-01-15" in result.stderr
    page = (project / "site" / "facilitator" / "status" / "index.html").read_text(encoding="utf-8")
    assert "as of 2027-02-01" in page and "2 reviews overdue" in page
    assert page.count('class="cur-overdue"') == 2
    assert "versions.json" not in (project / "site" / "index.html").read_text()  # no selector without mike
    assert '"version": null' in (project / "site" / "index.html").read_text()


def test_participant_build_has_no_release_pages(tmp_path):
    project = make_project(tmp_path, RELEASE_FIXTURE)
    result = run_build(project, "participant")
    assert result.returncode == 0, result.stderr
    site_dir = project / "site"
    assert not (site_dir / "facilitator").exists()
    for path in site_dir.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert MARKER not in text and "Fixture Reviewer" not in text and "Curriculum status" not in text, path


def test_bad_release_notes_fail_the_build_with_path_and_line(tmp_path):
    project = make_project(tmp_path, RELEASE_FIXTURE)
    (project / "curriculum" / "release-notes.yml").write_text(
        "releases:\n  - version: 1.0\n    date: 2026-03-01\n    changes: [x]\n  - version: 1.0.0\n")
    result = run_build(project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "curriculum/release-notes.yml:2: 'releases.0.version' must be a version like 1.2.0" in result.stderr
    assert "curriculum/release-notes.yml:5: missing required key 'releases.1.date'" in result.stderr


# --- reproducible builds ---------------------------------------------------------------------

def site_bytes(site_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


def two_builds(tmp_path: Path, **extra) -> tuple[Path, dict, dict]:
    # An old commit date: any date taken from the clock instead of the commit would show.
    project = make_repo(tmp_path, GIT_COMMITTER_DATE="2025-05-05T12:00:00+00:00")
    builds = []
    for name in ("one", "two"):
        result = run_build(project, site=tmp_path / name, extra_env={"SOURCE_DATE_EPOCH": "", **extra})
        assert result.returncode == 0, result.stderr
        builds.append(site_bytes(tmp_path / name))
    return project, builds[0], builds[1]


def test_two_builds_of_one_commit_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project, one, two = two_builds(tmp_path)
    assert sorted(one) == sorted(two)
    assert [path for path in one if one[path] != two[path]] == []
    # The sitemap's gzip header carries the commit's day, not today's.
    mtime = struct.unpack("<I", one["sitemap.xml.gz"][4:8])[0]
    assert dt.datetime.fromtimestamp(mtime, dt.timezone.utc).date() == dt.date(2025, 5, 5)
    assert gzip.decompress(one["sitemap.xml.gz"]) == one["sitemap.xml"]
    assert "as of 2025-05-05" in one["facilitator/status/index.html"].decode()


# --- units -----------------------------------------------------------------------------------

def test_set_version_keeps_comments_and_adds_a_date(tmp_path):
    path = tmp_path / "curriculum.yml"
    path.write_text("# top\ntitle: X\nversion: 0.1.0  # semver\norganization: Y\n")
    assert publish.set_version(path, "1.2.0", dt.date(2026, 5, 1))
    text = path.read_text()
    assert text.startswith("# top\ntitle: X\nversion: 1.2.0  # semver\ndate: 2026-05-01")
    assert publish.set_version(path, "1.3.0", dt.date(2026, 6, 1))
    assert "date: 2026-06-01" in path.read_text() and path.read_text().count("date:") == 1
    assert not publish.set_version(path, "1.3.0", dt.date(2026, 6, 1))


def test_overdue_is_judged_against_the_given_day():
    curriculum = load.load(RELEASE_FIXTURE)
    assert reviews.overdue_problems(curriculum, dt.date(2027, 1, 1)) == []  # due that day: not yet overdue
    (problem,) = reviews.overdue_problems(curriculum, dt.date(2027, 1, 2), level="error")
    assert problem.level == "error" and "'sleep' was due 2027-01-01" in problem.message


def test_whats_new_puts_module_changes_under_their_release():
    curriculum = load.load(RELEASE_FIXTURE)
    releases = notes.load_notes(curriculum) + [notes.Release("0.1.0", dt.date(2026, 1, 5), ["Pilot."])]
    text = notes.whats_new_markdown(curriculum, releases)
    assert text.index("Release 1.0.0") < text.index("Release 0.1.0")
    release_1 = text.split("Release 1.0.0")[1].split("Release 0.1.0")[0]
    assert "Calm breathing (fixture)](breathing.md)**, version 1.0.0" in release_1
    assert "Shorter check-out." in release_1  # 2026-01-10: after 0.1.0, so in 1.0.0
    assert "Not yet released" not in text


def test_a_module_may_not_take_a_page_name(tmp_path):
    shutil.copytree(RELEASE_FIXTURE, tmp_path / "curriculum")
    modules = tmp_path / "curriculum" / "modules"
    text = (modules / "sleep.md").read_text().replace("id: sleep", "id: status")
    (modules / "status.md").write_text(text.replace("[calm breathing](breathing.md)", "calm breathing"))
    (modules / "sleep.md").unlink()
    edit(tmp_path / "curriculum" / "curriculum.yml", "sequence: [breathing, sleep]", "sequence: [breathing]")
    with pytest.raises(CurriculumError) as err:
        site.build_checks(load.load(tmp_path / "curriculum"), dt.date(2026, 1, 1))
    assert "modules/status.md:2: id 'status' is taken by a page of the site" in str(err.value)


def test_status_lists_retired_modules_without_a_link():
    curriculum = load.load(RELEASE_FIXTURE)
    curriculum.retired, curriculum.modules = curriculum.modules[1:], curriculum.modules[:1]
    curriculum.retired[0].status = "retired"
    text = status.status_markdown(curriculum, dt.date(2027, 6, 1))
    assert "| Sleep and recovery (fixture) | 0.2.0 | Retired |" in text
    assert "1 review overdue" in text and "1 retired" in text


def test_word_marks_in_the_html_diff():
    old, new = compare._mark_words("Hold for two counts.", "Hold for three counts.")
    assert old == "Hold for <del>two</del> counts." and new == "Hold for <ins>three</ins> counts."
