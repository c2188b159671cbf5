"""The participant edition read back as written: which docs/ files it uses, and a second look
at privacy (nothing loads from another host, nothing runs), whatever wrote the HTML."""
from __future__ import annotations

import pytest

from iopcurriculum import published


def read(tmp_path, pages: dict[str, str], candidates=()):
    for where, text in pages.items():
        (tmp_path / where).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / where).write_text(text, encoding="utf-8")
    return published.read_site(tmp_path, sorted(tmp_path.rglob("*.*")), candidates)


@pytest.mark.parametrize("html, expected", [
    ('<p>x</p><iframe src="a.html"></iframe>', "a <iframe> on a participant page"),
    ('<OBJECT data="x"></OBJECT>', "a <object> on a participant page"),
    ('<img src="a.png" onerror="go()">', "an onerror= attribute runs code"),
    ('<div\n  onClick="go()">x</div>', "an onclick= attribute runs code"),
    ('<img alt="x" src="https://example.org/a.png">', 'src="https:..." loads from another site'),
    ('<img alt="x" srcset="//cdn.example.org/a.png 2x">', 'srcset="//..." loads from another site'),
    ('<video poster="http://example.org/p.jpg"></video>', 'poster="http:..." loads from another site'),
    ('<link rel="stylesheet" href="https://fonts.example.org/a.css">', '<link href="https:..."> loads from another site'),
    ('<a href="javascript:alert(1)">x</a>', "a link to 'javascript...' would run code"),
    ('<a href=" JavaScript:alert(1)">x</a>', "a link to 'javascript...' would run code"),
    ('<span style="background:url(https://example.org/t.gif)">x</span>', "a style loads 'https://example.org/t.gif'"),
    ('<style>@import "https://example.org/a.css";</style>', "a style loads 'https://example.org/a.css'"),
])
def test_foreign_loads_and_active_content_are_found(tmp_path, html, expected):
    reading = read(tmp_path, {"participant/x/index.html": f"<html><body>{html}</body></html>"})
    assert any(problem.startswith("participant/x/index.html: " + expected) for problem in reading.problems), \
        reading.problems


def test_ordinary_pages_pass(tmp_path):
    html = ('<a href="https://988lifeline.org">988</a> <a href="tel:988">call</a> <img src="../img/a.png" alt="a">'
            '<img src="data:image/png;base64,AAAA" alt="dot"> <div data-md-component="content" class="md-content">'
            '<code>@import url(https://example.org/x.css); onclick="x"</code> Come on = join us.</div>'
            '<span style="--cur-lines: 2">x</span><link href="https://handouts.example.org/x/" rel="canonical">')
    assert read(tmp_path, {"participant/x/index.html": html}).problems == []


def test_files_in_use_are_found_from_where_each_page_sits(tmp_path):
    reading = read(tmp_path, {
        "participant/a/index.html": '<img src="../../images/a.png" alt="a"><a href="../../docs/plan.pdf">plan</a>',
        "participant/b/index.html": '<img srcset="../../images/small.png 1x, ../../images/big%20one.png 2x" alt="b">',
        "stylesheets/site.css": "body { background: url('../images/bg.png'); }",
        "index.html": '<link rel="stylesheet" href="stylesheets/site.css">',
    }, candidates=["images/a.png", "docs/plan.pdf", "images/small.png", "images/big one.png", "images/bg.png",
                   "images/unused.png", "stylesheets/site.css"])
    assert reading.referenced == {"images/a.png", "docs/plan.pdf", "images/small.png", "images/big one.png",
                                  "images/bg.png", "stylesheets/site.css"}
