"""Files the build may read or publish: regular files inside the project, nothing else.

A symbolic link is fine while it stays inside the project (the folder that holds curriculum/
and docs/). One that leads outside would publish a file nobody reviewed (docs/images/x.png ->
/etc/passwd is copied into the site as it is); a named pipe would hang the build on reading;
a folder or a dangling link named like a module is a mistake to name, not a traceback.

`read_bytes` reads one file the build parses; `check_tree` checks a folder MkDocs copies
(docs/), every entry of it, and reports every bad one.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .problems import Problems

# A module is tens of kilobytes; a text file past this is a mistake (an export pasted in, a
# binary), and it would be held in memory and turned into Markdown and PDF whole.
MAX_TEXT_BYTES = 1024 * 1024

KINDS = {stat.S_IFDIR: "a folder", stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFSOCK: "a socket",
         stat.S_IFCHR: "a device", stat.S_IFBLK: "a device"}  # anything else: "not a regular file"


def refusal(path: Path, project: Path) -> str | None:
    """Why `path` must be neither read nor published (as a message), or None when it may."""
    try:
        own = os.lstat(path)
    except OSError as err:
        return _cannot(err)
    link = os.readlink(path) if stat.S_ISLNK(own.st_mode) else None
    real = os.path.realpath(path)
    if not _inside(Path(real), project):
        how = f"symbolic link to '{link}'" if link else f"path (through a linked folder, to {real})"
        return f"{how} leads outside the project; copy the file into the project instead"
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        if link is None:
            return _cannot(err)
        if err.errno == errno.ENOENT:
            return f"symbolic link to '{link}' leads to nothing: there is no such file"
        return f"symbolic link to '{link}' leads to nothing ({err.strerror})"
    if not stat.S_ISREG(mode):
        return _not_regular(mode)
    return None


def read_bytes(path: Path, project: Path, problems: Problems, limit: int = MAX_TEXT_BYTES) -> bytes | None:
    """The bytes of a file the build parses, or None (reported) when it must not be read."""
    why = refusal(path, project)
    if why is None:
        try:
            # O_NONBLOCK: a pipe swapped in after the check above cannot block the open.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError as err:
            why = _cannot(err)
        else:
            with os.fdopen(fd, "rb") as file:
                info = os.fstat(file.fileno())
                if not stat.S_ISREG(info.st_mode):
                    why = _not_regular(info.st_mode)
                elif info.st_size > limit:
                    why = _too_big(info.st_size, limit)
                else:
                    data = file.read(limit + 1)  # the file may have grown since fstat
                    if len(data) <= limit:
                        return data
                    why = _too_big(len(data), limit)
    problems.error(None, why)
    return None


def check_tree(folder: Path, project: Path) -> list[Problems]:
    """Every entry under `folder` that must not be published, each with its problem (an empty
    list: all fine). Symbolic links to folders inside the project are followed, as MkDocs does;
    a link that leads back into a folder it sits in is a loop and is refused."""
    found: list[Problems] = []

    def refuse(path: Path, message: str) -> None:
        problems = Problems(path, project)
        problems.error(None, message)
        found.append(problems)

    if not os.path.isdir(folder):
        return found  # no folder, nothing to publish (MkDocs says so itself)
    if not _inside(Path(os.path.realpath(folder)), project):
        refuse(folder, refusal(folder, project) or "leads outside the project")
        return found
    # Depth first, without recursion; `chain` holds the real folders from `folder` down to here.
    pending = [(Path(folder), (os.path.realpath(folder),))]
    while pending:
        here, chain = pending.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError as err:
            refuse(here, _cannot(err))
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                is_link, is_dir = entry.is_symlink(), entry.is_dir()
            except OSError as err:
                refuse(path, _cannot(err))
                continue
            if is_dir:
                real = os.path.realpath(path) if is_link else os.path.join(chain[-1], entry.name)
                if is_link and not _inside(Path(real), project):
                    refuse(path, refusal(path, project) or "leads outside the project")
                elif is_link and real in chain:
                    refuse(path, f"symbolic link to '{os.readlink(path)}' leads back into a folder it sits "
                                 f"in (a loop); link to the files, or copy them, instead")
                else:
                    pending.append((path, chain + (real,)))
            elif is_link:
                why = refusal(path, project)
                if why is not None:
                    refuse(path, why)
            elif not entry.is_file(follow_symlinks=False):  # inside, as its folder is: a pipe?
                refuse(path, _not_regular(entry.stat(follow_symlinks=False).st_mode))
    found.sort(key=lambda p: p.path)
    return found


def _inside(real: Path, project: Path) -> bool:
    return real.is_relative_to(os.path.realpath(project))


def _not_regular(mode: int) -> str:
    kind = KINDS.get(stat.S_IFMT(mode))
    what = f"is {kind}, not a file" if kind else "is not a regular file"
    return f"{what}; the build reads and publishes regular files only"


def _too_big(size: int, limit: int) -> str:
    return (f"file is {size / 1024 / 1024:.1f} MB; the build reads text files of up to {limit // 1024 // 1024} "
            f"MB (a module is tens of kilobytes): remove what does not belong in it")


def _cannot(err: OSError) -> str:
    return f"cannot be read: {err.strerror or err}"
