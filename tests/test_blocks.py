from iopcurriculum.blocks import parse_attrs, parse_body
from iopcurriculum.problems import Problems
from iopcurriculum.structure import Block, Text


def parse(text: str):
    problems = Problems("m.md")
    nodes = parse_body(text.splitlines(), 10, problems)
    return nodes, [str(p) for p in problems.items]


def test_attrs_quoted_and_bare():
    assert parse_attrs(' minutes=15 title="Urge \\"surfing\\" practice"') == (
        {"minutes": "15", "title": 'Urge "surfing" practice'}, None)
    assert parse_attrs(" minutes=15 oops") == ({"minutes": "15"}, "oops")


def test_nesting_and_text_lines():
    nodes, problems = parse(
        'Intro\n::: activity minutes=5 title="A"\nin activity\n::: facilitator\nnote\n:::\n:::\nafter')
    assert problems == []
    assert isinstance(nodes[0], Text) and nodes[0].lines == ["Intro"] and nodes[0].line == 10
    activity = nodes[1]
    assert isinstance(activity, Block) and activity.type == "activity" and activity.line == 11
    assert activity.attrs == {"minutes": "5", "title": "A"}
    assert [type(c).__name__ for c in activity.children] == ["Text", "Block"]
    assert activity.children[1].type == "facilitator" and activity.children[1].children[0].lines == ["note"]
    assert nodes[2].lines == ["after"]


def test_colons_in_fenced_code_are_not_blocks():
    nodes, problems = parse("```\n::: facilitator\n:::\n```\n~~~~\n:::\n~~~~")
    assert problems == []
    assert len(nodes) == 1 and isinstance(nodes[0], Text)


def test_unknown_type_and_attribute():
    _, problems = parse("::: sidebar\nx\n:::\n::: discussion colour=red\ny\n:::")
    assert problems[0].startswith("m.md:10: unknown block type 'sidebar'")
    assert problems[1].startswith("m.md:13: unknown attribute 'colour' on 'discussion' block")


def test_unclosed_and_stray():
    _, problems = parse(":::\n::: worksheet\ntext")
    assert problems == ["m.md:10: stray ':::' closes no open block",
                        "m.md:11: '::: worksheet' block is never closed (add a line ':::')"]


def test_activity_needs_minutes_and_title_and_top_level():
    _, problems = parse('::: activity title="A"\n:::\n::: activity minutes=x title="B"\n:::\n'
                        '::: discussion\n::: activity minutes=3 title="C"\n:::\n:::')
    assert problems == [
        "m.md:10: 'activity' block needs minutes=...",
        "m.md:12: activity minutes must be a positive whole number, not 'x'",
        "m.md:15: 'activity' block cannot sit inside a 'discussion' block",
    ]


def test_unreadable_attributes():
    _, problems = parse('::: activity minutes=5 title="open quote\n:::')
    assert any("cannot read attributes" in p for p in problems)
