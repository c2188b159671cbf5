"""Each validation error of the authoring contract, reported as path:line: message."""
import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import FIXTURES
from iopcurriculum import load
from iopcurriculum.problems import CurriculumError

GOOD = (FIXTURES / "basic" / "curriculum" / "modules" / "sleep.md").read_text()


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "curriculum"
    shutil.copytree(FIXTURES / "basic" / "curriculum", root)
    return root


def problems_of(root: Path) -> list[str]:
    with pytest.raises(CurriculumError) as err:
        load.load(root)
    return [str(p) for p in err.value.problems]


def write(root: Path, name: str, text: str) -> None:
    (root / "modules" / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def test_fixture_loads_in_sequence(root):
    curriculum = load.load(root)
    assert [m.id for m in curriculum.modules] == ["coping", "sleep"]
    coping = curriculum.module("coping")
    assert coping.version == "1.4.0" and coping.duration == 60 and coping.handout_title == "Ways to cope with stress"
    assert [(a.title, a.minutes, a.start) for a in coping.activities] == [
        ("Check-in", 10, 0), ("Calm breathing", 35, 10), ("Check-out", 15, 45)]
    assert curriculum.crisis_resources[0].name == "988 Suicide & Crisis Lifeline"  # the default


def test_malformed_yaml(root):
    write(root, "sleep.md", GOOD.replace("group: psychoeducational", "group: [oops"))
    assert any(p.startswith("curriculum/modules/sleep.md:") and "YAML cannot be read" in p for p in problems_of(root))


def test_missing_and_wrongly_typed_keys(root):
    text = GOOD.replace("duration: 30\n", "duration: thirty\n").replace("summary: Good sleep helps your body and mind heal.\n", "")
    write(root, "sleep.md", text)
    found = problems_of(root)
    assert "curriculum/modules/sleep.md:6: 'duration' must be a positive whole number of minutes, not 'thirty'" in found
    assert "curriculum/modules/sleep.md:2: missing required key 'summary'" in found


def test_unknown_key_suggests(root):
    write(root, "sleep.md", GOOD.replace("summary:", "sumary:"))
    assert any("unknown key 'sumary' (did you mean 'summary'?)" in p for p in problems_of(root))


def test_id_must_match_file_and_be_unique(root):
    write(root, "rest.md", GOOD)  # id: sleep in rest.md
    found = problems_of(root)
    assert "curriculum/modules/rest.md:2: id 'sleep' must match the file name 'rest'" in found
    assert any("id 'sleep' is already used by" in p for p in found)


def test_minutes_must_add_up(root):
    write(root, "sleep.md", GOOD.replace("minutes=20", "minutes=25"))
    assert "curriculum/modules/sleep.md:6: activity minutes add up to 35, but duration is 30" in problems_of(root)


def test_approved_needs_review(root):
    start = GOOD.index("review:")
    end = GOOD.index("---", start)
    write(root, "sleep.md", GOOD[:start] + GOOD[end:])
    assert "curriculum/modules/sleep.md:5: status 'approved' needs review details (review: reviewer, credentials, date, next_due)" in problems_of(root)


def test_not_utf8(root):
    (root / "modules" / "sleep.md").write_bytes(GOOD.encode() + "\ncaf\xe9\n".encode("latin-1"))
    found = problems_of(root)
    assert any(p.startswith("curriculum/modules/sleep.md:") and "not UTF-8" in p for p in found)


def test_block_errors_and_unknown_link(root):
    write(root, "sleep.md", GOOD.replace("::: facilitator", "::: facilitatr").replace("coping.md", "copin.md"))
    found = problems_of(root)
    assert any(p.startswith("curriculum/modules/sleep.md:") and "unknown block type 'facilitatr'" in p for p in found)
    assert any("link to 'copin.md' leads to no module" in p for p in found)


def test_all_problems_in_all_files_in_one_run(root):
    write(root, "sleep.md", GOOD.replace("version: 0.2.0", "version: two"))
    coping = (root / "modules" / "coping.md").read_text()
    (root / "modules" / "coping.md").write_text(coping.replace("group: skills", "group: lecture") + "\n:::\n")
    found = problems_of(root)
    assert any(p.startswith("curriculum/modules/sleep.md:4: 'version' must be a version like 1.2.0") for p in found)
    assert any(p.startswith("curriculum/modules/coping.md:") and "'group' must be one of" in p for p in found)
    assert any(p.startswith("curriculum/modules/coping.md:") and "stray ':::'" in p for p in found)


def test_curriculum_file_checked(root):
    (root / "curriculum.yml").write_text("title: X\nversion: 1\norganization: Y\npaper: legal\n")
    found = problems_of(root)
    assert any(p.startswith("curriculum/curriculum.yml:2: 'version' must be a version") for p in found)
    assert any(p.startswith("curriculum/curriculum.yml:4: 'paper' must be one of letter, a4") for p in found)


def test_retired_modules_are_not_built(root):
    write(root, "sleep.md", GOOD.replace("status: approved", "status: retired").replace(
        "coping.md#calm-breathing", "https://example.org"))
    (root / "curriculum.yml").write_text("title: X\nversion: 1.0.0\norganization: Y\n")
    coping = root / "modules" / "coping.md"
    coping.write_text(coping.read_text().replace("[sleep tips](sleep.md)", "sleep tips"))
    curriculum = load.load(root)
    assert [m.id for m in curriculum.modules] == ["coping"]
    assert [m.id for m in curriculum.retired] == ["sleep"]


def test_repeated_key(root):
    write(root, "sleep.md", GOOD.replace("group: psychoeducational\n", "group: psychoeducational\ngroup: skills\n"))
    assert "curriculum/modules/sleep.md:8: key 'group' appears twice" in problems_of(root)


def test_unclosed_front_matter(root):
    write(root, "sleep.md", GOOD.replace("---\n\n::: activity", "\n::: activity", 1))
    assert "curriculum/modules/sleep.md:1: front matter opened with '---' is never closed with '---'" in problems_of(root)
