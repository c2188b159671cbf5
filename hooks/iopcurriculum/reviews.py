"""Clinical review due dates. A review whose `next_due` has passed is a warning in an ordinary
build (the site still builds, so staff are never locked out of their materials) and an error in
a release (nothing is published under an expired review)."""
from __future__ import annotations

import datetime as dt

from .problems import ERROR, WARNING, Problem, Problems
from .structure import Curriculum, Module


def is_overdue(module: Module, today: dt.date) -> bool:
    return module.review is not None and module.review.next_due < today


def overdue_problems(curriculum: Curriculum, today: dt.date, *, level: str = WARNING) -> list[Problem]:
    found: list[Problem] = []
    for module in curriculum.modules:
        if is_overdue(module, today):
            problems = Problems(module.path, curriculum.root.parent)
            due = module.review.next_due.isoformat()
            message = (f"the clinical review of '{module.id}' was due {due} (reviewed "
                       f"{module.review.date.isoformat()} by {module.review.reviewer}); "
                       f"have it reviewed again and update review.date and review.next_due")
            (problems.error if level == ERROR else problems.warning)(
                module.lines.get("review"), message)
            found.extend(problems.items)
    return found
