"""Clinical quality checks of a loaded curriculum, and the report a clinical lead reads.

  readability  reading level of each participant handout (Flesch-Kincaid, SMOG; Spanish:
               Fernández-Huerta, Szigriszt-Pazos)
  language     person-first, non-stigmatizing words (list in curriculum/language.yml; Spanish:
               data/language-es.yml)
  safety       a `::: safety` block where a module touches suicide, overdose...; crisis box last
  structure    the parts of a session, images with alt text, links that lead somewhere
  sources      every module cites a source
  report       the per-module table: terminal, JSON, and the facilitator "Curriculum health" page

Used by `curriculum check`, by every `mkdocs build` (hooks/curriculum_hooks.py) and by the
release command. Settings come from curriculum.yml's `quality:` (schema.QUALITY), a
translation's reading limits from `languages.<code>.quality:` (schema.LANGUAGE). Translations
(modules/<code>/<id>.md) get the reading-level and language checks, at their own path:line.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import ERROR, WARNING, Problem, Problems
from .. import dates, schema
from ..reviews import is_overdue
from ..structure import Curriculum, Module, Translation
from . import language, readability, safety, sources, structure


@dataclass(kw_only=True)
class Checked:
    """What the checks found in one file (a module, or a translation)."""
    path: str  # relative to the project, as in problems
    reading: readability.Reading
    language: list[language.Finding]
    problems: list[Problem]

    @property
    def errors(self) -> int:
        return sum(p.level == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.level == WARNING for p in self.problems)


@dataclass
class ModuleQuality(Checked):
    module: Module

    def row(self, today: dt.date | None = None) -> dict:
        """One row of the report; plain values, ready for JSON."""
        m = self.module
        due = m.review.next_due if m.review else None
        return {
            "id": m.id,
            "title": m.title,
            "path": self.path,
            "status": m.status,
            "version": m.version,
            "duration": m.duration,
            "timing_total": sum(a.minutes for a in m.activities),
            "fk_grade": self.reading.fk_grade,
            "smog": self.reading.smog,
            "language_findings": len(self.language),
            "review_due": due.isoformat() if due else None,
            "review_overdue": is_overdue(m, today or dates.today()),
            "errors": self.errors,
            "warnings": self.warnings,
        }


@dataclass
class TranslationQuality(Checked):
    translation: Translation

    def row(self) -> dict:
        t = self.translation
        return {
            "id": t.module_id,
            "language": t.language,
            "title": t.title,
            "path": self.path,
            "status": t.status,
            "stale": t.stale,
            **{m.key: self.reading.scores.get(m.key) for m in self.reading.measures},
            "language_findings": len(self.language),
            "errors": self.errors,
            "warnings": self.warnings,
        }


@dataclass
class QualityReport:
    curriculum: Curriculum
    release: bool
    modules: list[ModuleQuality]
    problems: list[Problem] = field(default_factory=list)  # every finding, curriculum-wide ones first
    language_list: str | None = None  # where the word list came from
    translations: list[TranslationQuality] = field(default_factory=list)
    language_lists: dict[str, str | None] = field(default_factory=dict)  # a translation language's list

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    def rows(self, today: dt.date | None = None) -> list[dict]:
        return [m.row(today) for m in self.modules]

    def translation_rows(self) -> list[dict]:
        return [t.row() for t in self.translations]

    @property
    def thresholds(self) -> dict:
        return limits(self.curriculum, readability.ENGLISH)

    @property
    def language_thresholds(self) -> dict[str, dict]:
        """The reading limits of each translation language that has formulas."""
        return {code: limits(self.curriculum, code) for code in self.curriculum.languages
                if code in readability.MEASURES}


def limits(curriculum: Curriculum, code: str) -> dict:
    """The reading-level limits of a language, by setting name: curriculum.yml's, else the
    schema's defaults."""
    if code == readability.ENGLISH:
        spec, settings = schema.QUALITY, curriculum.settings.get("quality", {})
    else:
        spec = schema.LANGUAGE["quality"].fields
        settings = curriculum.settings.get("languages", {}).get(code, {}).get("quality", {})
    return {m.setting: settings.get(m.setting, spec[m.setting].default) for m in readability.MEASURES[code]}


def run(curriculum: Curriculum, *, release: bool = False, docs_dir: Path | None = None) -> QualityReport:
    """Run every check on every module (retired modules are not built, so not checked).
    `docs_dir` is where relative links and images lead (default: docs/ beside curriculum/)."""
    docs_dir = (Path(docs_dir) if docs_dir else curriculum.root.parent / "docs").resolve()
    return _run(curriculum, release, docs_dir)


def _run(curriculum: Curriculum, release: bool, docs_dir: Path) -> QualityReport:
    project = curriculum.root.parent
    settings = curriculum.settings.get("quality", {})
    by_path: dict[Path, Problems] = {}

    def problems_for(path: Path) -> Problems:
        key = Path(path).resolve()
        if key not in by_path:
            by_path[key] = Problems(path, project)
        return by_path[key]

    curriculum_problems = problems_for(curriculum.root / "curriculum.yml")
    structure.check_settings(curriculum, curriculum_problems)
    words = language.load_list(curriculum, problems_for)
    report = QualityReport(curriculum, release, [],
                           language_list=words.source if words else None)
    topics = settings.get("safety_topics", [])
    for module in curriculum.modules:
        problems = Problems(module.path, project)
        reading = _reading(module, readability.ENGLISH, f"module '{module.id}'", curriculum, release, problems)
        found = language.check_module(module, words, problems) if words else []
        safety.check_topics(module, topics, problems)
        safety.check_get_help(curriculum, module, problems)
        structure.check_parts(curriculum, module, problems)
        structure.check_images_and_links(module, docs_dir, problems)
        sources.check_sources(module, problems)
        report.modules.append(ModuleQuality(module=module, path=problems.path, reading=reading, language=found,
                                            problems=_ordered(problems)))
    for code, lang in curriculum.languages.items():
        listed = language.load_list(curriculum, problems_for, code)
        report.language_lists[code] = listed.source if listed else None
        for translation in lang.translations.values():
            problems = Problems(translation.path, project)
            name = f"translation '{code}/{translation.module_id}'"
            reading = _reading(translation, code, name, curriculum, release, problems)
            found = language.check_module(translation, listed, problems) if listed else []
            report.translations.append(TranslationQuality(translation=translation, path=problems.path,
                                                          reading=reading, language=found,
                                                          problems=_ordered(problems)))
    report.problems = [p for group in by_path.values() for p in group.items]
    report.problems += [p for m in [*report.modules, *report.translations] for p in m.problems]
    return report


def _ordered(problems: Problems) -> list[Problem]:
    return sorted(problems.items, key=lambda p: (p.level != ERROR, p.line or 0))


def _reading(text: Module | Translation, code: str, name: str, curriculum: Curriculum, release: bool,
             problems: Problems) -> readability.Reading:
    """The handout's reading level in its language; a finding when it is past a limit (a language
    without formulas is not measured)."""
    if code not in readability.MEASURES:
        return readability.Reading(code, {}, [])
    try:
        reading = readability.reading_level(text, code)
    except (LookupError, OSError) as err:  # textstat 0.7.9+ fetches NLTK data at run time
        problems.error(None, f"the reading level cannot be measured ({type(err).__name__}); install the "
                             f"textstat version requirements.txt pins: pip install -r requirements.txt")
        return readability.Reading(code, {}, [])
    _check_reading(name, reading, limits(curriculum, code), release, problems)
    return reading


def _check_reading(name: str, reading: readability.Reading, limit: dict, release: bool,
                   problems: Problems) -> None:
    if not reading.scores:
        return
    past = [f"{m.name} {reading.scores[m.key]} (limit {limit[m.setting]})" for m in reading.measures
            if m.past(reading.scores[m.key], limit[m.setting])]
    if not past:
        return
    first = reading.measures[0]
    side = "below" if first.higher_is_easier else "above"  # Spanish scales: higher is easier
    hardest = "; ".join(f"line {s.line}: \"{_short(s.text)}\" ({first.name} {score:.1f})"
                        for s, score in reading.hardest(3))
    message = (f"{name}: the participant handout reads {side} the limit: {' and '.join(past)}. "
               f"Hardest sentences: {hardest}")
    (problems.error if release else problems.warning)(None, message)


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def check_curriculum(curriculum: Curriculum, *, release: bool = False,
                     docs_dir: Path | None = None) -> list[Problem]:
    """Every finding of the quality checks, level "error" or "warning". In a release
    (release=True) a reading level over the limit is an error, not a warning."""
    return run(curriculum, release=release, docs_dir=docs_dir).problems
