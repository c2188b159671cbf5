"""Input that once crashed, hung or exhausted memory is refused with `path:line: message`
(issue 11): byte-order marks, YAML anchors, aliases, tags and deep nesting, impossible dates,
symbolic links out of the project and files that are no files, runaway language.yml patterns."""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, MARKER, REPO, make_project, run_build
from test_load import problems_of

from iopcurriculum import edition, handwritten, load, quality
from iopcurriculum.problems import CurriculumError, Problems
from iopcurriculum.release import notes, publish

GOOD = (FIXTURES / "basic" / "curriculum" / "modules" / "sleep.md").read_text(encoding="utf-8")
BOM = "\ufeff"
OUTSIDE_NOTE = "leads outside the project; copy the file into the project instead"
NOT_A_FILE = "not a file; the build reads and publishes regular files only"


@pytest.fixture
def root(tmp_path):
    """curriculum/ of the basic fixture, in a project folder of its own (tmp/project)."""
    root = tmp_path / "project" / "curriculum"
    shutil.copytree(FIXTURES / "basic" / "curriculum", root)
    return root


def write_module(root: Path, text: str, name: str = "sleep.md") -> Path:
    path = root / "modules" / name
    path.write_text(text, encoding="utf-8")
    return path


def docs_problems(docs: Path, editions=edition.EDITIONS) -> tuple[dict, list[str]]:
    found: list[Problems] = []
    pages = handwritten.load_docs(docs, editions, found)
    return pages, [str(p) for group in found for p in group.items]


@contextlib.contextmanager
def no_hang(seconds: int = 60):
    """Turn a hang (a blocking read of a pipe) into a failure instead of a stuck test run."""
    def stuck(signum, frame):
        raise AssertionError(f"still running after {seconds} s: the input hangs the build")
    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- byte-order marks --------------------------------------------------------------------------

def test_a_byte_order_mark_is_accepted_in_every_curriculum_file(root):
    for path in [root / "curriculum.yml", *sorted((root / "modules").glob("*.md"))]:
        path.write_bytes(BOM.encode() + path.read_bytes())
    (root / "language.yml").write_text(BOM + "terms:\n  - term: addict\n    use: person\n", encoding="utf-8")
    curriculum = load.load(root)
    assert [m.id for m in curriculum.modules] == ["coping", "sleep"]
    assert curriculum.module("sleep").title == "Sleep and recovery (fixture)"
    report = quality.run(curriculum)
    assert report.language_list == "curriculum/language.yml"
    assert not [p for p in report.problems if "language.yml" in p.path]


def test_a_byte_order_mark_is_accepted_in_release_notes(tmp_path):
    root = tmp_path / "project" / "curriculum"
    shutil.copytree(FIXTURES / "release" / "curriculum", root)
    notes_file = root / "release-notes.yml"
    notes_file.write_bytes(BOM.encode() + notes_file.read_bytes())
    releases = notes.load_notes(load.load(root))
    assert [(r.version, r.date) for r in releases] == [("1.0.0", dt.date(2026, 3, 1))]


def test_a_release_sets_the_version_of_a_curriculum_yml_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "curriculum.yml"
    path.write_text(BOM + "version: 1.0.0\ntitle: X\n", encoding="utf-8")
    assert publish.set_version(path, "1.1.0", dt.date(2026, 6, 1))
    assert path.read_text(encoding="utf-8") == BOM + ("version: 1.1.0\ndate: 2026-06-01  # release date, set by the "
                                                       "release command\ntitle: X\n")


def test_a_staff_page_with_a_byte_order_mark_stays_out_of_the_participant_edition(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "staff.md").write_text(BOM + "---\nedition: facilitator\n---\n\n# Staff only\n", encoding="utf-8")
    (docs / "index.md").write_text(BOM + "---\ntitle: Home\n---\n\n# Home\n", encoding="utf-8")
    pages, found = docs_problems(docs, (edition.PARTICIPANT,))
    assert found == []
    assert pages["staff.md"].edition == edition.FACILITATOR
    assert sorted(handwritten.for_build(pages, (edition.PARTICIPANT,))) == ["index.md"]
    # The page keeps its front matter, without the mark, so MkDocs reads it as front matter.
    assert pages["index.md"].markdown.startswith("---\ntitle: Home\n") and BOM not in pages["index.md"].markdown


# --- YAML: anchors, aliases, tags, nesting, numbers ----------------------------------------------

def test_yaml_anchors_and_aliases_are_refused(root):
    write_module(root, GOOD.replace("objectives: [List two sleep habits.]",
                                    "objectives: &goals [List two sleep habits.]\nmaterials: *goals"))
    found = problems_of(root)
    assert "curriculum/modules/sleep.md:9: YAML anchors are not allowed ('&goals'): write the value out in full" in found
    assert "curriculum/modules/sleep.md:10: YAML aliases are not allowed ('*goals'): write the value out in full" in found


def test_billion_laughs_is_refused_before_anything_is_expanded(root):
    # Nine levels of ten aliases each: 10^9 strings if expanded (memory passed 8 GB before).
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    (root / "curriculum.yml").write_text("title: X\nversion: 1.0.0\norganization: Y\n" + "\n".join(levels) + "\n")
    found = problems_of(root)
    assert "curriculum/curriculum.yml:4: YAML anchors are not allowed ('&a0'): write the value out in full" in found
    assert "curriculum/curriculum.yml:13: YAML aliases are not allowed ('*a8'): write the value out in full" in found
    assert not any("unknown key" in p for p in found)  # nothing was built from it


@pytest.mark.parametrize("value, shown", [
    ("!!binary aGVsbG8=", "!!binary"), ("!!set {a, b}", "!!set"), ("!custom text", "!custom"),
    ("!!python/object:os.system x", "!!python/object:os.system"), ("!!str 90", "!!str"),
    ("!!timestamp 2026-01-01", "!!timestamp"),
])
def test_yaml_tags_are_refused(root, value, shown):
    write_module(root, GOOD.replace("summary: Good sleep helps your body and mind heal.", f"summary: {value}"))
    assert (f"curriculum/modules/sleep.md:8: YAML tags are not allowed ('{shown}'): write a plain value "
            "(in quotes if it must stay text)") in problems_of(root)


@pytest.mark.parametrize("nested", ["[" * 100_000 + "]" * 100_000, "- " * 100_000 + "x", "{a: " * 100_000 + "1" + "}" * 100_000])
def test_very_deep_yaml_is_a_clean_error(root, nested):
    # libyaml's composer recursed into a C stack overflow (the process died) at this depth.
    (root / "curriculum.yml").write_text("title: X\nversion: 1.0.0\norganization: Y\nsequence:\n  " + nested + "\n")
    assert problems_of(root) == [
        "curriculum/curriculum.yml:5: YAML is nested more than 20 levels deep here; a curriculum needs 4 at most"]


def test_a_number_too_long_to_be_meant_is_refused(root):
    # Python refuses to turn an integer of more than 4,300 digits into text: a traceback before.
    write_module(root, GOOD.replace("duration: 30", "duration: " + "9" * 5000))
    assert "curriculum/modules/sleep.md:6: 'duration' must be a number of at most 20 characters, not one of 5000" \
        in problems_of(root)


@pytest.mark.parametrize("value", ["0x_", "0b_", "0o_"])
def test_a_number_yaml_takes_but_cannot_read_is_refused(root, value):
    # PyYAML's resolver calls `0x_` an integer, then its constructor raised a bare ValueError.
    write_module(root, GOOD.replace("duration: 30", f"duration: {value}"))
    found = problems_of(root)
    if value == "0o_":  # not a YAML 1.1 integer at all: text, which the schema refuses
        assert "curriculum/modules/sleep.md:6: 'duration' must be a positive whole number of minutes, not '0o_'" in found
    else:
        assert (f"curriculum/modules/sleep.md:6: 'duration' must be a number YAML can read, not '{value}' "
                "(write text in quotes)") in found


def test_a_problem_is_one_line_whatever_the_input_held(root):
    write_module(root, GOOD.replace("id: sleep", "id: |\n  two\n  lines"))
    assert any(p.startswith("curriculum/modules/sleep.md:2: 'id' must be a slug: lower-case letters, digits and "
                            "hyphens, not 'two\\nlines\\n") for p in problems_of(root))


def test_a_key_that_is_a_list_or_mapping_is_refused(root):
    write_module(root, GOOD.replace("summary: Good", "? [a, b]\n: c\nsummary: Good"))
    assert "curriculum/modules/sleep.md:8: a key must be a word or a number, not a list or a mapping" \
        in problems_of(root)
    (root / "curriculum.yml").write_text("title: X\nversion: 1.0.0\norganization: Y\n{a: 1}: 2\n")
    assert "curriculum/curriculum.yml:4: a key must be a word or a number, not a list or a mapping" in problems_of(root)


# --- dates -------------------------------------------------------------------------------------

def test_an_impossible_date_is_reported_at_its_line(root):
    write_module(root, GOOD.replace("date: 2026-01-01", "date: 2026-02-30"))
    assert "curriculum/modules/sleep.md:14: 'review.date' must be a date written YYYY-MM-DD, not '2026-02-30'" \
        in problems_of(root)


@pytest.mark.parametrize("written", ["20261122", "2026-W47-1", "2026-11-22T10:00:00", "2026-1-5", "2026-11-22 x",
                                     "２０２６-１１-２２"])
def test_a_date_must_be_written_yyyy_mm_dd(root, written):
    write_module(root, GOOD.replace("next_due: 2027-01-01", f"next_due: {written}"))
    shown = written if written == "20261122" else f"'{written}'"
    assert f"curriculum/modules/sleep.md:15: 'review.next_due' must be a date written YYYY-MM-DD, not {shown}" \
        in problems_of(root)


def test_dates_in_quotes_or_not_are_dates(root):
    write_module(root, GOOD.replace("date: 2026-01-01", "date: '2026-01-01'")
                 .replace("status: approved", "status: approved\nchangelog:\n  - version: 0.2.0\n"
                                                "    date: 2026-01-01\n    changes: [First.]"))
    (root / "curriculum.yml").write_text((root / "curriculum.yml").read_text() + "date: 2026-02-01\n")
    curriculum = load.load(root)
    sleep = curriculum.module("sleep")
    assert (sleep.review.date, sleep.review.next_due) == (dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    assert sleep.changelog[0].date == dt.date(2026, 1, 1)
    assert curriculum.date == "2026-02-01"


def test_an_impossible_date_in_curriculum_yml_and_release_notes(root):
    (root / "curriculum.yml").write_text((root / "curriculum.yml").read_text() + "date: 2026-04-31\n")
    assert problems_of(root) == [
        "curriculum/curriculum.yml:5: 'date' must be a date written YYYY-MM-DD, not '2026-04-31'"]
    (root / "curriculum.yml").write_text((root / "curriculum.yml").read_text().replace("date: 2026-04-31\n", ""))
    (root / "release-notes.yml").write_text("releases:\n  - version: 1.0.0\n    date: 2026-02-29\n    changes: [x]\n")
    with pytest.raises(CurriculumError) as err:
        notes.load_notes(load.load(root))
    assert [str(p) for p in err.value.problems] == [
        "curriculum/release-notes.yml:3: 'releases.0.date' must be a date written YYYY-MM-DD, not '2026-02-29'"]


# --- files that are no files, and links out of the project -------------------------------------

def test_a_module_linked_from_outside_the_project_is_refused(root, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(GOOD.replace("id: sleep", "id: extra"))
    (root / "modules" / "extra.md").symlink_to(outside)
    assert f"curriculum/modules/extra.md: symbolic link to '{outside}' {OUTSIDE_NOTE}" in problems_of(root)


def test_a_module_linked_from_inside_the_project_is_fine(root):
    shared = root.parent / "shared"
    shared.mkdir()
    (shared / "extra.md").write_text(GOOD.replace("id: sleep", "id: extra"))
    (root / "modules" / "extra.md").symlink_to(Path("..") / ".." / "shared" / "extra.md")
    assert "extra" in [m.id for m in load.load(root).modules]


def test_dangling_links_folders_and_pipes_named_like_modules_are_refused(root):
    (root / "modules" / "gone.md").symlink_to("nowhere.md")
    (root / "modules" / "folder.md").mkdir()
    os.mkfifo(root / "modules" / "pipe.md")
    with no_hang():
        found = problems_of(root)
    assert "curriculum/modules/gone.md: symbolic link to 'nowhere.md' leads to nothing: there is no such file" in found
    assert f"curriculum/modules/folder.md: is a folder, {NOT_A_FILE}" in found
    assert f"curriculum/modules/pipe.md: is a named pipe (FIFO), {NOT_A_FILE}" in found


def test_curriculum_yml_that_is_no_file_is_refused(root, tmp_path):
    (root / "curriculum.yml").unlink()
    (root / "curriculum.yml").mkdir()
    assert problems_of(root) == [f"curriculum/curriculum.yml: is a folder, {NOT_A_FILE}"]
    (root / "curriculum.yml").rmdir()
    (tmp_path / "settings.yml").write_text("title: X\nversion: 1.0.0\norganization: Y\n")
    (root / "curriculum.yml").symlink_to(tmp_path / "settings.yml")
    assert problems_of(root) == [f"curriculum/curriculum.yml: symbolic link to '{tmp_path / 'settings.yml'}' "
                                 f"{OUTSIDE_NOTE}"]


def test_a_language_list_outside_the_project_is_refused(root, tmp_path):
    (tmp_path / "words.yml").write_text("terms:\n  - term: addict\n    use: person\n")
    (root / "language.yml").symlink_to(tmp_path / "words.yml")
    report = quality.run(load.load(root))
    assert f"curriculum/language.yml: symbolic link to '{tmp_path / 'words.yml'}' {OUTSIDE_NOTE}" \
        in [str(p) for p in report.errors]


def test_a_text_file_over_a_megabyte_is_refused(root):
    write_module(root, GOOD + "\n" + ("Sleep well. " * 100_000) + "\n")
    assert ("curriculum/modules/sleep.md: file is 1.1 MB; the build reads text files of up to 1 MB (a module is "
            "tens of kilobytes): remove what does not belong in it") in problems_of(root)


def test_every_bad_entry_in_docs_is_reported(tmp_path):
    project = tmp_path / "project"
    docs = project / "docs"
    (docs / "images").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n")
    (project / "assets").mkdir()
    (project / "assets" / "logo.png").write_bytes(b"\x89PNG")
    (docs / "images" / "logo.png").symlink_to(project / "assets" / "logo.png")  # inside: fine
    (docs / "images" / "secret.png").symlink_to("/etc/passwd")
    (docs / "images" / "gone.png").symlink_to("nowhere.png")
    (docs / "outside").symlink_to(tmp_path)  # a folder outside the project
    (docs / "images" / "loop").symlink_to("..")  # MkDocs would copy docs/ into itself, level after level
    (docs / "page.md").symlink_to("/etc/hostname")
    os.mkfifo(docs / "pipe.css")
    with no_hang():
        pages, found = docs_problems(docs)
    assert found == [
        "docs/images/gone.png: symbolic link to 'nowhere.png' leads to nothing: there is no such file",
        "docs/images/loop: symbolic link to '..' leads back into a folder it sits in (a loop); link to the files, "
        "or copy them, instead",
        f"docs/images/secret.png: symbolic link to '/etc/passwd' {OUTSIDE_NOTE}",
        f"docs/outside: symbolic link to '{tmp_path}' {OUTSIDE_NOTE}",
        f"docs/page.md: symbolic link to '/etc/hostname' {OUTSIDE_NOTE}",
        f"docs/pipe.css: is a named pipe (FIFO), {NOT_A_FILE}",
    ]
    assert sorted(pages) == ["index.md"]


def test_a_build_refuses_to_publish_a_file_linked_from_outside(tmp_path):
    project = make_project(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{MARKER} outside the project\n")
    (project / "docs" / "images").mkdir(exist_ok=True)
    (project / "docs" / "images" / "x.png").symlink_to(secret)
    result = run_build(project, "participant")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"docs/images/x.png: symbolic link to '{secret}' {OUTSIDE_NOTE}" in result.stderr
    assert not (project / "site").exists()


# --- language.yml patterns ---------------------------------------------------------------------

def language_root(root: Path, pattern: str, text: str) -> Path:
    (root / "language.yml").write_text(
        "terms:\n  - term: addict\n    use: person with a substance use disorder\n"
        f"  - term: slow\n    use: anything\n    pattern: '{pattern}'\n")
    write_module(root, GOOD.replace("How did you sleep?", f"How did you sleep? {text}"))
    return root


def checked_in_a_child(root: Path) -> list[str]:
    """`curriculum check` in its own process: a pattern that never ends fails the test at the
    time limit instead of hanging the test run (a match in C cannot be interrupted)."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "hooks") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-m", "iopcurriculum", "check", "--root", str(root), "--format", "json"],
                            cwd=root.parent, env=env, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    return [f"{p['path']}:{p['line']}: {p['message']}" for p in json.loads(result.stdout)["problems"]]


def test_a_pattern_that_backtracks_without_end_is_stopped_and_reported(root):
    found = checked_in_a_child(language_root(root, "(a|aa)+$", "a" * 60 + "!"))
    assert [p for p in found if "language.yml" in p] == [
        "curriculum/language.yml:6: pattern for 'slow' took too long to match (rewrite it without nested repetition)"]


def test_nested_repetition_that_the_matcher_handles_does_not_hang(root):
    # Python's re backtracks for hours on this; the regex package answers at once.
    found = checked_in_a_child(language_root(root, "(a+)+$", "a" * 60 + "!"))
    assert not [p for p in found if "language.yml" in p]


def test_patterns_still_ignore_case(root):
    report = quality.run(load.load(language_root(root, "x", "An ADDICT said so.")))
    assert any('person-first language: "ADDICT"' in str(p) for p in report.errors)


# --- line breaks ----------------------------------------------------------------------------------

@pytest.mark.parametrize("separator", ["\u2028", "\x85", "\x0c", "\x1e"])
def test_only_markdown_line_breaks_count_as_lines(root, separator):
    # Python-Markdown splits at \n, \r\n and \r only; line numbers follow it (and editors).
    write_module(root, GOOD.replace("How did you sleep?", f"How did{separator}you sleep?")
                 .replace("::: facilitator", "::: facilitatr"))
    assert any(p.startswith("curriculum/modules/sleep.md:26: unknown block type 'facilitatr'")
               for p in problems_of(root))


def test_carriage_returns_are_line_breaks(root):
    write_module(root, GOOD.replace("\n", "\r"))
    assert [m.id for m in load.load(root).modules] == ["coping", "sleep"]
