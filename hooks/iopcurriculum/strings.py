"""Every word the build writes for a reader, per language: data/strings/<language>.yml.

A key is dotted (`page.get_help`); a value may name fields in braces (`{version}`). Every
language file has exactly the keys of en.yml (checked when it is read, and by a test), so a
third language is a strings file and translated content, no code."""
from __future__ import annotations

import functools
import string
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data") / "strings"
BASE = "en"


def _flat(data: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flat(value, name + "."))
        else:
            out[name] = str(value)
    return out


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@functools.cache
def table(language: str) -> dict[str, str]:
    """One language's strings, flat; a file that does not match en.yml's keys and fields is a
    mistake in the project's data, raised when it is first read."""
    path = DATA / f"{language}.yml"
    if not path.is_file():
        raise ValueError(f"no strings for language {language!r}: add {path.relative_to(DATA.parent.parent)}")
    strings = _flat(yaml.safe_load(path.read_text(encoding="utf-8")))
    if language != BASE:
        base = table(BASE)
        missing, extra = sorted(base.keys() - strings.keys()), sorted(strings.keys() - base.keys())
        wrong = sorted(k for k in base.keys() & strings.keys() if _fields(base[k]) != _fields(strings[k]))
        if missing or extra or wrong:
            raise ValueError(f"{path}: keys missing {missing}, unknown {extra}, fields differ from en.yml in {wrong}")
    return strings


def languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in DATA.glob("*.yml")))


def text(language: str, key: str, /, **fields) -> str:
    value = table(language)[key]
    return value.format(**fields) if fields else value


class Strings:
    """One language's strings, for code that writes many of them: `t("page.get_help")`."""

    def __init__(self, language: str):
        table(language)  # a language without strings fails here, not at its first word
        self.language = language

    def __call__(self, key: str, /, **fields) -> str:
        return text(self.language, key, **fields)
