"""HTML comments are notes among authors (an allow comment's reason, a reminder to staff):
they never reach a page, its HTML source, a PDF or the search index. Bodies drop them line
by line (edition.without_comments, which knows fenced code); this drops them from the short
texts of front matter, curriculum.yml and block titles."""
from __future__ import annotations

import re

# An unclosed comment runs to the end of the text, as it would in a browser.
HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def strip(text: str) -> str:
    return HTML_COMMENT.sub("", text) if "<!--" in text else text
