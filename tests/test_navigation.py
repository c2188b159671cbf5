"""The navigation's fast path (iopcurriculum.navigation) writes the HTML Material's macro writes."""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import material
from conftest import REPO, make_project, run_build
from iopcurriculum.navigation import plain_link

OURS = REPO / "overrides" / "partials" / "nav-item.html"
MATERIALS = Path(material.__file__).parent / "templates" / "partials" / "nav-item.html"
CHANGED_LINE = ('{{ cur_nav_link(item, item.url | url, page) or '
                'render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}')


def _template_lines(path: Path) -> list[str]:
    """The template without its leading comment."""
    return path.read_text(encoding="utf-8").split("-#}\n", 1)[1].splitlines()


def test_override_is_materials_template_with_one_line_changed():
    # If Material's template changes, copy it again and re-apply the one change.
    ours, materials = _template_lines(OURS), _template_lines(MATERIALS)
    assert len(ours) == len(materials)
    differing = [(a.strip(), b.strip()) for a, b in zip(ours, materials) if a != b]
    assert differing == [(CHANGED_LINE, '{{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}')]


def _normalized(html: str) -> str:
    # Whitespace next to a tag is where the two differ: Material's macro indents its output.
    return re.sub(r"\s*([<>])\s*", r"\1", html)


def test_site_is_the_same_as_with_materials_macro(basic_builds, tmp_path):
    project = make_project(tmp_path)
    (project / "overrides" / "partials" / "nav-item.html").unlink()
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    fast, material_site = basic_builds["all"], project / "site"
    pages = sorted(p.relative_to(fast) for p in fast.rglob("*.html"))
    assert pages == sorted(p.relative_to(material_site) for p in material_site.rglob("*.html"))
    used = 0
    for page in pages:
        ours = (fast / page).read_text(encoding="utf-8")
        used += ours.count('class="md-nav__link"><span class="md-ellipsis">')  # only the fast path writes this
        assert _normalized(ours) == _normalized((material_site / page).read_text(encoding="utf-8")), page
    assert used > len(pages)  # the fast path wrote most links, so the comparison means something


def _page(title="Cravings", meta=None, active=False):
    return SimpleNamespace(title=title, meta=meta or {}, children=None, active=active)


def test_plain_link_writes_a_link_to_another_page():
    assert plain_link(_page(), "../cravings/", _page("Triggers")) == (
        '<li class="md-nav__item"><a href="../cravings/" class="md-nav__link">'
        '<span class="md-ellipsis">Cravings</span></a></li>')


def test_plain_link_leaves_everything_else_to_materials_macro():
    page = _page("Triggers")
    assert plain_link(page, "./", page) == ""  # the current page carries its table of contents
    assert plain_link(_page(active=True), "x/", page) == ""
    assert plain_link(SimpleNamespace(title="Section", children=[page], active=False), "", page) == ""
    for key in ("icon", "subtitle", "status"):
        assert plain_link(_page(meta={key: "new"}), "x/", page) == ""
