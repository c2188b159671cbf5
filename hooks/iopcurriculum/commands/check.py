"""`curriculum check`: validate the curriculum, run the clinical quality checks and print a
report: a table with one row per module, then every problem as `path:line: message`.
Exits 1 when there is an error (warnings alone exit 0)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .. import load, quality, schedule
from ..problems import ERROR, WARNING, CurriculumError
from ..quality import report
from ..release import site as release_site


def add_parser(sub) -> None:
    parser = sub.add_parser("check", help="check the curriculum and report every problem",
                            description=__doc__.splitlines()[0])
    parser.add_argument("--root", default="curriculum", help="the curriculum folder (default: curriculum)")
    parser.add_argument("--format", choices=("table", "json"), default="table",
                        help="table for people (default), json for machines")
    parser.add_argument("--release", action="store_true",
                        help="check as a release does: a reading level over the limit is an error")
    parser.add_argument("--docs", default=None,
                        help="the folder links and images lead into (default: docs/ beside the curriculum)")
    parser.set_defaults(run=run)


def run(args) -> int:
    warnings = []
    try:
        curriculum = load.load(Path(args.root), warnings=warnings)
    except CurriculumError as err:
        if args.format != "json":
            raise  # the command line prints every problem as path:line: message
        print(json.dumps({"modules": [], "errors": len(err.problems), "warnings": 0,
                          "problems": [_problem(p) for p in err.problems]}, indent=2))
        return 1
    # What a build checks besides quality: reserved ids, release notes, and review dates
    # (an overdue review is a warning, and an error when checking as a release does).
    notices = release_site.build_checks(curriculum, overdue=ERROR if args.release else WARNING)
    result = quality.run(curriculum, release=args.release, docs_dir=Path(args.docs) if args.docs else None)
    program: list = []  # the program schedule (program.yml), checked as a build checks it
    schedule.collect(Path(args.root), curriculum, program)
    result.problems = warnings + notices + [p for found in program for p in found.items] + result.problems
    if args.format == "json":
        print(json.dumps(report.as_json(result), indent=2))
    else:
        print(report.table(result))
        print()
        print(report.summary(result))
    sys.stdout.flush()
    return 1 if result.errors else 0


def _problem(p) -> dict:
    return {"path": p.path, "line": p.line, "level": p.level, "message": p.message}
