"""Person-first, non-stigmatizing language in the participant edition.

The words to avoid are data (curriculum/language.yml, named by `quality.language_list`;
a curriculum without that file gets the list bundled with this package). Translations are
checked with their language's list: curriculum/language-<code>.yml, else the bundled
data/language-<code>.yml (Spanish: language-es.yml); a language with neither is not checked.
Matching ignores case and accents ("alcoholico" is "alcohólico"). Not flagged:
quotations ("..." or a `>` block quote), proper names from the list's `proper_names`
(Alcoholics Anonymous...), code, link targets, HTML, and an occurrence the author allows
on its own line with a reason a reviewer can read:

    Some people call themselves addicts. <!-- allow "addicts": the group's own words, discussed next -->

One allow comment allows one occurrence, on the line it is written on.

The list's patterns run with the `regex` package under a time limit: a pattern that backtracks
without end (`(a|aa)+$`) is reported at its line in the list instead of hanging the build.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import regex

from .. import schema
from ..problems import Problems
from ..strings import BASE as ENGLISH  # the modules' own language
from ..structure import Curriculum, Module, Translation
from .prose import participant_chunks, without_code

DATA = Path(__file__).resolve().parent.parent / "data"
BUNDLED_LIST = DATA / "language.yml"
DEFAULT_LIST_NAME = "language.yml"

TERM = {
    "term": schema.Field("text", required=True),
    "use": schema.Field("text", required=True),
    "pattern": schema.Field("text"),
    "note": schema.Field("text"),
}
LANGUAGE_LIST = {
    "terms": schema.Field("list", required=True, item=schema.Field("mapping", fields=TERM), min_items=1),
    "proper_names": schema.Field("texts", default=[]),
}

ALLOW = re.compile(r"<!--\s*allow\b(.*?)-->", re.S)
ALLOW_BODY = re.compile(r'^\s*["“]([^"”]+)["”]\s*(?::\s*(.*?))?\s*$', re.S)
# Masked before matching: these never count as the author's own wording.
COMMENT = re.compile(r"<!--.*?-->", re.S)
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
CODE_SPAN = re.compile(r"(`+).+?\1", re.S)
LINK_TARGET = re.compile(r"\]\([^)]*\)")
ATTR_LIST = re.compile(r"\{\s*[:.#][^}]*\}")
QUOTED = re.compile(r'"[^"\n]*(?:\n[^"\n]*)?"|“[^”]*”')
BLOCK_QUOTE = re.compile(r"^\s*>.*$", re.M)
NOT_NEWLINE = re.compile(r"[^\n]")
# Seconds one pattern may take over one passage: a sane pattern takes microseconds there.
MATCH_TIMEOUT = 1.0


@dataclass
class Term:
    term: str
    use: str
    pattern: regex.Pattern
    note: str | None = None
    line: int | None = None  # of its pattern in the list


@dataclass
class LanguageList:
    source: str  # where the list came from, as shown in reports
    terms: list[Term]
    proper_names: list[str] = field(default_factory=list)
    problems: Problems | None = None  # the list's own: a pattern that takes too long is reported there
    too_slow: set[str] = field(default_factory=set)  # terms whose pattern timed out: not run again

    def matches(self, term: Term, text: str) -> list[tuple[int, int]]:
        """Where `term` matches; none when its pattern runs out of time (reported once)."""
        if term.term in self.too_slow:
            return []
        try:
            return [m.span() for m in term.pattern.finditer(text, timeout=MATCH_TIMEOUT)]
        except TimeoutError:
            self.too_slow.add(term.term)
            if self.problems is not None:
                self.problems.error(term.line, f"pattern for '{term.term}' took too long to match (rewrite it "
                                               f"without nested repetition)")
            return []

    @cached_property
    def proper_names_pattern(self) -> re.Pattern | None:
        if not self.proper_names:
            return None
        names = sorted(self.proper_names, key=len, reverse=True)
        return re.compile("|".join(r"\b" + r"\s+".join(map(re.escape, fold(n).split())) + r"\b" for n in names),
                          re.I)


@dataclass
class Finding:
    """A word to avoid found in a participant handout."""
    line: int
    found: str  # as written
    term: Term

    @property
    def message(self) -> str:
        listed = "" if self.found.lower() == self.term.term.lower() else f" (listed as \"{self.term.term}\")"
        return f"person-first language: \"{self.found}\"{listed}; write instead: {self.term.use}"


def load_list(curriculum: Curriculum, problems_for, language: str = ENGLISH) -> LanguageList | None:
    """The curriculum's word list for `language`; `problems_for(path)` gives the Problems to report
    into. None when the list cannot be used (the problems say why) or there is none."""
    default_name = DEFAULT_LIST_NAME if language == ENGLISH else f"language-{language}.yml"
    name = (curriculum.settings.get("quality", {}).get("language_list", DEFAULT_LIST_NAME)
            if language == ENGLISH else default_name)
    path = curriculum.root / name
    source = str(Path(curriculum.root.name) / name)
    project = curriculum.root.parent
    if not os.path.lexists(path):  # a dangling link or a folder is reported by read_text
        if name != default_name:
            problems_for(curriculum.root / "curriculum.yml").error(
                curriculum.lines.get("quality"), f"quality.language_list names '{name}', but there is no such file "
                                                 f"next to curriculum.yml")
            return None
        bundled = DATA / default_name
        if not bundled.exists():
            return None  # no list for this language
        # The bundled list lives in this package, outside the project: its folder is its project.
        path, project = bundled, DATA
        source = "the built-in list" + ("" if language == ENGLISH else f" ({language})")
    problems: Problems = problems_for(path)
    before = len(problems.errors)
    loaded = schema.load_file(path, LANGUAGE_LIST, problems, project=project,
                              not_mapping="the language list must be a set of 'key: value' lines (terms:, "
                                          "proper_names:)")
    if loaded is None:
        return None
    data, lines = loaded
    terms = []
    for index, entry in enumerate(data.get("terms") if isinstance(data.get("terms"), list) else []):
        if not isinstance(entry, dict) or not isinstance(entry.get("term"), str):
            continue  # reported by the schema
        pattern = entry.get("pattern") or default_pattern(entry["term"])
        if not isinstance(pattern, str):
            continue  # reported by the schema
        line = lines.get(("terms", index, "pattern")) or lines.get(("terms", index))
        try:
            compiled = regex.compile(fold(pattern), regex.I | regex.V0)  # V0: the syntax of Python's re
        except regex.error as err:
            problems.error(line, f"pattern for '{entry['term']}' is not a valid regular expression: {err}")
            continue
        terms.append(Term(entry["term"], entry.get("use", ""), compiled, entry.get("note"), line))
    if len(problems.errors) > before:
        return None
    return LanguageList(source, terms, data["proper_names"], problems)


def default_pattern(term: str) -> str:
    """The term's words, whole, with any spacing between them and an optional plural."""
    words = term.split()
    return r"\b" + r"\s+".join(map(re.escape, words)) + r"(?:s|es)?\b"


def fold(text: str) -> str:
    """Accents dropped, one character for one ("á" -> "a"), so offsets still match the text."""
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text)


def check_module(module: Module | Translation, words: LanguageList, problems: Problems) -> list[Finding]:
    """Report every word to avoid in the participant edition of `module` (or in a translation)
    as an error."""
    findings: list[Finding] = []
    for chunk in participant_chunks(module):
        lines = without_code(chunk.lines) if chunk.kind == "text" else chunk.lines
        findings.extend(_check_lines(lines, words, problems, allow=chunk.kind == "text"))
    for finding in findings:
        problems.error(finding.line, finding.message)
    return findings


def _check_lines(lines: list[tuple[int, str]], words: LanguageList, problems: Problems,
                 allow: bool) -> list[Finding]:
    if not lines:
        return []
    allows = _allows(lines, problems) if allow else {}
    text = "\n".join(line for _, line in lines)
    starts, offset = [], 0
    for number, line in lines:
        starts.append((offset, number))
        offset += len(line) + 1
    masked = _mask(fold(text), words)
    matches = []
    for term in words.terms:
        matches.extend((start, end, term) for start, end in words.matches(term, masked))
    findings = []
    for start, end, term in _longest(matches):
        line = next(n for s, n in reversed(starts) if s <= start)
        found = " ".join(text[start:end].split())
        key = next((k for k in (found.lower(), term.term.lower()) if allows.get((line, k))), None)
        if key:
            allows[(line, key)] -= 1
            continue
        findings.append(Finding(line, found, term))
    for (line, key), left in allows.items():
        if left > 0:
            problems.warning(line, f"<!-- allow \"{key}\" --> matches no word to avoid on this line; remove it")
    return findings


def _allows(lines: list[tuple[int, str]], problems: Problems) -> dict[tuple[int, str], int]:
    allows: dict[tuple[int, str], int] = {}
    for number, line in lines:
        for match in ALLOW.finditer(line):
            body = ALLOW_BODY.match(match.group(1))
            if not body:
                problems.error(number, 'cannot read this allow comment: write <!-- allow "word": the reason -->')
                continue
            word, reason = " ".join(body.group(1).split()).lower(), (body.group(2) or "").strip()
            if not reason:
                problems.error(number, f'<!-- allow "{word}" --> needs a reason a reviewer can read: '
                                       f'<!-- allow "{word}": the reason -->')
                continue
            allows[(number, word)] = allows.get((number, word), 0) + 1
    return allows


def _mask(text: str, words: LanguageList) -> str:
    """Blank out (keeping offsets and line breaks) what is not the author's own wording."""
    names = words.proper_names_pattern
    # In order: quotes are paired only after HTML attributes and code are gone.
    for pattern in (COMMENT, CODE_SPAN, HTML_TAG, LINK_TARGET, ATTR_LIST, BLOCK_QUOTE, names, QUOTED):
        if pattern is not None:
            text = pattern.sub(_blank, text)
    return text


def _blank(match: re.Match) -> str:
    return NOT_NEWLINE.sub(" ", match.group(0))


def _longest(matches: list[tuple[int, int, Term]]) -> list[tuple[int, int, Term]]:
    """Drop a match that lies inside a longer one ("addict" inside "former addict")."""
    kept: list[tuple[int, int, Term]] = []
    for start, end, term in sorted(matches, key=lambda m: (m[0], -(m[1] - m[0]))):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, term))
    return kept
