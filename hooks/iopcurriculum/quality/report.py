"""The quality report, three ways: a table for the terminal, JSON for machines, and the
"Curriculum health" page of the facilitator edition. All three show the same rows."""
from __future__ import annotations

import datetime as dt

from .. import edition as ed
from .. import pages, strings
from ..dates import build_date  # the build's date, so one commit builds one page
from . import QualityReport
from .readability import MEASURES

HEALTH_URI = f"{ed.FACILITATOR}/health.md"
HEALTH_TITLE = strings.text(ed.language(ed.FACILITATOR), "staff.health.title")
COLUMNS = [  # (heading, row key)
    ("Module", "id"), ("Status", "status"), ("Version", "version"), ("Duration", "duration"),
    ("Timing", "timing_total"),
    ("FK grade", "fk_grade"), ("SMOG", "smog"), ("Language", "language_findings"),
    ("Review due", "review_due"), ("Errors", "errors"), ("Warnings", "warnings"),
]


SCORES = {m.key for measures in MEASURES.values() for m in measures}


def translation_columns(code: str, language: str = strings.BASE) -> list[tuple[str, str]]:
    """The translations table of one language: its own reading formulas."""
    t = strings.Strings(language)
    return [(t("staff.health.column.translation"), "id"), (t("staff.health.column.status"), "status"),
            (t("staff.health.column.stale"), "stale"), *[(m.name, m.key) for m in MEASURES.get(code, ())],
            (t("staff.health.column.language"), "language_findings"), (t("staff.health.column.errors"), "errors"),
            (t("staff.health.column.warnings"), "warnings")]


def _cells(row: dict, language: str = strings.BASE) -> dict:
    """Row values as the table shows them."""
    t = strings.Strings(language)
    shown = dict(row)
    for key in SCORES & set(row):
        shown[key] = "-" if row[key] is None else f"{row[key]:.1f}"
    if "review_due" in row:
        due = row["review_due"] or t("staff.health.not_reviewed")
        shown["review_due"] = t("staff.health.overdue", date=due) if row["review_overdue"] else due
    if "status" in row:
        shown["status"] = t(f"staff.status.{row['status']}")
    if "stale" in row:
        shown["stale"] = t("staff.health.stale") if row["stale"] else "-"
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


def _limits_text(report: QualityReport, code: str, language: str = strings.BASE) -> str:
    t = strings.Strings(language)
    limits = report.language_thresholds.get(code, {})
    return (", ".join(t("staff.health.at_least", measure=m.name, limit=limits[m.setting]) for m in MEASURES.get(code, ()))
            or t("staff.health.not_measured"))


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


def health_markdown(report: QualityReport, today: dt.date, language: str = strings.BASE) -> str:
    """The body of the "Curriculum health" page (facilitator edition only)."""
    t = strings.Strings(language)
    limits = report.thresholds
    head = [t(f"staff.health.column.{name}")
            for name in ("session", "version", "minutes", "grade", "language", "review", "problems")]
    out = [t("staff.health.intro", fk=limits["max_fk_grade"], smog=limits["max_smog"]) + "\n",
           "| " + " | ".join(head) + " |",
           "|---|---|--:|--:|--:|---|--:|"]
    for quality, row in zip(report.modules, report.rows(today)):
        cells = _cells(row, language)
        title = quality.module.title.replace("|", "\\|").replace("<", "&lt;")
        out.append(f"| [{title}]({quality.module.id}.md) | {cells['version']} {cells['status']} "
                   f"| {cells['duration']} / {cells['timing_total']} | {cells['fk_grade']} / {cells['smog']} | {cells['language_findings']} "
                   f"| {cells['review_due']} | {cells['errors']} / {cells['warnings']} |")
    out.append("")
    for code, rows in _by_language(report).items():
        columns = translation_columns(code, language)
        out.append(f"## {t('staff.health.translations', code=code)}\n")
        out.append(t("staff.health.reading_level", limits=_limits_text(report, code, language)) + "\n")
        out.append("| " + " | ".join(h for h, _ in columns) + " |")
        out.append("|" + "|".join("---" if k in ("id", "status", "stale") else "--:" for _, k in columns) + "|")
        for row in rows:
            cells = _cells(row, language)
            # Not a link: the translated page is in the participant edition, not beside this one.
            cells["id"] = f"{row['title']} ({row['id']})".replace("|", "\\|").replace("<", "&lt;")
            out.append("| " + " | ".join(cells[k] for _, k in columns) + " |")
        out.append("")
    if report.problems:
        out.append(f"## {t('staff.health.findings')}\n")
        out.extend(f"- **{p.level}** `{p.path}{':' + str(p.line) if p.line else ''}`: "
                   f"{p.message.replace('<', '&lt;')}" for p in report.problems)
    else:
        out.append(t("staff.health.no_findings"))
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
            + health_markdown(report, build_date(), ed.language(ed.FACILITATOR)))
