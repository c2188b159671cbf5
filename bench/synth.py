"""Synthetic curricula that look like real ones: about 1,500 words a module, every block type,
worksheets with write-in space, facilitator notes nested inside other blocks.

Two kinds of prose: `repeated` draws every sentence from the twelve below (cheap to check: few
distinct words and shingles), `varied` writes new sentences with a word chain learned from this
project's own modules (curriculum/modules), so its vocabulary, sentence lengths and reading level
are those of a curriculum written by people, and no two sentences repeat."""
from __future__ import annotations

import functools
import random
import re
from pathlib import Path
from typing import Callable

import yaml

SENTENCES = [
    "A trigger is anything that makes you think about using.",
    "Some triggers are places, like a street where you used to buy.",
    "Some triggers are people, and some are feelings like stress or boredom.",
    "Cravings rise, peak and pass, like a wave in the sea.",
    "You can notice an urge without acting on it.",
    "Talking with someone you trust can help you ride out a hard moment.",
    "Sleep, food and rest make it easier to cope with stress.",
    "A plan written down ahead of time is easier to follow when things get hard.",
    "Many people return to use at some point, and it can be a chance to learn.",
    "Small steps each day add up to real change over time.",
    "Think about what helped you the last time you felt this way.",
    "Your group is a safe place to share what is hard for you.",
]
FACILITATOR = [
    "Invite each person to share, and let people pass if they want to.",
    "Listen for all-or-nothing thinking and gently offer another view.",
    "If someone describes current withdrawal symptoms, follow your program's medical escalation steps.",
    "Keep the tone warm and curious; avoid labels and lectures.",
    "Note who has not spoken and check in with them at the break.",
]


CORPUS = Path(__file__).resolve().parent.parent / "curriculum"
NOT_PROSE = re.compile(r"^\s*(?::::|#|\||___|<|---|- \[)")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|[0-9]+")


@functools.lru_cache(maxsize=1)
def chain() -> dict[tuple[str, str], list[str]]:
    """Which word follows each pair of words in the modules' prose ("" marks a sentence's start
    and end). Sentences holding a word the language check flags are left out."""
    terms = yaml.safe_load((CORPUS / "language.yml").read_text(encoding="utf-8"))["terms"]
    flagged = {w for t in terms for w in re.findall(r"[a-z]+", t["term"].lower())}
    follows: dict[tuple[str, str], list[str]] = {}
    for path in sorted((CORPUS / "modules").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        prose = " ".join(line for line in body.splitlines() if line.strip() and not NOT_PROSE.match(line))
        for sentence in re.split(r"(?<=[.!?])\s+", re.sub(r"\[([^\]]*)\]\([^)]*\)|[*_`\"“”]", r"\1", prose)):
            words = WORD.findall(sentence)
            if len(words) < 4 or flagged & {w.lower() for w in words}:
                continue
            states = ["", "", *words, ""]
            for a, b, c in zip(states, states[1:], states[2:]):
                follows.setdefault((a, b), []).append(c)
    return follows


def repeated(rng: random.Random, sentences: list[str]) -> str:
    return rng.choice(sentences)


def varied(rng: random.Random, sentences: list[str]) -> str:
    """A new sentence of 5 to 24 words walked along the word chain."""
    follows = chain()
    while True:
        words, state = [], ("", "")
        while len(words) < 24:
            word = rng.choice(follows[state])
            if not word:
                break
            words.append(word)
            state = (state[1], word)
        if len(words) >= 5:
            return " ".join(words) + "."


PROSE: dict[str, Callable[[random.Random, list[str]], str]] = {"repeated": repeated, "varied": varied}


def paragraph(rng: random.Random, sentences: list[str], count: int, prose=repeated) -> str:
    return " ".join(prose(rng, sentences) for _ in range(count))


def module(index: int, rng: random.Random, prose=repeated) -> str:
    def para(sentences: list[str], count: int) -> str:
        return paragraph(rng, sentences, count, prose)

    mid = f"module-{index:03d}"
    parts = [f"""---
id: {mid}
title: Synthetic session {index}
version: 1.0.{index % 7}
status: draft
duration: 90
group: psychoeducational
summary: This session helps you practice one skill for staying on track.
objectives:
  - Name two personal triggers.
  - Practice one coping skill.
materials:
  - Pens
sources:
  - "SAMHSA. TIP 47: Substance Abuse: Clinical Issues in Intensive Outpatient Treatment. 2006."
changelog:
  - version: 1.0.{index % 7}
    date: 2026-11-01
    changes: Synthetic module for the benchmark.
---

{para(SENTENCES, 6)}
"""]
    segments = [("Check-in", 10), ("Learning together", 25), ("Practice", 20), ("Worksheet time", 20),
                ("Check-out", 15)]
    for number, (title, minutes) in enumerate(segments):
        parts.append(f'::: activity minutes={minutes} title="{title}"\n')
        for _ in range(3):
            parts.append(para(SENTENCES, 5) + "\n")
        parts.append(f"::: facilitator\n\n{para(FACILITATOR, 4)}\n\n:::\n")
        if number == 1:
            parts.append(f"### What to know\n\n{para(SENTENCES, 8)}\n")
            parts.append(f"::: key-points\n\n- {prose(rng, SENTENCES)}\n- {prose(rng, SENTENCES)}\n\n:::\n")
            parts.append(f"::: safety\n\n{para(SENTENCES, 2)} Call or text 988 any time.\n\n:::\n")
        if number == 2:
            parts.append(f"::: discussion\n\n{para(SENTENCES, 3)}\n\n"
                         f"::: facilitator title=\"Listen for\"\n\n{para(FACILITATOR, 3)}\n\n:::\n\n:::\n")
            parts.append(f"::: participant title=\"Try this week\"\n\n{para(SENTENCES, 4)}\n\n:::\n")
        if number == 3:
            parts.append("::: worksheet\n\n1. What places make it harder for you?\n___\n___\n"
                         "2. Who could you call instead?\n___\n\n- [ ] I shared my plan\n- [ ] I practiced once\n\n"
                         f"::: facilitator\n\n{para(FACILITATOR, 2)}\n\n:::\n\n:::\n")
        parts.append(":::\n")
    return mid, "\n".join(parts)


def write_curriculum(root: Path, count: int, seed: int = 7, prose: str = "repeated") -> list[str]:
    """Write curriculum.yml and `count` modules under root in the given prose; return the module ids."""
    rng = random.Random(seed)
    (root / "modules").mkdir(parents=True, exist_ok=True)
    (root / "curriculum.yml").write_text(
        "title: Synthetic Curriculum\nversion: 1.0.0\norganization: Benchmark\n", encoding="utf-8")
    ids = []
    for index in range(1, count + 1):
        mid, text = module(index, rng, PROSE[prose])
        (root / "modules" / f"{mid}.md").write_text(text, encoding="utf-8")
        ids.append(mid)
    return ids
