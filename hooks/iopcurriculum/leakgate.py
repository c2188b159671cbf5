"""The leak gate: no facilitator sentence in any file of the participant edition.

It does not trust the edition filter (edition.py) or anything downstream of it. Every
facilitator-only passage is fingerprinted from the source: the words of each sentence of six or
more words, normalised, as overlapping runs of six ("shingles"), each remembering the sentence's
`path:line`. Shingles that participants legitimately read (a facilitator script often quotes the
handout) are subtracted. Then every file the participant output holds is read back, the way a
reader or a search engine would see its text (HTML, JSON, XML, JS, gzip, PDFs: page text,
metadata, outline, attachments), normalised the same way, and any shingle found is a hit. The
build stops on a hit before the new site replaces the old one.

Plain Python, no MkDocs import: the hook calls `gate`.
"""
from __future__ import annotations

import concurrent.futures as cf
import hashlib
import html
import json
import re
import time
import unicodedata
import zlib
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from . import edition as ed
from . import pages
from .blocks import fenced_code
from .comments import HTML_COMMENT
from .outputs import edition_files
from .registry import BLOCKS, STAFF_ONLY
from .structure import Curriculum, Node, Text

SHINGLE = 6  # words; a sentence shorter than this is not fingerprinted
SHOWN_WORDS = 10  # words of a passage quoted in a message
GZIP_LIMIT = 64 * 1024 * 1024  # bytes a .gz may unpack to; more is refused, not skipped

# Read as text: what a browser, a search engine or a script could show. (.map: source maps are
# JSON; .svg: text in an image; .webmanifest: JSON.) A file with another suffix is read as text
# when it is valid UTF-8 without NUL bytes, else skipped: images (png, jpg), fonts (woff) and
# other binary formats hold no text that comes from a module.
TEXT_SUFFIXES = {".html", ".htm", ".xhtml", ".xml", ".svg", ".txt", ".md", ".css", ".csv",
                 ".yml", ".yaml", ".js", ".mjs", ".json", ".map", ".webmanifest"}
JSON_SUFFIXES = {".json", ".map", ".webmanifest"}
JS_SUFFIXES = {".js", ".mjs"}

# ---------- Normalisation: the same for the Markdown source and for every output ----------

TAG = re.compile(r"<[A-Za-z/!?][^>]*>")  # a tag; "x < 5" in prose is not one
# Attributes whose values a reader or a screen reader gets as text ("label": aria-label too).
# One pattern each: a pattern that starts with a fixed word is searched for fast, an
# alternation of words is tried at every character (five times slower on a site's HTML).
TEXT_ATTRS = [re.compile(name + r"""\s*=\s*(?:"([^"]*)"|'([^']*)')""")
              for name in ("alt", "title", "label", "content", "placeholder", "summary", "description")]
INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")  # soft hyphen, zero-width characters
WORD = re.compile(r"[^\W_]+")
JS_ESCAPE = re.compile(r"\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))", re.S)
JS_SIMPLE = {"n": "\n", "r": "\n", "t": " ", "b": " ", "f": " ", "v": " "}

# Markdown that shows other words than it holds: a link shows its text, not its target.
MD_LINK = re.compile(r"""!?\[([^\]]*)\]\((?:<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"""
                     r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)""")
MD_REF_LINK = re.compile(r"!?\[([^\]]*)\]\[[^\]]*\]")
MD_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S.*$", re.M)
MD_AUTOLINK = re.compile(r"<((?:https?|mailto|tel):[^>\s]*)>", re.I)
_ATTR_ITEM = r"""(?:[#.][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]+))"""
MD_ATTR_LIST = re.compile(r"\{:?\s*" + _ATTR_ITEM + r"(?:\s+" + _ATTR_ITEM + r")*\s*\}")


def words(text: str) -> list[str]:
    """The normalised words of HTML or plain text: comments and tags dropped (a tag joins the
    words on either side, as `<strong>re</strong>lapse` reads "relapse"), entities unescaped,
    compatibility characters folded (NFKC: ligatures, full-width letters), invisible characters
    dropped, case folded; a word is a run of Unicode letters and digits."""
    if "<" in text:
        text = TAG.sub("", HTML_COMMENT.sub(" ", text))
    if "&" in text:
        text = html.unescape(text)
    text = " ".join(text.split())  # shorter text for the word pattern: much of HTML is indentation
    if not text.isascii():
        text = unicodedata.normalize("NFKC", INVISIBLE.sub("", text))
    return WORD.findall(text.casefold())


def markdown_text(markdown: str) -> str:
    """Markdown as the words a reader sees: link and image targets, reference definitions,
    attribute lists `{...}` and inline marks dropped (`**re**lapse` shows "relapse"); tags
    and entities are words()'s."""
    # Each pattern only where its mark is: this runs once per sentence of the curriculum.
    text = HTML_COMMENT.sub(" ", markdown) if "<!--" in markdown else markdown
    if "]" in text:
        text = MD_LINK.sub(r" \1 ", MD_REF_DEF.sub(" ", text))
        text = MD_REF_LINK.sub(r" \1 ", text)
    if "<" in text:
        text = MD_AUTOLINK.sub(r" \1 ", text)
    if "{" in text:
        text = MD_ATTR_LIST.sub(" ", text)
    return text.replace("*", "").replace("`", "").replace("~", "")


def markdown_words(markdown: str) -> list[str]:
    return words(markdown_text(markdown))


def html_text(text: str) -> str:
    """HTML (or text holding HTML) with the text of its attributes that readers get (alt, title,
    aria-label, meta content...) added after it, so words() sees both."""
    if "=" not in text:
        return text
    values = [a or b for pattern in TEXT_ATTRS for a, b in pattern.findall(text)]
    return text + "\n" + "\n".join(values) if values else text


def shingles(word_list: list[str]) -> Iterator[tuple[str, ...]]:
    """Every run of SHINGLE consecutive words."""
    return zip(*(word_list[i:] for i in range(SHINGLE)))


def telling(word_list: list[str]) -> Iterator[tuple[str, ...]]:
    """The shingles that can tell a passage: at least four of their words hold letters. Runs of
    numbers (versions, figures, phone numbers) recur all over a site, in the generator's
    version in every page's head for one."""
    if not any(word.isdigit() for word in word_list):
        return shingles(word_list)
    return (s for s in shingles(word_list) if sum(map(str.isdigit, s)) <= 2)


# ---------- Sentences of the source, with their lines ----------

SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]*_]*\s+")
QUOTE_MARKERS = re.compile(r"^(?:\s{0,3}>)+")
BLOCK_START = re.compile(r"^\s*(?:#{1,6}(?=\s)|[-*+](?=\s)|\d{1,9}[.)](?=\s))")
RULE = re.compile(r"^\s*(?:[-=_*]\s*){3,}$")  # thematic break, setext underline, write-in line


def sentences(lines: list[str], first_line: int) -> Iterator[tuple[int, list[str]]]:
    """(file line, normalised words) of each sentence in Markdown lines; `first_line` is the
    file line of lines[0]. A sentence ends at . ! or ?, and where a paragraph, list item,
    heading, table cell or line of code ends."""
    # Comments are no passage (neither edition shows them); blanked line by line, so every
    # line keeps its number.
    text = HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), "\n".join(lines))
    lines = text.split("\n")
    code, _ = fenced_code(lines)
    paragraph: list[tuple[int, str]] = []
    for offset, raw in enumerate(lines):
        number = first_line + offset
        if code[offset]:
            yield from _paragraph(paragraph)
            paragraph = []
            yield from _paragraph([(number, raw)], split=False)
            continue
        line = QUOTE_MARKERS.sub("", raw)
        if not line.strip() or RULE.match(line):
            yield from _paragraph(paragraph)
            paragraph = []
            continue
        marker = BLOCK_START.match(line)
        if marker or line.lstrip().startswith(("|", "<")) or "|" in line:
            yield from _paragraph(paragraph)
            paragraph = []
        if "|" in line:  # a table row: each cell on its own
            for cell in line.split("|"):
                yield from _paragraph([(number, cell)])
            continue
        paragraph.append((number, line[marker.end():] if marker else line))
    yield from _paragraph(paragraph)


def _paragraph(parts: list[tuple[int, str]], split: bool = True) -> Iterator[tuple[int, list[str]]]:
    if not parts:
        return
    starts, pieces, offset = [], [], 0
    for _, line in parts:
        starts.append(offset)
        pieces.append(line)
        offset += len(line) + 1
    joined = " ".join(pieces)
    bounds = [0] + [m.end() for m in SENTENCE_END.finditer(joined)] if split else [0]
    for begin, end in zip(bounds, bounds[1:] + [len(joined)]):
        found = markdown_words(joined[begin:end])
        if len(found) >= SHINGLE:
            yield parts[bisect_right(starts, begin) - 1][0], found


# ---------- Fingerprints ----------

@dataclass(frozen=True, order=True)
class Passage:
    """A facilitator-only sentence: where it is, and its words."""
    path: str
    line: int
    words: tuple[str, ...] = field(compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def quote(self) -> str:
        shown = " ".join(self.words[:SHOWN_WORDS])
        return shown + (" ..." if len(self.words) > SHOWN_WORDS else "")


class Fingerprints:
    """Shingles of facilitator-only passages, each with the passage it came from."""

    def __init__(self, passages: dict[tuple[str, ...], Passage], seconds: float = 0.0):
        self.passages = passages
        self._keys = frozenset(passages)
        self.seconds = seconds  # how long making them took

    def __len__(self) -> int:
        return len(self._keys)

    def found_in(self, word_list: list[str]) -> set[Passage]:
        """The passages some shingle of which occurs in these words."""
        # intersection() walks the shingles without building a set of them: the cheap part.
        return {self.passages[s] for s in self._keys.intersection(shingles(word_list))}


def fingerprints(curriculum: Curriculum, docs_pages: Iterable, root: Path | None = None,
                 site_code: Iterable[str] = ()) -> Fingerprints:
    """Fingerprints of every facilitator-only passage: the text of every staff-only block
    (the registry's: `::: facilitator`, `::: script`) of every module and hand-written page, module changelogs (the staff "What's new"
    page), and the whole body of a page whose front matter says `edition: facilitator` (or
    anything but all or participant); less every shingle of text participants see.

    What participants see is taken from the parsed source (all text outside facilitator
    blocks) and the strings pages.py adds, never from the edition filter (edition.select): the
    gate must hold when the filter is wrong. `site_code`: texts the site shows whatever the curriculum
    (theme overrides, site name and description), read as HTML: a staff guide that describes
    the site shares sentences with the site's own scripts."""
    started = time.perf_counter()
    root = Path(root) if root is not None else curriculum.root.parent
    passages: dict[tuple[str, ...], Passage] = {}
    seen: list[str] = []  # Markdown that participants see

    names: dict[Path, str] = {}

    def add(path: Path, line: int, word_list: list[str]) -> None:
        where = names.get(path) or names.setdefault(path, _relative(path, root))
        passage = Passage(where, line, tuple(word_list))
        for shingle in telling(word_list):
            passages.setdefault(shingle, passage)

    def walk(path: Path, nodes: list[Node], staff: bool) -> None:
        for node in nodes:
            if isinstance(node, Text):
                if staff:
                    for line, found in sentences(node.lines, node.line):
                        add(path, line, found)
                else:
                    seen.append("\n".join(node.lines))
                continue
            inside = staff or node.type in STAFF_ONLY
            if node.title and inside:
                add(path, node.line, markdown_words(node.title))
            elif node.title:
                seen.append(node.title)
            walk(path, node.children, inside)

    # In the order a handout shows them, so a quote across two paragraphs is subtracted too.
    for module in curriculum.modules:
        seen += [module.handout_title, module.summary]
        walk(module.path, module.body, staff=False)
        seen += [pages.get_help(curriculum), pages.sources(module)]
        for entry in module.changelog:
            for change in entry.changes:
                add(module.path, module.lines.get("changelog", 1), markdown_words(str(change)))
    seen += [pages.edition_index(curriculum, ed.PARTICIPANT), curriculum.title, curriculum.organization,
             *(block.title_in(ed.PARTICIPANT) for block in BLOCKS.values()
               if block.form == "admonition" and block.seen_in((ed.PARTICIPANT,)))]
    for page in docs_pages:
        walk(page.path, page.nodes, staff=page.edition not in ("all", ed.PARTICIPANT))
    keys = frozenset(passages)
    quoted = keys.intersection(shingles(markdown_words("\n\n".join(seen))))
    for text in site_code:
        quoted |= keys.intersection(shingles(words(html_text(text))))
    return Fingerprints({s: p for s, p in passages.items() if s not in quoted}, time.perf_counter() - started)


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


# ---------- Scanning the output ----------

@dataclass(frozen=True)
class Hit:
    """A participant file holding facilitator text (`passage`), or something the gate refuses
    (`problem`: an attachment, a file it cannot read)."""
    file: str  # relative to the site
    passage: Passage | None = None
    problem: str = ""

    def __str__(self) -> str:
        if self.passage is not None:
            return f'{self.file}: facilitator text from {self.passage}: "{self.passage.quote}"'
        return f"{self.file}: {self.problem}"

    @property
    def sort_key(self) -> tuple:
        where = self.passage or Passage("", 0, ())
        return self.file, where.path, where.line, self.problem


class LeakError(Exception):
    def __init__(self, hits: list[Hit]):
        self.hits = sorted(set(hits), key=lambda hit: hit.sort_key)
        count = len(self.hits)
        super().__init__(
            f"Leak gate: facilitator text or a refused file in the participant edition "
            f"({count} finding{'s' if count != 1 else ''}); nothing was published, the site folder is as it was:\n  "
            + "\n  ".join(map(str, self.hits)))


@dataclass
class Report:
    files: int = 0
    pdfs: int = 0
    seconds: float = 0.0  # in the build's way: waiting for the fingerprints, and the scan
    pdf_seconds: float = 0.0  # of `seconds`, reading PDFs
    pdfs_remembered: int = 0  # of `pdfs`, the same bytes as at the last gate: their words not read again
    pdf_keys: set = field(default_factory=set)  # the SHA-256 of every PDF read
    fingerprints: int = 0
    fingerprint_seconds: float = 0.0

    def __str__(self) -> str:
        same = f", {self.pdfs_remembered} unchanged" if self.pdfs_remembered else ""
        return (f"Leak gate: no facilitator text in {self.files} participant files ({self.pdfs} PDFs{same}), "
                f"checked in {self.seconds:.2f} s (PDFs {self.pdf_seconds:.2f} s); {self.fingerprints} "
                f"fingerprints, made earlier in {self.fingerprint_seconds:.2f} s")


@dataclass(frozen=True)
class PdfWords:
    """What the gate reads of a PDF: words of its information and bookmarks, of its pages'
    content, and of each page's running header and footer (read apart)."""
    info: list[str]
    content: list[str]
    edges: list[list[str]]


# A PDF's words by the SHA-256 of its bytes, kept from one gate to the next in one process when
# asked (`remember`): `mkdocs serve` gates the whole participant edition after every save, and
# most PDFs have not changed. Only what was read is kept, never a verdict: every PDF is matched
# against the fingerprints of the build at hand. Each gate keeps only the PDFs it met. A build
# does not ask: it gates once.
_pdf_words: dict[str, PdfWords] = {}


def participant_files(site_dir: Path, editions: tuple[str, ...]) -> list[Path]:
    """The files of the participant edition: all of a participant-only build; in a build of
    both editions (a staff site by design), its pages and PDFs."""
    site_dir = Path(site_dir)
    if {ed.audience(e) for e in editions} == {ed.PARTICIPANT}:
        candidates = site_dir.rglob("*")
    else:  # every participant edition's pages and PDFs, in every language and format
        candidates = []
        for edition in editions:
            if ed.audience(edition) == ed.PARTICIPANT:
                for place in edition_files(edition):
                    candidates += (site_dir / place).rglob("*") if place.endswith("/") else [site_dir / place]
    return sorted(p for p in candidates if p.is_file())


def scan(site_dir: Path, paths: Iterable[Path], prints: Fingerprints, report: Report | None = None,
         remember: bool = False) -> list[Hit]:
    """Every hit in these files (paths inside site_dir); `report` gets counts and times;
    `remember`: read a PDF's words once in this process (see _pdf_words). One
    process: reading a large site in forked processes logged less time but made whole builds
    slower (measured at 200 modules: 6.37 s against 6.00 s), as forking the build costs."""
    report = report if report is not None else Report()
    hits: list[Hit] = []
    for path in map(Path, paths):
        name = path.relative_to(site_dir).as_posix()
        started = time.perf_counter()
        try:
            data = path.read_bytes()
        except OSError as err:
            hits.append(Hit(name, problem=f"cannot be read for the leak gate: {err.strerror or err}"))
            continue
        if path.suffix.lower() == ".pdf":
            key = hashlib.sha256(data).hexdigest() if remember else None
            if key:
                report.pdf_keys.add(key)
                report.pdfs_remembered += key in _pdf_words
            hits += _scan_pdf(name, data, prints, key)
            report.pdfs += 1
            report.pdf_seconds += time.perf_counter() - started
        else:
            hits += _scan_bytes(name, path.name, data, prints)
        report.files += 1
    return hits


def _scan_bytes(name: str, filename: str, data: bytes, prints: Fingerprints, nested: bool = False) -> list[Hit]:
    suffix = Path(filename).suffix.lower()
    if suffix == ".gz" and not nested:
        try:
            data = _gunzip(data)
        except (zlib.error, ValueError) as err:
            return [Hit(name, problem=f"cannot be unpacked for the leak gate: {err}")]
        return _scan_bytes(name, Path(filename).stem, data, prints, nested=True)
    if suffix == ".pdf":
        return _scan_pdf(name, data, prints)
    if suffix not in TEXT_SUFFIXES and (b"\0" in data[:8192] or not _is_utf8(data)):
        return []
    text = data.decode("utf-8", errors="replace")
    if suffix in JSON_SUFFIXES:
        text = _json_text(text)
    elif suffix in JS_SUFFIXES and "\\" in text:
        text = JS_ESCAPE.sub(_unescape_js, text)
    return [Hit(name, passage) for passage in prints.found_in(words(html_text(text)))]


def _gunzip(data: bytes) -> bytes:
    """Every member of a gzip file, at most GZIP_LIMIT bytes in all (a larger one is refused,
    not skipped: what is not read cannot be checked)."""
    out: list[bytes] = []
    size = 0
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        part = inflater.decompress(data, GZIP_LIMIT + 1 - size)
        size += len(part)
        if size > GZIP_LIMIT or inflater.unconsumed_tail:
            raise ValueError(f"it unpacks to more than {GZIP_LIMIT >> 20} MiB")
        if not inflater.eof:
            raise ValueError("the file is cut short")
        out.append(part)
        data = inflater.unused_data.lstrip(b"\0")  # members follow each other; padding may end the file
    return b"".join(out)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _json_text(text: str) -> str:
    """Every string of a JSON document (keys too), its escapes decoded; not JSON: read as JS."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return JS_ESCAPE.sub(_unescape_js, text)
    strings: list[str] = []
    todo = [document]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            strings.append(item)
        elif isinstance(item, dict):
            strings.extend(map(str, item.keys()))
            todo.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            todo.extend(reversed(item))
    return "\n".join(strings)


def _unescape_js(match: re.Match) -> str:
    braced, four, two, other = match.groups()
    number = braced or four or two
    if number:
        code = int(number, 16)
        return chr(code) if code <= 0x10FFFF else " "
    return JS_SIMPLE.get(other, other)


def _scan_pdf(name: str, data: bytes, prints: Fingerprints, key: str | None = None) -> list[Hit]:
    """A PDF's words (remembered by `key`, its bytes' SHA-256, when a scan gives one) matched
    against the fingerprints; and any problem reading it."""
    read = _pdf_words.get(key) if key else None
    hits: list[Hit] = []
    if read is None:
        hits, read = _read_pdf(name, data, prints)
        if key and read is not None and not hits:  # a PDF read with a problem is read again next time
            _pdf_words[key] = read
    if read is None:
        return hits
    found = prints.found_in(read.info) | prints.found_in(read.content)
    for edge in read.edges:
        found |= prints.found_in(edge)
    return hits + [Hit(name, passage) for passage in sorted(found)]


def _read_pdf(name: str, data: bytes, prints: Fingerprints) -> tuple[list[Hit], PdfWords | None]:
    """A PDF's page text, document information, outline (bookmarks) and attachments. Read with
    PDFium (pypdfium2): pypdf takes some 20 ms a page to extract text, and a bound workbook has
    hundreds of pages. Any attachment is a hit of its own (the renderer embeds none); its
    contents are scanned too.

    The pages' content is read as one text, page after page, and each page's running header and
    footer each as a text of its own: read in print order, a header's last words ran on into the
    page's first, so a staff guide quoting "Draft: not yet clinically reviewed" before the word
    "at" was found in a handout whose page began "at some point". Nothing goes unread: a
    sentence of the content broken by a page is now read whole."""
    import pypdfium2 as pdfium  # here: only builds with PDFs pay for the import
    import pypdfium2.raw as pdfium_c

    hits: list[Hit] = []
    texts: list[str] = []
    content: list[str] = []
    chrome: list[list[str]] = []  # each page's header and footer, read apart
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        return [Hit(name, problem=f"cannot be read as a PDF for the leak gate: {err}")], None
    try:
        texts += [value for value in document.get_metadata_dict(skip_empty=True).values()]
        texts += [bookmark.get_title() for bookmark in document.get_toc(max_depth=64)]
        for index in range(document.count_attachments()):
            attachment = document.get_attachment(index)
            hits.append(Hit(name, problem=f"has an attachment, '{attachment.get_name()}': "
                                          "a participant PDF carries none"))
            hits += _scan_bytes(name, attachment.get_name(), bytes(attachment.get_data()), prints, nested=True)
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                body, edges = _page_words(page, textpage, pdfium_c)
                content += body
                chrome += edges
                textpage.close()
                if _has_file_annotation(page, pdfium_c):
                    hits.append(Hit(name, problem=f"has a file attachment on page {index + 1}: "
                                                  "a participant PDF carries none"))
            finally:
                page.close()
    except pdfium.PdfiumError as err:  # what is not read cannot be checked
        return [Hit(name, problem=f"cannot be read as a PDF for the leak gate: {err}")], None
    finally:
        document.close()
    return hits, PdfWords(words("\n".join(texts)), content, chrome)


def _page_words(page, textpage, pdfium_c) -> tuple[list[str], list[list[str]]]:
    """A page's words, less its running header and footer; and those, each on its own. A tagged
    PDF marks a header and a footer as artifacts: the text objects that open and close the page.
    When their words are not where the page's text has them, the page is read whole."""
    page_words = words(textpage.get_text_range())
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    head = _artifact_words(page, textpage, pdfium_c, range(count))
    foot = _artifact_words(page, textpage, pdfium_c, range(count - 1, -1, -1), reverse=True)
    edges = []
    if head and page_words[:len(head)] == head:
        page_words = page_words[len(head):]
        edges.append(head)
    if foot and len(foot) <= len(page_words) and page_words[len(page_words) - len(foot):] == foot:
        page_words = page_words[:len(page_words) - len(foot)]
        edges.append(foot)
    return page_words, edges


def _artifact_words(page, textpage, pdfium_c, order: range, reverse: bool = False) -> list[str]:
    """The words of the artifact text objects met in `order` before the first text object of the
    page's content."""
    import ctypes

    found: list[str] = []
    for index in order:
        item = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if pdfium_c.FPDFPageObj_GetType(item) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue  # rules and shapes: no words
        if not _is_artifact(item, pdfium_c):
            break
        size = pdfium_c.FPDFTextObj_GetText(item, textpage.raw, None, 0)
        buffer = (ctypes.c_ushort * max(size, 1))()
        pdfium_c.FPDFTextObj_GetText(item, textpage.raw, buffer, size)
        found.append(bytes(buffer).decode("utf-16-le").split("\0", 1)[0])
    return words("\n".join(reversed(found) if reverse else found))


def _is_artifact(item, pdfium_c) -> bool:
    import ctypes

    name = (ctypes.c_ushort * 16)()
    length = ctypes.c_ulong()
    for index in range(pdfium_c.FPDFPageObj_CountMarks(item)):
        mark = pdfium_c.FPDFPageObj_GetMark(item, index)
        if (pdfium_c.FPDFPageObjMark_GetName(mark, name, ctypes.sizeof(name), ctypes.byref(length))
                and bytes(name)[:max(length.value - 2, 0)].decode("utf-16-le") == "Artifact"):
            return True
    return False


def _has_file_annotation(page, pdfium_c) -> bool:
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annotation = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annotation) == pdfium_c.FPDF_ANNOT_FILEATTACHMENT:
                return True
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annotation)
    return False


def site_code_texts(folders: Iterable[Path], strings: Iterable[str] = ()) -> list[str]:
    """The text files of the project's theme overrides (templates, scripts, styles), and
    strings from the site's configuration: what every page shows, whatever the curriculum."""
    texts = [str(s) for s in strings if s]
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES:
                texts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return texts


class GateError(Exception):
    """The gate itself could not run: the build must stop."""


def gate(site_dir: Path, editions: tuple[str, ...], prints: Fingerprints | cf.Future,
         remember: bool = False) -> Report:
    """Scan the participant files of a built site (`prints`: from start(), or made here);
    raises LeakError on a hit, GateError when the fingerprints could not be made. `remember`:
    PDFs' words kept for the next gate in this process (`mkdocs serve`)."""
    started = time.perf_counter()
    if isinstance(prints, cf.Future):
        try:
            prints = prints.result()
        except Exception as err:
            raise GateError(f"the leak gate could not fingerprint the facilitator text: "
                            f"{type(err).__name__}: {err}") from None
    report = Report(fingerprints=len(prints), fingerprint_seconds=prints.seconds)
    try:
        hits = scan(Path(site_dir), participant_files(site_dir, editions), prints, report, remember)
    except Exception as err:  # the site was not read: it must not be published unread
        raise GateError(f"the leak gate could not read the site: {type(err).__name__}: {err}") from None
    for key in set(_pdf_words) - report.pdf_keys:
        del _pdf_words[key]
    report.seconds = time.perf_counter() - started
    if hits:
        raise LeakError(hits)
    return report
