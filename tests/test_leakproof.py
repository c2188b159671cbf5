"""Issue 11 in real builds: files by reference, docs front matter, comments in YAML strings,
private and inert pages, and every problem of every stage in one run."""
from __future__ import annotations

import gzip
import shutil

from conftest import FIXTURES, MARKER, make_project, run_build, site_snapshot, site_text_files

IMAGE = FIXTURES / "quality" / "docs" / "images" / "calm.png"


def add_images(project, *names):
    (project / "docs" / "images").mkdir(exist_ok=True)
    for name in names:
        shutil.copy(IMAGE, project / "docs" / "images" / name)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_participant_site_holds_only_the_files_its_pages_use(tmp_path):
    project = make_project(tmp_path)
    add_images(project, "shared.png", "staff-only.png", "staff-page.png", "unused.png")
    coping = project / "curriculum" / "modules" / "coping.md"
    edit(coping, "Stress is part of life.", "Stress is part of life. ![A calm lake](../images/shared.png)")
    edit(coping, "FACILITATOR-MARKER-SENTENCE top level note.",
         "FACILITATOR-MARKER-SENTENCE top level note. ![Seating plan](../images/staff-only.png)")
    (project / "docs" / "staff.md").write_text("---\nedition: facilitator\n---\n# Staff\n\n"
                                               "![Rota](images/staff-page.png)\n", encoding="utf-8")
    result = run_build(project, "participant")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "images" / "shared.png").is_file()
    for name in ("staff-only.png", "staff-page.png", "unused.png"):
        assert not (site / "images" / name).exists(), name
    assert not (site / "staff").exists()
    assert "staff-only.png" in result.stderr  # the log says what was left out
    # A staff site keeps everything.
    result = run_build(project, "all")
    assert result.returncode == 0, result.stderr
    assert all((site / "images" / name).is_file() for name in ("shared.png", "staff-only.png", "staff-page.png"))


def test_docs_front_matter_is_validated_and_a_byte_order_mark_is_read(tmp_path):
    project = make_project(tmp_path)
    (project / "docs" / "rota.md").write_text("\ufeff---\nedition: facilitator\n---\n# Rota\n\n"
                                              "FACILITATOR-MARKER-SENTENCE staff rota.\n", encoding="utf-8")
    result = run_build(project, "participant")
    assert result.returncode == 0, result.stderr
    assert not (project / "site" / "rota").exists()
    for path in site_text_files(project / "site"):
        assert MARKER not in path.read_text(encoding="utf-8", errors="replace"), path
    (project / "docs" / "notes.md").write_text("---\neditoin: facilitator\n---\n# Notes\n\nStaff notes.\n",
                                               encoding="utf-8")
    before = site_snapshot(project / "site")
    result = run_build(project, "participant")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/notes.md:2: unknown key 'editoin' (did you mean 'edition'?)" in result.stderr
    assert site_snapshot(project / "site") == before


def test_html_comments_in_yaml_strings_never_reach_a_page(tmp_path):
    project = make_project(tmp_path)
    curriculum = project / "curriculum" / "curriculum.yml"
    text = curriculum.read_text(encoding="utf-8")
    curriculum.write_text(text + "\ndescription: Groups for recovery. <!-- COMMENT-IN-DESCRIPTION -->\n",
                          encoding="utf-8")
    coping = project / "curriculum" / "modules" / "coping.md"
    edit(coping, "summary: You will learn", "summary: <!-- COMMENT-IN-SUMMARY --> You will learn")
    edit(coping, '"SAMHSA. TIP 47', '"SAMHSA. <!-- COMMENT-IN-SOURCE --> TIP 47')
    result = run_build(project, "participant", extra_env={"CURRICULUM_PDF": "1"})
    assert result.returncode == 0, result.stderr
    site = project / "site"
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in site_text_files(site)]
    texts += [gzip.decompress(p.read_bytes()).decode() for p in site.rglob("*.gz")]
    assert "You will learn three simple ways" in "".join(texts)
    for text in texts:
        assert "COMMENT-IN-" not in text
    from pypdf import PdfReader
    for pdf in site.rglob("*.pdf"):
        reader = PdfReader(pdf)
        words = "".join(page.extract_text() for page in reader.pages) + str(reader.metadata)
        assert "COMMENT-IN-" not in words, pdf
        assert "Groups for recovery." in words or "workbook" not in pdf.name


def test_pages_that_load_from_elsewhere_or_run_code_are_refused(tmp_path):
    project = make_project(tmp_path)
    coping = project / "curriculum" / "modules" / "coping.md"
    edit(coping, "Stress is part of life.", "Stress is part of life.\n\n![calm](https://example.org/calm.png)")
    edit(coping, "When do you feel stress in your body?",
         'When do you feel stress in your body? <a href="javascript:alert(1)">tap</a>')
    (project / "docs" / "index.md").write_text("# Home\n\n<script>track()</script>\n", encoding="utf-8")
    result = run_build(project, "participant")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    for expected in ("curriculum/modules/coping.md:26: image 'https://example.org/calm.png' loads from another site",
                     "curriculum/modules/coping.md:52: <a href=\"javascript:alert(1)\"> would run code",
                     "docs/index.md:3: <script> is not allowed"):
        assert expected in result.stderr, result.stderr


def test_every_problem_of_every_stage_in_one_run_sorted_by_file_and_line(tmp_path):
    project = make_project(tmp_path)
    coping = project / "curriculum" / "modules" / "coping.md"
    sleep = project / "curriculum" / "modules" / "sleep.md"
    # A parse error in one module, a broken anchor and a quality error in another, a bad docs page.
    edit(coping, "::: safety", "- item\n\n    ::: safety")
    edit(sleep, "(coping.md#calm-breathing)", "(coping.md#no-such-place)")
    edit(sleep, "How did you sleep?", "How did an addict sleep?")
    edit(sleep, "What helps you wind down at night?", "What helps you [wind down](#no-such-heading)?")
    (project / "docs" / "extra.md").write_text("---\ntitel: Extra\n---\n# Extra\n\n[gone](missing.md)\n",
                                               encoding="utf-8")
    result = run_build(project, "participant")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    lines = [line.strip() for line in result.stderr.splitlines() if ".md:" in line]
    expected = [
        "curriculum/modules/coping.md:74: this ':::' line is not at the start of the line",
        "curriculum/modules/sleep.md:20: person-first language: \"addict\"",
        "docs/extra.md:2: unknown key 'titel' (did you mean 'title'?)",
    ]
    for text in expected:
        assert any(line.startswith(text) for line in lines), (text, lines)
    # The page with a broken link is refused as a whole (docs/extra.md) and the anchors in
    # sleep.md are not checked against a broken module; coping's own problems come first.
    assert lines == sorted(lines, key=lambda line: (line.split(":")[0], int(line.split(":")[1])))


def test_anchor_problems_name_the_source_line(tmp_path):
    project = make_project(tmp_path)
    sleep = project / "curriculum" / "modules" / "sleep.md"
    edit(sleep, "(coping.md#calm-breathing)", "(coping.md#no-such-place)")
    edit(sleep, "What helps you wind down at night?", "What helps you [wind down](#no-such-heading)?")
    (project / "docs" / "extra.md").write_text("# Extra\n\n[gone](missing.md) and [staff](authoring.md)\n",
                                               encoding="utf-8")
    result = run_build(project, "participant")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    for expected in (
            "curriculum/modules/sleep.md:20: link to 'coping.md#no-such-place' leads to no heading or activity "
            "'#no-such-place' in 'participant/coping.md' of the participant edition",
            "curriculum/modules/sleep.md:36: link to '#no-such-heading' leads to no heading or activity",
            "docs/extra.md:3: link to 'missing.md' leads to no page in this build",
            "docs/extra.md:3: link to 'authoring.md' leads to no page in this build"):
        assert expected in result.stderr, result.stderr


def test_docs_page_with_block_problems_is_reported_not_crashed(tmp_path):
    from iopcurriculum import handwritten
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# A\n\n::: sidebar\nx\n:::\n\n::: activity\ny\n:::\n", encoding="utf-8")
    (docs / "b.md").write_text("---\nedition: staff\n---\n# B\n", encoding="utf-8")
    found = []
    pages = handwritten.load_docs(docs, ("facilitator", "participant"), found)
    messages = [str(p) for group in found for p in group.items]
    assert pages == {}
    assert messages == [
        "docs/a.md:3: unknown block type 'sidebar' (known: facilitator, script, participant, activity, discussion, "
        "worksheet, key-points, safety)",
        "docs/a.md:7: 'activity' block needs minutes=...",
        "docs/a.md:7: 'activity' block needs title=...",
        "docs/b.md:2: 'edition' must be one of all, facilitator, participant, not 'staff'",
    ]
