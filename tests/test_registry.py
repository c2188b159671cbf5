"""The block registry is the one definition of a block type: the authoring guide's table, the
parser, the edition filter and the renderers all follow it."""
import re

import pytest

from conftest import REPO
from iopcurriculum import edition as ed
from iopcurriculum import registry, strings, web
from iopcurriculum.blocks import parse_body
from iopcurriculum.problems import Problems

ROW = re.compile(r"^\| `::: ([a-z-]+)[^`]*` \| (.*) \| (.*) \|$")


def guide_rows() -> dict[str, tuple[str, str]]:
    text = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    return {m.group(1): (m.group(2), m.group(3)) for m in map(ROW.match, text.splitlines()) if m}


def attributes_text(block: registry.BlockType) -> str:
    """The "Attributes" cell of the authoring guide's block table."""
    names = ", ".join(f"`{name}`" for name in block.attributes)
    required = [spec.required for spec in block.attributes.values()]
    if all(required):
        return names + (" (both required)" if len(required) == 2 else " (required)")
    if not any(required):
        return names + " (optional)"
    return ", ".join(f"`{name}` ({'required' if spec.required else 'optional'})"
                     for name, spec in block.attributes.items())


def test_the_authoring_guide_block_table_is_the_registry():
    rows = guide_rows()
    assert list(rows) == list(registry.BLOCKS)
    for name, block in registry.BLOCKS.items():
        assert rows[name] == (block.docs, attributes_text(block)), name


def test_staff_only_blocks_are_the_registry_facilitator_audience():
    assert registry.STAFF_ONLY == {"facilitator", "script"}
    assert registry.with_role("timed") == ["activity"] and registry.with_role("safety") == ["safety"]


def test_a_block_type_added_to_the_registry_alone_is_parsed_filtered_and_rendered(tmp_path, monkeypatch):
    """A new block type is one entry in data/blocks.yml and its title in the strings tables:
    nothing else in the code names it."""
    english = dict(strings.table("en"), **{"block.video-note.facilitator": "Before you play the video"})
    monkeypatch.setattr(strings, "table", lambda language: english)
    data = tmp_path / "blocks.yml"
    data.write_text(registry.DATA.read_text(encoding="utf-8") + (
        "video-note:\n  audience: facilitator\n  form: admonition\n  admonition: abstract\n"
        "  attributes: {minutes: {pattern: '[0-9]{1,2}', problem: video minutes are a whole number}}\n"
        "  docs: facilitator edition only\n"), encoding="utf-8")
    blocks = registry._read(data)
    monkeypatch.setattr(registry, "BLOCKS", blocks)
    for module in ("blocks", "edition", "web"):
        monkeypatch.setattr(f"iopcurriculum.{module}.BLOCKS", blocks)
    problems = Problems(tmp_path / "m.md", tmp_path)
    nodes = parse_body(["::: video-note minutes=5", "Pause at 2:10 and ask what they noticed.", ":::",
                        "::: video-note minutes=long", ":::"], 1, problems)
    assert [str(p) for p in problems.items] == ["m.md:4: video minutes are a whole number, not 'long'"]
    staff = web.render(ed.select(nodes, (ed.FACILITATOR,)), ed.FACILITATOR)
    assert '<div class="admonition abstract cur-video-note" markdown>' in staff
    assert "Before you play the video" in staff and "Pause at 2:10" in staff
    assert ed.select(nodes, (ed.PARTICIPANT,)) == []


def test_the_maintainers_guide_lists_every_build_option():
    from iopcurriculum import options

    text = (REPO / "docs" / "maintaining.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([A-Z_]+)` \| (\w+) \| [^|]+ \| (.+) \|$", text, re.M)
    assert [(env, kind) for env, kind, _ in rows] == [(o.env, o.kind) for o in options.OPTIONS]
    for (_, _, cell), option in zip(rows, options.OPTIONS):
        assert option.help in cell, option.env


def test_a_mistake_in_the_registry_file_names_the_block(tmp_path):
    data = tmp_path / "blocks.yml"
    data.write_text("tip:\n  form: callout\n  docs: both\n", encoding="utf-8")
    with pytest.raises(ValueError, match="block type 'tip': form 'callout' is not one of"):
        registry._read(data)
