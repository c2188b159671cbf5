"""The "Curriculum status" page: every module with its version, status and review dates,
overdue reviews flagged, as of the build date (so one commit always builds the same page)."""
from __future__ import annotations

import datetime as dt

from ..structure import Curriculum, Module
from ..reviews import is_overdue

STATUS_NAMES = {"draft": "Draft", "in-review": "In review", "approved": "Approved", "retired": "Retired"}


def status_markdown(curriculum: Curriculum, as_of: dt.date) -> str:
    modules = list(curriculum.modules) + list(curriculum.retired)
    overdue = [m for m in curriculum.modules if is_overdue(m, as_of)]
    drafts = [m for m in curriculum.modules if m.status in ("draft", "in-review")]
    out = [f"Every session in this curriculum and its clinical review, as of {as_of.isoformat()} "
           "(the date of the commit this site was built from).\n"]
    summary = [f"{len(curriculum.modules)} sessions published"]
    summary.append(f"{len(drafts)} not yet clinically reviewed" if drafts else "all clinically reviewed")
    if overdue:
        summary.append(f"**{len(overdue)} review{'s' if len(overdue) != 1 else ''} overdue**")
    if curriculum.retired:
        summary.append(f"{len(curriculum.retired)} retired")
    out.append(", ".join(summary) + ".\n")
    out.append("| Session | Version | Status | Reviewer | Reviewed | Next review due |")
    out.append("|---|---|---|---|---|---|")
    for module in modules:
        out.append(_row(module, as_of))
    out.append("")
    out.append("Retired sessions are not published. A review is overdue when its next review date "
               "has passed; a release is refused until the session is reviewed again.\n")
    return "\n".join(out)


def _row(module: Module, as_of: dt.date) -> str:
    title = _cell(module.title)
    name = title if module.status == "retired" else f"[{title}]({module.id}.md)"
    status = STATUS_NAMES[module.status]
    review = module.review
    if review:
        reviewer = _cell(f"{review.reviewer}, {review.credentials}")
        reviewed = _date(review.date)
        due = _date(review.next_due)
        if module.status != "retired" and is_overdue(module, as_of):
            due = f'<strong class="cur-overdue">{due} overdue</strong>'
    else:
        reviewer, reviewed, due = "not yet reviewed", "", ""
    return f"| {name} | {module.version} | {status} | {reviewer} | {reviewed} | {due} |"


def _date(day: dt.date) -> str:
    return f'<span class="cur-date">{day.isoformat()}</span>'


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;")
