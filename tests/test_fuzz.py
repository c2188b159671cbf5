"""A bounded fuzz test (issue 11): random, hostile modules, front matter, curriculum.yml,
language.yml and docs pages go through every stage a build runs, and the only exception any
stage may raise is the project's own CurriculumError. Every problem must read
`path:line: message` or `path: message`, name a file of the case, and a line inside it.

Deterministic: case N is made by random.Random(SEED + N) alone, so a failure names a case that
replays the same way anywhere: `replay(N, Path("somewhere"))` writes it into a folder. The
number of cases is fixed, not timed: about 25 seconds on the development machine.

It found, and keeps covering: blocks nested a thousand deep, an activity with no title or
minutes and an unknown block type on a docs page, `minutes=²`, lists and quotes nested
hundreds deep on one line (a RecursionError inside Python-Markdown), and a front matter
value of the wrong type reaching the inert-content check.
"""
from __future__ import annotations

import os
import random
import re
import traceback
from pathlib import Path

from conftest import FIXTURES

from iopcurriculum import document, edition, handwritten, load, pages, quality
from iopcurriculum.printing import paper
from iopcurriculum.problems import CurriculumError, Problem, Problems
from iopcurriculum.registry import BLOCKS

GOOD_MODULE = FIXTURES / "basic" / "curriculum" / "modules" / "coping.md"
SEED = 20261122
CASES = 700

BLOCK_TYPES = list(BLOCKS)
# What may stand before `:::` or a code fence on a line: Markdown reads some as list items,
# block quotes or indented code, and the scanner must agree or refuse.
PREFIXES = ["", "", "", " ", "   ", "    ", "\t", "\u00a0", "\u3000", "- ", "* ", "1. ", "> ", ">> ", "  - ",
            "    - ", "> - ", "\ufeff", "\u200b"]
FENCES = ["```", "~~~", "````", "```python", "``` python", "```{.py}", "```py title=\"x\"", "~~~ ~", "``` ```",
          "```foo```", "```text", "`` `", "~~~~~~~~"]
DIGITS = ["15", "5", "0", "-5", "15.0", "٥", "١٥", "１５", "²", "5\u200b", "99999999999999999999999", " 5", "0x10",
          "1_0", "৫"]
LINK_TO_NO_MODULE = re.compile(r"\((?:nowhere|sleep|\.\./x)\.md")
WORDS = ["sleep", "breathe", "addict", "addicts", "suicide", "overdose", "withdrawal", "clean", "you", "we", "the",
         "café", "naïve", "日本語", "\u202etxet", "الكلمة", "🙂", "a" * 40]
ODD = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029", "\r", "\ufeff",
       "\ufffe", "\u200d", "\\", "&amp;", "&#0;", "{#x}", "{: .x}", "[^1]", "*", "_", "|", "<", ">", "\"", "'"]
# Long lines, and runs Markdown reads as nested lists and quotes. (Runs of `[` cost Markdown
# time growing with the square of their length: they are kept short here, to keep the test short.)
LONG = ["a" * 30_000, "`" * 3_000, "[" * 600, "*" * 3_000, "_" * 3_000, "<" * 3_000, ":" * 3_000,
        "<!--" * 500, "![" * 300, "\\" * 3_000, " " * 3_000 + "x", "-" * 3_000, "|" * 3_000, "&" * 3_000,
        "1. " * 600, "> " * 600, "- " * 600, "* " * 600, "    " * 300 + "x"]
INLINE = ["[coping](coping.md)", "[x](sleep.md#check-in)", "[gone](nowhere.md)", "[up](../x.md)", "![](a.png)",
          "![alt](../images/none.png)", "<img src=\"x.png\">", "<img alt=\"\" src=x>", "[x](javascript:alert(1))",
          "`code`", "```inline```", "``` not a fence ```", "**bold**", "<!-- note -->", "<!-- unclosed",
          "-->", "<!-- allow \"addict\": quoting a member -->", "<!-- allow addict -->", "<!-- allow \"x\" -->",
          "<div markdown>", "</div>", "<script>x</script>", "[ref]: ../images/x.png", "\"quoted addict\"",
          "https://example.org", "{#anchor}", "___", "- [ ] tick", "- [x] done", "# Heading", "| a | b |",
          "|---|---|", "1) item", "<https://example.org>"]


# --- the generator -------------------------------------------------------------------------------

def block_line(rng: random.Random, kind: str | None = None, minutes: str | None = None) -> str:
    kind = kind or rng.choice(BLOCK_TYPES + ["unknown", "Facilitator", "activity-x", "", "1st"])
    attrs = []
    if (kind == "activity" and rng.random() < 0.9) or rng.random() < 0.2:
        attrs.append(f"minutes={minutes or rng.choice(DIGITS)}")
    if rng.random() < 0.6:
        attrs.append(rng.choice(['title="Check-in"', 'title="Check-out"', f'title="{rng.choice(WORDS)}"',
                                 "title=Plain", 'title="a \\"quoted\\" b"', 'title="unclosed', "title=",
                                 'title=""', "title='single'", f'title="{rng.choice(ODD)}"']))
    if rng.random() < 0.15:
        attrs.append(rng.choice(["minutes=5", 'title="again"', "class=x", "x", "=", "{.class}", "#id"]))
    colons = rng.choice([":::", ":::", "::::", ":::::::"])
    return rng.choice(PREFIXES) + f"{colons} {kind} " + " ".join(attrs) + rng.choice(["", "", " ", "\t", " :::"])


def text_line(rng: random.Random, structure: bool = True) -> str:
    """A line of text; with `structure`, sometimes a fence or a `:::` line with an odd prefix."""
    roll = rng.random()
    if roll < 0.08:
        return rng.choice(LONG if structure else [line for line in LONG if line[0] not in ":`"])
    if structure and roll < 0.2:
        return rng.choice(PREFIXES) + rng.choice(FENCES)
    if structure and roll < 0.3:
        return rng.choice(PREFIXES) + rng.choice([":::", "::::", ": : :", "::"])
    inline = INLINE if structure else [i for i in INLINE if not LINK_TO_NO_MODULE.search(i)]
    parts = [rng.choice(WORDS + inline + ODD) for _ in range(rng.randint(0, 8))]
    return rng.choice(PREFIXES + ["", "", "", ""]) + " ".join(parts)


def chaos_body(rng: random.Random) -> list[str]:
    """Anything at all: blocks opened and closed at random, fences, comments, odd characters."""
    lines = []
    for _ in range(rng.randint(0, 60)):
        roll = rng.random()
        if roll < 0.2:
            lines.append(block_line(rng))
        elif roll < 0.3:
            lines.append(rng.choice(PREFIXES) + ":::")
        elif roll < 0.33:
            depth = rng.choice([50, 300, 1_200])  # deep nesting, sometimes past Python's recursion limit
            lines += [":::: discussion"] * depth + ["text"] + ["::::"] * rng.choice([0, depth])
        else:
            lines.append(text_line(rng))
    return lines


def session_body(rng: random.Random, duration: int) -> list[str]:
    """Activities whose minutes add up, holding hostile text but well-formed blocks: it often
    loads, so the render and quality stages see it too."""
    titles = ["Check-in"] + [f"Part {i}" for i in range(rng.randint(0, 2))] + ["Check-out"]
    shares = [duration // len(titles)] * len(titles)
    shares[-1] += duration - sum(shares)
    lines = []
    for title, minutes in zip(titles, shares):
        lines += [f'::: activity minutes={minutes} title="{title}"', ""]
        for _ in range(rng.randint(0, 4)):
            kind = rng.choice(["facilitator", "participant", "discussion", "worksheet", "key-points", "safety"])
            lines += [f"::: {kind}", ""]
            lines += [text_line(rng, structure=False) for _ in range(rng.randint(0, 6))]
            if rng.random() < 0.3:
                fence = rng.choice(["```", "~~~", "````"])
                lines += [fence + rng.choice(["", "python", " text"]), text_line(rng, structure=False),
                          block_line(rng), fence]
            lines += ["", ":::", ""]
        lines += [text_line(rng, structure=False) for _ in range(rng.randint(0, 4))]
        lines += ["", ":::", ""]
    return lines


def yaml_value(rng: random.Random, good: str, hostile: float = 0.2) -> str:
    """A YAML value: the good one, or (with probability `hostile`) a hostile one."""
    if rng.random() >= hostile:
        return good
    return rng.choice([
        "", "~", "[]", "{}", "[a, b]", "{a: 1}", "&a x", "*a", "!!binary aGk=", "!!set {a}", "!custom x",
        "!!python/object/apply:os.system [true]", "2026-02-30", "2026-13-01", "20261122", "9" * 5_000,
        "0b" + "1" * 20_000, "1e400", "-.inf", ".nan", "0x_", "true", "no", "1:30", "\"\\x00\"", "'\x01'",
        "[" * 50 + "]" * 50, "[" * 5_000, "{a: " * 30 + "1" + "}" * 30, "\"" + "x" * 20_000 + "\"", "|\n  block\n  text",
        ">-\n  folded", "\"unclosed", "'<!-- hidden -->text'", "\"\u2028\"", "\"\ufeff\"", "- a\n- b", "? a\n: b",
        "<<: {a: 1}", "=", "@reserved", "`tick", "%x", "a: b: c", "\t tab",
    ])


def front_matter(rng: random.Random, module_id: str, duration: int, hostile: float) -> str:
    fields = [
        ("id", module_id), ("title", "Sleep and rest"), ("version", "1.0.0"), ("status", "draft"),
        ("duration", str(duration)), ("group", "skills"), ("summary", "A short summary for you."),
        ("objectives", "[Name one thing.]"), ("sources", "[\"NIDA. Fixture source. 2020.\"]"),
    ]
    if rng.random() < 0.3:
        day = rng.choice(["2026-02-30", "2026-1-1", "2026-01-01T10:00:00"]) if rng.random() < hostile else "2026-01-01"
        fields.append(("review", f"\n  reviewer: R\n  credentials: C\n  date: {day}\n  next_due: 2027-01-01"))
    if rng.random() < 0.3:
        day = rng.choice(["2026-04-31", "x", "'2026-01-01'"]) if rng.random() < hostile else "2026-01-01"
        fields.append(("changelog", f"\n  - version: 1.0.0\n    date: {day}\n    changes: [First.]"))
    if rng.random() < hostile / 2:
        fields.append((rng.choice(["sumary", "extra", "id", "<<", "title"]), rng.choice(["x", "&a y", "*a"])))
    lines = [f"{key}: {yaml_value(rng, value, hostile)}" for key, value in fields]
    rng.shuffle(lines)
    if rng.random() < hostile / 4:
        lines = ["[" * rng.choice([100, 100_000])]
    end = rng.choice(["---", "---", "---", "...", "--- ", ""]) if rng.random() < hostile else "---"
    return "\n".join(["---", *lines, end])


def curriculum_yml(rng: random.Random, hostile: float) -> str:
    lines = ["title: Fuzz Curriculum", "version: 1.0.0", "organization: Fuzz Org"]
    if rng.random() < 0.3:
        lines.append(f"date: {yaml_value(rng, '2026-05-01', hostile)}")
    if rng.random() < 0.3:
        lines.append(f"description: {yaml_value(rng, 'One line <!-- staff note --> here.', hostile)}")
    if rng.random() < 0.3:
        lines.append("crisis_resources:\n  - name: " + yaml_value(rng, "Line", hostile) + "\n    how: "
                     + yaml_value(rng, "'Call 988 <!-- staff: ask first -->.'", hostile))
    if rng.random() < 0.3:
        language_list = rng.choice(["../../../etc/passwd", "/etc/hostname", "missing.yml", "modules"])
        lines.append("quality:\n  max_fk_grade: " + yaml_value(rng, "8", hostile) + "\n  language_list: "
                     + (language_list if rng.random() < hostile else "language.yml"))
    if rng.random() < 0.2:
        lines.append(f"sequence: {yaml_value(rng, '[fuzz, coping]', hostile)}")
    if rng.random() < hostile / 2:
        lines.append(rng.choice(["a: &a [x, x]\nb: [*a, *a]", "x: !!binary aGk=", "paper: " + yaml_value(rng, "a4")]))
    return "\n".join(lines) + "\n"


def language_yml(rng: random.Random) -> str:
    patterns = ["'\\baddicts?\\b'", "'(?:clean|dirty)\\s+(?:tests?)'", "'['", "'(?<=x'", "'\\p{L}+ist'", "'a{2,}'",
                "'(?i)x'", "''", "'.'", "'^'", "'\\b'", "'(addict)\\1'", "'(?P<n>x)(?P=n)'", "'[^\\n]{3}junk'"]
    terms = [f"  - term: {rng.choice(WORDS[:8])}\n    use: something else\n    pattern: {rng.choice(patterns)}"
             for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.2:
        terms.append("  - term: " + yaml_value(rng, "x") + "\n    use: " + yaml_value(rng, "y"))
    return "terms:\n" + "\n".join(terms) + "\nproper_names: [" + yaml_value(rng, "Alcoholics Anonymous") + "]\n"


def docs_page(rng: random.Random) -> str:
    body = chaos_body(rng) if rng.random() < 0.5 else session_body(rng, 30)
    if rng.random() < 0.3:
        return "\n".join(body)
    edition_value = rng.choice(["facilitator", "participant", "all", "FACILITATOR", "5", "[a]", "~", "&x y", "!!str z"])
    return "\n".join(["---", f"title: {yaml_value(rng, 'A page')}", f"edition: {edition_value}", "---", *body])


def encode(rng: random.Random, text: str) -> bytes:
    """Line endings, byte-order mark, and now and then bytes that are no UTF-8."""
    newline = rng.choice(["\n", "\n", "\n", "\r\n", "\r"])
    data = text.replace("\n", newline).encode("utf-8", errors="surrogatepass")
    if rng.random() < 0.2:
        data = b"\xef\xbb\xbf" + data
    if rng.random() < 0.03:
        cut = rng.randrange(len(data) + 1)
        data = data[:cut] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"]) + data[cut:]
    return data


def make_case(number: int, project: Path) -> dict[str, bytes]:
    """The files of case `number`, written into `project` (which it empties first)."""
    rng = random.Random(SEED + number)
    duration = rng.choice([30, 60, 90])
    # Most cases are sessions with hostile text that may load (and so reach every stage); the
    # rest are hostile throughout.
    session = rng.random() < 0.6
    hostile = 0.02 if session else 0.2
    body = session_body(rng, duration) if session else chaos_body(rng)
    module = front_matter(rng, "fuzz", duration, hostile) + "\n" + "\n".join(body) + "\n"
    other = GOOD_MODULE.read_text(encoding="utf-8").replace("sleep.md", "fuzz.md")  # a module to link to
    files = {
        "curriculum/curriculum.yml": encode(rng, curriculum_yml(rng, hostile)),
        "curriculum/modules/fuzz.md": encode(rng, module),
        "curriculum/modules/coping.md": other.encode(),
        "docs/page.md": encode(rng, docs_page(rng)),
    }
    if rng.random() < 0.3:
        files["curriculum/language.yml"] = encode(rng, language_yml(rng))
    for path in sorted(project.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
    for name, data in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_bytes(data)
    if rng.random() < 0.1:  # something that is no file of the project, where the build looks
        name = rng.choice(["curriculum/modules/odd.md", "docs/odd.md", "docs/images/odd.png", "docs/odd"])
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        rng.choice([lambda p: p.symlink_to("/etc/hostname"), lambda p: p.symlink_to("nowhere"),
                    lambda p: p.symlink_to(p.parent), lambda p: p.mkdir(), os.mkfifo,
                    lambda p: p.symlink_to(project / "curriculum" / "curriculum.yml")])(project / name)
        files[name] = b""
    return files


def replay(number: int, project: Path) -> None:
    """Write case `number` into `project`, to run `curriculum check` or `mkdocs build` on it."""
    project.mkdir(parents=True, exist_ok=True)
    make_case(number, project)


# --- the stages ----------------------------------------------------------------------------------

WHERE = re.compile(r"^(?P<path>[^:\n]+?)(?::(?P<line>[1-9][0-9]*))?: \S")


def run_case(project: Path, md: paper.Markdown) -> list[Problem]:
    """Every stage of a build over one case; the problems they report (CurriculumError's, the
    quality report's, the docs pages')."""
    found: list[Problem] = []
    try:
        curriculum = load.load(project / "curriculum", warnings=found)
    except CurriculumError as err:
        found += err.problems
        curriculum = None
    if curriculum is not None:
        for module in [m for m in curriculum.modules if m.id != "coping"]:  # coping is the same each time
            for name in edition.EDITIONS:
                titles = {m.id: m.title_in(name) for m in curriculum.modules}
                paper.Paper(curriculum, name, md, titles, bound=False,
                            images=paper.Images(project / "site", name)).module(document.make(module, name))
        pages.build_pages(curriculum, edition.EDITIONS)
        found += quality.run(curriculum, docs_dir=project / "docs").problems
    groups: list[Problems] = []
    handwritten.load_docs(project / "docs", edition.EDITIONS, groups)
    found += [p for group in groups for p in group.items]
    return found


def badly_placed(problem: Problem, files: dict[str, bytes]) -> str | None:
    """Why a problem does not read `path:line: message` about a file of the case, or None."""
    text = str(problem)
    match = WHERE.match(text)
    if not match or "\n" in text:
        return "not 'path:line: message'"
    if problem.path not in files and problem.path not in ("curriculum/modules", "docs"):
        return f"names no file of the case ({problem.path})"
    if problem.line is not None and problem.path in files:
        data = files[problem.path]
        lines = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + 1
        if problem.line > lines:
            return f"line {problem.line} is past the end of the file ({lines} lines)"
    return None


def test_no_input_crashes_any_stage(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    md = paper.Markdown()
    failures: dict[str, str] = {}  # one example per distinct failure (where it was raised)
    for number in range(CASES):
        files = make_case(number, project)
        try:
            found = run_case(project, md)
        except Exception as err:  # anything but CurriculumError, from any stage
            frames = traceback.extract_tb(err.__traceback__)
            ours = [f for f in frames if "iopcurriculum" in Path(f.filename).parts] or frames
            key = (f"{type(err).__name__} at {'/'.join(Path(ours[-1].filename).parts[-2:])}:{ours[-1].lineno}"
                   f" (raised in {Path(frames[-1].filename).name}:{frames[-1].lineno})")
            failures.setdefault(key, f"case {number}: {type(err).__name__}: {str(err)[:200]}")
            continue
        for problem in found:
            why = badly_placed(problem, files)
            if why:
                failures.setdefault(f"message: {why.split(' (')[0]}", f"case {number}: {why}: {str(problem)[:300]!r}")
    assert not failures, "\n".join(f"{key}\n    {example}" for key, example in sorted(failures.items()))
