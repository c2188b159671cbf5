from iopcurriculum.blocks import parse_attrs, parse_body
from iopcurriculum.problems import Problems
from iopcurriculum.structure import Block, Text


def parse(text: str):
    problems = Problems("m.md")
    nodes = parse_body(text.splitlines(), 10, problems)
    return nodes, [str(p) for p in problems.items]


def test_attrs_quoted_and_bare():
    assert parse_attrs(' minutes=15 title="Urge \\"surfing\\" practice"') == (
        {"minutes": "15", "title": 'Urge "surfing" practice'}, None, [])
    assert parse_attrs(" minutes=15 oops") == ({"minutes": "15"}, "oops", [])
    assert parse_attrs(' title="A" title="B"') == ({"title": "B"}, None, ["title"])


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
    nodes, problems = parse("```\n::: discussion\n:::\n```\n~~~~\n:::\n~~~~")
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
        "m.md:12: activity minutes must be a positive whole number (0-9 digits), not 'x'",
        "m.md:15: 'activity' block cannot sit inside a 'discussion' block",
    ]


def test_unreadable_attributes():
    _, problems = parse('::: activity minutes=5 title="open quote\n:::')
    assert any("cannot read attributes" in p for p in problems)


# Where Markdown renders a `:::` line as text, the parser must refuse it, never pass it through.
NOT_AT_LINE_START = "this ':::' line is not at the start of the line"


def test_block_lines_markdown_would_render_as_text_are_refused():
    for prefix in ("    ", "  ", "\t", "\u00a0", "\u200b", "> ", ">", "- ", "1. ", "    - ", "> - "):
        nodes, problems = parse(f"- a list item\n\n{prefix}::: facilitator\n{prefix}secret\n{prefix}:::")
        assert problems and all(p.startswith(("m.md:12: " + NOT_AT_LINE_START, "m.md:14: " + NOT_AT_LINE_START))
                                for p in problems), (prefix, problems)
        assert not any(isinstance(n, Block) for n in nodes)


def test_full_width_colons_are_refused_too():
    _, problems = parse(" \uff1a\uff1a\uff1a facilitator\nnote")
    assert problems == ["m.md:10: " + NOT_AT_LINE_START + " (it is indented, or in a list item or block quote), "
                        "so it would be shown as text: start block lines at the beginning of a line, outside "
                        "lists and quotes"]


def test_inline_code_with_three_backticks_is_not_a_fence():
    """Markdown renders ```x``` as inline code, not as the start of fenced code: the block after it is a block."""
    nodes, problems = parse("```x``` is inline code\n::: facilitator\nstaff only\n:::\n")
    assert problems == []
    assert isinstance(nodes[1], Block) and nodes[1].type == "facilitator"


def test_fence_rules_are_superfences_own():
    # An info string superfences does not accept makes no fence: the lines are text.
    nodes, problems = parse("``` python title=x{\n::: facilitator\nnote\n:::\n")
    assert problems == [] and nodes[1].type == "facilitator"
    # A fence closed at a different indentation than it opened is not closed.
    _, problems = parse("  ```\ncode\n```\n")
    assert any("opens fenced code that is never closed" in p for p in problems), problems


def test_unclosed_fence_is_reported_where_it_opens():
    _, problems = parse("text\n```python\n::: facilitator\nnote\n:::\nmore")
    assert problems == ["m.md:11: this line opens fenced code that is never closed: add a closing fence "
                        "(the same ``` or ~~~) at the same indentation"]


def test_staff_block_line_inside_code_is_refused_where_participants_read_it():
    text = "```markdown\n::: facilitator\nan example\n:::\n```"
    _, problems = parse(text)
    assert problems == ["m.md:11: a '::: facilitator' line inside fenced code would show its text to "
                        "participants as code: close the code before it (block examples belong on a staff-only page)"]
    problems = Problems("m.md")
    parse_body(text.splitlines(), 10, problems, staff_only=True)
    assert problems.items == []
    # Inside a facilitator block the example never reaches participants.
    _, problems = parse("::: facilitator\n" + text + "\n:::")
    assert problems == []


def test_duplicate_attributes_and_non_ascii_minutes():
    _, problems = parse('::: activity minutes=5 minutes=10 title="A"\n:::\n::: activity minutes=\u0661\u0665 title="B"\n:::\n'
                        '::: activity minutes=\u00b2 title="C"\n:::')
    assert problems == [
        "m.md:10: attribute 'minutes' is given more than once on 'activity' block",
        "m.md:12: activity minutes must be a positive whole number (0-9 digits), not '\u0661\u0665'",
        "m.md:14: activity minutes must be a positive whole number (0-9 digits), not '\u00b2'",
    ]


def test_nesting_has_a_limit():
    depth = 50
    _, problems = parse("::: discussion\n" * depth + ":::\n" * depth)
    assert "m.md:20: blocks are nested more than 10 deep here; close some blocks first" in problems
    assert all("Traceback" not in p for p in problems)


def test_comments_in_block_titles_are_dropped():
    nodes, problems = parse('::: discussion title="Talk <!-- staff: keep short --> together"\nx\n:::')
    assert problems == [] and nodes[0].title == "Talk  together"


def test_what_markdown_cannot_render_in_time_or_stack_is_refused():
    _, problems = parse("- " * 600 + "x\n\n" + "> " * 30 + "deep quote\n\n- a\n  - b\n")
    assert problems == ["m.md:10: lists or quotes are nested more than 20 deep on this line; make the list flatter",
                        "m.md:12: lists or quotes are nested more than 20 deep on this line; make the list flatter"]
    _, problems = parse("Intro [a](b) text.\n\n" + "![[" * 20 + "\n" + "![[" * 300 + "\n\nAfter [x](y).\n")
    assert problems == ["m.md:12: this paragraph has more than 500 '[' characters, more than the page can be "
                        "built from in reasonable time; split it with blank lines"]
