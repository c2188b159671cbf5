"""The few git operations a release and a comparison need, run with the git command line."""
from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path, PurePosixPath


class GitError(Exception):
    """A git step failed or the repository is not in a state to release from; the message says why."""


def git(root: Path, *args: str, check: bool = True, env: dict | None = None) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=env, timeout=300)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if check and result.returncode != 0:
        raise GitError(f"git {' '.join(args)} failed: {(result.stderr or result.stdout).strip()}")
    return result.stdout if result.returncode == 0 else ""


def toplevel(root: Path) -> Path:
    result = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise GitError(f"{root} is not in a git repository; a release is made from a committed curriculum")
    return Path(result.stdout.strip())


def dirty_files(root: Path) -> list[str]:
    """Changed, staged or untracked files (ignored files such as site/ do not count)."""
    out = git(root, "status", "--porcelain", "--untracked-files=all")
    return [line[3:] for line in out.splitlines() if line.strip()]


def head(root: Path, short: bool = False) -> str:
    return git(root, "rev-parse", *(["--short"] if short else []), "HEAD").strip()


def tags(root: Path) -> list[str]:
    return git(root, "tag", "--list").split()


def resolve(root: Path, ref: str) -> str:
    """The commit a tag, branch or commit names; a clear error when it names nothing."""
    for candidate in (ref, f"v{ref}"):
        result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}"],
                                cwd=root, capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.strip()
    raise GitError(f"'{ref}' names no release tag, branch or commit in this repository")


def export(root: Path, ref: str, path: str, dest: Path) -> Path:
    """Write the folder `path` (relative to the repository top) as it was at `ref` into `dest`."""
    data = subprocess.run(["git", "archive", "--format=tar", ref, "--", path], cwd=toplevel(root),
                          capture_output=True)
    if data.returncode != 0:
        raise GitError(f"{ref} has no '{path}': {data.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(data.stdout)) as archive:
        archive.extractall(dest, filter="data")
    return dest / PurePosixPath(path)


def show(root: Path, ref: str, path: str) -> bytes | None:
    """A file's bytes at `ref`, or None when it did not exist there."""
    result = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=toplevel(root), capture_output=True)
    return result.stdout if result.returncode == 0 else None


def relative(root: Path, path: Path) -> str:
    """`path` relative to the repository top, as git names it."""
    return path.resolve().relative_to(toplevel(root).resolve()).as_posix()
