"""Real `mkdocs build` runs of the basic fixture: what each edition writes, and what it must not."""
import gzip
import json
import re

from conftest import MARKER, make_project, run_build, site_snapshot, site_text_files


def read(site, path):
    return (site / path).read_text(encoding="utf-8")


def test_all_build_writes_both_editions(basic_builds):
    site = basic_builds["all"]
    for page in ("index.html", "facilitator/index.html", "participant/index.html",
                 "facilitator/coping/index.html", "participant/coping/index.html",
                 "facilitator/sleep/index.html", "participant/sleep/index.html", "404.html", "sitemap.xml"):
        assert (site / page).is_file(), page


def test_participant_build_has_no_facilitator_text_anywhere(basic_builds):
    site = basic_builds["participant"]
    checked = list(site_text_files(site))
    kinds = {p.name for p in checked}
    assert {"index.html", "404.html", "sitemap.xml", "search_index.json"} <= kinds
    for path in checked:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert MARKER not in text, path
        assert "Facilitator note" not in text and "Listen for" not in text, path
    compressed = list(site.rglob("*.gz"))
    assert [p.name for p in compressed] == ["sitemap.xml.gz"]
    for path in compressed:
        assert MARKER not in gzip.decompress(path.read_bytes()).decode("utf-8"), path
        assert b"facilitator/" not in gzip.decompress(path.read_bytes()), path
    assert not (site / "facilitator").exists()
    assert not (site / "authoring").exists()  # staff-only hand-written pages are left out
    search = json.loads(read(site, "search/search_index.json"))
    locations = {doc["location"].split("#")[0] for doc in search["docs"]}
    assert not any(loc.startswith("facilitator") for loc in locations)
    assert "participant/coping/" in locations


def test_facilitator_pages_hold_every_facilitator_block(basic_builds):
    for edition in ("all", "facilitator"):
        html = read(basic_builds[edition], "facilitator/coping/index.html")
        assert html.count(MARKER) == 4
        assert "PARTICIPANT-ONLY-SENTENCE" not in html


def test_participant_page_content(basic_builds):
    html = read(basic_builds["all"], "participant/coping/index.html")
    assert MARKER not in html
    assert "Ways to cope with stress" in html
    assert "You will learn three simple ways" in html
    assert "PARTICIPANT-ONLY-SENTENCE" in html
    assert "Get help now" in html and "988" in html and "1-800-662-4357" in html
    assert html.rindex("Get help now") > html.index("Say one thing you will try")  # at the end
    assert "cur-timing" not in html and "35 min" not in html
    assert "Module version 1.4.0" in html and "Fixture Curriculum version 2.3.4" in html
    assert "Draft: not yet clinically reviewed" in html
    assert "<textarea" in html


def test_facilitator_page_header_and_plan(basic_builds):
    html = read(basic_builds["all"], "facilitator/coping/index.html")
    for text in ("60 minutes", "Skills", "Name two signs of stress in the body.", "Worksheet copies",
                 "Module version 1.4.0", "Fixture Curriculum version 2.3.4", "Session plan",
                 "Draft: not yet clinically reviewed", '<p class="cur-timing">35 min · starts 0:10</p>',
                 '<p class="cur-timing">15 min · starts 0:45</p>'):
        assert text in html, text
    # The plan comes before the objectives: it is what a facilitator runs the group from.
    assert html.index("Session plan") < html.index("Name two signs of stress in the body.")
    assert re.search(r'href="\.\./\.\./participant/coping/"', html)
    assert re.search(r'href="#calm-breathing"', html)
    approved = read(basic_builds["all"], "facilitator/sleep/index.html")
    assert "Reviewed by Fixture Reviewer, Fixture credentials, on 2026-01-01" in approved
    assert "Draft: not yet clinically reviewed" not in approved


def test_links_between_modules_stay_in_their_edition(basic_builds):
    site = basic_builds["all"]
    assert 'href="../sleep/"' in read(site, "participant/coping/index.html")
    assert 'href="../sleep/"' in read(site, "facilitator/coping/index.html")
    assert 'href="../coping/#calm-breathing"' in read(site, "participant/sleep/index.html")


def test_facilitator_build_has_no_participant_pages(basic_builds):
    site = basic_builds["facilitator"]
    assert not (site / "participant").exists()
    assert (site / "facilitator/coping/index.html").is_file()
    assert "../participant/" not in read(site, "facilitator/coping/index.html")


def test_home_page_staff_block_only_in_staff_builds(basic_builds):
    assert "facilitator guide" in read(basic_builds["all"], "index.html")
    assert "facilitator guide" not in read(basic_builds["participant"], "index.html")


def test_bad_input_fails_cleanly_and_keeps_previous_site(tmp_path):
    project = make_project(tmp_path)
    assert run_build(project).returncode == 0
    before = site_snapshot(project / "site")
    module = project / "curriculum" / "modules" / "sleep.md"
    module.write_text(module.read_text().replace("duration: 30", "duration: 45").replace("::: facilitator", "::: facilitater"))
    result = run_build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert "curriculum/modules/sleep.md:6: activity minutes add up to 30, but duration is 45" in result.stderr
    assert "unknown block type 'facilitater'" in result.stderr
    after = site_snapshot(project / "site")
    assert after == before
    assert not (project / ".site.staging").exists()


def test_strict_warning_after_writing_keeps_previous_site(tmp_path):
    """A failure late in the build (a broken link in a hand-written page) also keeps the old site."""
    project = make_project(tmp_path)
    assert run_build(project).returncode == 0
    before = (project / "site" / "index.html").read_bytes()
    (project / "docs" / "index.md").write_text("# Home\n\n[broken](nowhere.md)\n")
    result = run_build(project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert (project / "site" / "index.html").read_bytes() == before


def test_bad_edition_is_a_clear_error(tmp_path):
    result = run_build(make_project(tmp_path), edition="staff")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "CURRICULUM_EDITION='staff' is not an edition" in result.stderr


def test_previous_and_next_links_stay_in_their_edition(basic_builds):
    site = basic_builds["all"]
    for path in ("participant/index.html", "participant/coping/index.html", "participant/sleep/index.html"):
        footer = read(site, path).split('class="md-footer"', 1)[1]
        assert "facilitator/" not in footer.split("</nav>", 1)[0], path
    for path in ("facilitator/index.html", "facilitator/sleep/index.html"):
        footer = read(site, path).split('class="md-footer"', 1)[1]
        assert "participant/" not in footer.split("</nav>", 1)[0], path


def test_quality_error_fails_cleanly_and_keeps_previous_site(tmp_path):
    """The quality checks run beside the page conversion; their errors still stop the build
    before anything is written."""
    project = make_project(tmp_path)
    assert run_build(project).returncode == 0
    before = site_snapshot(project / "site")
    module = project / "curriculum" / "modules" / "coping.md"
    module.write_text(module.read_text().replace("Stress is part of life.", "Stress is part of life for an addict."))
    result = run_build(project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert 'curriculum/modules/coping.md:24: person-first language: "addict"' in result.stderr
    after = site_snapshot(project / "site")
    assert after == before


def test_each_edition_navigation_holds_the_other_as_one_link(basic_builds):
    """Material renders the navigation into every page: a handout's navigation lists the
    handouts, and the facilitator guide only as one link (not its sessions)."""
    site = basic_builds["all"]
    handout = read(site, "participant/coping/index.html")
    assert 'href="../../facilitator/"' in handout
    assert "facilitator/coping/" not in handout and "facilitator/sleep/" not in handout
    assert 'href="../sleep/"' in handout
    guide = read(site, "facilitator/coping/index.html")
    assert 'href="../../participant/"' in guide and "participant/sleep/" not in guide
