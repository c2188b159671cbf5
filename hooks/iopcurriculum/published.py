"""The participant edition as it was written, read back before it replaces the previous site.

Two jobs, both on the files themselves rather than on what the build meant to write:
- assets by reference: a file from docs/ (an image, a document) stays in a participant site
  only when a participant page, stylesheet or PDF refers to it; one that only staff content
  names is removed (MkDocs copies every file in docs/);
- a second look at privacy: no participant page loads anything from another host, carries an
  event handler, a javascript: link or a frame, whatever the theme or an override added.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable
from urllib.parse import quote, unquote, urlparse

from . import inert

# Searched for, not parsed: a participant site at 200 modules is 14 MB of HTML, and walking
# every tag in Python took a tenth of the build. What is looked for is rare, so the regular
# expression engine finds it and Python only looks at what it found.
# On the page's text lower-cased once, so each pattern starts with a literal the engine
# searches for fast; a finding is checked to be inside a tag.
FRAME = re.compile(r"<(iframe|frame|frameset|object|embed|applet|portal)\b")
HANDLER = re.compile(r"on[a-z]+\s*=")  # then: an attribute's name, in a tag
ABSOLUTE_VALUE = re.compile(r"""=\s*["']?\s*([a-z][a-z0-9+.-]*:|//|\\\\)""")  # then: which attribute
LOADING_NAME = re.compile(r"""[\s/"'](src|srcset|poster|data|xlink:href)\s*$""")
LINK_TAG = re.compile(r"""<link\b[^>]*?\shref\s*=\s*["']?\s*([a-z][a-z0-9+.-]*:|//)""", re.S)
CANONICAL = re.compile(r"""\srel\s*=\s*["']?canonical\b""")
ACTIVE_HREF = re.compile(r"""href\s*=\s*["']?\s*(javascript|vbscript|data|&#)""")
CSS_URLS = (re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.S),
            re.compile(r"""@import\s+(['"])(.*?)\1"""))
QUOTED_VALUE = r"""(?:src|href|srcset|poster|data|xlink:href)\s*=\s*["']([^"']*{name}[^"']*)["']"""


@dataclass
class Reading:
    referenced: set[str] = field(default_factory=set)  # of the candidates: those in use
    problems: list[str] = field(default_factory=list)  # "<output file>: what is wrong"


def read_site(site_dir: Path, files: Iterable[Path], candidates: Iterable[str] = ()) -> Reading:
    """Which `candidates` (site paths of files copied from docs/) the HTML and CSS among
    `files` use, and their privacy problems."""
    reading = Reading()
    by_name: dict[str, set[str]] = {}
    for where in candidates:
        by_name.setdefault(posixpath.basename(where), set()).add(where)
    styles = []
    for path in files:
        if path.suffix not in (".html", ".css"):
            continue
        where = path.relative_to(site_dir).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".css":
            styles.append(where)
        _privacy(text, where, path.suffix == ".css", reading)
        _uses(text, where, by_name, reading)
    # A stylesheet a page uses may use files of its own (fonts, images).
    for where in sorted(reading.referenced - set(styles)):
        if where.endswith(".css") and (site_dir / where).is_file():
            _uses((site_dir / where).read_text(encoding="utf-8", errors="replace"), where, by_name, reading)
    return reading


def _privacy(text: str, where: str, css: bool, reading: Reading) -> None:
    text = text.lower()
    found = []
    if not css:
        found += [f"a <{m.group(1)}> on a participant page" for m in FRAME.finditer(text)]
        found += [f"an {m.group(0).rstrip('= ')}= attribute runs code on a participant page"
                  for m in HANDLER.finditer(text)
                  if m.start() and text[m.start() - 1] in " \t\n\r/\"'" and _in_tag(text, m.start())]
        for m in ABSOLUTE_VALUE.finditer(text):
            name = LOADING_NAME.search(text, max(0, m.start() - 24), m.start())
            if name and m.group(1) != "data:" and _in_tag(text, m.start()):
                found.append(f"{name.group(1)}=\"{m.group(1)}...\" loads from another site")
        # A page's own address (`<link rel="canonical">`, from site_url) is named, not loaded.
        found += [f"<link href=\"{m.group(1)}...\"> loads from another site" for m in LINK_TAG.finditer(text)
                  if not CANONICAL.search(text, m.start(), text.find(">", m.start()) % (len(text) + 1))]
        found += [f"a link to '{m.group(1)}...' would run code" for m in ACTIVE_HREF.finditer(text)
                  if _in_tag(text, m.start())]
    for pattern in CSS_URLS:
        for match in pattern.finditer(text):
            if (css or _in_style(text, match.start())) and inert.loads_from_elsewhere(match.group(2)):
                found.append(f"a style loads '{match.group(2)[:60]}' from another site")
    reading.problems += [f"{where}: {what}" for what in found]


def _in_style(text: str, position: int) -> bool:
    """Inside a <style> element, or a style="..." attribute (not text that mentions url())."""
    if text.rfind("<style", 0, position) > text.rfind("</style", 0, position):
        return True
    tag = text.rfind("<", 0, position)
    return _in_tag(text, position) and "style" in text[tag:position]


def _in_tag(text: str, position: int) -> bool:
    """Whether `position` is inside a tag (after a '<' that no '>' has closed), not in text."""
    return text.rfind("<", 0, position) > text.rfind(">", 0, position)


def _uses(text: str, where: str, by_name: dict[str, set[str]], reading: Reading) -> None:
    """The candidate files a page or stylesheet names, resolved from where it sits."""
    for name, paths in by_name.items():
        spellings = {name, quote(name)}  # as written, or URL-encoded ("big%20one.png")
        if paths <= reading.referenced or not any(spelling in text for spelling in spellings):
            continue
        named = "(?:" + "|".join(map(re.escape, spellings)) + ")"
        pattern = re.compile(QUOTED_VALUE.format(name=named) + "|url\\(\\s*['\"]?([^'\")]*" + named + ")")
        for match in pattern.finditer(text):
            for url in (match.group(1) or match.group(2) or "").split(","):
                target = _resolve(url.strip().split(" ")[0], where)
                if target in paths:
                    reading.referenced.add(target)


def _resolve(url: str, where: str) -> str | None:
    parsed = urlparse(url)
    if parsed.scheme or parsed.netloc or not parsed.path:
        return None
    base = "" if parsed.path.startswith("/") else posixpath.dirname(where)
    return posixpath.normpath(posixpath.join(base, unquote(parsed.path).lstrip("/")))


def referenced_by_print(site_dir: Path, jobs) -> set[str]:
    """Files of the site the participant PDFs show: the images their renderer may read."""
    site = site_dir.resolve()
    return {Path(path).resolve().relative_to(site).as_posix() for job in jobs for path in job.images.values()
            if Path(path).resolve().is_relative_to(site)}


def prune(site_dir: Path, candidates: Iterable[str], referenced: set[str]) -> list[str]:
    """Remove the copied docs/ files nothing in the participant edition refers to."""
    removed = []
    for where in sorted(set(candidates) - referenced):
        path = site_dir / where
        if path.is_file():
            path.unlink()
            removed.append(where)
    return removed
