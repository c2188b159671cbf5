"""`curriculum release 1.2.0`: check, version, build, deploy with mike, tag (see docs/publishing.md)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ..problems import CurriculumError
from ..release.gitrepo import GitError
from ..release.publish import ReleaseError, release


def add_parser(sub) -> None:
    parser = sub.add_parser("release", help="publish a new version of the curriculum (mike, gh-pages branch)",
                            description="Check the curriculum for release, set its version and date, build both "
                                        "editions, deploy them with mike to the gh-pages branch, tag the commit "
                                        "and write a manifest of every published file.")
    parser.add_argument("version", help="the new curriculum version, like 1.2.0")
    parser.add_argument("--allow-drafts", action="store_true",
                        help="publish draft and in-review sessions (they show 'Draft: not yet clinically reviewed')")
    parser.add_argument("--push", action="store_true", help="push the branch, tag and gh-pages (off by default)")
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
        result = release(Path(args.project), args.version, allow_drafts=args.allow_drafts, push=args.push,
                         date=args.date)
    except (ReleaseError, GitError, CurriculumError) as err:
        print(f"release refused: {err}", file=sys.stderr)
        return 1
    print(f"Released {result.version} ({result.tag}, commit {result.commit[:12]}). "
          f"Preview every published version with: mike serve")
    return 0
