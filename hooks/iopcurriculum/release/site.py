"""What this feature adds to every build: two facilitator pages ("Curriculum status" and
"What's new") and the checks behind them (release notes readable, overdue reviews warned about)."""
from __future__ import annotations

import datetime as dt

from .. import edition as ed
from .. import pages, strings
from ..problems import WARNING, CurriculumError, Problem, Problems
from ..structure import Curriculum
from .. import dates, reviews, translations
from . import notes, status

STATUS_URI = f"{ed.FACILITATOR}/status.md"
WHATS_NEW_URI = f"{ed.FACILITATOR}/whats-new.md"
STAFF_LANGUAGE = ed.language(ed.FACILITATOR)  # the staff pages' words, from its strings table
STATUS_TITLE = strings.text(STAFF_LANGUAGE, "staff.status_page.title")
WHATS_NEW_TITLE = strings.text(STAFF_LANGUAGE, "staff.whats_new.title")
# Page names in the facilitator folder that a module id must not take.
RESERVED_IDS = {"index", "status", "whats-new", "health"}


def build_checks(curriculum: Curriculum, today: dt.date | None = None, *,
                 overdue: str = WARNING) -> list[Problem]:
    """Checks every build runs: raises CurriculumError for errors, returns warnings."""
    errors: list[Problem] = []
    for module in curriculum.modules + curriculum.retired:
        if module.id in RESERVED_IDS:
            problems = Problems(module.path, curriculum.root.parent)
            problems.error(module.lines.get("id"), f"id '{module.id}' is taken by a page of the site "
                                                   f"({', '.join(sorted(RESERVED_IDS))}); choose another id")
            errors.extend(problems.items)
    try:
        notes.load_notes(curriculum)
    except CurriculumError as err:
        errors.extend(err.problems)
    if errors:
        raise CurriculumError(errors)
    return (reviews.overdue_problems(curriculum, today or dates.today(), level=overdue)
            + translations.stale_problems(curriculum, WARNING))


def release_pages(curriculum: Curriculum, editions: tuple[str, ...]) -> list:
    """The facilitator-only pages; none in a participant-only build."""
    if ed.FACILITATOR not in editions:
        return []
    as_of = dates.build_date()
    head = pages.version_line(curriculum, None)
    status_md = (pages.front_matter(title=STATUS_TITLE, edition=ed.FACILITATOR) + f"# {STATUS_TITLE}\n\n"
                 + head + status.status_markdown(curriculum, as_of, STAFF_LANGUAGE))
    new_md = (pages.front_matter(title=WHATS_NEW_TITLE, edition=ed.FACILITATOR) + f"# {WHATS_NEW_TITLE}\n\n"
              + head + notes.whats_new_markdown(curriculum, notes.load_notes(curriculum), STAFF_LANGUAGE))
    return [pages.GeneratedPage(STATUS_URI, STATUS_TITLE, ed.FACILITATOR, status_md),
            pages.GeneratedPage(WHATS_NEW_URI, WHATS_NEW_TITLE, ed.FACILITATOR, new_md)]
