"""Clinical quality checks of a loaded curriculum, and the report a clinical lead reads.

  readability  reading level of each participant handout (Flesch-Kincaid, SMOG)
  language     person-first, non-stigmatizing words (list in curriculum/language.yml)
  safety       a `::: safety` block where a module touches suicide, overdose...; crisis box last
  structure    the parts of a session, images with alt text, links that lead somewhere
  sources      every module cites a source
  report       the per-module table: terminal, JSON, and the facilitator "Curriculum health" page

Used by `curriculum check`, by every `mkdocs build` (hooks/curriculum_hooks.py) and by the
release command. Settings come from curriculum.yml's `quality:` (schema.QUALITY).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import ERROR, WARNING, Problem, Problems
from .. import dates
from ..reviews import is_overdue
from ..structure import Curriculum, Module
from . import language, readability, safety, sources, structure


@dataclass
class ModuleQuality:
    """What the checks found for one module."""
    module: Module
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
class QualityReport:
    curriculum: Curriculum
    release: bool
    modules: list[ModuleQuality]
    problems: list[Problem] = field(default_factory=list)  # every finding, curriculum-wide ones first
    language_list: str | None = None  # where the word list came from

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    def rows(self, today: dt.date | None = None) -> list[dict]:
        return [m.row(today) for m in self.modules]

    @property
    def thresholds(self) -> dict:
        q = self.curriculum.settings.get("quality", {})
        return {"max_fk_grade": q.get("max_fk_grade", 8), "max_smog": q.get("max_smog", 9)}


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
        try:
            reading = readability.reading_level(module)
        except (LookupError, OSError) as err:  # textstat 0.7.9+ fetches NLTK data at run time
            problems.error(None, f"the reading level cannot be measured ({type(err).__name__}); install the "
                                 f"textstat version requirements.txt pins: pip install -r requirements.txt")
            reading = readability.Reading(None, None, [])
        _check_reading(module, reading, settings, release, problems)
        found = language.check_module(module, words, problems) if words else []
        safety.check_topics(module, topics, problems)
        safety.check_get_help(curriculum, module, problems)
        structure.check_parts(curriculum, module, problems)
        structure.check_images_and_links(module, docs_dir, problems)
        sources.check_sources(module, problems)
        ordered = sorted(problems.items, key=lambda p: (p.level != ERROR, p.line or 0))
        report.modules.append(ModuleQuality(module, problems.path, reading, found, ordered))
    report.problems = [p for group in by_path.values() for p in group.items]
    report.problems += [p for m in report.modules for p in m.problems]
    return report


def _check_reading(module: Module, reading: readability.Reading, settings: dict, release: bool,
                   problems: Problems) -> None:
    if reading.fk_grade is None:
        return
    max_fk, max_smog = settings.get("max_fk_grade", 8), settings.get("max_smog", 9)
    over = []
    if reading.fk_grade > max_fk:
        over.append(f"Flesch-Kincaid grade {reading.fk_grade} (limit {max_fk})")
    if reading.smog > max_smog:
        over.append(f"SMOG {reading.smog} (limit {max_smog})")
    if not over:
        return
    hardest = "; ".join(f"line {s.line}: \"{_short(s.text)}\" (grade {s.grade:.1f})" for s in reading.hardest(3))
    message = (f"module '{module.id}': the participant handout reads above the limit: {' and '.join(over)}. "
               f"Hardest sentences: {hardest}")
    (problems.error if release else problems.warning)(None, message)


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def check_curriculum(curriculum: Curriculum, *, release: bool = False,
                     docs_dir: Path | None = None) -> list[Problem]:
    """Every finding of the quality checks, level "error" or "warning". In a release
    (release=True) a reading level over the limit is an error, not a warning."""
    return run(curriculum, release=release, docs_dir=docs_dir).problems
