"""Pages load nothing from another host and run nothing an author wrote (issue 11, class 5)."""
from __future__ import annotations

import pytest

from iopcurriculum import inert
from iopcurriculum.blocks import parse_body
from iopcurriculum.problems import Problems


def problems_in(text: str) -> list[str]:
    problems = Problems("m.md")
    inert.check_body(parse_body(text.splitlines(), 1, problems), problems)
    return [str(p) for p in problems.items]


@pytest.mark.parametrize("line, expected", [
    ('![map](https://example.org/map.png)', "m.md:2: image 'https://example.org/map.png' loads from another site"),
    ('![map](//example.org/map.png)', "m.md:2: image '//example.org/map.png' loads from another site"),
    ('<img src="http://example.org/x.png" alt="x">', '<img src="http://example.org/x.png"> loads from another site'),
    ('<img alt="x" srcset="a.png 1x, https://example.org/b.png 2x">', "<img srcset="),
    ('<video poster="https://example.org/p.jpg"></video>', "<video poster="),
    ('<script>alert(1)</script>', "m.md:2: <script> is not allowed"),
    ('<SCRIPT src=x.js></SCRIPT>', "<script> is not allowed"),
    ('<iframe src="../x.html"></iframe>', "<iframe> is not allowed"),
    ('<link rel="attachment" href="../../curriculum/modules/x.md">', "<link> is not allowed"),
    ('<style>@import url(https://fonts.example.org/a.css);</style>', "<style> is not allowed"),
    ('<object data="x.swf"></object>', "<object> is not allowed"),
    ('<img src="x.png" alt="x" onerror="alert(1)">', "<img onerror=...> runs code"),
    ('<p onclick=go()>Hi</p>', "<p onclick=...> runs code"),
    ('[click](javascript:alert(1))', "link to 'javascript:alert(1' would run code"),
    ('[click]( JaVa&#x53;cript:alert(1))', "would run code"),
    ('<a href="java\tscript:alert(1)">x</a>', "would run code"),
    ('<a href="data:text/html,<b>x</b>">x</a>', "would run code"),
    ('<javascript:alert(1)>', "would run code"),
    ('<span style="background: url(https://example.org/t.gif)">x</span>', "style loads 'https://example.org/t.gif'"),
    ('![logo][l]\n\n[l]: https://example.org/logo.png', "image 'https://example.org/logo.png' (defined on line 4)"),
])
def test_refused_with_its_line(line, expected):
    found = problems_in("Some text.\n" + line + "\n")
    assert any(expected in p for p in found), found


@pytest.mark.parametrize("line", [
    "[988 Lifeline](https://988lifeline.org) and [call](tel:988) and <https://findtreatment.gov>",
    "![calm](../images/calm.png) and <img src=\"../images/x.png\" alt=\"x\">",
    "![dot](data:image/png;base64,iVBORw0KGgo=)",
    "Use `<script>` tags? No: `![x](https://example.org/x.png)` is shown as code here.",
    "<!-- <script>a reminder among authors, never published</script> -->",
    '<span style="color: teal">x</span> <a href="#check-in">Check-in</a>',
    "An email to [us](mailto:team@example.org) is fine.",
])
def test_ordinary_content_passes(line):
    assert problems_in(line + "\n") == []


def test_fenced_code_is_shown_not_run():
    assert problems_in("```html\n<script>alert(1)</script>\n```\n") == []


def test_stylesheets_in_docs():
    problems = Problems("docs/css/a.css")
    inert.check_stylesheet("body { color: red; }\n@import url('https://fonts.example.org/x.css');\n"
                           ".x { background: url(../img/local.png); mask: url('data:image/svg+xml;utf8,<svg/>'); }\n",
                           problems)
    assert [str(p) for p in problems.items] == [
        "docs/css/a.css:2: style loads 'https://fonts.example.org/x.css' from another site: ship the file with "
        "the site instead"]
