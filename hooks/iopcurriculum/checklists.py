"""Checklist boxes that screen readers can name and fingers can hit.

pymdownx.tasklist (custom_checkbox) writes `<label class="task-list-control"><input
type="checkbox"/><span class="task-list-indicator"></span></label> item text`: the label holds
no text, so the box has no accessible name (WCAG 1.3.1, 4.1.2) and only the small box is
clickable. This moves the end of the label past the item's own text (not past a nested list),
so the text names the box and tapping the text ticks it.
"""
from __future__ import annotations

import re

_EMPTY_LABEL = re.compile(
    r'(?P<open><label class="task-list-control">\s*<input type="checkbox"[^>]*>\s*'
    r'<span class="task-list-indicator"></span>)\s*</label>'
    # The item's text: everything up to the end of its paragraph or item, or a nested block.
    r"(?P<text>(?:(?!</li>|</p>|<ul|<ol|<div|<p[\s>]|<label|<table)[\s\S])*)"
)


def label_checkboxes(html: str) -> str:
    """Put each checklist item's text inside the label of its box."""
    def move(match: re.Match) -> str:
        text = match.group("text")
        if not text.strip():
            return match.group(0)
        body = text.rstrip()
        return f"{match.group('open')} {body.lstrip()}</label>{text[len(body):]}"
    return _EMPTY_LABEL.sub(move, html)
