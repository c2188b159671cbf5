"""Dates a build depends on, made explicit so builds are reproducible and tests are not clock-bound.

- `today()`: the date overdue reviews are judged against in a build or release. CURRICULUM_TODAY
  (YYYY-MM-DD, an option of options.py) overrides the clock, for tests and for checking "as of"
  a future date.
- `build_date()`: the date printed in the output. It comes from SOURCE_DATE_EPOCH (see
  reproducible-builds.org), which `default_source_date_epoch` sets from the last commit, so
  building one commit twice gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from . import options

EPOCH_VAR = "SOURCE_DATE_EPOCH"


def today() -> dt.date:
    """CURRICULUM_TODAY (options.py), else the clock's date."""
    return options.read().date


def source_date(env: dict | None = None) -> dt.date | None:
    """SOURCE_DATE_EPOCH's day (UTC), or None when it is not set."""
    value = (os.environ if env is None else env).get(EPOCH_VAR, "").strip()
    if value.isdigit():
        return dt.datetime.fromtimestamp(int(value), dt.timezone.utc).date()
    return None


def build_date() -> dt.date:
    """The output's date: SOURCE_DATE_EPOCH's day (UTC) when set, else the clock's."""
    return source_date() or dt.datetime.now(dt.timezone.utc).date()


def commit_epoch(root: Path, ref: str = "HEAD") -> str | None:
    """The committer timestamp of `ref` in the git repository holding `root`, or None."""
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct", ref], cwd=root,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    value = result.stdout.strip()
    return value if result.returncode == 0 and value.isdigit() else None


def default_source_date_epoch(root: Path) -> str | None:
    """Set SOURCE_DATE_EPOCH from the last commit when it is unset; return the value in force."""
    if not os.environ.get(EPOCH_VAR):
        epoch = commit_epoch(root)
        if epoch:
            os.environ[EPOCH_VAR] = epoch
    return os.environ.get(EPOCH_VAR)
