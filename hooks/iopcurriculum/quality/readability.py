"""Reading level of a participant handout: Flesch-Kincaid grade and SMOG, from textstat.

Only prose is measured. Headings, tables, write-in lines, fenced code and list items of one
or two words are left out: they are not sentences, and counting them would skew the grade
(the "Get help now" box is added by the page layout and is never in the module body).
Each list item counts as a sentence of its own, since handouts write items without a period.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import textstat

from ..edition import WRITE_IN
from ..structure import Module
from .prose import participant_chunks, without_code

HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")
TABLE_ROW = re.compile(r"^\s*\|")
RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
HTML_ONLY = re.compile(r"^\s*(<[^>]*>\s*)+$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
QUOTE = re.compile(r"^\s*>\s?")
# A sentence ends at . ! or ? (perhaps inside quotes or emphasis) followed by a space.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)*_]*\s+")

INLINE_CLEANUPS = [
    (re.compile(r"<!--.*?-->", re.S), " "),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), " "),  # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: keep the words
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"\{\s*[:.#][^}]*\}"), " "),  # attribute lists
    (re.compile(r"</?[A-Za-z][^>]*>"), " "),  # HTML tags
    (re.compile(r"`[^`]*`"), " "),
    (re.compile(r"(?:https?://)?\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|gov|net|edu|us|info)\b(?:/\S*)?"), "website"),
    (re.compile(r"[*_]{1,3}"), ""),
    (re.compile(r"\s+"), " "),
]
MIN_ITEM_WORDS = 3  # list items shorter than this are word lists, not sentences


@dataclass
class Sentence:
    line: int
    text: str

    @property
    def grade(self) -> float:
        return textstat.flesch_kincaid_grade(self.text)


@dataclass
class Reading:
    fk_grade: float | None  # None when the handout has no prose to measure
    smog: float | None
    sentences: list[Sentence]

    def hardest(self, count: int = 3) -> list[Sentence]:
        # A grade for a sentence of two or three words says little; rank real sentences.
        pool = [s for s in self.sentences if len(s.text.split()) >= 5] or self.sentences
        return sorted(pool, key=lambda s: s.grade, reverse=True)[:count]


def reading_level(module: Module) -> Reading:
    sentences = prose_sentences(module)
    if not sentences:
        return Reading(None, None, [])
    text = " ".join(s.text for s in sentences)
    return Reading(round(textstat.flesch_kincaid_grade(text), 1), round(textstat.smog_index(text), 1), sentences)


def prose_sentences(module: Module) -> list[Sentence]:
    sentences: list[Sentence] = []
    for chunk in participant_chunks(module):
        if chunk.kind == "title":
            continue  # headings are not prose
        for unit in _units(without_code(chunk.lines)):
            sentences.extend(_sentences(*unit))
    return sentences


def _units(lines: list[tuple[int, str]]):
    """Paragraphs and list items, each as (line, text) pieces; non-prose lines dropped."""
    unit: list[tuple[int, str]] = []
    is_item = False
    for number, line in lines:
        if (not line.strip() or HEADING.match(line) or TABLE_ROW.match(line) or WRITE_IN.match(line)
                or RULE.match(line) or HTML_ONLY.match(line)):
            if unit:
                yield unit, is_item
            unit, is_item = [], False
            continue
        item = LIST_ITEM.match(line)
        if item:
            if unit:
                yield unit, is_item
            unit, is_item = [(number, line[item.end():])], True
            continue
        unit.append((number, QUOTE.sub("", line)))
    if unit:
        yield unit, is_item


def _sentences(unit: list[tuple[int, str]], is_item: bool) -> list[Sentence]:
    joined, starts = "", []
    for number, text in unit:
        starts.append((len(joined), number))
        joined += text.strip() + " "
    out: list[Sentence] = []
    pieces, last = [], 0
    for match in SENTENCE_END.finditer(joined):
        pieces.append((last, joined[last:match.start()] + joined[match.start():match.end()].strip()))
        last = match.end()
    pieces.append((last, joined[last:]))
    for offset, raw in pieces:
        text = clean(raw)
        if not text:
            continue
        if is_item and len(text.split()) < MIN_ITEM_WORDS and len(pieces) == 1:
            continue
        if not re.search(r"[.!?][\"'”’)]*$", text):
            text = text.rstrip(":;,-– ") + "."
        line = next(n for start, n in reversed(starts) if start <= offset)
        out.append(Sentence(line, text))
    return out


def clean(text: str) -> str:
    """Markdown and HTML reduced to the words a reader reads."""
    for pattern, replacement in INLINE_CLEANUPS:
        text = pattern.sub(replacement, text)
    text = text.strip()
    return text if re.search(r"[A-Za-z]", text) else ""


def warm_up() -> None:
    """Load what the first reading-level measurement loads (its syllable data)."""
    textstat.smog_index("A short sentence to start with. Another sentence ends it.")
