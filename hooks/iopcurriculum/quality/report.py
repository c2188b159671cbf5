"""The quality report, three ways: a table for the terminal, JSON for machines, and the
"Curriculum health" page of the facilitator edition. All three show the same rows."""
from __future__ import annotations

import datetime as dt

from .. import edition as ed
from .. import pages
from ..dates import build_date  # the build's date, so one commit builds one page
from . import QualityReport
from .readability import MEASURES

HEALTH_URI = f"{ed.FACILITATOR}/health.md"
HEALTH_TITLE = "Curriculum health"
COLUMNS = [  # (heading, row key)
    ("Module", "id"), ("Status", "status"), ("Version", "version"), ("Duration", "duration"),
    ("Timing", "timing_total"),
    ("FK grade", "fk_grade"), ("SMOG", "smog"), ("Language", "language_findings"),
    ("Review due", "review_due"), ("Errors", "errors"), ("Warnings", "warnings"),
]


SCORES = {m.key for measures in MEASURES.values() for m in measures}


def translation_columns(code: str) -> list[tuple[str, str]]:
    """The translations table of one language: its own reading formulas."""
    return [("Translation", "id"), ("Status", "status"), ("Stale", "stale"),
            *[(m.name, m.key) for m in MEASURES.get(code, ())], ("Language", "language_findings"),
            ("Errors", "errors"), ("Warnings", "warnings")]


def _cells(row: dict) -> dict:
    """Row values as the table shows them."""
    shown = dict(row)
    for key in SCORES & set(row):
        shown[key] = "-" if row[key] is None else f"{row[key]:.1f}"
    if "review_due" in row:
        due = row["review_due"] or "not reviewed"
        shown["review_due"] = f"{due} overdue" if row["review_overdue"] else due
    if "stale" in row:
        shown["stale"] = "stale" if row["stale"] else "-"
    return {k: str(v) for k, v in shown.items()}


def _fixed(columns: list[tuple[str, str]], rows: list[dict]) -> list[str]:
    rows = [_cells(r) for r in rows]
    widths = [max([len(h)] + [len(r[k]) for r in rows]) for h, k in columns]
    lines = ["  ".join(h.ljust(w) for (h, _), w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for r in rows:
        lines.append("  ".join(r[k].ljust(w) for (_, k), w in zip(columns, widths)).rstrip())
    return lines


def _by_language(report: QualityReport) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in report.translation_rows():
        out.setdefault(row["language"], []).append(row)
    return out


def _limits_text(report: QualityReport, code: str) -> str:
    limits = report.language_thresholds.get(code, {})
    return ", ".join(f"{m.name} at least {limits[m.setting]}" for m in MEASURES.get(code, ())) or "not measured"


def table(report: QualityReport, today: dt.date | None = None) -> str:
    """Fixed-width text table, one module a row, then every finding as path:line: message."""
    lines = _fixed(COLUMNS, report.rows(today))
    limits = report.thresholds
    lines.append("")
    lines.append(f"Duration: minutes in the front matter; timing: the activity minutes added up. Reading level "
                 f"of each participant handout: limits FK grade {limits['max_fk_grade']}, SMOG {limits['max_smog']}"
                 f"{' (release: over the limit is an error)' if report.release else ''}. "
                 f"Language: words to avoid found (list: {report.language_list or 'not loaded'}).")
    for code, rows in _by_language(report).items():
        lines.append("")
        lines.extend(_fixed(translation_columns(code), rows))
        lines.append("")
        lines.append(f"Translations ({code}): reading level limits {_limits_text(report, code)} (higher is "
                     f"easier); language: words to avoid found (list: "
                     f"{report.language_lists.get(code) or 'none'}).")
    if report.problems:
        lines.append("")
        lines.extend(f"{p.level}: {p}" for p in report.problems)
    return "\n".join(lines)


def summary(report: QualityReport) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    c = report.curriculum
    return (f"{c.title} {c.version}: {len(report.modules)} module{'s' if len(report.modules) != 1 else ''}, "
            f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}")


def as_json(report: QualityReport, today: dt.date | None = None) -> dict:
    return {
        "curriculum": {"title": report.curriculum.title, "version": report.curriculum.version},
        "release": report.release,
        "thresholds": report.thresholds,
        "language_list": report.language_list,
        "modules": report.rows(today),
        "translation_thresholds": report.language_thresholds,
        "translation_language_lists": report.language_lists,
        "translations": report.translation_rows(),
        "problems": [{"path": p.path, "line": p.line, "level": p.level, "message": p.message}
                     for p in report.problems],
        "errors": len(report.errors),
        "warnings": len(report.warnings),
    }


def health_markdown(report: QualityReport, today: dt.date) -> str:
    """The body of the "Curriculum health" page (facilitator edition only)."""
    limits = report.thresholds
    out = ["The checks `curriculum check` runs, for every session: reading level of the participant "
           "handout, person-first language, safety content, the parts of a session, and sources. "
           f"A handout should read at grade {limits['max_fk_grade']} or below (Flesch-Kincaid) and "
           f"{limits['max_smog']} or below (SMOG).\n",
           "| Session | Version, status | Minutes: duration / timing | Grade: FK / SMOG | Language | Review due "
           "| Errors / warnings |",
           "|---|---|--:|--:|--:|---|--:|"]
    for quality, row in zip(report.modules, report.rows(today)):
        cells = _cells(row)
        title = quality.module.title.replace("|", "\\|").replace("<", "&lt;")
        out.append(f"| [{title}]({quality.module.id}.md) | {cells['version']} {cells['status']} "
                   f"| {cells['duration']} / {cells['timing_total']} | {cells['fk_grade']} / {cells['smog']} | {cells['language_findings']} "
                   f"| {cells['review_due']} | {cells['errors']} / {cells['warnings']} |")
    out.append("")
    for code, rows in _by_language(report).items():
        columns = translation_columns(code)
        out.append(f"## Translations ({code})\n")
        out.append(f"Reading level: {_limits_text(report, code)} (higher is easier on these scales).\n")
        out.append("| " + " | ".join(h for h, _ in columns) + " |")
        out.append("|" + "|".join("---" if k in ("id", "status", "stale") else "--:" for _, k in columns) + "|")
        for row in rows:
            cells = _cells(row)
            # Not a link: the translated page is in the participant edition, not beside this one.
            cells["id"] = f"{row['title']} ({row['id']})".replace("|", "\\|").replace("<", "&lt;")
            out.append("| " + " | ".join(cells[k] for _, k in columns) + " |")
        out.append("")
    if report.problems:
        out.append("## Findings\n")
        out.extend(f"- **{p.level}** `{p.path}{':' + str(p.line) if p.line else ''}`: "
                   f"{p.message.replace('<', '&lt;')}" for p in report.problems)
    else:
        out.append("No findings: every check passes.")
    out.append("")
    return "\n".join(out)


def health_page() -> pages.GeneratedPage:
    """The "Curriculum health" page (facilitator edition): its front matter, for the body that the
    build's own run of the checks gives (health_body, when the page is built)."""
    markdown = pages.front_matter(title=HEALTH_TITLE, edition=ed.FACILITATOR, hide=["toc"])
    return pages.GeneratedPage(HEALTH_URI, HEALTH_TITLE, ed.FACILITATOR, markdown)


def health_body(report: QualityReport) -> str:
    """The page without its front matter."""
    return (f"# {HEALTH_TITLE}\n\n" + pages.version_line(report.curriculum, None)
            + health_markdown(report, build_date()))
