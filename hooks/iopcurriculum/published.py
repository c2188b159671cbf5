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
from urllib.parse import unquote, urlparse

from . import inert

ATTRIBUTE = re.compile(r"""\s([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)|@import\s+(['\"])(.*?)\3", re.I | re.S)
REFERENCE_ATTRS = {"src", "href", "srcset", "poster", "data", "xlink:href"}
FRAMES = {"iframe", "frame", "frameset", "object", "embed", "applet", "portal"}


@dataclass
class Reading:
    referenced: set[str] = field(default_factory=set)  # site paths the pages and styles use
    problems: list[str] = field(default_factory=list)  # "<output file>: what is wrong"


def read_site(site_dir: Path, files: Iterable[Path]) -> Reading:
    """References and privacy problems of the HTML and CSS among `files`."""
    reading = Reading()
    styles: list[str] = []
    for path in files:
        if path.suffix not in (".html", ".css"):
            continue
        where = path.relative_to(site_dir).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".css":
            styles.append(where)
            _read_css(text, where, reading)
        else:
            _read_html(text, where, reading)
    # A stylesheet the pages use may use files of its own (fonts, images).
    for where in sorted(reading.referenced - set(styles)):
        if where.endswith(".css") and (site_dir / where).is_file():
            _read_css((site_dir / where).read_text(encoding="utf-8", errors="replace"), where, reading)
    return reading


def _read_html(text: str, where: str, reading: Reading) -> None:
    for tag in TAG.finditer(text):
        name = tag.group(1).lower()
        if name in FRAMES:
            reading.problems.append(f"{where}: a <{name}> on a participant page")
        attributes = [(a.group(1).lower(), a.group(2) or a.group(3) or "") for a in ATTRIBUTE.finditer(tag.group(2))]
        # A page's own address (`<link rel="canonical">`, from site_url) is named, not loaded.
        names_only = name == "link" and any(k == "rel" and v.strip().lower() == "canonical" for k, v in attributes)
        for key, value in attributes:
            if key == "href" and names_only:
                continue
            if key.startswith("on"):
                reading.problems.append(f"{where}: <{name} {key}=...> runs code on a participant page")
            elif key == "style":
                _read_css(value, where, reading)
            elif key in REFERENCE_ATTRS:
                _reference(value, key, name, where, reading)


def _reference(value: str, key: str, tag: str, where: str, reading: Reading) -> None:
    urls = [part.split()[0] for part in value.split(",") if part.strip()] if key == "srcset" else [value]
    for url in urls:
        # Following a link loads nothing; everything else the page shows, it fetches.
        followed = key == "href" and tag in ("a", "area")
        if inert.runs_code(url) and not (not followed and url.lower().startswith("data:image/")):
            reading.problems.append(f"{where}: <{tag} {key}=\"{url[:40]}\"> would run code")
        elif not followed and inert.loads_from_elsewhere(url):
            reading.problems.append(f"{where}: <{tag} {key}=\"{url[:60]}\"> loads from another site")
        else:
            _add(url, where, reading)


def _read_css(css: str, where: str, reading: Reading) -> None:
    for match in CSS_URL.finditer(css):
        url = match.group(2) if match.group(2) is not None else match.group(4)
        if inert.loads_from_elsewhere(url):
            reading.problems.append(f"{where}: a style loads '{url[:60]}' from another site")
        else:
            _add(url, where, reading)


def _add(url: str, where: str, reading: Reading) -> None:
    parsed = urlparse(url)
    if parsed.scheme or parsed.netloc or not parsed.path:
        return
    base = "" if parsed.path.startswith("/") else posixpath.dirname(where)
    target = posixpath.normpath(posixpath.join(base, unquote(parsed.path).lstrip("/")))
    if not target.startswith(".."):
        reading.referenced.add(target)


def referenced_by_print(site_dir: Path, jobs) -> set[str]:
    """Local images the participant PDFs show (print HTML is rendered from a file:// base)."""
    found = set()
    for job in jobs:
        for src in re.findall(r'\bsrc="([^"]+)"', job.html):
            url = urlparse(src if "://" in src else posixpath.join(job.base_url, src))
            if url.scheme == "file":
                try:
                    found.add(Path(unquote(url.path)).resolve().relative_to(site_dir.resolve()).as_posix())
                except ValueError:
                    pass
    return found


def prune(site_dir: Path, candidates: Iterable[str], referenced: set[str]) -> list[str]:
    """Remove the copied docs/ files nothing in the participant edition refers to."""
    removed = []
    for where in sorted(set(candidates) - referenced):
        path = site_dir / where
        if path.is_file():
            path.unlink()
            removed.append(where)
    return removed
