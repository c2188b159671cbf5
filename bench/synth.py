"""Synthetic curricula that look like real ones: about 1,500 words a module, every block type,
worksheets with write-in space, facilitator notes nested inside other blocks."""
from __future__ import annotations

import random
from pathlib import Path

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


def paragraph(rng: random.Random, sentences: list[str], count: int) -> str:
    return " ".join(rng.choice(sentences) for _ in range(count))


def module(index: int, rng: random.Random) -> str:
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

{paragraph(rng, SENTENCES, 6)}
"""]
    segments = [("Check-in", 10), ("Learning together", 25), ("Practice", 20), ("Worksheet time", 20),
                ("Check-out", 15)]
    for number, (title, minutes) in enumerate(segments):
        parts.append(f'::: activity minutes={minutes} title="{title}"\n')
        for _ in range(3):
            parts.append(paragraph(rng, SENTENCES, 5) + "\n")
        parts.append(f"::: facilitator\n\n{paragraph(rng, FACILITATOR, 4)}\n\n:::\n")
        if number == 1:
            parts.append(f"### What to know\n\n{paragraph(rng, SENTENCES, 8)}\n")
            parts.append(f"::: key-points\n\n- {rng.choice(SENTENCES)}\n- {rng.choice(SENTENCES)}\n\n:::\n")
            parts.append(f"::: safety\n\n{paragraph(rng, SENTENCES, 2)} Call or text 988 any time.\n\n:::\n")
        if number == 2:
            parts.append(f"::: discussion\n\n{paragraph(rng, SENTENCES, 3)}\n\n"
                         f"::: facilitator title=\"Listen for\"\n\n{paragraph(rng, FACILITATOR, 3)}\n\n:::\n\n:::\n")
            parts.append(f"::: participant title=\"Try this week\"\n\n{paragraph(rng, SENTENCES, 4)}\n\n:::\n")
        if number == 3:
            parts.append("::: worksheet\n\n1. What places make it harder for you?\n___\n___\n"
                         "2. Who could you call instead?\n___\n\n- [ ] I shared my plan\n- [ ] I practiced once\n\n"
                         f"::: facilitator\n\n{paragraph(rng, FACILITATOR, 2)}\n\n:::\n\n:::\n")
        parts.append(":::\n")
    return mid, "\n".join(parts)


def write_curriculum(root: Path, count: int, seed: int = 7) -> list[str]:
    """Write curriculum.yml and `count` modules under root; return the module ids."""
    rng = random.Random(seed)
    (root / "modules").mkdir(parents=True, exist_ok=True)
    (root / "curriculum.yml").write_text(
        "title: Synthetic Curriculum\nversion: 1.0.0\norganization: Benchmark\n", encoding="utf-8")
    ids = []
    for index in range(1, count + 1):
        mid, text = module(index, rng)
        (root / "modules" / f"{mid}.md").write_text(text, encoding="utf-8")
        ids.append(mid)
    return ids
