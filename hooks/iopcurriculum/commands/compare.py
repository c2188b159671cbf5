"""`curriculum compare v1.0.0 v1.1.0 [--html report.html]`: what changed between two releases."""
from __future__ import annotations

import sys
from pathlib import Path

from ..release.compare import compare, html_report, text_report
from ..release.gitrepo import GitError


def add_parser(sub) -> None:
    parser = sub.add_parser("compare", help="show what changed between two releases (tags, branches or commits)")
    parser.add_argument("old", help="the earlier release: a tag like v1.0.0 (or 1.0.0), a branch or a commit")
    parser.add_argument("new", help="the later release (HEAD for the work in progress)")
    parser.add_argument("--html", metavar="FILE", help="also write the report as an HTML page")
    parser.add_argument("--project", default=".", help="the project folder (default: .)")
    parser.set_defaults(run=run)


def run(args) -> int:
    try:
        comparison = compare(Path(args.project), args.old, args.new)
    except GitError as err:
        print(f"compare: {err}", file=sys.stderr)
        return 1
    print(text_report(comparison), end="")
    if args.html:
        Path(args.html).write_text(html_report(comparison), encoding="utf-8")
        print(f"\nHTML report written to {args.html}")
    return 0
