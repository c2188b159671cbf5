"""Reading level of a participant handout, from textstat: Flesch-Kincaid grade and SMOG in
English; Fernández-Huerta and Szigriszt-Pazos in Spanish (higher is easier on those scales).

Only prose is measured. Headings, tables, write-in lines, fenced code and list items of one
or two words are left out: they are not sentences, and counting them would skew the grade
(the "Get help now" box is added by the page layout and is never in the module body).
Each list item counts as a sentence of its own, since handouts write items without a period.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import textstat
from textstat.textstat import textstatistics

from ..edition import WRITE_IN
from ..strings import BASE as ENGLISH  # the modules' own language
from ..structure import Module, Translation
from . import pronouncing
from .prose import participant_chunks, without_code

pronouncing.install()  # before textstat first counts English syllables

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

# textstat keeps the language in the instance: the module-level functions share one instance
# (English), so Spanish gets an instance of its own and English is never measured as Spanish.
_SPANISH = textstatistics()
_SPANISH.set_lang("es")  # syllables from pyphen's Spanish dictionary, shipped with pyphen


@dataclass(frozen=True)
class Measure:
    """One readability formula, and how curriculum.yml sets its limit."""
    key: str  # the score's name in the report
    name: str  # as messages show it
    setting: str  # its limit in curriculum.yml (quality:, or languages.<code>.quality:)
    higher_is_easier: bool  # grades: lower is easier; Spanish "ease" scales: higher is easier
    formula: Callable[[str], float]

    def past(self, score: float, limit: float) -> bool:
        """The score is on the hard side of the limit."""
        return score < limit if self.higher_is_easier else score > limit

    def difficulty(self, score: float) -> float:
        return -score if self.higher_is_easier else score


FK = Measure("fk_grade", "Flesch-Kincaid grade", "max_fk_grade", False, textstat.flesch_kincaid_grade)
SMOG = Measure("smog", "SMOG", "max_smog", False, textstat.smog_index)
FERNANDEZ_HUERTA = Measure("fernandez_huerta", "Fernández-Huerta", "min_fernandez_huerta", True,
                           _SPANISH.fernandez_huerta)
SZIGRISZT_PAZOS = Measure("szigriszt_pazos", "Szigriszt-Pazos", "min_szigriszt_pazos", True,
                          _SPANISH.szigriszt_pazos)
# The formulas of each language, the first one ranking the hardest sentences. A language
# without formulas here is not measured.
MEASURES = {ENGLISH: (FK, SMOG), "es": (FERNANDEZ_HUERTA, SZIGRISZT_PAZOS)}


@dataclass
class Sentence:
    line: int
    text: str


@dataclass
class Reading:
    language: str  # a key of MEASURES
    scores: dict[str, float]  # measure key -> score; empty when there is no prose to measure
    sentences: list[Sentence]

    @property
    def measures(self) -> tuple[Measure, ...]:
        return MEASURES.get(self.language, ())  # none: a language this check cannot measure

    @property
    def fk_grade(self) -> float | None:
        return self.scores.get("fk_grade")

    @property
    def smog(self) -> float | None:
        return self.scores.get("smog")

    def hardest(self, count: int = 3) -> list[tuple[Sentence, float]]:
        """The hardest sentences by the language's first formula, with their scores."""
        # A score for a sentence of two or three words says little; rank real sentences.
        pool = [s for s in self.sentences if len(s.text.split()) >= 5] or self.sentences
        first = self.measures[0]
        scored = [(s, first.formula(s.text)) for s in pool]
        return sorted(scored, key=lambda pair: first.difficulty(pair[1]), reverse=True)[:count]


def reading_level(text: Module | Translation, language: str = ENGLISH) -> Reading:
    """The handout's prose measured with `language`'s formulas (a key of MEASURES)."""
    sentences = prose_sentences(text)
    if not sentences:
        return Reading(language, {}, [])
    joined = " ".join(s.text for s in sentences)
    return Reading(language, {m.key: round(m.formula(joined), 1) for m in MEASURES[language]}, sentences)


def prose_sentences(module: Module | Translation) -> list[Sentence]:
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
    return text if re.search(r"[^\W\d_]", text) else ""  # any letter, "¿Qué?" too


def warm_up() -> None:
    """Load what the first reading-level measurement loads (its syllable data)."""
    textstat.smog_index("A short sentence to start with. Another sentence ends it.")
    _SPANISH.fernandez_huerta("Una frase corta para empezar. Otra frase la termina.")
