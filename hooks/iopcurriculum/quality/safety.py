"""Safety content: a module that touches a risky topic says what to do about it, and every
participant handout ends with the crisis resources."""
from __future__ import annotations

import re

from .. import document as doc
from .. import edition as ed
from .. import pages
from ..problems import Problems
from ..registry import with_role
from ..structure import Curriculum, Module
from .prose import all_chunks, visible_blocks, without_code


def topic_pattern(topics: list[str]) -> re.Pattern:
    """Each topic word with its common endings: overdose -> overdoses, overdosed, overdosing;
    suicide -> suicidal; self-harm -> self harm, self-harming."""
    forms = []
    for topic in topics:
        words = [re.escape(w) for w in re.split(r"[\s-]+", topic.strip()) if w]
        if not words:
            continue
        stem = words[-1][:-1] if words[-1].endswith("e") else words[-1]
        last = f"(?:{words[-1]}(?:s|d|ed|ing)?|{stem}(?:es|ed|ing|al))"
        forms.append(r"\b" + r"[\s-]+".join(words[:-1] + [last]) + r"\b")
    return re.compile("|".join(forms) or r"(?!)", re.I)


def check_topics(module: Module, topics: list[str], problems: Problems) -> None:
    """A module that mentions a safety topic (in either edition) has a `::: safety` block
    that participants see."""
    pattern = topic_pattern(topics)
    mention = None
    for chunk in all_chunks(module):
        for number, line in without_code(chunk.lines):
            match = pattern.search(line)
            if match:
                mention = (number, match.group(0))
                break
        if mention:
            break
    if mention is None:
        return
    if any(block.type in with_role("safety") for block in visible_blocks(module.body)):
        return
    number, word = mention
    problems.error(number, f"the module mentions \"{word}\" but has no '::: safety' block for participants: "
                           f"add one that says what to do and whom to call")


def check_get_help(curriculum: Curriculum, module: Module, problems: Problems) -> None:
    """The participant page, as the build lays it out (its parts, from pages.content_parts),
    ends with the crisis resources: only the list of sources may follow them."""
    document = doc.make(module, ed.PARTICIPANT)
    names = [name for name, _ in pages.content_parts(curriculum, document, (ed.PARTICIPANT,))]
    box = pages.get_help(curriculum)
    missing = [r.name for r in curriculum.crisis_resources if r.name not in box]
    if "get-help" not in names or missing:
        problems.error(None, "the participant handout lacks the 'Get help now' box with the crisis resources"
                             + (f" (missing: {', '.join(missing)})" if missing else ""))
        return
    if names[names.index("get-help") + 1:] not in ([], ["sources"]):
        problems.error(None, "the participant handout does not end with the crisis resources: something follows "
                             "the 'Get help now' box")
