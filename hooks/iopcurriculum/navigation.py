"""A fast path for the site's navigation: a plain link to another page, written in Python.

Material writes the whole navigation into every page, each entry through a Jinja macro; at 200
modules that macro was about a third of a build. Most entries are plain links to pages other than
the one being written: for those, `plain_link` writes the same HTML Material's macro writes. It
returns "" for anything else (the current page, a section, an entry with an icon, a subtitle or a
status), and the template falls back to Material's macro (overrides/partials/nav-item.html).
Duck-typed on MkDocs' navigation objects, so nothing here imports MkDocs.
"""
from __future__ import annotations

# Front matter that changes how Material draws an entry: those entries keep Material's macro.
_DRAWN_BY_MATERIAL = ("icon", "subtitle", "status")


def plain_link(item, url: str, page) -> str:
    """The `<li>` Material writes for `item` in the navigation of `page`, or "" if it is not
    a plain link. `url` is the item's URL relative to `page` (the template's `url` filter)."""
    if item == page or getattr(item, "children", None) or getattr(item, "active", False):
        return ""
    if getattr(item, "typeset", None) or getattr(item, "encrypted", None):
        return ""
    meta = getattr(item, "meta", None) or {}
    if any(meta.get(key) for key in _DRAWN_BY_MATERIAL):
        return ""
    # Not escaped: Material's template does not escape titles either (MkDocs turns autoescape off).
    return (f'<li class="md-nav__item"><a href="{url}" class="md-nav__link">'
            f'<span class="md-ellipsis">{item.title}</span></a></li>')
