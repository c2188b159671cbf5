"""The authoring contract declared as data: every key of a module's front matter and of
curriculum.yml, with its type, whether it is required, and its default. `validate` checks a
mapping against a schema and reports each problem at the line of the key it concerns."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pathlib import Path

from . import comments
from .problems import Problems
from .sourcefile import load_yaml, read_text

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# YAML hands dates over as text (sourcefile.LOADER); fromisoformat alone would also take
# 20261122 and 2026-W47-1, and non-ASCII digits pass \d.
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

# A short text of front matter or curriculum.yml is rendered as Markdown on every page that
# shows it; a limit keeps a pasted document out of it.
MAX_TEXT = 2000

WEB_ADDRESS = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$")

STATUSES = ("draft", "in-review", "approved", "retired")
GROUPS = ("psychoeducational", "skills", "process")


@dataclass
class Field:
    kind: str  # text | url | slug | semver | positive_int | number | date | choice | flag | texts | mapping | list
    required: bool = False
    default: Any = None
    choices: tuple = ()
    fields: dict[str, "Field"] = field(default_factory=dict)  # for mapping
    item: "Field | None" = None  # for list
    min_items: int = 0


def _text(**kw):
    return Field("text", **kw)


REVIEW = {
    "reviewer": _text(required=True),
    "credentials": _text(required=True),
    "date": Field("date", required=True),
    "next_due": Field("date", required=True),
}
CHANGELOG_ENTRY = {
    "version": Field("semver", required=True),
    "date": Field("date", required=True),
    "changes": Field("texts", required=True, min_items=1),
}
MODULE = {
    "id": Field("slug", required=True),
    "title": _text(required=True),
    "participant_title": _text(),
    "version": Field("semver", required=True),
    "status": Field("choice", required=True, choices=STATUSES),
    "duration": Field("positive_int", required=True),
    "group": Field("choice", required=True, choices=GROUPS),
    "summary": _text(required=True),
    "objectives": Field("texts", required=True, min_items=1),
    "sources": Field("texts", required=True, min_items=1),
    "materials": Field("texts", default=[]),
    "review": Field("mapping", fields=REVIEW),
    "changelog": Field("list", default=[], item=Field("mapping", fields=CHANGELOG_ENTRY)),
}

DEFAULT_CRISIS_RESOURCES = [
    {"name": "988 Suicide & Crisis Lifeline", "how": "Call or text 988."},
    {"name": "SAMHSA National Helpline", "how": "Call 1-800-662-4357. It is free and private, 24 hours a day."},
]
CRISIS_RESOURCE = {"name": _text(required=True), "how": _text(required=True)}
QUALITY = {
    "max_fk_grade": Field("number", default=8),
    "max_smog": Field("number", default=9),
    "language_list": _text(default="language.yml"),
    # Every module has at least one of each of these blocks, and activities with these titles.
    "required_blocks": Field("texts", default=["activity", "discussion", "key-points", "worksheet"]),
    "required_activities": Field("texts", default=["Check-in", "Check-out"]),
    # A module that mentions one of these words carries a `::: safety` block.
    "safety_topics": Field("texts", default=["suicide", "self-harm", "overdose", "withdrawal"]),
}
# Where a release publishes each edition (release/sites.py): a git branch for mike, and the
# address the site is served at (for its sitemap, and the staff site's links to the handouts).
PUBLISH = {
    "participant_branch": Field("slug", default="gh-pages"),
    "facilitator_branch": Field("slug", default="gh-pages-staff"),
    "participant_url": Field("url"),
    "facilitator_url": Field("url"),
}
CURRICULUM = {
    "title": _text(required=True),
    "version": Field("semver", required=True),
    "organization": _text(required=True),
    "date": Field("date"),
    "description": _text(default=""),
    "sequence": Field("list", default=[], item=Field("slug")),
    "crisis_resources": Field(
        "list", default=DEFAULT_CRISIS_RESOURCES, item=Field("mapping", fields=CRISIS_RESOURCE), min_items=1
    ),
    "paper": Field("choice", default="letter", choices=("letter", "a4")),
    "quality": Field("mapping", fields=QUALITY),
    "release_notes": _text(default="release-notes.yml"),
    "publish": Field("mapping", fields=PUBLISH),
    # Other languages the participant edition is built in: code -> LANGUAGE (below). Their
    # translated modules are in modules/<code>/.
    "languages": Field("languages", default={}),
}
# What curriculum.yml says in another language; crisis resources must be checked against the
# services' own pages in that language.
LANGUAGE = {
    "description": _text(default=""),
    "crisis_resources": Field("list", required=True, item=Field("mapping", fields=CRISIS_RESOURCE), min_items=1),
    # Lowest scores of this language's reading-level formulas (quality/readability.py; higher
    # is easier). Spanish: Fernández-Huerta 70 is the bottom of "algo fácil" (6th grade, legible.es
    # after Fernández Huerta 1959), Szigriszt-Pazos 65 the bottom of INFLESZ's "bastante fácil"
    # (Barrio-Cantalejo et al. 2008): grade 5 to 7, as the content guide asks.
    "quality": Field("mapping", fields={"min_fernandez_huerta": Field("number", default=70),
                                        "min_szigriszt_pazos": Field("number", default=65)}),
}
TRANSLATES = {"version": Field("semver", required=True), "hash": Field("sha256", required=True)}
# Front matter of a translation (modules/<language>/<id>.md): the participant's text only.
TRANSLATION = {
    "id": Field("slug", required=True),
    "language": Field("slug", required=True),
    "status": Field("choice", required=True, choices=STATUSES[:3]),
    "version": Field("semver", required=True),
    "translates": Field("mapping", required=True, fields=TRANSLATES),
    "title": _text(required=True),
    "summary": _text(required=True),
    "objectives": Field("texts", required=True, min_items=1),
    "review": Field("mapping", fields=REVIEW),
}
SHA256 = re.compile(r"^[0-9a-f]{64}$")


# Front matter of a hand-written page in docs/: what MkDocs and Material read, and `edition`.
DOCS_PAGE = {
    "title": _text(),
    "description": _text(),
    "edition": Field("choice", default="all", choices=("all", "facilitator", "participant")),
    "hide": Field("texts"),  # Material: navigation, toc, footer, path
    "icon": _text(),
    "subtitle": _text(),
    "status": _text(),
}


def validate(data: dict, schema: dict[str, Field], lines: dict[tuple, int], problems: Problems,
             path: tuple = ()) -> dict:
    """Return `data` with defaults filled in; report unknown, missing and ill-typed keys."""
    here = lines.get(path) or lines.get(())
    out: dict = {}
    for key in data:
        if key not in schema:
            close = [k for k in schema if _similar(str(key), k)]
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(schema)})"
            problems.error(lines.get(path + (key,), here), f"unknown key '{_dotted(path + (key,))}'{hint}")
    for key, spec in schema.items():
        if key not in data or data[key] is None:
            if spec.required:
                problems.error(here, f"missing required key '{_dotted(path + (key,))}'")
            elif spec.kind == "mapping" and not any(f.required for f in spec.fields.values()):
                out[key] = validate({}, spec.fields, lines, problems, path + (key,))
            elif spec.default is not None:
                out[key] = _copy_default(spec)
            continue
        out[key] = _check_value(data[key], spec, path + (key,), lines, problems)
    return out


def _check_value(value, spec: Field, path: tuple, lines, problems: Problems):
    line = lines.get(path) or lines.get(path[:-1]) or lines.get(())
    name = _dotted(path)

    def bad(expected: str):
        problems.error(line, f"'{name}' must be {expected}, not {_show(value)}")
        return value

    kind = spec.kind
    if kind == "text":
        text = _shown_text(value)
        if text is None:
            return bad("non-empty text")
        if len(value) > MAX_TEXT:
            return bad(f"at most {MAX_TEXT} characters (a title, a summary or a source is a sentence or two)")
        return text
    if kind == "slug":
        if not isinstance(value, str) or not SLUG.match(value):
            return bad("a slug: lower-case letters, digits and hyphens")
        return value
    if kind == "url":
        if not isinstance(value, str) or not WEB_ADDRESS.match(value):
            return bad("a web address like https://handouts.example.org/ (http or https, no spaces, "
                       "no query or fragment)")
        return value if value.endswith("/") else value + "/"
    if kind == "semver":
        if not isinstance(value, str) or not SEMVER.match(value):
            return bad("a version like 1.2.0 (write it in quotes if YAML reads it as a number)")
        return value
    if kind == "positive_int":
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            return bad("a positive whole number of minutes")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return bad("a number")
        return value
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return parse_date(value) or bad("a date written YYYY-MM-DD")
    if kind == "choice":
        if value not in spec.choices:
            return bad("one of " + ", ".join(spec.choices))
        return value
    if kind == "texts":
        if isinstance(value, str) and value.strip():
            value = [value]
        texts = [_shown_text(v) for v in value] if isinstance(value, list) else [None]
        if None in texts:
            return bad("a list of text items")
        if any(len(v) > MAX_TEXT for v in value):
            return bad(f"a list of items of at most {MAX_TEXT} characters each")
        if len(value) < spec.min_items:
            return bad(f"a list with at least {spec.min_items} item{'s' if spec.min_items > 1 else ''}")
        return texts
    if kind == "sha256":
        if not isinstance(value, str) or not SHA256.match(value):
            return bad("a SHA-256 hash: 64 hexadecimal digits (the build prints the one to use)")
        return value
    if kind == "languages":
        from . import strings  # the languages there are strings for

        if not isinstance(value, dict):
            return bad("a set of language codes, each with its crisis resources")
        out = {}
        for code, spec in value.items():
            if code not in strings.languages() or code == strings.BASE:
                problems.error(lines.get(path + (code,), line), f"'{name}.{code}': there is no strings table for "
                               f"this language (known: {', '.join(l for l in strings.languages() if l != strings.BASE)})")
                continue
            out[code] = _check_value(spec, Field("mapping", fields=LANGUAGE), path + (code,), lines, problems)
        return out
    if kind == "mapping":
        if not isinstance(value, dict):
            return bad("a set of 'key: value' lines")
        return validate(value, spec.fields, lines, problems, path)
    if kind == "list":
        if not isinstance(value, list):
            return bad("a list")
        if len(value) < spec.min_items:
            return bad(f"a list with at least {spec.min_items} item{'s' if spec.min_items > 1 else ''}")
        return [_check_value(v, spec.item, path + (i,), lines, problems) for i, v in enumerate(value)]
    raise ValueError(f"unknown field kind {kind}")  # a bug in the schema, not in the input


def _shown_text(value) -> str | None:
    """A text as it reaches a page (author comments dropped, trimmed); None when it is not
    text or nothing is left."""
    return (comments.strip(value).strip() or None) if isinstance(value, str) else None


def parse_date(value) -> dt.date | None:
    """A date written YYYY-MM-DD that exists on the calendar, or None."""
    if not isinstance(value, str) or not ISO_DATE.match(value.strip()):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:  # 2026-02-30, 2026-13-01
        return None


def _copy_default(spec: Field):
    import copy

    return copy.deepcopy(spec.default)


def _dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def _show(value) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) < 60 else text[:57] + "..."


def _similar(a: str, b: str) -> bool:
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio() > 0.75


def load_file(path: Path, spec: dict[str, Field], problems: Problems, *, project: Path, not_mapping: str,
              empty: bool = False) -> tuple[dict, dict[tuple, int]] | None:
    """Read a YAML file, check it is a mapping and validate it against `spec`: its data with
    defaults filled in and the line of every key, or None after reporting why not.
    `not_mapping`: the error when the file is not a mapping; `empty`: an empty file is one."""
    loaded = read_mapping(path, problems, project=project, not_mapping=not_mapping, empty=empty)
    if loaded is None:
        return None
    data, lines = loaded
    return validate(data, spec, lines, problems), lines


def read_mapping(path: Path, problems: Problems, *, project: Path, not_mapping: str,
                 empty: bool = False) -> tuple[dict, dict[tuple, int]] | None:
    """A YAML file that must be a mapping, with the line of every key; None after reporting why not."""
    before = len(problems.errors)
    text = read_text(path, problems, project=project)
    if text is None:
        return None
    data, lines = load_yaml(text, 1, problems)
    if len(problems.errors) > before:
        return None
    if data is None and empty:
        data = {}
    if not isinstance(data, dict):
        problems.error(1, not_mapping)
        return None
    return data, lines
