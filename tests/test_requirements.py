"""requirements.lock (what `make` installs, with hashes) keeps up with the ranges it is made from:
every package the ranges name is pinned there, at a version inside its range, with its hashes."""
from __future__ import annotations

import re
import tomllib

from conftest import REPO
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M)


def ranges() -> list[Requirement]:
    found = []
    for name in ("requirements.txt", "requirements-test.txt"):
        for line in (REPO / name).read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-"):
                found.append(Requirement(line))
    return found


def test_the_lock_pins_every_range_with_hashes():
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    pins = {canonicalize_name(m.group(1)): Version(m.group(2)) for m in PIN.finditer(lock)}
    assert len(pins) == len(re.findall(r"^[A-Za-z0-9._-]+==", lock, re.M))  # every pin has hashes
    for requirement in ranges():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements.lock: run make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]}, outside {requirement.specifier}: run make lock")
    assert "-e " not in lock  # the tool itself is installed apart (Makefile)


def test_python_3_11_is_declared():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    assert "Python 3.11 or newer" in (REPO / "README.md").read_text(encoding="utf-8")
