"""`curriculum preview`: serve the published versions of one edition's site from its branch, as
readers will see them (mike serve, on this machine only)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import load
from ..release.publish import EDITIONS
from ..release.sites import PREVIEW_URL, branch

ADDRESS = PREVIEW_URL.removeprefix("http://").rstrip("/")  # 127.0.0.1:8000: not reachable from other machines


def add_parser(sub) -> None:
    parser = sub.add_parser("preview", help="serve the published versions (mike serve) at " + PREVIEW_URL,
                            description="Serve every published version of one edition's site, from the branch a "
                                        "release deploys it to, at " + PREVIEW_URL + " (this machine only).")
    parser.add_argument("--edition", choices=EDITIONS, default=EDITIONS[0],
                        help="which site: participant (default, the gh-pages branch) or facilitator (gh-pages-staff)")
    parser.add_argument("--address", default=ADDRESS, help=f"host:port to serve at (default: {ADDRESS})")
    parser.add_argument("--project", default=".", help="the project folder holding mkdocs.yml (default: .)")
    parser.set_defaults(run=run)


def run(args) -> int:
    project = Path(args.project).resolve()
    name = branch(load.load(project / "curriculum"), args.edition)
    from mike import commands as mike_commands
    from mike import git_utils

    os.chdir(project)  # mike reads the branch of the repository it runs in
    try:
        git_utils.get_latest_commit(name)
    except git_utils.GitError:
        print(f"nothing published yet: no {name} branch; run a release first (docs/publishing.md)", file=sys.stderr)
        return 1
    mike_commands.serve(args.address, branch=name)
    return 0
