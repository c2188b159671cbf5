"""The "Curriculum status" page: every module with its version, status and review dates,
overdue reviews flagged, as of the build date (so one commit always builds the same page)."""
from __future__ import annotations

import datetime as dt

from .. import strings
from ..structure import Curriculum, Module
from ..reviews import is_overdue


def status_markdown(curriculum: Curriculum, as_of: dt.date, language: str = strings.BASE) -> str:
    t = strings.Strings(language)
    modules = list(curriculum.modules) + list(curriculum.retired)
    overdue = [m for m in curriculum.modules if is_overdue(m, as_of)]
    drafts = [m for m in curriculum.modules if m.is_draft]
    out = [t("staff.status_page.intro", date=as_of.isoformat()) + "\n"]
    summary = [t("staff.status_page.published", count=len(curriculum.modules))]
    summary.append(t("staff.status_page.drafts", count=len(drafts)) if drafts
                   else t("staff.status_page.all_reviewed"))
    if overdue:
        many = "one" if len(overdue) == 1 else "other"
        summary.append(f"**{t('staff.status_page.overdue.' + many, count=len(overdue))}**")
    if curriculum.retired:
        summary.append(t("staff.status_page.retired", count=len(curriculum.retired)))
    out.append(", ".join(summary) + ".\n")
    head = [_cell(t(f"staff.status_page.column.{name}"))
            for name in ("session", "version", "status", "reviewer", "reviewed", "next_due")]
    out.append("| " + " | ".join(head) + " |")
    out.append("|---|---|---|---|---|---|")
    for module in modules:
        out.append(_row(module, as_of, t))
    out.append("")
    out.append(t("staff.status_page.note") + "\n")
    return "\n".join(out)


def _row(module: Module, as_of: dt.date, t: strings.Strings) -> str:
    title = _cell(module.title)
    name = title if module.status == "retired" else f"[{title}]({module.id}.md)"
    status = _cell(t(f"staff.status_page.status.{module.status}"))
    review = module.review
    if review:
        reviewer = _cell(f"{review.reviewer}, {review.credentials}")
        reviewed = _date(review.date)
        due = _date(review.next_due)
        if module.status != "retired" and is_overdue(module, as_of):
            due = f'<strong class="cur-overdue">{t("staff.status_page.due_overdue", date=due)}</strong>'
    else:
        reviewer, reviewed, due = _cell(t("staff.status_page.not_reviewed")), "", ""
    return f"| {name} | {module.version} | {status} | {reviewer} | {reviewed} | {due} |"


def _date(day: dt.date) -> str:
    return f'<span class="cur-date">{day.isoformat()}</span>'


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;")
