"""`curriculum release 1.2.0`: check, version, build, deploy with mike, tag (see docs/publishing.md)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..problems import CurriculumError
from ..release.gitrepo import GitError
from ..release.publish import EDITIONS, ReleaseError, release


def add_parser(sub) -> None:
    parser = sub.add_parser("release", help="publish a new version of the curriculum (mike: gh-pages, "
                                            "gh-pages-staff branches)",
                            description="Check the curriculum for release, set its version and date, build each "
                                        "edition as its own site, deploy them with mike (participant edition to "
                                        "the gh-pages branch, facilitator edition to gh-pages-staff, as "
                                        "curriculum.yml's publish settings say), tag the commit and write a "
                                        "manifest of every published file into each.")
    parser.add_argument("version", help="the new curriculum version, like 1.2.0")
    parser.add_argument("--allow-drafts", action="store_true",
                        help="publish draft and in-review sessions (they show 'Draft: not yet clinically reviewed')")
    parser.add_argument("--allow-stale-translations", action="store_true",
                        help="publish translations whose English text changed since (each handout shows a dated "
                             "notice that the English has changed)")
    parser.add_argument("--edition", choices=EDITIONS,
                        help="publish this edition only (default: both, each to its own branch)")
    parser.add_argument("--push", action="store_true",
                        help="push the branch, the tag and the editions' branches (off by default)")
    parser.add_argument("--date", type=_date, help="release date, YYYY-MM-DD (default: today); "
                                                   "reviews due before it are overdue")
    parser.add_argument("--project", default=".", help="the project folder holding mkdocs.yml (default: .)")
    parser.set_defaults(run=run)


def _date(value: str) -> dt.date:
    import argparse

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date written YYYY-MM-DD") from None


def run(args) -> int:
    try:
        result = release(Path(args.project), args.version, allow_drafts=args.allow_drafts,
                         allow_stale_translations=args.allow_stale_translations, push=args.push,
                         date=args.date, editions=(args.edition,) if args.edition else EDITIONS)
    except (ReleaseError, GitError, CurriculumError) as err:
        print(f"release refused: {err}", file=sys.stderr)
        return 1
    sites = ", ".join(f"{edition} edition on {branch}" for edition, branch in result.branches.items())
    print(f"Released {result.version} ({result.tag}, commit {result.commit[:12]}): {sites}. "
          f"Preview the published versions with: make preview (staff site: make preview EDITION=facilitator)")
    return 0
