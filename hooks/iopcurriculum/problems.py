"""Problems found in the curriculum, reported all at once as `path:line: message`."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str
    level: str = ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return one_line(f"{where}: {self.message}")


def one_line(text: str) -> str:
    """Line breaks and other unprintable characters (from a file name, or a value quoted from the
    input) shown escaped, so a problem stays one line that says where and what."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class CurriculumError(Exception):
    """Raised with every problem found, so an author fixes them in one pass."""

    def __init__(self, problems: list[Problem]):
        # By file and line, whichever stage found them; the same problem only once.
        problems = sorted(dict.fromkeys(problems), key=lambda p: (p.path, p.line or 0))
        self.problems = problems
        lines = [str(p) for p in problems]
        super().__init__(
            f"The curriculum has {len(problems)} problem{'s' if len(problems) != 1 else ''}:\n  "
            + "\n  ".join(lines)
        )


class Problems:
    """Collects problems for one source file."""

    def __init__(self, path: Path | str, root: Path | None = None):
        path = Path(path)
        if root is not None:
            try:
                # The folder is resolved, not the file: a symbolic link is named as itself.
                path = (path.parent.resolve() / path.name).relative_to(root.resolve())
            except ValueError:
                pass
        self.path = str(path)
        self.items: list[Problem] = []

    @classmethod
    def joining(cls, found: list["Problems"], path: Path | str, root: Path | None = None) -> "Problems":
        """A collector for `path` that reports into `found`, the list one run gathers."""
        problems = cls(path, root)
        found.append(problems)
        return problems

    def add(self, level: str, line: int | None, message: str) -> None:
        self.items.append(Problem(self.path, line, message, level))

    def error(self, line: int | None, message: str) -> None:
        self.add(ERROR, line, message)

    def warning(self, line: int | None, message: str) -> None:
        self.add(WARNING, line, message)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level == ERROR]
